// DeleteObjects — up to 1,000 keys in one request, each authorized on its own as s3:DeleteObject:
// keys the caller may not delete come back as <Error><Code>AccessDenied</Code>, the others are deleted
// (Amazon S3 API Reference, DeleteObjects). The request itself needs no permission beyond that, so it
// is admitted and every key is put to the authorizer through ctx.authorize. S3 requires Content-MD5 or
// an x-amz-checksum-* header on this request, and checks it.
import { createHash } from 'node:crypto';
import { operation, type RequestContext } from '../../service.js';
import { s3Access } from '../access.js';
import { bucketArn, objectArn } from '../arns.js';
import { checksumClaim, checksumMismatch } from '../checksums.js';
import { S3Errors } from '../errors.js';
import { requireBucket } from '../lookup.js';
import { segmentsOf } from '../object-rows.js';
import type { DeleteObjectsOutput, DeleteObjectsRequest } from '../shapes.js';
import type { S3State } from '../state.js';

/** Checks an XML request body against its Content-MD5 / x-amz-checksum-* header. */
export function checkBodyDigest(ctx: RequestContext, required: boolean): void {
  const body = ctx.wire.body;
  const md5 = ctx.wire.header('content-md5');
  const claim = checksumClaim(ctx.wire.headerValues, ctx.wire.header('x-amz-sdk-checksum-algorithm'));
  if (md5 === undefined && !claim) {
    if (required) throw S3Errors.invalidRequest('Missing required header for this request: Content-MD5');
    return;
  }
  if (md5 !== undefined) {
    const expected = Buffer.from(md5, 'base64');
    if (expected.length !== 16) throw S3Errors.invalidDigest(md5);
    if (!createHash('md5').update(body).digest().equals(expected)) throw S3Errors.badDigest();
  }
  if (claim && !claim.trailer) {
    const h = claim.algorithm.create();
    h.update(body);
    if (h.digest().toString('base64') !== claim.value) throw checksumMismatch(claim.algorithm);
  }
}

export const deleteObjects = (state: S3State) =>
  operation<DeleteObjectsRequest, DeleteObjectsOutput>({
    action: 's3:DeleteObject',
    // Authorized key by key in the handler; the bucket-level request only states what is asked.
    alwaysAllowed: true,
    access: async (input, ctx) => {
      const bucket = await requireBucket(state, ctx, input.Bucket);
      return [s3Access(ctx, bucket, 's3:DeleteObject', bucketArn(input.Bucket) + '/*')];
    },
    handler: async (input, ctx) => {
      const bucket = await requireBucket(state, ctx, input.Bucket);
      checkBodyDigest(ctx, true);
      const objects = input.Delete.Objects ?? [];
      if (objects.length === 0 || objects.length > 1000) throw S3Errors.malformedXml();
      const quiet = input.Delete.Quiet === true;
      const allowed: string[] = [];
      const out: Required<Pick<DeleteObjectsOutput, 'Deleted' | 'Errors'>> = { Deleted: [], Errors: [] };
      for (const o of objects) {
        if (o.VersionId !== undefined && o.VersionId !== 'null') {
          out.Errors.push({
            Key: o.Key,
            VersionId: o.VersionId,
            Code: 'NoSuchVersion',
            Message: 'The specified version does not exist.',
          });
          continue;
        }
        const denial = await ctx.authorize([
          s3Access(ctx, bucket, 's3:DeleteObject', objectArn(input.Bucket, o.Key)),
        ]);
        if (denial) {
          out.Errors.push({ Key: o.Key, Code: 'AccessDenied', Message: 'Access Denied' });
          continue;
        }
        allowed.push(o.Key);
      }
      // One transaction for every key that may go (not a thousand commits).
      const blobs = await state.store.transaction(async (tx) => {
        const dropped: string[] = [];
        for (const key of allowed) {
          const row = await tx.s3Objects.getForUpdate(input.Bucket, key);
          if (!row) continue;
          await tx.s3Objects.delete(input.Bucket, key);
          for (const [id] of segmentsOf(row)) dropped.push(id);
        }
        return dropped;
      });
      state.blobs.remove(blobs);
      if (!quiet) for (const key of allowed) out.Deleted.push({ Key: key });
      return {
        ...(out.Deleted.length > 0 ? { Deleted: out.Deleted } : {}),
        ...(out.Errors.length > 0 ? { Errors: out.Errors } : {}),
      };
    },
  });
