// The session-token keyring (DESIGN.md "Stateless session credentials"): AES-256 keys kept in the store,
// each sealed under the master key, so every node can open any node's tokens without a per-request
// database read. The newest key seals; older keys keep opening what they sealed until every token they
// could have sealed has expired, then they are removed. A node that meets an unknown key id reloads.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../aws/clock.js';
import { Sealer } from '../../aws/crypto/sealer.js';
import { randomBase32 } from '../../aws/ids.js';
import type { Store } from '../../store/store.js';

/** A key seals for this long before a new one takes over. */
export const ROTATE_AFTER_MS = 24 * 3600_000;
/** The longest a session lives (GetSessionToken / GetFederationToken: 36 hours). */
export const MAX_SESSION_MS = 129_600_000;

export class SessionKeyring {
  #sealer: Sealer | undefined;
  #current: { id: string; createdAt: number } | undefined;
  #lastReload = 0;

  constructor(
    private readonly store: Store,
    private readonly master: Sealer,
    private readonly clock: Clock,
  ) {}

  /** Loads the keys, making the first one (or a fresh one when the current is due) as needed. */
  async load(): Promise<void> {
    await this.#reload();
    const now = this.clock.now();
    if (!this.#current || now - this.#current.createdAt >= ROTATE_AFTER_MS) await this.rotate();
  }

  async #reload(): Promise<void> {
    const rows = await this.store.read.stsKeys.list();
    const keys = new Map<string, Buffer>();
    let current: { id: string; createdAt: number } | undefined;
    for (const row of rows) {
      const key = this.master.open(row.key_sealed, `sts-key:${row.id}`);
      if (!key) continue;
      keys.set(row.id, key);
      if (row.retired_at === null && (!current || row.created_at >= current.createdAt))
        current = { id: row.id, createdAt: row.created_at };
    }
    this.#lastReload = this.clock.now();
    if (!current) return;
    this.#sealer = new Sealer(keys, current.id);
    this.#current = current;
  }

  /** Starts sealing with a new key; retires the old one and removes keys nothing can still use. */
  async rotate(): Promise<void> {
    const now = this.clock.now();
    const id = 's' + randomBase32(10).toLowerCase();
    const key = randomBytes(32);
    await this.store.transaction(async (tx) => {
      for (const row of await tx.stsKeys.list()) {
        if (row.retired_at === null) await tx.stsKeys.retire(row.id, now);
        else if (now - row.retired_at > MAX_SESSION_MS + 3600_000) await tx.stsKeys.remove(row.id);
      }
      await tx.stsKeys.insert({
        id,
        key_sealed: this.master.seal(key, `sts-key:${id}`),
        created_at: now,
        retired_at: null,
      });
    });
    await this.#reload();
  }

  seal(plaintext: Buffer, aad: string): string {
    if (!this.#sealer) throw new Error('session keyring not loaded');
    return this.#sealer.seal(plaintext, aad);
  }

  /** Opens a token; on an unknown key id, reloads the keyring once (at most every 5 s) and retries. */
  async open(sealed: string, aad: string): Promise<Buffer | undefined> {
    const opened = this.#sealer?.open(sealed, aad);
    if (opened) return opened;
    const keyId = sealed.slice(0, sealed.indexOf('.'));
    if (this.#sealer?.hasKey(keyId) || this.clock.now() - this.#lastReload < 5000) return undefined;
    await this.#reload();
    return this.#sealer?.open(sealed, aad);
  }

  /** Rotates when the current key is due; called by a timer on long-running servers. */
  async maintain(): Promise<void> {
    if (!this.#current || this.clock.now() - this.#current.createdAt >= ROTATE_AFTER_MS) await this.rotate();
  }
}
