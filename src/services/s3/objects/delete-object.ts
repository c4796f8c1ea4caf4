// s3:DeleteObject — 204 whether or not the key existed (S3 without versioning). The blobs go once the
// row is gone; a reader still streaming them keeps them until it finishes.
import { operation } from '../../service.js';
import { s3Access } from '../access.js';
import { objectArn } from '../arns.js';
import { S3Errors } from '../errors.js';
import { requireBucket } from '../lookup.js';
import { segmentsOf } from '../object-rows.js';
import type { DeleteObjectOutput, DeleteObjectRequest } from '../shapes.js';
import type { S3State } from '../state.js';

/** Deletes one key; returns whether there was an object. */
export async function deleteKey(state: S3State, bucket: string, key: string): Promise<boolean> {
  const blobs = await state.store.transaction(async (tx) => {
    const row = await tx.s3Objects.getForUpdate(bucket, key);
    if (!row) return undefined;
    await tx.s3Objects.delete(bucket, key);
    return segmentsOf(row).map((s) => s[0]);
  });
  if (blobs) state.blobs.remove(blobs);
  return blobs !== undefined;
}

export const deleteObject = (state: S3State) =>
  operation<DeleteObjectRequest, DeleteObjectOutput>({
    action: 's3:DeleteObject',
    access: async (input, ctx) => {
      const bucket = await requireBucket(state, ctx, input.Bucket);
      return [s3Access(ctx, bucket, 's3:DeleteObject', objectArn(input.Bucket, input.Key))];
    },
    handler: async (input) => {
      if (input.VersionId !== undefined && input.VersionId !== 'null')
        throw S3Errors.invalidArgument('Invalid version id specified', 'versionId', input.VersionId);
      await deleteKey(state, input.Bucket, input.Key);
      return {};
    },
  });
