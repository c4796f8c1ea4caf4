// CompleteMultipartUpload (authorized as s3:PutObject): the listed parts, in ascending order, become the
// object — their blobs are the object's segments, nothing is copied. AWS's rules (Amazon S3 API
// Reference, CompleteMultipartUpload; User Guide, "Multipart upload limits"): every listed part must
// exist with the ETag given (InvalidPart), part numbers ascend (InvalidPartOrder), every part but the
// last holds at least 5 MiB (EntityTooSmall). The ETag is the MD5 of the parts' binary MD5s followed
// by `-<part count>`; the checksum is COMPOSITE or FULL_OBJECT as the upload was created. Parts not
// listed are discarded.
import { createHash } from 'node:crypto';
import type { ObjectRow, PartRow } from '../../../store/repos/s3/index.js';
import { operation } from '../../service.js';
import { s3Access } from '../access.js';
import { objectArn } from '../arns.js';
import { checksumAlgorithm, compositeChecksum, fullObjectChecksum } from '../checksums.js';
import { S3Errors } from '../errors.js';
import { requireBucket } from '../lookup.js';
import { commitObject } from '../object-rows.js';
import type {
  CompleteMultipartUploadOutput,
  CompleteMultipartUploadRequest,
  CompletedPart,
} from '../shapes.js';
import type { S3State } from '../state.js';
import { requireUpload } from './uploads.js';

const MIN_PART = 5 * 1024 * 1024;

const unquote = (etag: string | undefined) => (etag ?? '').trim().replace(/^"|"$/g, '');

function chooseParts(
  uploadId: string,
  listed: readonly CompletedPart[],
  stored: readonly PartRow[],
): PartRow[] {
  if (listed.length === 0) throw S3Errors.malformedXml();
  const byNumber = new Map(stored.map((p) => [p.part_number, p]));
  const chosen: PartRow[] = [];
  let previous = 0;
  for (const part of listed) {
    const n = part.PartNumber ?? 0;
    if (n <= previous) throw S3Errors.invalidPartOrder(uploadId, n);
    previous = n;
    const row = byNumber.get(n);
    if (!row || unquote(part.ETag) !== row.etag) throw S3Errors.invalidPart(uploadId, n, part.ETag ?? '');
    chosen.push(row);
  }
  for (let i = 0; i < chosen.length - 1; i++) {
    if (chosen[i]!.size < MIN_PART)
      throw S3Errors.entityTooSmall(chosen[i]!.size, chosen[i]!.part_number, `"${chosen[i]!.etag}"`);
  }
  return chosen;
}

export const completeMultipartUpload = (state: S3State) =>
  operation<CompleteMultipartUploadRequest, CompleteMultipartUploadOutput>({
    action: 's3:PutObject',
    access: async (input, ctx) => {
      const bucket = await requireBucket(state, ctx, input.Bucket);
      return [s3Access(ctx, bucket, 's3:PutObject', objectArn(input.Bucket, input.Key))];
    },
    handler: async (input, ctx) => {
      const upload = await requireUpload(state, input.Bucket, input.Key, input.UploadId);
      const stored = await state.store.read.s3Uploads.allParts(input.UploadId);
      const chosen = chooseParts(input.UploadId, input.MultipartUpload?.Parts ?? [], stored);
      const alg = upload.checksum_algorithm ? checksumAlgorithm(upload.checksum_algorithm) : undefined;
      let checksum: string | null = null;
      if (alg) {
        const listed = input.MultipartUpload?.Parts ?? [];
        listed.forEach((p, i) => {
          const given = (p as Record<string, unknown>)[alg.member];
          if (given !== undefined && given !== chosen[i]!.checksum_value)
            throw S3Errors.invalidPart(input.UploadId, chosen[i]!.part_number, p.ETag ?? '');
        });
        if (chosen.every((p) => p.checksum_value !== null)) {
          checksum =
            upload.checksum_type === 'FULL_OBJECT'
              ? fullObjectChecksum(
                  alg,
                  chosen.map((p) => ({ value: p.checksum_value!, size: p.size })),
                )
              : compositeChecksum(
                  alg,
                  chosen.map((p) => p.checksum_value!),
                );
        }
        const sent = ctx.wire.header(alg.header);
        if (sent !== undefined && checksum !== null && sent !== checksum)
          throw S3Errors.badChecksum(alg.name);
      }
      const md5s = createHash('md5');
      for (const p of chosen) md5s.update(Buffer.from(p.etag, 'hex'));
      const etag = `${md5s.digest('hex')}-${chosen.length}`;
      const size = chosen.reduce((n, p) => n + p.size, 0);
      const sentSize = input.MpuObjectSize;
      if (sentSize !== undefined && sentSize !== size)
        throw S3Errors.invalidRequest(
          `The provided 'x-amz-mp-object-size' header value ${sentSize} does not match what was computed: ${size}`,
        );
      const row: ObjectRow = {
        bucket: input.Bucket,
        key: input.Key,
        size,
        etag,
        last_modified: ctx.now,
        headers: upload.headers,
        metadata: upload.metadata,
        tags: upload.tags,
        tag_count: (JSON.parse(upload.tags) as unknown[]).length,
        storage_class: upload.storage_class,
        checksum_algorithm: checksum !== null ? alg!.name : null,
        checksum_value: checksum,
        checksum_type: checksum !== null ? upload.checksum_type : null,
        segments: JSON.stringify(chosen.map((p) => [p.blob, p.size])),
        parts: JSON.stringify(chosen.map((p) => p.size)),
        owner_account: upload.owner_account,
      };
      const used = new Set(chosen.map((p) => p.blob));
      await commitObject(
        state,
        row,
        { IfMatch: input.IfMatch, IfNoneMatch: input.IfNoneMatch },
        async (tx) => {
          // The upload must still be there (not completed or aborted by a concurrent request), with
          // the very parts chosen above.
          if (!(await tx.s3Uploads.getForUpdate(input.UploadId))) throw S3Errors.noSuchUpload(input.UploadId);
          const parts = await tx.s3Uploads.delete(input.UploadId);
          const now = new Map(parts.map((p) => [p.part_number, p.blob]));
          for (const p of chosen)
            if (now.get(p.part_number) !== p.blob)
              throw S3Errors.invalidPart(input.UploadId, p.part_number, `"${p.etag}"`);
          return parts.filter((p) => !used.has(p.blob)).map((p) => p.blob);
        },
      );
      return {
        Location: `http://${input.Bucket}.s3.amazonaws.com/${encodeURIComponent(input.Key).replace(/%2F/g, '/')}`,
        Bucket: input.Bucket,
        Key: input.Key,
        ETag: `"${etag}"`,
        ServerSideEncryption: 'AES256',
        ...(checksum !== null
          ? { [alg!.member]: checksum, ChecksumType: upload.checksum_type as never }
          : {}),
      };
    },
  });
