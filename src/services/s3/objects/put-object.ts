// s3:PutObject — receives the body into a blob (upload-body.ts: Content-MD5, x-amz-checksum-*,
// aws-chunked trailers, sizes), makes it durable, then commits the row that names it. The ETag is the
// body's MD5. Tags in `x-amz-tagging` also need s3:PutObjectTagging (Amazon S3 API Reference,
// PutObject, "Permissions").
import type { Readable } from 'node:stream';
import type { ObjectRow } from '../../../store/repos/s3/index.js';
import { operation, type RequestContext } from '../../service.js';
import { requestTagKeys, s3Access, writeHeaderKeys } from '../access.js';
import { objectArn } from '../arns.js';
import { requireBucket } from '../lookup.js';
import { validateKey } from '../names.js';
import { headersFromRequest, metadataFromRequest, storageClass } from '../object-headers.js';
import { commitObject } from '../object-rows.js';
import type { PutObjectOutput, PutObjectRequest } from '../shapes.js';
import type { S3State } from '../state.js';
import { parseTaggingHeader, tagsJson, validateObjectTags, type TagSet } from '../tags.js';
import { receiveBody } from '../upload-body.js';

export function requestTags(header: string | undefined): TagSet | undefined {
  if (header === undefined) return undefined;
  const tags = parseTaggingHeader(header);
  validateObjectTags(tags);
  return tags;
}

/** PutObject's access requests; CreateMultipartUpload asks the same. */
export async function putAccess(
  state: S3State,
  ctx: RequestContext,
  bucketName: string,
  key: string,
  tagging: string | undefined,
) {
  const bucket = await requireBucket(state, ctx, bucketName);
  const tags = requestTags(tagging);
  const keys = { ...writeHeaderKeys(ctx), ...requestTagKeys(tags) };
  const requests = [s3Access(ctx, bucket, 's3:PutObject', objectArn(bucketName, key), keys)];
  if (tags && tags.length > 0)
    requests.push(
      s3Access(ctx, bucket, 's3:PutObjectTagging', objectArn(bucketName, key), requestTagKeys(tags)),
    );
  return requests;
}

export const putObject = (state: S3State) =>
  operation<PutObjectRequest, PutObjectOutput>({
    action: 's3:PutObject',
    access: (input, ctx) => putAccess(state, ctx, input.Bucket, input.Key, input.Tagging),
    handler: async (input, ctx) => {
      validateKey(input.Key);
      const headers = headersFromRequest(ctx);
      const metadata = metadataFromRequest(input.Metadata);
      const tags = requestTags(input.Tagging) ?? [];
      const klass = storageClass(input.StorageClass);
      const received = await receiveBody(state, ctx, input.Body as unknown as Readable | undefined, {
        contentMd5: input.ContentMD5,
        sdkAlgorithm: input.ChecksumAlgorithm,
        defaultChecksum: true,
      });
      try {
        await received.blob.commit();
      } catch (e) {
        await received.blob.discard();
        throw e;
      }
      const row: ObjectRow = {
        bucket: input.Bucket,
        key: input.Key,
        size: received.blob.size,
        etag: received.md5,
        last_modified: ctx.now,
        headers: JSON.stringify(headers),
        metadata: JSON.stringify(metadata),
        tags: tagsJson(tags),
        tag_count: tags.length,
        storage_class: klass,
        checksum_algorithm: received.checksum?.algorithm.name ?? null,
        checksum_value: received.checksum?.value ?? null,
        checksum_type: received.checksum ? 'FULL_OBJECT' : null,
        segments: JSON.stringify([[received.blob.id, received.blob.size]]),
        parts: null,
        owner_account: ctx.caller.accountId,
      };
      await commitObject(state, row, { IfMatch: input.IfMatch, IfNoneMatch: input.IfNoneMatch });
      const out: PutObjectOutput = { ETag: `"${received.md5}"`, ServerSideEncryption: 'AES256' };
      if (received.checksum) {
        (out as Record<string, unknown>)[received.checksum.algorithm.member] = received.checksum.value;
        out.ChecksumType = 'FULL_OBJECT';
      }
      return out;
    },
  });
