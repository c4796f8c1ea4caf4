// The additional checksums S3 accepts on uploads and returns on reads (Amazon S3 User Guide,
// "Checking object integrity"): CRC64NVME, CRC32, CRC32C, SHA1, SHA256 (and SHA512, MD5, which the
// 2025 model adds). A checksum arrives as an `x-amz-checksum-<alg>` header, or as a trailer of an
// aws-chunked body announced by `x-amz-trailer`; `x-amz-sdk-checksum-algorithm` names the algorithm
// the SDK used. Values are base64 of the big-endian digest.
//
// Multipart objects: COMPOSITE checksums are the checksum of the parts' concatenated binary checksums,
// suffixed `-<part count>`; FULL_OBJECT (CRC algorithms only; CRC64NVME always) combines the parts'
// CRCs into the CRC of the whole object.

import { createHash } from 'node:crypto';
import type { AwsError } from '../../aws/errors.js';
import { combineCrc, Crc32, Crc32c, Crc64Nvme, type CRC_POLYS, type Hasher } from './crc.js';
import { S3Errors } from './errors.js';

export type ChecksumName = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256' | 'SHA512' | 'MD5';

export interface ChecksumAlgorithm {
  readonly name: ChecksumName;
  /** `x-amz-checksum-crc32` */
  readonly header: string;
  /** The output member: `ChecksumCRC32`. */
  readonly member: string;
  readonly bytes: number;
  readonly crc: boolean;
  create(): Hasher;
}

const digest =
  (alg: string): (() => Hasher) =>
  () => {
    const h = createHash(alg);
    return { update: (d) => void h.update(d), digest: () => h.digest() };
  };

const ALGORITHMS: readonly ChecksumAlgorithm[] = [
  {
    name: 'CRC64NVME',
    header: 'x-amz-checksum-crc64nvme',
    member: 'ChecksumCRC64NVME',
    bytes: 8,
    crc: true,
    create: () => new Crc64Nvme(),
  },
  {
    name: 'CRC32',
    header: 'x-amz-checksum-crc32',
    member: 'ChecksumCRC32',
    bytes: 4,
    crc: true,
    create: () => new Crc32(),
  },
  {
    name: 'CRC32C',
    header: 'x-amz-checksum-crc32c',
    member: 'ChecksumCRC32C',
    bytes: 4,
    crc: true,
    create: () => new Crc32c(),
  },
  {
    name: 'SHA1',
    header: 'x-amz-checksum-sha1',
    member: 'ChecksumSHA1',
    bytes: 20,
    crc: false,
    create: digest('sha1'),
  },
  {
    name: 'SHA256',
    header: 'x-amz-checksum-sha256',
    member: 'ChecksumSHA256',
    bytes: 32,
    crc: false,
    create: digest('sha256'),
  },
  {
    name: 'SHA512',
    header: 'x-amz-checksum-sha512',
    member: 'ChecksumSHA512',
    bytes: 64,
    crc: false,
    create: digest('sha512'),
  },
  {
    name: 'MD5',
    header: 'x-amz-checksum-md5',
    member: 'ChecksumMD5',
    bytes: 16,
    crc: false,
    create: digest('md5'),
  },
];

const BY_NAME = new Map(ALGORITHMS.map((a) => [a.name, a]));
const BY_HEADER = new Map(ALGORITHMS.map((a) => [a.header, a]));

/** Checksum headers latchkey does not compute; answered NotImplemented rather than silently ignored. */
const UNSUPPORTED_HEADERS = ['x-amz-checksum-xxhash64', 'x-amz-checksum-xxhash3', 'x-amz-checksum-xxhash128'];

export function checksumAlgorithm(name: string): ChecksumAlgorithm | undefined {
  return BY_NAME.get(name.toUpperCase() as ChecksumName);
}

export const checksumAlgorithms = (): readonly ChecksumAlgorithm[] => ALGORITHMS;

/** The checksum a request asks to be verified: its value now (header) or after the body (trailer). */
export interface ChecksumClaim {
  readonly algorithm: ChecksumAlgorithm;
  /** Base64 value from the header; undefined when it comes as a trailer. */
  readonly value: string | undefined;
  readonly trailer: boolean;
}

function isValidValue(alg: ChecksumAlgorithm, value: string): boolean {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return false;
  return Buffer.from(value, 'base64').length === alg.bytes;
}

/**
 * Reads the checksum headers of an upload. Errors as S3 words them: two checksum headers, a value
 * that is not the algorithm's digest in base64, or an SDK algorithm with nothing to check.
 */
export function checksumClaim(
  headers: Readonly<Record<string, readonly string[]>>,
  sdkAlgorithm: string | undefined,
): ChecksumClaim | undefined {
  for (const h of UNSUPPORTED_HEADERS) {
    if (headers[h] !== undefined) throw S3Errors.notImplementedFeature(`the ${h} checksum`);
  }
  const present = ALGORITHMS.filter((a) => headers[a.header] !== undefined);
  if (present.length > 1) {
    throw S3Errors.invalidRequest(
      'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.',
    );
  }
  const trailerNames = (headers['x-amz-trailer'] ?? [])
    .join(',')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t.startsWith('x-amz-checksum-'));
  const trailerAlg = trailerNames.length > 0 ? BY_HEADER.get(trailerNames[0]!) : undefined;
  if (trailerNames.length > 0 && !trailerAlg) {
    throw S3Errors.invalidRequest(`The value specified in the x-amz-trailer header is not supported`);
  }
  let claim: ChecksumClaim | undefined;
  if (present.length === 1) {
    const alg = present[0]!;
    const value = headers[alg.header]!.join(',').trim();
    if (!isValidValue(alg, value))
      throw S3Errors.invalidRequest(`Value for ${alg.header} header is invalid.`);
    claim = { algorithm: alg, value, trailer: false };
  } else if (trailerAlg) {
    claim = { algorithm: trailerAlg, value: undefined, trailer: true };
  }
  if (sdkAlgorithm !== undefined && sdkAlgorithm !== '') {
    const named = checksumAlgorithm(sdkAlgorithm);
    if (!named)
      throw S3Errors.invalidRequest(
        'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]',
      );
    if (!claim) {
      throw S3Errors.invalidRequest(
        'x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.',
      );
    }
    if (claim.algorithm !== named) {
      throw S3Errors.invalidRequest(`Value for x-amz-sdk-checksum-algorithm header is invalid.`);
    }
  }
  return claim;
}

/** Checks a trailer's value once the body has been read. */
export function trailerValue(claim: ChecksumClaim, trailers: ReadonlyMap<string, string>): string {
  const value = trailers.get(claim.algorithm.header);
  if (value === undefined || !isValidValue(claim.algorithm, value)) {
    throw S3Errors.invalidRequest(`Value for ${claim.algorithm.header} trailing header is invalid.`);
  }
  return value;
}

export function checksumMismatch(alg: ChecksumAlgorithm): AwsError {
  // AWS spells the algorithm as its header suffix for the SHA family ("The sha256 you specified …",
  // seen on the wire, apache/arrow-rs-object-store#709) and in capitals for the CRCs
  // ("The CRC32 you specified …", aws/aws-sdk-ruby#3322).
  return S3Errors.badChecksum(alg.crc ? alg.name : alg.name.toLowerCase());
}

/** COMPOSITE checksum of a multipart object: checksum of the concatenated binary part checksums. */
export function compositeChecksum(alg: ChecksumAlgorithm, partValues: readonly string[]): string {
  const h = alg.create();
  for (const v of partValues) h.update(Buffer.from(v, 'base64'));
  return `${h.digest().toString('base64')}-${partValues.length}`;
}

/** FULL_OBJECT checksum of a multipart object: the parts' CRCs combined (CRC algorithms only). */
export function fullObjectChecksum(
  alg: ChecksumAlgorithm,
  parts: readonly { value: string; size: number }[],
): string {
  const name = alg.name as keyof typeof CRC_POLYS;
  let acc: Buffer | undefined;
  for (const p of parts) {
    const v = Buffer.from(p.value, 'base64');
    acc = acc === undefined ? v : combineCrc(name, acc, v, p.size);
  }
  return (acc ?? alg.create().digest()).toString('base64');
}
