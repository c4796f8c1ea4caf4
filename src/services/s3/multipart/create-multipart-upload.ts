// CreateMultipartUpload (authorized as s3:PutObject, like the PutObject it stands for): records the
// upload with everything the final object will carry — content headers, metadata, tags, storage
// class, checksum algorithm and type.
import { randomBytes } from 'node:crypto';
import { operation } from '../../service.js';
import { checksumAlgorithm } from '../checksums.js';
import { S3Errors } from '../errors.js';
import { validateKey } from '../names.js';
import { headersFromRequest, metadataFromRequest, storageClass } from '../object-headers.js';
import { putAccess, requestTags } from '../objects/put-object.js';
import type { CreateMultipartUploadOutput, CreateMultipartUploadRequest } from '../shapes.js';
import type { S3State } from '../state.js';
import { tagsJson } from '../tags.js';
import { checksumType } from './uploads.js';

export const createMultipartUpload = (state: S3State) =>
  operation<CreateMultipartUploadRequest, CreateMultipartUploadOutput>({
    action: 's3:PutObject',
    access: (input, ctx) => putAccess(state, ctx, input.Bucket, input.Key, input.Tagging),
    handler: async (input, ctx) => {
      validateKey(input.Key);
      const headers = headersFromRequest(ctx);
      const metadata = metadataFromRequest(input.Metadata);
      const tags = requestTags(input.Tagging) ?? [];
      const klass = storageClass(input.StorageClass);
      const alg =
        input.ChecksumAlgorithm !== undefined ? checksumAlgorithm(input.ChecksumAlgorithm) : undefined;
      const type = checksumType(alg, input.ChecksumType);
      const uploadId = randomBytes(36).toString('base64url');
      await state.store.transaction(async (tx) => {
        if (!(await tx.s3Buckets.getForShare(input.Bucket))) throw S3Errors.noSuchBucket(input.Bucket);
        await tx.s3Uploads.insert({
          upload_id: uploadId,
          bucket: input.Bucket,
          key: input.Key,
          initiated: ctx.now,
          owner_account: ctx.caller.accountId,
          initiator_arn: ctx.caller.arn,
          storage_class: klass,
          headers: JSON.stringify(headers),
          metadata: JSON.stringify(metadata),
          tags: tagsJson(tags),
          checksum_algorithm: alg?.name ?? null,
          checksum_type: type,
        });
      });
      return {
        Bucket: input.Bucket,
        Key: input.Key,
        UploadId: uploadId,
        ServerSideEncryption: 'AES256',
        ...(alg ? { ChecksumAlgorithm: alg.name as never, ChecksumType: type as never } : {}),
      };
    },
  });
