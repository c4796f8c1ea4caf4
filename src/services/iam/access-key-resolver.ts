// Resolves long-term access keys (AKIA…) to their secret and principal, for the SigV4 verifier.
// Rows are cached briefly so a hot key costs no store read; any change to a key (status, deletion)
// calls invalidate(), and the TTL bounds how stale another node's cache can be.

import type { Caller } from '../../aws/caller.js';
import { rootArn } from '../../aws/caller.js';
import type { Clock } from '../../aws/clock.js';
import type { Sealer } from '../../aws/crypto/sealer.js';
import type { CredentialResolution } from '../../aws/sigv4/verify.js';
import type { Store } from '../../store/store.js';

interface CacheEntry {
  readonly resolution: CredentialResolution;
  readonly at: number;
}

export class AccessKeyResolver {
  readonly #cache = new Map<string, CacheEntry>();

  constructor(
    private readonly store: Store,
    private readonly secrets: Sealer,
    private readonly clock: Clock,
    private readonly ttlMs = 30_000,
    private readonly capacity = 50_000,
  ) {}

  /** Synchronous on a cache hit (the hot path costs no promise), a promise otherwise. */
  resolve(accessKeyId: string): CredentialResolution | Promise<CredentialResolution> {
    const now = this.clock.now();
    const hit = this.#cache.get(accessKeyId);
    if (hit && now - hit.at < this.ttlMs) return hit.resolution;
    return this.#load(accessKeyId).then((resolution) => {
      if (this.#cache.size >= this.capacity) this.#cache.clear();
      this.#cache.set(accessKeyId, { resolution, at: now });
      return resolution;
    });
  }

  invalidate(accessKeyId?: string): void {
    if (accessKeyId === undefined) this.#cache.clear();
    else this.#cache.delete(accessKeyId);
  }

  async #load(accessKeyId: string): Promise<CredentialResolution> {
    const row = await this.store.read.accessKeys.get(accessKeyId);
    if (!row) return { ok: false, reason: 'unknown-key' };
    if (row.status !== 'Active') return { ok: false, reason: 'inactive-key' };
    const secret = this.secrets.open(row.secret_sealed, accessKeyId);
    if (!secret) return { ok: false, reason: 'unknown-key' };
    let caller: Caller;
    if (row.user_name === null) {
      caller = {
        type: 'Root',
        accountId: row.account_id,
        arn: rootArn(row.account_id),
        userId: row.account_id,
        accessKeyId,
      };
    } else {
      const user = await this.store.read.users.get(row.account_id, row.user_name);
      if (!user) return { ok: false, reason: 'unknown-key' };
      caller = {
        type: 'User',
        accountId: row.account_id,
        arn: user.arn,
        userId: user.user_id,
        accessKeyId,
        userName: user.name,
        path: user.path,
      };
    }
    return { ok: true, secretAccessKey: secret.toString('utf8'), caller };
  }
}
