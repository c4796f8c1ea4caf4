// s3:ListBuckets — the caller's buckets (action s3:ListAllMyBuckets on `*`). Paged by name when the
// caller asks with max-buckets / continuation-token (the 2024 additions to the API), filtered by
// prefix and bucket-region.
import { operation } from '../../service.js';
import { s3Access } from '../access.js';
import { S3Errors } from '../errors.js';
import { ownerOf } from '../owner.js';
import type { ListBucketsOutput, ListBucketsRequest } from '../shapes.js';
import type { S3State } from '../state.js';

export const listBuckets = (state: S3State) =>
  operation<ListBucketsRequest, ListBucketsOutput>({
    action: 's3:ListAllMyBuckets',
    access: (_input, ctx) => [s3Access(ctx, undefined, 's3:ListAllMyBuckets', '*')],
    handler: async (input, ctx) => {
      const max = input.MaxBuckets ?? 10_000;
      if (!Number.isInteger(max) || max < 1 || max > 10_000)
        throw S3Errors.invalidArgument('max-buckets must be between 1 and 10000', 'max-buckets', String(max));
      let rows = await state.store.read.s3Buckets.listForAccount(ctx.caller.accountId);
      if (input.Prefix !== undefined) rows = rows.filter((b) => b.name.startsWith(input.Prefix!));
      if (input.BucketRegion !== undefined) rows = rows.filter((b) => b.region === input.BucketRegion);
      if (input.ContinuationToken !== undefined) rows = rows.filter((b) => b.name > input.ContinuationToken!);
      const page = rows.slice(0, max);
      return {
        Buckets: page.map((b) => ({
          Name: b.name,
          CreationDate: new Date(b.created_at),
          BucketRegion: b.region,
        })),
        Owner: ownerOf(ctx.caller.accountId),
        ...(rows.length > max ? { ContinuationToken: page[page.length - 1]!.name } : {}),
        ...(input.Prefix !== undefined ? { Prefix: input.Prefix } : {}),
      };
    },
  });
