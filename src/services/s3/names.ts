// Bucket names and object keys: S3's rules (Amazon S3 User Guide, "General purpose bucket naming
// rules"; "Naming Amazon S3 objects": keys up to 1,024 bytes of UTF-8).
import { S3Errors } from './errors.js';

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export function validateBucketName(name: string): void {
  const bad =
    !BUCKET.test(name) ||
    IPV4.test(name) ||
    name.includes('..') ||
    name.includes('.-') ||
    name.includes('-.') ||
    name.startsWith('xn--') ||
    name.startsWith('sthree-') ||
    name.startsWith('amzn-s3-demo-') ||
    name.endsWith('-s3alias') ||
    name.endsWith('--ol-s3') ||
    name.endsWith('.mrap') ||
    name.endsWith('--x-s3') ||
    name.endsWith('--table-s3');
  if (bad) throw S3Errors.invalidBucketName(name);
}

export function validateKey(key: string): void {
  const size = Buffer.byteLength(key, 'utf8');
  if (size > 1024) throw S3Errors.keyTooLong(size);
}
