// s3:GetObject — the object's bytes, whole, a range (206) or one part of a multipart object. Small
// answers are read into memory in one positioned read; larger ones are streamed from the blob files,
// leased so that an overwrite or delete meanwhile cannot cut them short. A blob can vanish between
// reading the row and leasing it (a concurrent overwrite); the read then starts again from the row.
import type { Readable } from 'node:stream';
import { operation } from '../../service.js';
import { forgetObject } from '../lookup.js';
import { objectAccess } from '../object-access.js';
import { segmentsOf } from '../object-rows.js';
import type { GetObjectOutput, GetObjectRequest } from '../shapes.js';
import type { S3State } from '../state.js';
import { planRead } from './read-object.js';

/** Up to this size an answer is read whole into memory (one open/read/close), beyond it streamed. */
const IN_MEMORY = 256 * 1024;
const ATTEMPTS = 3;

export const getObject = (state: S3State) =>
  operation<GetObjectRequest, GetObjectOutput>({
    action: 's3:GetObject',
    access: (input, ctx) => objectAccess(state, ctx, input.Bucket, input.Key, 's3:GetObject'),
    handler: async (input, ctx) => {
      for (let attempt = 1; ; attempt++) {
        const plan = await planRead(state, ctx, input);
        const segments = segmentsOf(plan.row);
        const release = state.blobs.lease(segments);
        try {
          let body: Buffer | Readable;
          if (plan.length <= IN_MEMORY) {
            body = await state.blobs.readSmall(segments, plan.start, plan.length);
            release();
          } else {
            await state.blobs.exists(segments, plan.start);
            const stream = state.blobs.read(segments, plan.start, plan.length);
            stream.once('close', release);
            body = stream;
          }
          return { ...plan.output, Body: body } as GetObjectOutput;
        } catch (e) {
          release();
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= ATTEMPTS) throw e;
          forgetObject(ctx);
        }
      }
    },
  });
