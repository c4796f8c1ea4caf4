// What S3 operations ask the authorizer: the action, the bucket or object ARN, and S3's condition keys
// (Amazon S3 User Guide, "Condition key examples" and the Service Authorization Reference for Amazon
// S3). Every request carries the bucket owner as the resource account and the bucket policy as the
// resource policy, so the engine evaluates same- and cross-account access as AWS does.
import type { AccessRequest, ContextValue, RequestContext } from '../service.js';
import type { BucketRow } from '../../store/repos/s3/index.js';
import type { TagSet } from './tags.js';

/** Keys every signed S3 request carries (s3:authType, s3:signatureversion, s3:signatureAge, …). */
function requestKeys(ctx: RequestContext): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  if (ctx.caller.type === 'Anonymous') return out;
  const w = ctx.wire;
  const presigned = w.query.has('X-Amz-Credential');
  out['s3:authType'] = presigned ? 'REST-QUERY-STRING' : 'REST-HEADER';
  out['s3:signatureversion'] = 'AWS4-HMAC-SHA256';
  const sha = presigned ? w.query.get('X-Amz-Content-Sha256') : w.header('x-amz-content-sha256');
  if (sha) out['s3:x-amz-content-sha256'] = sha;
  const date = presigned ? w.query.get('X-Amz-Date') : w.header('x-amz-date');
  const m = date ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date) : null;
  if (m) {
    const signed = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
    out['s3:signatureAge'] = String(Math.max(0, ctx.now - signed));
  }
  return out;
}

/** An access request on a bucket or its objects, with the bucket's owner and policy. */
export function s3Access(
  ctx: RequestContext,
  bucket: BucketRow | undefined,
  action: string,
  resource: string,
  keys: Record<string, ContextValue | undefined> = {},
): AccessRequest {
  const context: Record<string, ContextValue> = requestKeys(ctx);
  for (const [k, v] of Object.entries(keys)) if (v !== undefined) context[k] = v;
  if (bucket) context['s3:ResourceAccount'] = bucket.account_id;
  return {
    action,
    resources: [resource],
    context,
    ...(bucket ? { resourceAccount: bucket.account_id } : {}),
    ...(bucket?.policy ? { resourcePolicy: bucket.policy } : {}),
  };
}

/** `s3:ExistingObjectTag/<key>` for each tag the object has. */
export function existingTagKeys(tags: TagSet): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags) out[`s3:ExistingObjectTag/${t.Key}`] = t.Value;
  return out;
}

/** `s3:RequestObjectTag/<key>` and `s3:RequestObjectTagKeys` for the tags a request sets. */
export function requestTagKeys(tags: TagSet | undefined): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  if (!tags) return out;
  for (const t of tags) out[`s3:RequestObjectTag/${t.Key}`] = t.Value;
  out['s3:RequestObjectTagKeys'] = tags.map((t) => t.Key);
  return out;
}

/** Headers S3 exposes as condition keys on writes, when the request has them. */
export function writeHeaderKeys(ctx: RequestContext): Record<string, string | undefined> {
  const h = (name: string) => ctx.wire.header(name);
  return {
    's3:x-amz-acl': h('x-amz-acl'),
    's3:x-amz-server-side-encryption': h('x-amz-server-side-encryption'),
    's3:x-amz-server-side-encryption-aws-kms-key-id': h('x-amz-server-side-encryption-aws-kms-key-id'),
    's3:x-amz-storage-class': h('x-amz-storage-class'),
    's3:x-amz-grant-read': h('x-amz-grant-read'),
    's3:x-amz-grant-full-control': h('x-amz-grant-full-control'),
    's3:object-lock-mode': h('x-amz-object-lock-mode'),
    's3:object-lock-legal-hold': h('x-amz-object-lock-legal-hold'),
  };
}
