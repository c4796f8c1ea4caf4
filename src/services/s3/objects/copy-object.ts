// s3:CopyObject — a new object from an existing one (in any bucket the caller may read), authorized as
// s3:GetObject on the source and s3:PutObject on the target, plus s3:GetObjectTagging /
// s3:PutObjectTagging when tags travel (Amazon S3 API Reference, CopyObject, "Permissions"). Metadata
// and tags are copied or replaced as the directives say; copying an object onto itself needs some
// change. The bytes are copied into a new blob (a reflink where the file system can), hashed for the
// new ETag and checksum.
import { operation, type AccessRequest } from '../../service.js';
import { existingTagKeys, requestTagKeys, s3Access, writeHeaderKeys } from '../access.js';
import { bucketArn, objectArn } from '../arns.js';
import { checksumAlgorithm } from '../checksums.js';
import { checkCopySourceConditions, parseCopySource } from '../copy-source.js';
import { createHash } from 'node:crypto';
import type { ObjectRow } from '../../../store/repos/s3/index.js';
import { S3Errors } from '../errors.js';
import { requireBucket } from '../lookup.js';
import { validateKey } from '../names.js';
import { headersFromRequest, metadataFromRequest, storageClass } from '../object-headers.js';
import { commitObject, headersOf, metadataOf, segmentsOf } from '../object-rows.js';
import type { CopyObjectOutput, CopyObjectRequest } from '../shapes.js';
import type { S3State } from '../state.js';
import { parseTags, tagsJson } from '../tags.js';
import { MAX_UPLOAD } from '../upload-body.js';
import { requestTags } from './put-object.js';

export const copyObject = (state: S3State) =>
  operation<CopyObjectRequest, CopyObjectOutput>({
    action: 's3:PutObject',
    access: async (input, ctx) => {
      const target = await requireBucket(state, ctx, input.Bucket);
      const src = parseCopySource(input.CopySource);
      const srcBucket = await state.buckets.get(src.bucket);
      if (!srcBucket) throw S3Errors.noSuchBucket(src.bucket);
      const srcObject = await state.store.read.s3Objects.get(src.bucket, src.key);
      const srcTags = srcObject ? parseTags(srcObject.tags) : [];
      const replaceTags = input.TaggingDirective === 'REPLACE';
      const newTags = replaceTags ? requestTags(input.Tagging) : srcTags;
      const requests: AccessRequest[] = [
        s3Access(ctx, srcBucket, 's3:GetObject', objectArn(src.bucket, src.key), existingTagKeys(srcTags)),
      ];
      if (!srcObject) requests.push(s3Access(ctx, srcBucket, 's3:ListBucket', bucketArn(src.bucket)));
      requests.push(
        s3Access(ctx, target, 's3:PutObject', objectArn(input.Bucket, input.Key), {
          ...writeHeaderKeys(ctx),
          ...(replaceTags ? requestTagKeys(newTags) : {}),
          's3:x-amz-copy-source': input.CopySource,
          's3:x-amz-metadata-directive': input.MetadataDirective,
        }),
      );
      if (!replaceTags && srcTags.length > 0)
        requests.push(
          s3Access(
            ctx,
            srcBucket,
            's3:GetObjectTagging',
            objectArn(src.bucket, src.key),
            existingTagKeys(srcTags),
          ),
        );
      if (newTags && newTags.length > 0)
        requests.push(
          s3Access(
            ctx,
            target,
            's3:PutObjectTagging',
            objectArn(input.Bucket, input.Key),
            requestTagKeys(newTags),
          ),
        );
      return requests;
    },
    handler: async (input, ctx) => {
      validateKey(input.Key);
      const src = parseCopySource(input.CopySource);
      const source = await state.store.read.s3Objects.get(src.bucket, src.key);
      if (!source) throw S3Errors.noSuchKey(src.key);
      checkCopySourceConditions(input, source.etag, source.last_modified);
      if (source.size > MAX_UPLOAD)
        throw S3Errors.invalidRequest(
          `The specified copy source is larger than the maximum allowable size for a copy source: ${MAX_UPLOAD}`,
        );
      const replaceMeta = input.MetadataDirective === 'REPLACE';
      const replaceTags = input.TaggingDirective === 'REPLACE';
      const sameObject = src.bucket === input.Bucket && src.key === input.Key;
      const changesSomething =
        replaceMeta ||
        input.StorageClass !== undefined ||
        input.WebsiteRedirectLocation !== undefined ||
        input.ServerSideEncryption !== undefined;
      if (sameObject && !changesSomething)
        throw S3Errors.invalidRequest(
          "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
        );
      const headers = replaceMeta ? headersFromRequest(ctx) : headersOf(source);
      const metadata = replaceMeta ? metadataFromRequest(input.Metadata) : metadataOf(source);
      const tags = replaceTags ? (requestTags(input.Tagging) ?? []) : parseTags(source.tags);
      const klass = storageClass(input.StorageClass);
      const algorithm =
        (input.ChecksumAlgorithm !== undefined ? checksumAlgorithm(input.ChecksumAlgorithm) : undefined) ??
        (source.checksum_type === 'FULL_OBJECT' && source.checksum_algorithm
          ? checksumAlgorithm(source.checksum_algorithm)
          : undefined) ??
        checksumAlgorithm('CRC64NVME')!;
      const segments = segmentsOf(source);
      const release = state.blobs.lease(segments);
      const md5 = createHash('md5');
      const hasher = algorithm.create();
      let blob;
      try {
        blob = await state.blobs.copy(segments, 0, source.size, (chunk) => {
          md5.update(chunk);
          hasher.update(chunk);
        });
      } finally {
        release();
      }
      try {
        await blob.commit();
      } catch (e) {
        await blob.discard();
        throw e;
      }
      const etag = md5.digest('hex');
      const checksum = hasher.digest().toString('base64');
      const row: ObjectRow = {
        bucket: input.Bucket,
        key: input.Key,
        size: blob.size,
        etag,
        last_modified: ctx.now,
        headers: JSON.stringify(headers),
        metadata: JSON.stringify(metadata),
        tags: tagsJson(tags),
        tag_count: tags.length,
        storage_class: klass,
        checksum_algorithm: algorithm.name,
        checksum_value: checksum,
        checksum_type: 'FULL_OBJECT',
        segments: JSON.stringify([[blob.id, blob.size]]),
        parts: null,
        owner_account: ctx.caller.accountId,
      };
      await commitObject(state, row, { IfMatch: input.IfMatch, IfNoneMatch: input.IfNoneMatch });
      return {
        CopyObjectResult: {
          ETag: `"${etag}"`,
          LastModified: new Date(ctx.now),
          ChecksumType: 'FULL_OBJECT',
          [algorithm.member]: checksum,
        },
        ServerSideEncryption: 'AES256',
      };
    },
  });
