// What the multipart operations share: finding an upload (NoSuchUpload unless it exists for this very
// bucket and key), part numbers (1–10,000), and the checksum type rules of CreateMultipartUpload
// (Amazon S3 User Guide, "Checking object integrity": COMPOSITE for any algorithm but CRC64NVME,
// FULL_OBJECT for the CRCs only).
import type { UploadRow } from '../../../store/repos/s3/index.js';
import type { ChecksumAlgorithm } from '../checksums.js';
import { S3Errors } from '../errors.js';
import type { S3State } from '../state.js';

export async function requireUpload(
  state: S3State,
  bucket: string,
  key: string,
  uploadId: string,
): Promise<UploadRow> {
  const upload = await state.store.read.s3Uploads.get(uploadId);
  if (!upload || upload.bucket !== bucket || upload.key !== key) throw S3Errors.noSuchUpload(uploadId);
  return upload;
}

export function checkPartNumber(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw S3Errors.tooManyParts();
}

export function checksumType(
  alg: ChecksumAlgorithm | undefined,
  requested: string | undefined,
): string | null {
  if (!alg) {
    if (requested !== undefined)
      throw S3Errors.invalidRequest(
        'The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.',
      );
    return null;
  }
  const type = requested ?? (alg.name === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE');
  if (type === 'FULL_OBJECT' && !alg.crc)
    throw S3Errors.invalidRequest(
      `The FULL_OBJECT checksum type cannot be used with the ${alg.name.toLowerCase()} checksum algorithm.`,
    );
  if (type === 'COMPOSITE' && alg.name === 'CRC64NVME')
    throw S3Errors.invalidRequest(
      'The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.',
    );
  return type;
}
