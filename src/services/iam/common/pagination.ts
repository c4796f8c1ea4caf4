// IAM pagination (reference iam-sts-policy.md §1): MaxItems 1–1000 (default 100), an opaque Marker,
// IsTruncated; the Marker is absent when IsTruncated is false.
import { validationError } from './errors.js';

export const DEFAULT_MAX_ITEMS = 100;

export function encodeMarker(after: string): string {
  return Buffer.from(after, 'utf8').toString('base64url');
}

export function decodeMarker(marker: string | undefined): string | undefined {
  if (marker === undefined) return undefined;
  const text = Buffer.from(marker, 'base64url').toString('utf8');
  if (encodeMarker(text) !== marker.replace(/=+$/, '')) throw validationError('Invalid Marker.');
  return text;
}

export interface Page<T> {
  readonly items: T[];
  readonly IsTruncated: boolean;
  readonly Marker?: string;
}

export function page<T>(items: T[], next: string | undefined): Page<T> {
  return next === undefined
    ? { items, IsTruncated: false }
    : { items, IsTruncated: true, Marker: encodeMarker(next) };
}

/** Pages a short list already in memory, in its order; the marker holds the position to resume at. */
export function pageInMemory<T>(
  all: readonly T[],
  marker: string | undefined,
  maxItems: number | undefined,
): Page<T> {
  const at = decodeMarker(marker);
  const from = at === undefined ? 0 : Number(at);
  if (!Number.isInteger(from) || from < 0) throw validationError('Invalid Marker.');
  const limit = maxItems ?? DEFAULT_MAX_ITEMS;
  const items = all.slice(from, from + limit);
  return page(items, from + limit < all.length ? String(from + limit) : undefined);
}
