// s3:HeadObject — GetObject's headers without the body (authorized as s3:GetObject). Content-Length
// is the length a GET would send.
import { operation } from '../../service.js';
import { objectAccess } from '../object-access.js';
import type { HeadObjectOutput, HeadObjectRequest } from '../shapes.js';
import type { S3State } from '../state.js';
import { planRead } from './read-object.js';

export const headObject = (state: S3State) =>
  operation<HeadObjectRequest, HeadObjectOutput>({
    action: 's3:GetObject',
    access: (input, ctx) => objectAccess(state, ctx, input.Bucket, input.Key, 's3:GetObject'),
    handler: async (input, ctx) => (await planRead(state, ctx, input)).output as HeadObjectOutput,
  });
