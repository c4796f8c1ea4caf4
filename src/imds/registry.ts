// Which instance answers at which metadata address, and what its metadata says: an in-memory view of
// every live instance, loaded from the store at start, reloaded for an instance as soon as EC2 reports
// a change (a request that arrives meanwhile waits for the reload, so a metadata query made after an API
// call returns sees its effect), and refreshed in full periodically for changes made by other nodes.
// An address nobody registered is looked up in the store at most once a second.
import type { Clock } from '../aws/clock.js';
import type { AssociationRow, InstanceRow } from '../store/repos/ec2/index.js';
import type { Store } from '../store/store.js';
import { versionRoot, type Node, type TreeFacts } from './tree.js';

/**
 * What the metadata service keeps per live instance: only what every request needs (which instance,
 * its state and metadata options, its association), so 10,000 instances cost little memory. The rest
 * of the row (user data, tags, network details) is read when a request needs the tree.
 */
export class InstanceView {
  readonly instanceId: string;
  readonly account: string;
  readonly region: string;
  readonly state: string;
  readonly httpEndpoint: string;
  readonly httpTokens: string;
  readonly address: string;
  readonly privateIp: string;
  readonly vpcId: string;
  readonly launchedAt: number;
  readonly driver: string;
  /** What tokens are bound to: the instance and its boot (a stop/start invalidates old tokens). */
  readonly tokenBinding: string;
  readonly association:
    | {
        readonly id: string;
        readonly profileArn: string;
        readonly profileId: string;
        readonly associatedAt: number;
      }
    | undefined;
  #lastModified: string | undefined;

  constructor(row: InstanceRow, association: AssociationRow | undefined) {
    this.instanceId = row.instance_id;
    this.account = row.account_id;
    this.region = row.region;
    this.state = row.state;
    this.httpEndpoint = row.http_endpoint;
    this.httpTokens = row.http_tokens;
    this.address = row.imds_address;
    this.privateIp = row.private_ip;
    this.vpcId = row.vpc_id;
    this.launchedAt = row.launched_at;
    this.driver = row.driver;
    this.tokenBinding = `${row.instance_id}:${row.boot}`;
    this.association = association
      ? {
          id: association.association_id,
          profileArn: association.profile_arn,
          profileId: association.profile_id,
          associatedAt: association.associated_at,
        }
      : undefined;
  }

  get arn(): string {
    return `arn:aws:ec2:${this.region}:${this.account}:instance/${this.instanceId}`;
  }

  /** HTTP date of the last start (Last-Modified of static items). */
  get lastModified(): string {
    return (this.#lastModified ??= new Date(this.launchedAt).toUTCString());
  }
}

export const buildView = (row: InstanceRow, association: AssociationRow | undefined): InstanceView =>
  new InstanceView(row, association);

export interface ViewDeps {
  /** The zone id of a zone name in a region (use1-az1 …). */
  zoneId(region: string, zone: string): string;
  hostname(ip: string, region: string): string;
}

/** `/latest/` of an instance, from its full row. Built on demand (the service keeps the recently used ones). */
export function buildTree(row: InstanceRow, associated: boolean, deps: ViewDeps): Node {
  const facts: TreeFacts = {
    instanceId: row.instance_id,
    amiId: row.image_id,
    launchIndex: row.launch_index,
    instanceType: row.instance_type,
    hostname: deps.hostname(row.private_ip, row.region),
    privateIp: row.private_ip,
    mac: row.mac,
    reservationId: row.reservation_id,
    securityGroups: JSON.parse(row.security_groups) as { GroupId: string; GroupName: string }[],
    availabilityZone: row.availability_zone,
    availabilityZoneId: deps.zoneId(row.region, row.availability_zone),
    region: row.region,
    accountId: row.account_id,
    subnetId: row.subnet_id,
    vpcId: row.vpc_id,
    associated,
    tags:
      row.instance_metadata_tags === 'enabled'
        ? (JSON.parse(row.tags) as { Key?: string; Value?: string }[])
        : undefined,
  };
  return versionRoot(facts, row.user_data !== null);
}

export class InstanceRegistry {
  readonly #byAddress = new Map<string, InstanceView>();
  readonly #addressOf = new Map<string, string>();
  readonly #inflight = new Set<Promise<void>>();
  /** The reload each instance waits for. */
  readonly #pending = new Map<string, Promise<void>>();
  readonly #misses = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly onRemoved: (instanceId: string) => void,
  ) {}

  get size(): number {
    return this.#byAddress.size;
  }

  /** Loads every live instance and active association. */
  async loadAll(): Promise<void> {
    const [rows, associations] = await Promise.all([
      this.store.read.ec2Instances.listLive(),
      this.store.read.ec2Associations.listAllActive(),
    ]);
    const byInstance = new Map(associations.map((a) => [a.instance_id, a]));
    const seen = new Set<string>();
    for (const row of rows) {
      this.#put(buildView(row, byInstance.get(row.instance_id)));
      seen.add(row.instance_id);
    }
    for (const id of [...this.#addressOf.keys()]) if (!seen.has(id)) this.#remove(id);
  }

  /** Reloads instances after a change; requests to them (and to addresses not known yet) wait for it. */
  reload(instanceIds: readonly string[]): Promise<void> {
    const p = (async () => {
      const rows = new Map(
        (await this.store.read.ec2Instances.getMany(instanceIds)).map((r) => [r.instance_id, r]),
      );
      const active = new Map(
        (await this.store.read.ec2Associations.activeForMany(instanceIds)).map((a) => [a.instance_id, a]),
      );
      for (const id of instanceIds) {
        const row = rows.get(id);
        if (!row || row.live !== 1) this.#remove(id);
        else this.#put(buildView(row, active.get(id)));
      }
    })();
    const tracked = p.finally(() => {
      this.#inflight.delete(tracked);
      for (const id of instanceIds) if (this.#pending.get(id) === tracked) this.#pending.delete(id);
    });
    this.#inflight.add(tracked);
    for (const id of instanceIds) this.#pending.set(id, tracked);
    return tracked;
  }

  /** The instance at an address; a promise while its reload is in flight or the address is new here. */
  get(address: string): InstanceView | undefined | Promise<InstanceView | undefined> {
    const known = this.#byAddress.get(address);
    if (known) {
      const pending = this.#pending.get(known.instanceId);
      return pending
        ? pending.then(
            () => this.#find(address),
            () => this.#find(address),
          )
        : known;
    }
    if (this.#inflight.size > 0)
      return Promise.allSettled([...this.#inflight]).then(() => this.#find(address));
    return this.#find(address);
  }

  byInstanceId(instanceId: string): InstanceView | undefined {
    const a = this.#addressOf.get(instanceId);
    return a === undefined ? undefined : this.#byAddress.get(a);
  }

  #find(address: string): InstanceView | undefined | Promise<InstanceView | undefined> {
    const hit = this.#byAddress.get(address);
    if (hit) return hit;
    const now = this.clock.now();
    const last = this.#misses.get(address);
    if (last !== undefined && now - last < 1000) return undefined;
    if (this.#misses.size > 10_000) this.#misses.clear();
    this.#misses.set(address, now);
    return this.store.read.ec2Instances.byAddress(address).then(async (row) => {
      if (!row) return undefined;
      this.#put(buildView(row, await this.store.read.ec2Associations.activeFor(row.instance_id)));
      return this.#byAddress.get(address);
    });
  }

  #put(view: InstanceView): void {
    const id = view.instanceId;
    const old = this.#addressOf.get(id);
    if (old !== undefined && old !== view.address) this.#byAddress.delete(old);
    this.#addressOf.set(id, view.address);
    this.#byAddress.set(view.address, view);
    this.#misses.delete(view.address);
  }

  #remove(instanceId: string): void {
    const a = this.#addressOf.get(instanceId);
    if (a !== undefined) this.#byAddress.delete(a);
    this.#addressOf.delete(instanceId);
    this.onRemoved(instanceId);
  }
}
