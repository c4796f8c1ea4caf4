// ListObjectsV2 (authorized as s3:ListBucket). The continuation token is opaque to clients: here the
// last key or common prefix returned, base64url-encoded; StartAfter applies only to the first page.
import { operation } from '../../service.js';
import { S3Errors } from '../errors.js';
import type { ListObjectsV2Output, ListObjectsV2Request } from '../shapes.js';
import type { S3State } from '../state.js';
import { contentsEntry, encoder, listAccess, listKeys, maxKeys } from './list-common.js';

function readToken(token: string): string {
  const decoded = Buffer.from(token, 'base64url').toString('utf8');
  if (!decoded.startsWith('1:') || Buffer.from(decoded, 'utf8').toString('base64url') !== token)
    throw S3Errors.invalidArgument(
      'The continuation token provided is incorrect',
      'continuation-token',
      token,
    );
  return decoded.slice(2);
}

const makeToken = (last: string): string => Buffer.from('1:' + last, 'utf8').toString('base64url');

export const listObjectsV2 = (state: S3State) =>
  operation<ListObjectsV2Request, ListObjectsV2Output>({
    action: 's3:ListBucket',
    access: (input, ctx) => listAccess(state, ctx, input),
    handler: async (input) => {
      const max = maxKeys(input.MaxKeys);
      const prefix = input.Prefix ?? '';
      const after =
        input.ContinuationToken !== undefined ? readToken(input.ContinuationToken) : input.StartAfter;
      const walk = await listKeys(state, input.Bucket, prefix, input.Delimiter, after, max);
      const enc = encoder(input.EncodingType);
      const contents = [];
      const prefixes = [];
      for (const e of walk.entries) {
        if ('prefix' in e) prefixes.push({ Prefix: enc(e.prefix) });
        else contents.push(contentsEntry(e.item, enc, input.FetchOwner === true));
      }
      return {
        IsTruncated: walk.truncated,
        ...(contents.length > 0
          ? { Contents: contents as NonNullable<ListObjectsV2Output['Contents']> }
          : {}),
        Name: input.Bucket,
        Prefix: enc(prefix),
        ...(input.Delimiter !== undefined ? { Delimiter: enc(input.Delimiter) } : {}),
        MaxKeys: max,
        ...(prefixes.length > 0 ? { CommonPrefixes: prefixes } : {}),
        ...(input.EncodingType !== undefined ? { EncodingType: input.EncodingType } : {}),
        KeyCount: walk.entries.length,
        ...(input.ContinuationToken !== undefined ? { ContinuationToken: input.ContinuationToken } : {}),
        ...(walk.truncated && walk.last !== undefined ? { NextContinuationToken: makeToken(walk.last) } : {}),
        ...(input.StartAfter !== undefined ? { StartAfter: enc(input.StartAfter) } : {}),
      };
    },
  });
