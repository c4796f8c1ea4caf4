// s3:ListBucketMultipartUploads — uploads in progress, by key then initiation time, from key-marker /
// upload-id-marker, rolled up at the delimiter like ListObjects, up to max-uploads (1,000 at most).
import type { UploadRow } from '../../../store/repos/s3/index.js';
import { operation } from '../../service.js';
import { s3Access } from '../access.js';
import { bucketArn } from '../arns.js';
import { S3Errors } from '../errors.js';
import { byteCompare } from '../listing.js';
import { requireBucket } from '../lookup.js';
import { encoder } from '../objects/list-common.js';
import { ownerOf } from '../owner.js';
import type { ListMultipartUploadsOutput, ListMultipartUploadsRequest } from '../shapes.js';
import type { S3State } from '../state.js';

/** Uploads of one bucket are few; they are read in one go (bounded) and paged here. */
const MAX_SCAN = 100_000;

export const listMultipartUploads = (state: S3State) =>
  operation<ListMultipartUploadsRequest, ListMultipartUploadsOutput>({
    action: 's3:ListBucketMultipartUploads',
    access: async (input, ctx) => {
      const bucket = await requireBucket(state, ctx, input.Bucket);
      return [
        s3Access(ctx, bucket, 's3:ListBucketMultipartUploads', bucketArn(input.Bucket), {
          's3:prefix': input.Prefix,
          's3:delimiter': input.Delimiter,
        }),
      ];
    },
    handler: async (input) => {
      const max = input.MaxUploads ?? 1000;
      if (max < 0)
        throw S3Errors.invalidArgument(
          'Argument max-uploads must be an integer between 0 and 2147483647',
          'max-uploads',
          String(max),
        );
      const limit = Math.min(max, 1000);
      const prefix = input.Prefix ?? '';
      const delimiter = input.Delimiter === '' ? undefined : input.Delimiter;
      const keyMarker = input.KeyMarker === '' ? undefined : input.KeyMarker;
      let all = await state.store.read.s3Uploads.list(input.Bucket, {
        from: prefix === '' ? undefined : prefix,
        limit: MAX_SCAN,
      });
      all = all.filter((u) => u.key.startsWith(prefix));
      if (keyMarker !== undefined) {
        const marker = input.UploadIdMarker
          ? all.find((u) => u.key === keyMarker && u.upload_id === input.UploadIdMarker)
          : undefined;
        all = all.filter((u) => {
          const c = byteCompare(u.key, keyMarker);
          if (c > 0) return true;
          if (c < 0 || !marker) return false;
          return (
            u.initiated > marker.initiated ||
            (u.initiated === marker.initiated && u.upload_id > marker.upload_id)
          );
        });
      }
      const uploads: UploadRow[] = [];
      const prefixes: string[] = [];
      let truncated = false;
      let last: { key: string; id?: string } | undefined;
      for (const u of all) {
        const d = delimiter ? u.key.indexOf(delimiter, prefix.length) : -1;
        const cp = d === -1 ? undefined : u.key.slice(0, d + delimiter!.length);
        if (cp !== undefined && prefixes[prefixes.length - 1] === cp) continue;
        if (cp !== undefined && keyMarker !== undefined && byteCompare(cp, keyMarker) <= 0) continue;
        if (uploads.length + prefixes.length >= limit) {
          truncated = true;
          break;
        }
        if (cp !== undefined) {
          prefixes.push(cp);
          last = { key: cp };
        } else {
          uploads.push(u);
          last = { key: u.key, id: u.upload_id };
        }
      }
      const enc = encoder(input.EncodingType);
      return {
        Bucket: input.Bucket,
        KeyMarker: enc(input.KeyMarker ?? ''),
        UploadIdMarker: input.UploadIdMarker ?? '',
        ...(truncated && last ? { NextKeyMarker: enc(last.key), NextUploadIdMarker: last.id ?? '' } : {}),
        ...(input.Prefix !== undefined ? { Prefix: enc(input.Prefix) } : {}),
        ...(input.Delimiter !== undefined ? { Delimiter: enc(input.Delimiter) } : {}),
        MaxUploads: max,
        IsTruncated: truncated,
        ...(uploads.length > 0
          ? {
              Uploads: uploads.map((u) => ({
                UploadId: u.upload_id,
                Key: enc(u.key),
                Initiated: new Date(u.initiated),
                StorageClass: u.storage_class as never,
                Owner: ownerOf(u.owner_account),
                Initiator: { ID: u.initiator_arn, DisplayName: u.initiator_arn },
                ...(u.checksum_algorithm
                  ? {
                      ChecksumAlgorithm: u.checksum_algorithm as never,
                      ChecksumType: u.checksum_type as never,
                    }
                  : {}),
              })),
            }
          : {}),
        ...(prefixes.length > 0 ? { CommonPrefixes: prefixes.map((p) => ({ Prefix: enc(p) })) } : {}),
        ...(input.EncodingType !== undefined ? { EncodingType: input.EncodingType } : {}),
      };
    },
  });
