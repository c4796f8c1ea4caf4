// EC2 tag rules (EC2 UG "Tag your Amazon EC2 resources", reference imds-ec2.md §A.4): keys are
// case-sensitive, at most 128 characters, values at most 256; at most 50 tags per resource; keys may
// not start with `aws:`. While tags are readable in instance metadata (InstanceMetadataTags=enabled)
// keys may only use letters, digits and `+ - = . , _ : @`, and may not be `.`, `..` or `_index`.
import { Ec2Errors } from '../errors.js';
import type { Tag } from '../shapes.js';

export const MAX_TAGS = 50;
const METADATA_KEY = /^[a-zA-Z0-9+\-=.,_:@]+$/;

export function isMetadataSafeKey(key: string): boolean {
  return METADATA_KEY.test(key) && key !== '.' && key !== '..' && key !== '_index';
}

/** Applies CreateTags: a key already present takes the new value. */
export function instanceTags(existing: readonly Tag[], add: readonly Tag[]): Tag[] {
  const out = existing.map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
  for (const t of add) {
    const key = t.Key ?? '';
    const i = out.findIndex((x) => x.Key === key);
    if (i === -1) out.push({ Key: key, Value: t.Value ?? '' });
    else out[i] = { Key: key, Value: t.Value ?? '' };
  }
  return out;
}

/** Checks a resource's resulting tag set. */
export function checkTags(tags: readonly Tag[], metadataTags: boolean): void {
  for (const t of tags) {
    const key = t.Key ?? '';
    if (key === '') throw Ec2Errors.invalidParameterValue('Tag key cannot be empty.');
    if (key.length > 128)
      throw Ec2Errors.invalidParameterValue(
        `Tag key exceeds the maximum length of 128 characters: ${key.slice(0, 20)}…`,
      );
    if ((t.Value ?? '').length > 256)
      throw Ec2Errors.invalidParameterValue(
        `Tag value exceeds the maximum length of 256 characters for key ${key}`,
      );
    if (key.toLowerCase().startsWith('aws:')) throw Ec2Errors.reservedTagKey();
    if (metadataTags && !isMetadataSafeKey(key)) throw Ec2Errors.metadataTagKey(key);
  }
  if (tags.length > MAX_TAGS) throw Ec2Errors.tagLimit();
}

/** Applies DeleteTags: a key alone removes the tag; a key with a value only if the value matches. */
export function removeTags(existing: readonly Tag[], remove: readonly Tag[] | undefined): Tag[] {
  if (!remove || remove.length === 0) return [];
  return existing.filter(
    (t) => !remove.some((r) => r.Key === t.Key && (r.Value === undefined || r.Value === (t.Value ?? ''))),
  );
}
