// S3 resource ARNs as IAM policies name them (Service Authorization Reference, Amazon S3: resource
// types `bucket` and `object`): no region, no account, the key exactly as stored.
export const bucketArn = (bucket: string): string => `arn:aws:s3:::${bucket}`;
export const objectArn = (bucket: string, key: string): string => `arn:aws:s3:::${bucket}/${key}`;

/** The bucket an S3 ARN names, or undefined for `*` and non-S3 ARNs. */
export function bucketOfArn(arn: string): string | undefined {
  if (!arn.startsWith('arn:aws:s3:::')) return undefined;
  const rest = arn.slice('arn:aws:s3:::'.length);
  const slash = rest.indexOf('/');
  return slash === -1 ? rest : rest.slice(0, slash);
}
