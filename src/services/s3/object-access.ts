// The access requests of operations on one existing object (GetObject, HeadObject, the tagging
// operations): the action on the object ARN with `s3:ExistingObjectTag/*`, and — when the object is
// not there — s3:ListBucket on the bucket too, because S3 answers NoSuchKey only to callers who may
// list the bucket and AccessDenied to everyone else (Amazon S3 API Reference, GetObject, "Permissions":
// "If you don't have the s3:ListBucket permission, Amazon S3 returns an HTTP status code 403").
import type { AccessRequest, ContextValue, RequestContext } from '../service.js';
import { existingTagKeys, s3Access } from './access.js';
import { bucketArn, objectArn } from './arns.js';
import { findObject, requireBucket } from './lookup.js';
import type { S3State } from './state.js';
import { parseTags } from './tags.js';

export async function objectAccess(
  state: S3State,
  ctx: RequestContext,
  bucketName: string,
  key: string,
  action: string,
  keys: Record<string, ContextValue | undefined> = {},
): Promise<AccessRequest[]> {
  const bucket = await requireBucket(state, ctx, bucketName);
  const object = await findObject(state, ctx, bucketName, key);
  const tagKeys = object && object.tag_count > 0 ? existingTagKeys(parseTags(object.tags)) : {};
  const requests = [s3Access(ctx, bucket, action, objectArn(bucketName, key), { ...tagKeys, ...keys })];
  if (!object) requests.push(s3Access(ctx, bucket, 's3:ListBucket', bucketArn(bucketName)));
  return requests;
}
