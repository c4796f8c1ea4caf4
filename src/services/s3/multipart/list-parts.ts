// s3:ListMultipartUploadParts — an upload's parts in part-number order, after part-number-marker, up
// to max-parts (1,000 at most).
import { operation } from '../../service.js';
import { s3Access } from '../access.js';
import { objectArn } from '../arns.js';
import { checksumAlgorithm } from '../checksums.js';
import { S3Errors } from '../errors.js';
import { requireBucket } from '../lookup.js';
import { ownerOf } from '../owner.js';
import type { ListPartsOutput, ListPartsRequest } from '../shapes.js';
import type { S3State } from '../state.js';
import { requireUpload } from './uploads.js';

export const listParts = (state: S3State) =>
  operation<ListPartsRequest, ListPartsOutput>({
    action: 's3:ListMultipartUploadParts',
    access: async (input, ctx) => {
      const bucket = await requireBucket(state, ctx, input.Bucket);
      return [s3Access(ctx, bucket, 's3:ListMultipartUploadParts', objectArn(input.Bucket, input.Key))];
    },
    handler: async (input) => {
      const upload = await requireUpload(state, input.Bucket, input.Key, input.UploadId);
      const max = input.MaxParts ?? 1000;
      if (max < 0)
        throw S3Errors.invalidArgument(
          'Argument max-parts must be an integer between 0 and 2147483647',
          'max-parts',
          String(max),
        );
      const limit = Math.min(max, 1000);
      const marker = input.PartNumberMarker === undefined ? 0 : Number(input.PartNumberMarker);
      if (!Number.isInteger(marker) || marker < 0)
        throw S3Errors.invalidArgument(
          'Invalid part number marker',
          'part-number-marker',
          String(input.PartNumberMarker),
        );
      const rows = await state.store.read.s3Uploads.parts(input.UploadId, marker, limit + 1);
      const page = rows.slice(0, limit);
      const truncated = rows.length > limit;
      const alg = upload.checksum_algorithm ? checksumAlgorithm(upload.checksum_algorithm) : undefined;
      return {
        Bucket: input.Bucket,
        Key: input.Key,
        UploadId: input.UploadId,
        PartNumberMarker: marker,
        ...(page.length > 0 ? { NextPartNumberMarker: page[page.length - 1]!.part_number } : {}),
        MaxParts: max,
        IsTruncated: truncated,
        Parts: page.map((p) => ({
          PartNumber: p.part_number,
          LastModified: new Date(p.last_modified),
          ETag: `"${p.etag}"`,
          Size: p.size,
          ...(alg && p.checksum_value ? { [alg.member]: p.checksum_value } : {}),
        })),
        Initiator: { ID: upload.initiator_arn, DisplayName: upload.initiator_arn },
        Owner: ownerOf(upload.owner_account),
        StorageClass: upload.storage_class as never,
        ...(alg ? { ChecksumAlgorithm: alg.name as never, ChecksumType: upload.checksum_type as never } : {}),
      };
    },
  });
