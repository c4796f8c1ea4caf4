// Loading what an operation is about — its bucket, its object — once per request: `access` reads them
// to authorize (owner, policy, object tags), the handler reuses them. Also where a request meets a
// bucket that is not there, or that lives in another region than the request was signed for.
import type { BucketRow, ObjectRow } from '../../store/repos/s3/index.js';
import type { RequestContext } from '../service.js';
import { S3Errors } from './errors.js';
import type { S3State } from './state.js';

interface Memo {
  bucket?: BucketRow;
  /** null: looked up, not there. */
  object?: ObjectRow | null;
}

const memos = new WeakMap<RequestContext, Memo>();

function memo(ctx: RequestContext): Memo {
  let m = memos.get(ctx);
  if (!m) memos.set(ctx, (m = {}));
  return m;
}

/**
 * The request's bucket; NoSuchBucket when there is none. A signed request for a bucket in another
 * region is refused with the bucket's region, which SDKs follow (botocore re-signs for it).
 */
export async function requireBucket(
  state: S3State,
  ctx: RequestContext,
  name: string,
  opts: { anyRegion?: boolean } = {},
): Promise<BucketRow> {
  const m = memo(ctx);
  if (m.bucket?.name === name) return m.bucket;
  const bucket = await state.buckets.get(name);
  if (!bucket) throw S3Errors.noSuchBucket(name);
  if (!opts.anyRegion && ctx.caller.type !== 'Anonymous' && bucket.region !== ctx.region) {
    throw S3Errors.wrongRegion(ctx.region, bucket.region, ctx.wire.query.has('X-Amz-Credential'));
  }
  // x-amz-expected-bucket-owner: the caller's guard against writing to someone else's bucket.
  const expected = ctx.wire.header('x-amz-expected-bucket-owner');
  if (expected !== undefined && expected !== bucket.account_id) throw S3Errors.accessDenied();
  m.bucket = bucket;
  return bucket;
}

/** The object at bucket/key as the store has it now, read once per request. */
export async function findObject(
  state: S3State,
  ctx: RequestContext,
  bucket: string,
  key: string,
): Promise<ObjectRow | undefined> {
  const m = memo(ctx);
  if (m.object !== undefined && (m.object === null || (m.object.bucket === bucket && m.object.key === key)))
    return m.object ?? undefined;
  const row = await state.store.read.s3Objects.get(bucket, key);
  m.object = row ?? null;
  return row;
}

/** Forgets the memoised object (a handler that retries after a concurrent change reads it afresh). */
export function forgetObject(ctx: RequestContext): void {
  delete memo(ctx).object;
}
