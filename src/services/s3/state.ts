// What every S3 operation shares: the store, the blob files, the bucket cache, and per-request memos
// (a bucket or object read while authorizing is not read again by the handler).
import type { Clock } from '../../aws/clock.js';
import type { Store } from '../../store/store.js';
import { BlobStore } from './blob-store.js';
import { BucketCache } from './bucket-cache.js';

/** The few log calls the service makes (the server's pino logger fits). */
export interface S3Log {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface S3Deps {
  readonly store: Store;
  /** The server's data directory; object bytes go under `<dataDir>/objects/`. */
  readonly dataDir: string;
  readonly clock: Clock;
  readonly log?: S3Log;
  /**
   * Host names whose sub-domains are buckets (virtual-hosted–style addressing), besides AWS's own
   * `s3[.-]<region>.amazonaws.com` forms. Default: `localhost` (`bucket.localhost:4580`).
   */
  readonly virtualHostDomains?: readonly string[];
  /** How long a bucket row (owner, region, policy) is reused before it is read again. Default 1 s. */
  readonly bucketCacheMs?: number;
}

export class S3State {
  readonly blobs: BlobStore;
  readonly buckets: BucketCache;
  /** When this service started: blobs older than this and named by no row are leftovers of a crash. */
  readonly startedAt: number;

  constructor(readonly deps: S3Deps) {
    this.blobs = new BlobStore(`${deps.dataDir}/objects`);
    this.blobs.init();
    this.buckets = new BucketCache(deps.store, deps.bucketCacheMs ?? 1000, () => deps.clock.now());
    this.startedAt = Date.now();
  }

  get store(): Store {
    return this.deps.store;
  }

  now(): number {
    return this.deps.clock.now();
  }
}
