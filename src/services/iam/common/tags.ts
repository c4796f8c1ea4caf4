// Tags on IAM entities (reference iam-sts-policy.md §3.1, §3.7): at most 50; keys may not start
// with `aws:`; roles and users treat keys case-insensitively (re-tagging replaces, adopting the new
// case; duplicates differing only in case are refused with the "case insensitive" text); managed
// policies and instance profiles compare keys exactly.
import type { Tag } from '../shapes.js';
import { IamErrors, invalidInput, validationError } from './errors.js';

export const MAX_TAGS = 50;

export function parseTags(json: string): Tag[] {
  return JSON.parse(json) as Tag[];
}

const keyOf = (key: string, caseInsensitive: boolean) => (caseInsensitive ? key.toLowerCase() : key);

/** Checks tags a request carries: duplicates and the reserved `aws:` prefix. */
export function checkRequestTags(tags: readonly Tag[] | undefined, caseInsensitive: boolean): void {
  if (!tags) return;
  const seen = new Set<string>();
  for (const t of tags) {
    const k = keyOf(t.Key, caseInsensitive);
    if (seen.has(k)) throw IamErrors.duplicateTagKeys(caseInsensitive);
    seen.add(k);
    if (t.Key.toLowerCase().startsWith('aws:'))
      throw invalidInput('User-defined tags cannot start with the prefix aws:');
  }
}

/** Applies TagX: replaces same-key tags (case rule per entity) and appends new ones; enforces the 50 limit. */
export function mergeTags(existing: readonly Tag[], add: readonly Tag[], caseInsensitive: boolean): Tag[] {
  checkRequestTags(add, caseInsensitive);
  const out = [...existing];
  for (const t of add) {
    const i = out.findIndex((x) => keyOf(x.Key, caseInsensitive) === keyOf(t.Key, caseInsensitive));
    if (i === -1) out.push({ Key: t.Key, Value: t.Value });
    else out[i] = { Key: t.Key, Value: t.Value };
  }
  if (out.length > MAX_TAGS) {
    throw validationError(
      `1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TAGS}`,
    );
  }
  return out;
}

/** Applies UntagX: removing an absent key is no error. */
export function removeTags(
  existing: readonly Tag[],
  keys: readonly string[],
  caseInsensitive: boolean,
): Tag[] {
  const drop = new Set(keys.map((k) => keyOf(k, caseInsensitive)));
  return existing.filter((t) => !drop.has(keyOf(t.Key, caseInsensitive)));
}

/** The tags as a plain record (for aws:RequestTag/aws:ResourceTag/aws:PrincipalTag). */
export const tagRecord = (tags: readonly Tag[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).map((t) => [t.Key, t.Value]));

/** The condition keys a request with tags carries. */
export function requestTagContext(tags: readonly Tag[] | undefined): Record<string, string | string[]> {
  if (!tags || tags.length === 0) return {};
  const out: Record<string, string | string[]> = { 'aws:TagKeys': tags.map((t) => t.Key) };
  for (const t of tags) out[`aws:RequestTag/${t.Key}`] = t.Value;
  return out;
}

export const tagKeysContext = (keys: readonly string[] | undefined): Record<string, string[]> =>
  keys && keys.length > 0 ? { 'aws:TagKeys': [...keys] } : {};
