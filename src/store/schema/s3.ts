// S3: buckets, objects, multipart uploads (issue 6).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by its issue
export interface S3Tables {}
