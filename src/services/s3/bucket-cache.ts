// Bucket rows (owner, region, policy) cached for a short time: every S3 request reads its bucket to
// authorize it, and a GetObject should not pay two store reads. A write invalidates the entry here at
// once and on the other nodes sharing the store through its change feed (PostgreSQL notifications);
// the TTL covers a notice that was lost.
import type { BucketRow } from '../../store/repos/s3/index.js';
import { EVERYTHING } from '../../store/changes.js';
import type { Store } from '../../store/store.js';

const MAX_ENTRIES = 10_000;
const CHANNEL = 'buckets';

export class BucketCache {
  readonly #entries = new Map<string, { row: BucketRow | undefined; at: number }>();

  constructor(
    private readonly store: Store,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {
    store.changes.subscribe(CHANNEL, (name) => {
      if (name === EVERYTHING) this.#entries.clear();
      else this.#entries.delete(name);
    });
  }

  async get(name: string): Promise<BucketRow | undefined> {
    const hit = this.#entries.get(name);
    const t = this.now();
    if (hit && t - hit.at < this.ttlMs) return hit.row;
    const row = await this.store.read.s3Buckets.get(name);
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(name, { row, at: t });
    return row;
  }

  /** The owner of a bucket read recently (for wording an AccessDenied, which is synchronous). */
  owner(name: string): string | undefined {
    return this.#entries.get(name)?.row?.account_id;
  }

  /** Forgets a bucket here and tells the other nodes to (after a write to its row). */
  invalidate(name: string): void {
    this.#entries.delete(name);
    this.store.changes.publish(CHANNEL, name);
  }
}
