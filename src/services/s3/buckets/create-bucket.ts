// s3:CreateBucket. The bucket's region is its LocationConstraint, which must agree with the region the
// request was signed for; the us-east-1 endpoint takes any constraint but refuses "us-east-1" itself
// (InvalidLocationConstraint). Re-creating one's own bucket is BucketAlreadyOwnedByYou — except in
// us-east-1, where S3 answers 200 for legacy compatibility; someone else's name is BucketAlreadyExists
// (Amazon S3 API Reference, CreateBucket).
import { UniqueViolation } from '../../../store/errors.js';
import type { BucketRow } from '../../../store/repos/s3/index.js';
import { operation, type RequestContext } from '../../service.js';
import { s3Access } from '../access.js';
import { bucketArn } from '../arns.js';
import { S3Errors } from '../errors.js';
import { validateBucketName } from '../names.js';
import type { CreateBucketOutput, CreateBucketRequest } from '../shapes.js';
import type { S3State } from '../state.js';
import { tagsJson, validateBucketTags } from '../tags.js';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

function bucketRegion(input: CreateBucketRequest, ctx: RequestContext): string {
  const requested: string | undefined = input.CreateBucketConfiguration?.LocationConstraint;
  if (requested === undefined || requested === '') {
    if (ctx.region !== 'us-east-1') throw S3Errors.illegalLocationConstraint(undefined);
    return 'us-east-1';
  }
  const region = requested === 'EU' ? 'eu-west-1' : requested;
  if (!REGION.test(region) || (ctx.region === 'us-east-1' && region === 'us-east-1'))
    throw S3Errors.invalidLocationConstraint(requested);
  if (ctx.region !== 'us-east-1' && region !== ctx.region)
    throw S3Errors.illegalLocationConstraint(requested);
  return region;
}

export const createBucket = (state: S3State) =>
  operation<CreateBucketRequest, CreateBucketOutput>({
    action: 's3:CreateBucket',
    access: (input, ctx) => {
      validateBucketName(input.Bucket);
      return [
        s3Access(ctx, undefined, 's3:CreateBucket', bucketArn(input.Bucket), {
          's3:LocationConstraint': input.CreateBucketConfiguration?.LocationConstraint,
          's3:x-amz-acl': input.ACL,
          's3:x-amz-object-ownership': input.ObjectOwnership,
        }),
      ];
    },
    handler: async (input, ctx) => {
      const name = input.Bucket;
      const region = bucketRegion(input, ctx);
      const tags = input.CreateBucketConfiguration?.Tags;
      if (tags) validateBucketTags(tags);
      const row: BucketRow = {
        name,
        account_id: ctx.caller.accountId,
        region,
        created_at: ctx.now,
        policy: null,
        tags: tags && tags.length > 0 ? tagsJson(tags) : null,
      };
      const existing = (b: BucketRow): CreateBucketOutput => {
        if (b.account_id !== ctx.caller.accountId) throw S3Errors.bucketAlreadyExists(name);
        if (b.region === 'us-east-1' && region === 'us-east-1') return { Location: `/${name}` };
        throw S3Errors.bucketAlreadyOwnedByYou(name);
      };
      try {
        const found = await state.store.transaction(async (tx) => {
          const b = await tx.s3Buckets.getForUpdate(name);
          if (b) return b;
          await tx.s3Buckets.insert(row);
          return undefined;
        });
        if (found) return existing(found);
      } catch (e) {
        if (!(e instanceof UniqueViolation)) throw e;
        const b = await state.store.read.s3Buckets.get(name);
        if (b) return existing(b);
        throw e;
      } finally {
        state.buckets.invalidate(name);
      }
      return { Location: region === 'us-east-1' ? `/${name}` : `http://${name}.s3.amazonaws.com/` };
    },
  });
