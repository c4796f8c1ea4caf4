// ListObjects (version 1, authorized as s3:ListBucket): Marker instead of a token; NextMarker only
// when a delimiter was given (otherwise clients page on the last Key); Owner on every entry.
import { operation } from '../../service.js';
import type { ListObjectsOutput, ListObjectsRequest } from '../shapes.js';
import type { S3State } from '../state.js';
import { contentsEntry, encoder, listAccess, listKeys, maxKeys } from './list-common.js';

export const listObjects = (state: S3State) =>
  operation<ListObjectsRequest, ListObjectsOutput>({
    action: 's3:ListBucket',
    access: (input, ctx) => listAccess(state, ctx, input),
    handler: async (input) => {
      const max = maxKeys(input.MaxKeys);
      const prefix = input.Prefix ?? '';
      const marker = input.Marker === '' ? undefined : input.Marker;
      const walk = await listKeys(state, input.Bucket, prefix, input.Delimiter, marker, max);
      const enc = encoder(input.EncodingType);
      const contents = [];
      const prefixes = [];
      for (const e of walk.entries) {
        if ('prefix' in e) prefixes.push({ Prefix: enc(e.prefix) });
        else contents.push(contentsEntry(e.item, enc, true));
      }
      const delimited = input.Delimiter !== undefined && input.Delimiter !== '';
      return {
        IsTruncated: walk.truncated,
        Marker: enc(input.Marker ?? ''),
        ...(walk.truncated && delimited && walk.last !== undefined ? { NextMarker: enc(walk.last) } : {}),
        ...(contents.length > 0 ? { Contents: contents as NonNullable<ListObjectsOutput['Contents']> } : {}),
        Name: input.Bucket,
        Prefix: enc(prefix),
        ...(input.Delimiter !== undefined ? { Delimiter: enc(input.Delimiter) } : {}),
        MaxKeys: max,
        ...(prefixes.length > 0 ? { CommonPrefixes: prefixes } : {}),
        ...(input.EncodingType !== undefined ? { EncodingType: input.EncodingType } : {}),
      };
    },
  });
