// When keys and roles were last used (GetAccessKeyLastUsed, GetRole's RoleLastUsed): recorded after each
// answered request, at most once a minute per key or role, so a busy key costs no write per request.
// Failures to record are logged, never surfaced.
import type { Caller } from '../../aws/caller.js';
import type { Store } from '../../store/store.js';

export interface UsageEvent {
  readonly caller: Caller | undefined;
  readonly service: string | undefined;
  readonly region: string;
  readonly time: number;
  readonly status: number;
}

export class UsageRecorder {
  readonly #last = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly onError: (err: unknown) => void,
    private readonly everyMs = 60_000,
  ) {}

  completed(e: UsageEvent): void {
    const c = e.caller;
    if (!c || e.service === undefined) return;
    if (c.accessKeyId.startsWith('AKIA') && this.#due(`k/${c.accessKeyId}`, e.time)) {
      this.#write((tx) => tx.accessKeys.recordUse(c.accessKeyId, e.time, e.service!, e.region));
    }
    const role = c.session?.roleName;
    if (
      c.type === 'AssumedRole' &&
      role !== undefined &&
      this.#due(`r/${c.accountId}/${role.toLowerCase()}`, e.time)
    ) {
      this.#write((tx) =>
        tx.roles
          .update(c.accountId, role, { last_used_at: e.time, last_used_region: e.region })
          .then(() => undefined),
      );
    }
  }

  #due(key: string, at: number): boolean {
    const last = this.#last.get(key);
    if (last !== undefined && at - last < this.everyMs) return false;
    if (this.#last.size > 100_000) this.#last.clear();
    this.#last.set(key, at);
    return true;
  }

  #write(fn: Parameters<Store['transaction']>[0]): void {
    this.store.transaction(fn).catch(this.onError);
  }
}
