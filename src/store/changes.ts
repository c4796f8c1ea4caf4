// Change notices between the nodes that share a store (DESIGN.md: "caches are invalidated through
// PostgreSQL notifications"). A node that changes something cached elsewhere — IAM policies, access
// keys — announces it on a channel; every node, itself included, hears it. With SQLite there is one
// process, so notices stay in memory; with PostgreSQL they travel over LISTEN/NOTIFY on a connection
// of their own, and a node that loses that connection treats the gap as "everything changed".
import pg from 'pg';

export type ChangeListener = (payload: string) => void;

export interface ChangeFeed {
  /** Tells every node (this one included). Best effort: a lost notice is covered by cache TTLs. */
  publish(channel: string, payload: string): void;
  subscribe(channel: string, listener: ChangeListener): void;
  close(): Promise<void>;
}

const CHANNEL_PREFIX = 'latchkey_';
/** What listeners hear when notices may have been missed (reconnection). */
export const EVERYTHING = '*';

class Listeners {
  readonly #byChannel = new Map<string, ChangeListener[]>();
  add(channel: string, l: ChangeListener): void {
    this.#byChannel.set(channel, [...(this.#byChannel.get(channel) ?? []), l]);
  }
  emit(channel: string, payload: string): void {
    for (const l of this.#byChannel.get(channel) ?? []) l(payload);
  }
  emitAll(payload: string): void {
    for (const ls of this.#byChannel.values()) for (const l of ls) l(payload);
  }
  get channels(): string[] {
    return [...this.#byChannel.keys()];
  }
}

export function localChangeFeed(): ChangeFeed {
  const listeners = new Listeners();
  return {
    publish: (channel, payload) => queueMicrotask(() => listeners.emit(channel, payload)),
    subscribe: (channel, l) => listeners.add(channel, l),
    close: async () => {},
  };
}

export function postgresChangeFeed(url: string, onError: (err: unknown) => void = () => {}): ChangeFeed {
  const listeners = new Listeners();
  const publisher = new pg.Pool({ connectionString: url, max: 1 });
  publisher.on('error', onError);
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    if (closed) return;
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => listeners.emit(n.channel.slice(CHANNEL_PREFIX.length), n.payload ?? ''));
    c.on('error', (err) => {
      onError(err);
      reconnect();
    });
    try {
      await c.connect();
      for (const ch of listeners.channels) await c.query(`LISTEN ${CHANNEL_PREFIX}${ch}`);
      client = c;
    } catch (err) {
      onError(err);
      reconnect();
    }
  };
  const reconnect = () => {
    client?.end().catch(() => {});
    client = undefined;
    if (closed || retry) return;
    // Notices were possibly missed while disconnected: every cache must start over.
    listeners.emitAll(EVERYTHING);
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, 1000);
    retry.unref();
  };
  void connect();

  return {
    publish(channel, payload) {
      publisher.query('SELECT pg_notify($1, $2)', [CHANNEL_PREFIX + channel, payload]).catch(onError);
    },
    subscribe(channel, l) {
      if (!/^[a-z0-9_]+$/.test(channel)) throw new Error(`change feed: bad channel name ${channel}`);
      listeners.add(channel, l);
      client?.query(`LISTEN ${CHANNEL_PREFIX}${channel}`).catch(onError);
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => {});
      await publisher.end().catch(() => {});
    },
  };
}
