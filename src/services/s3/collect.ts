// The start-up sweep: files that no row names and that predate this start are what a crash left
// behind (an upload cut off before its commit, a replaced version whose unlink never ran). They were
// never acknowledged, or are no longer visible; the sweep removes them, in the background, reading the
// names the store knows a page at a time.
import { segmentsOf } from './object-rows.js';
import type { S3State } from './state.js';

const PAGE = 1000;

export async function referencedBlobs(state: S3State): Promise<Set<string>> {
  const ids = new Set<string>();
  const read = state.store.read;
  let bucket = '';
  let key = '';
  for (;;) {
    const rows = await read.s3Objects.blobPage(bucket, key, PAGE);
    for (const r of rows) for (const [id] of segmentsOf(r)) ids.add(id);
    if (rows.length < PAGE) break;
    ({ bucket, key } = rows[rows.length - 1]!);
  }
  let upload = '';
  let part = 0;
  for (;;) {
    const rows = await read.s3Uploads.partBlobs(upload, part, PAGE);
    for (const r of rows) ids.add(r.blob);
    if (rows.length < PAGE) break;
    ({ upload_id: upload, part_number: part } = rows[rows.length - 1]!);
  }
  return ids;
}

export async function collectLeftovers(state: S3State): Promise<void> {
  try {
    const { removed } = await state.blobs.collect(await referencedBlobs(state), state.startedAt);
    if (removed > 0) state.deps.log?.info({ removed }, 's3: removed files left behind by an interrupted run');
  } catch (err) {
    state.deps.log?.error({ err }, 's3: could not sweep leftover object files');
  }
}
