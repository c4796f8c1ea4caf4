// Tag sets on buckets and objects: reading the `x-amz-tagging` header, the limits and their errors
// (Amazon S3 User Guide, "Categorizing your storage using tags": 10 tags per object, 50 per bucket,
// keys up to 128 and values up to 256 Unicode characters, unique keys; texts as S3 answers them).
import { S3Errors } from './errors.js';

export type TagSet = { Key: string; Value: string }[];

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** `x-amz-tagging: k1=v1&k2=v2` (URL query encoding). */
export function parseTaggingHeader(header: string): TagSet {
  const tags: TagSet = [];
  const seen = new Set<string>();
  for (const [Key, Value] of new URLSearchParams(header)) {
    if (seen.has(Key)) {
      throw S3Errors.invalidArgument(
        "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.",
        'x-amz-tagging',
        header,
      );
    }
    seen.add(Key);
    tags.push({ Key, Value });
  }
  return tags;
}

function validate(tags: TagSet, max: number, tooMany: string): void {
  if (tags.length > max) throw S3Errors.invalidTag(tooMany);
  const seen = new Set<string>();
  for (const t of tags) {
    const key = t.Key ?? '';
    const value = t.Value ?? '';
    if (key.length === 0 || [...key].length > 128)
      throw S3Errors.invalidTag('The TagKey you have provided is invalid');
    if ([...value].length > 256) throw S3Errors.invalidTag('The TagValue you have provided is invalid');
    if (!TAG_CHARS.test(key)) throw S3Errors.invalidTag('The TagKey you have provided is invalid');
    if (!TAG_CHARS.test(value)) throw S3Errors.invalidTag('The TagValue you have provided is invalid');
    if (seen.has(key)) throw S3Errors.invalidTag('Cannot provide multiple Tags with the same key');
    seen.add(key);
  }
}

export function validateObjectTags(tags: TagSet): void {
  if (tags.length > 10) throw S3Errors.invalidTag('Object tags cannot be greater than 10');
  validate(tags, 10, 'Object tags cannot be greater than 10');
}

export function validateBucketTags(tags: TagSet): void {
  validate(tags, 50, 'Bucket tag count cannot be greater than 50');
  for (const t of tags) {
    if (t.Key.toLowerCase().startsWith('aws:'))
      throw S3Errors.invalidTag('System tags cannot be added/updated by requester');
  }
}

export const parseTags = (json: string | null | undefined): TagSet =>
  json ? (JSON.parse(json) as TagSet) : [];
export const tagsJson = (tags: TagSet): string =>
  JSON.stringify(tags.map((t) => ({ Key: t.Key, Value: t.Value ?? '' })));
