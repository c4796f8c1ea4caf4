// S3: buckets, objects, multipart uploads and their parts (issue 6). Object bytes live in files under
// `<dataDir>/objects/` (src/services/s3/blob-store.ts); these rows point at them by blob id. A row is
// written only after the bytes it names are durable on disk, so a committed row never names a missing
// or partial file.
//
// Keys are compared in UTF-8 byte order, as S3 lists them: SQLite's default BINARY collation does that,
// and the PostgreSQL columns are created `COLLATE "C"` (migration 0004-s3).

export interface S3BucketsTable {
  /** The bucket name (globally unique, as in S3). */
  name: string;
  /** The owning account. */
  account_id: string;
  /** The bucket's region (its LocationConstraint, us-east-1 when none). */
  region: string;
  created_at: number;
  /** The bucket policy, JSON text as the owner put it; null when none. */
  policy: string | null;
  /** JSON `[{"Key":…,"Value":…}]`; null when the bucket has no tag set. */
  tags: string | null;
}

export interface S3ObjectsTable {
  bucket: string;
  key: string;
  size: number;
  /** Without quotes: `md5hex`, or `md5hex-N` for multipart objects. */
  etag: string;
  last_modified: number;
  /** JSON of the stored content headers (ContentType, CacheControl, …). */
  headers: string;
  /** JSON of user metadata (`x-amz-meta-*`), names lower-cased. */
  metadata: string;
  /** JSON `[{"Key":…,"Value":…}]`. */
  tags: string;
  tag_count: number;
  storage_class: string;
  /** The checksum algorithm the object was stored with (CRC32, …), null when none. */
  checksum_algorithm: string | null;
  /** Base64, as S3 returns it; composite checksums end in `-N`. */
  checksum_value: string | null;
  /** FULL_OBJECT or COMPOSITE. */
  checksum_type: string | null;
  /** JSON `[[blobId, size], …]`: the files whose concatenation is the object, in order. */
  segments: string;
  /** Multipart objects: JSON `[size, …]` of each part (GetObject partNumber); null otherwise. */
  parts: string | null;
  /** The account that wrote the object. */
  owner_account: string;
}

export interface S3UploadsTable {
  upload_id: string;
  bucket: string;
  key: string;
  initiated: number;
  /** The account and principal ARN that initiated the upload. */
  owner_account: string;
  initiator_arn: string;
  storage_class: string;
  headers: string;
  metadata: string;
  tags: string;
  checksum_algorithm: string | null;
  checksum_type: string | null;
}

export interface S3PartsTable {
  upload_id: string;
  part_number: number;
  size: number;
  /** Without quotes. */
  etag: string;
  last_modified: number;
  blob: string;
  checksum_value: string | null;
}

export interface S3Tables {
  s3_buckets: S3BucketsTable;
  s3_objects: S3ObjectsTable;
  s3_uploads: S3UploadsTable;
  s3_parts: S3PartsTable;
}
