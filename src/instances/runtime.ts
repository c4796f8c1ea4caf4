// Runs instances with their drivers: starts the workloads of running instances when the server starts,
// follows EC2's changes (launch, start, stop, reboot, terminate) one instance at a time in order, keeps
// each instance's console output (the last 64 KB), and stops everything when the server stops.
// May import: aws, store.
import type { InstanceRow } from '../store/repos/ec2/index.js';
import type { Store } from '../store/store.js';
import {
  metadataUrl,
  type ConsoleSink,
  type ExecPlan,
  type InstanceDriver,
  type InstanceSpec,
} from './driver.js';

const CONSOLE_LIMIT = 64 * 1024;

export interface RuntimeChange {
  readonly kind: string;
  readonly instanceIds: readonly string[];
}

export interface RuntimeOptions {
  readonly store: Store;
  readonly drivers: ReadonlyMap<string, InstanceDriver>;
  /** The metadata listener's port (known once it listens). */
  readonly metadataPort: () => number;
  /** latchkey's API endpoint, for AWS_ENDPOINT_URL. */
  readonly apiUrl: () => string;
  readonly onError: (err: unknown, instanceId: string) => void;
}

export class InstanceRuntime {
  readonly #consoles = new Map<string, string>();
  readonly #queues = new Map<string, Promise<void>>();
  readonly #drivers: ReadonlyMap<string, InstanceDriver>;

  constructor(private readonly opts: RuntimeOptions) {
    this.#drivers = opts.drivers;
  }

  /** Starts the workloads of every running instance (after a server restart). */
  async start(): Promise<void> {
    for (const row of await this.opts.store.read.ec2Instances.listLive()) {
      if (row.state === 'running' && row.driver !== 'virtual')
        this.#enqueue(row.instance_id, () => this.#start(row));
    }
  }

  changed(change: RuntimeChange): void {
    // One read for the whole change (a launch may name 1,000 instances); each instance's work is queued
    // now, in event order, and waits for it.
    const rows = this.opts.store.read.ec2Instances
      .getMany(change.instanceIds)
      .then((list) => new Map(list.map((r) => [r.instance_id, r])));
    for (const id of change.instanceIds) {
      this.#enqueue(id, async () => {
        const row = (await rows).get(id);
        if (!row || row.driver === 'virtual') {
          if (change.kind === 'terminated') this.#consoles.delete(id);
          return;
        }
        switch (change.kind) {
          case 'launched':
          case 'started':
          case 'rebooted':
            if (row.state === 'running') await this.#start(row);
            return;
          case 'stopped':
          case 'terminated':
            await this.#driver(row).stop(id);
            this.#console(id).write(`latchkey: instance ${change.kind}\n`);
            if (change.kind === 'terminated') this.#consoles.delete(id);
            return;
          default:
            return;
        }
      });
    }
  }

  /** The console output: what the workload wrote, or for a virtual instance a line about its start. */
  consoleOutput(row: InstanceRow): string | undefined {
    const kept = this.#consoles.get(row.instance_id);
    if (kept !== undefined || row.driver !== 'virtual') return kept;
    return (
      `latchkey: virtual instance ${row.instance_id} (${row.image_id}) started ${new Date(row.launched_at).toISOString()}\n` +
      `latchkey: instance metadata at ${metadataUrl(row.imds_address, this.opts.metadataPort())}/\n`
    );
  }

  /** How to run a program on the instance (its environment; the namespace prefix for netns). */
  async plan(instanceId: string): Promise<{ row: InstanceRow; plan: ExecPlan } | undefined> {
    const row = await this.opts.store.read.ec2Instances.get(instanceId);
    if (!row) return undefined;
    return { row, plan: this.#driver(row).plan(this.#spec(row)) };
  }

  /** Stops every workload (server shutdown). */
  async close(): Promise<void> {
    await Promise.allSettled([...this.#queues.values()]);
    const live = await this.opts.store.read.ec2Instances.listLive().catch(() => [] as InstanceRow[]);
    await Promise.allSettled(
      live.filter((r) => r.driver !== 'virtual').map((r) => this.#driver(r).stop(r.instance_id)),
    );
  }

  #driver(row: InstanceRow): InstanceDriver {
    return this.#drivers.get(row.driver) ?? this.#drivers.get('virtual')!;
  }

  #spec(row: InstanceRow): InstanceSpec {
    return {
      instanceId: row.instance_id,
      region: row.region,
      imageId: row.image_id,
      launchedAt: row.launched_at,
      userData: row.user_data === null ? undefined : Buffer.from(row.user_data, 'base64'),
      metadataAddress: row.imds_address,
      metadataPort: this.opts.metadataPort(),
      apiUrl: this.opts.apiUrl(),
    };
  }

  async #start(row: InstanceRow): Promise<void> {
    await this.#driver(row).start(this.#spec(row), this.#console(row.instance_id));
  }

  #console(instanceId: string): ConsoleSink {
    return {
      write: (text) => {
        const next = (this.#consoles.get(instanceId) ?? '') + text;
        this.#consoles.set(
          instanceId,
          next.length > CONSOLE_LIMIT ? next.slice(next.length - CONSOLE_LIMIT) : next,
        );
      },
    };
  }

  /** Runs changes to one instance in order; a failure is reported and does not stop later ones. */
  #enqueue(instanceId: string, task: () => Promise<void>): void {
    const previous = this.#queues.get(instanceId) ?? Promise.resolve();
    const next = previous
      .then(task)
      .catch((err: unknown) => {
        this.#console(instanceId).write(`latchkey: ${String(err instanceof Error ? err.message : err)}\n`);
        this.opts.onError(err, instanceId);
      })
      .finally(() => {
        if (this.#queues.get(instanceId) === next) this.#queues.delete(instanceId);
      });
    this.#queues.set(instanceId, next);
  }
}
