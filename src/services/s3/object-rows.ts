// Reading and writing object rows: the stored JSON columns as values, and the one transaction that
// makes a new version of a key visible — after its blobs are durable, checking the bucket still
// exists and the write's conditions (If-Match / If-None-Match) against the version it replaces,
// whose blobs are dropped once the commit is done.
import type { ObjectRow } from '../../store/repos/s3/index.js';
import type { Repositories } from '../../store/store.js';
import type { Segment } from './blob-store.js';
import { checksumAlgorithm } from './checksums.js';
import { checkWriteConditions } from './conditions.js';
import { S3Errors } from './errors.js';
import type { StoredHeaders } from './object-headers.js';
import type { S3State } from './state.js';

export const segmentsOf = (row: { segments: string }): Segment[] => JSON.parse(row.segments) as Segment[];
export const headersOf = (row: { headers: string }): StoredHeaders =>
  JSON.parse(row.headers) as StoredHeaders;
export const metadataOf = (row: { metadata: string }): Record<string, string> =>
  JSON.parse(row.metadata) as Record<string, string>;
export const partSizesOf = (row: ObjectRow): number[] | undefined =>
  row.parts === null ? undefined : (JSON.parse(row.parts) as number[]);

/** The output members of an object's stored checksum (`ChecksumCRC32: …`, `ChecksumType`). */
export function checksumMembers(row: {
  checksum_algorithm: string | null;
  checksum_value: string | null;
  checksum_type: string | null;
}): Record<string, string> {
  if (!row.checksum_algorithm || !row.checksum_value) return {};
  const alg = checksumAlgorithm(row.checksum_algorithm);
  if (!alg) return {};
  return {
    [alg.member]: row.checksum_value,
    ...(row.checksum_type ? { ChecksumType: row.checksum_type } : {}),
  };
}

/**
 * Makes `row` the current version of its key. `segments` must already be committed blobs; on failure
 * they are dropped again. Returns nothing; the replaced version's blobs are released.
 */
export async function commitObject(
  state: S3State,
  row: ObjectRow,
  conditions: { IfMatch?: string | undefined; IfNoneMatch?: string | undefined },
  /** More work in the same transaction (CompleteMultipartUpload deletes the upload); returns blobs to drop. */
  also?: (tx: Repositories) => Promise<string[]>,
): Promise<void> {
  let dropped: string[];
  try {
    dropped = await state.store.transaction(async (tx) => {
      if (!(await tx.s3Buckets.getForShare(row.bucket))) throw S3Errors.noSuchBucket(row.bucket);
      const current = await tx.s3Objects.getForUpdate(row.bucket, row.key);
      checkWriteConditions(
        conditions,
        current && { etag: current.etag, lastModified: current.last_modified },
        row.key,
      );
      await tx.s3Objects.put(row);
      const extra = also ? await also(tx) : [];
      return [...(current ? segmentsOf(current).map((s) => s[0]) : []), ...extra];
    });
  } catch (e) {
    // Blobs named only by the row that failed to commit are nobody's: drop them now.
    if (!also) state.blobs.remove(segmentsOf(row).map((s) => s[0]));
    throw e;
  }
  const keep = new Set(segmentsOf(row).map((s) => s[0]));
  state.blobs.remove(dropped.filter((id) => !keep.has(id)));
}
