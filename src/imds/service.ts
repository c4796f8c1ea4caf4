// The instance metadata service (reference imds-ec2.md Part A; DESIGN.md "Instance identity comes from
// the network"). Owns the per-instance endpoints, IMDSv2 tokens, the tree and credential vending.
// May import: services (STS minting, EC2 network facts, IAM trust), instances, aws, store, policy.
//
// Which instance is asking is decided by where the request arrives, never by anything it carries:
// every instance has its own loopback address (127.64.0.0/10, one per live instance, a database rule),
// and one listener on the metadata port reads `socket.localAddress`. Why one listener and not one port
// per instance: 10,000 instances would need 10,000 listening sockets and ports from the ephemeral range
// (which outbound connections also draw on), a slow start-up, and ports that may be taken when the server
// restarts; an address per instance costs nothing per instance, keeps every endpoint at the same port
// across restarts, and is what the netns driver forwards 169.254.169.254:80 to. Every SDK reaches it
// through AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.a.b.c:PORT (the JS, Go and Ruby SDKs drop a path
// but keep host and port: §A.1, §F.1), and the tree is served at the root path. The listener binds
// 0.0.0.0 (Linux delivers 127.x.y.z only to sockets bound to it or to the wildcard); connections that
// arrive on any address that is not a live instance's are closed unanswered.
//
// The order of checks follows AWS (§A.2, §F.3): endpoint disabled → 403; the token API (PUT with a TTL
// 1–21600 → 200 and the TTL header; X-Forwarded-For → 403; bad TTL → 400; other methods → 405;
// `/latest/api/token/` and version paths → 403); then a token, if sent, must be valid (401) — also under
// `optional`; no token under `required` → 401; then the tree.
import { metadataUrl } from '../instances/driver.js';
import type { Clock } from '../aws/clock.js';
import type { Sealer } from '../aws/crypto/sealer.js';
import type { Ec2Change } from '../services/ec2/deps.js';
import { findZone, privateDnsName } from '../services/ec2/network.js';
import type { SessionKeyring } from '../services/sts/keyring.js';
import type { Store } from '../store/store.js';
import { ProfileBindings, type Binding } from './bindings.js';
import { CredentialVendor, type CredentialDocument, type InstanceRef } from './credentials.js';
import { createImdsHttpServer, type ImdsHttpServer, type ImdsRequest, type ImdsResponse } from './http.js';
import { IdentityKeys, signIdentity, type SignedIdentity } from './identity.js';
import type { InstanceRow } from '../store/repos/ec2/index.js';
import { buildTree, InstanceRegistry, type InstanceView } from './registry.js';
import {
  awsJson,
  badRequest,
  forbidden,
  httpDate,
  isoSeconds,
  methodNotAllowed,
  notFound,
  ok,
  unauthorized,
} from './responses.js';
import { newTokenKey, parseTtl, TokenIssuer } from './tokens.js';
import { isVersion, listing, VERSIONS, walk, type Node } from './tree.js';

export interface MetadataServiceOptions {
  readonly store: Store;
  readonly keyring: SessionKeyring;
  /** The master key: seals the token key and the identity signing keys at rest. */
  readonly master: Sealer;
  readonly clock: Clock;
  readonly host: string;
  /** Ports to try, in order; the first that can be bound is used (80 may be taken or not ours). */
  readonly ports: readonly number[];
  /** Lifetime of instance credentials, seconds (default 21600). */
  readonly credentialTtl: number;
  /** Rotate when fewer than this many seconds remain (default 3600). */
  readonly credentialRefreshBefore: number;
  readonly onError?: (err: unknown) => void;
}

export interface MetadataEndpoint {
  readonly instanceId: string;
  readonly address: string;
  readonly port: number;
  /** `http://127.a.b.c:PORT` — what AWS_EC2_METADATA_SERVICE_ENDPOINT is set to. */
  readonly url: string;
  readonly state: string;
  readonly driver: string;
}

const TOKEN_KEY_SETTING = 'imds.token-key';
const TREE_CACHE = 2_000;
const REFRESH_MS = 300_000;

type Answer = ImdsResponse | undefined;

interface Details {
  /** The view the details were read for: a newer view (after a change) reads them again. */
  readonly view: InstanceView;
  readonly row: InstanceRow;
  readonly tree: Node;
}

export class MetadataService {
  readonly #registry: InstanceRegistry;
  readonly #bindings: ProfileBindings;
  readonly #vendor: CredentialVendor;
  readonly #identity: IdentityKeys;
  /** Full rows and trees of recently asked instances (the registry keeps only what every request needs). */
  readonly #details = new Map<string, Details>();
  readonly #signed = new Map<string, Promise<SignedIdentity>>();
  #tokens: TokenIssuer | undefined;
  #http: ImdsHttpServer | undefined;
  #port = 0;
  #timer: NodeJS.Timeout | undefined;
  #dateSecond = -1;
  #date = '';

  constructor(private readonly opts: MetadataServiceOptions) {
    this.#registry = new InstanceRegistry(opts.store, opts.clock, (id) => this.#forget(id));
    this.#bindings = new ProfileBindings(opts.store, opts.clock);
    this.#vendor = new CredentialVendor(opts.store, opts.keyring, opts.clock, {
      ttlMs: opts.credentialTtl * 1000,
      refreshBeforeMs: opts.credentialRefreshBefore * 1000,
      failureRetryMs: 60_000,
    });
    this.#identity = new IdentityKeys(opts.store, opts.master, opts.clock);
  }

  get port(): number {
    return this.#port;
  }

  /** Loads the token key and the instances, and starts listening. */
  async start(): Promise<void> {
    this.#tokens = new TokenIssuer(await this.#tokenKey());
    await this.#registry.loadAll();
    this.#http = createImdsHttpServer({
      handler: (local, req) => this.handle(local, req),
      date: () => this.#httpDate(),
      ...(this.opts.onError ? { onError: this.opts.onError } : {}),
    });
    this.#port = await this.#listen();
    // Nodes sharing PostgreSQL hear of each other's changes over the change feed; this is the safety net
    // for a notice lost in a reconnection. With SQLite every change is made here and heard at once.
    if (this.opts.store.dialect === 'postgres') {
      this.#timer = setInterval(() => {
        this.#registry.loadAll().catch((err: unknown) => this.opts.onError?.(err));
      }, REFRESH_MS);
      this.#timer.unref();
    }
  }

  async #listen(): Promise<number> {
    let last: unknown;
    for (const port of this.opts.ports) {
      try {
        return await this.#http!.listen(port, this.opts.host);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'EADDRINUSE' && code !== 'EACCES') throw e;
        last = e;
      }
    }
    throw last ?? new Error('no metadata port to listen on');
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#http?.close();
  }

  /** EC2 committed a change: the affected instances are reloaded before the next query is answered. */
  changed(change: Ec2Change): void {
    for (const id of change.instanceIds) {
      this.#details.delete(id);
      this.#bindings.forget(id);
      if (change.kind === 'terminated') this.#vendor.forget(id);
    }
    this.#registry.reload(change.instanceIds).catch((err: unknown) => this.opts.onError?.(err));
  }

  /** Reloads every instance (changes made on another node that could not be named one by one). */
  async reloadAll(): Promise<void> {
    this.#details.clear();
    await this.#registry.loadAll();
  }

  /** IAM changed: profiles, roles and trust policies are read again. */
  iamChanged(): void {
    this.#bindings.iamChanged();
    this.#vendor.iamChanged();
  }

  endpoint(instanceId: string): MetadataEndpoint | undefined {
    const v = this.#registry.byInstanceId(instanceId);
    if (!v) return undefined;
    return {
      instanceId,
      address: v.address,
      port: this.#port,
      url: metadataUrl(v.address, this.#port),
      state: v.state,
      driver: v.driver,
    };
  }

  /** The PEM certificate that verifies identity documents of a region. */
  certificate(region: string): Promise<string> {
    return this.#identity.certificate(region);
  }

  /** Answers one request that arrived on `localAddress`; undefined drops the connection. */
  handle(localAddress: string, req: ImdsRequest): Answer | Promise<Answer> {
    const view = this.#registry.get(localAddress);
    if (view instanceof Promise) return view.then((v) => this.#answer(v, req));
    return this.#answer(view, req);
  }

  #answer(view: InstanceView | undefined, req: ImdsRequest): Answer | Promise<Answer> {
    // No instance, or one that is not running: nothing listens there.
    if (!view || (view.state !== 'running' && view.state !== 'pending')) return undefined;
    if (view.httpEndpoint === 'disabled') return forbidden();
    const h = req.headers;
    const now = this.opts.clock.now();
    const q = req.target.indexOf('?');
    const path = q === -1 ? req.target : req.target.slice(0, q);
    const proxied = h['x-forwarded-for'] !== undefined;

    if (path === '/latest/api/token') {
      if (req.method === 'PUT') {
        // AWS rejects token requests that went through a proxy (EC2UG-howitworks; kube2iam-241: 403).
        if (proxied) return forbidden();
        const ttl = parseTtl(h['x-aws-ec2-metadata-token-ttl-seconds']);
        if (ttl === undefined) return badRequest();
        const token = this.#tokens!.issue(view.tokenBinding, ttl, now);
        return {
          status: 200,
          headers: {
            'X-Aws-Ec2-Metadata-Token-Ttl-Seconds': String(ttl),
            'Content-Type': 'text/plain',
            Server: 'EC2ws',
          },
          body: token,
        };
      }
      if (req.method === 'OPTIONS') {
        return {
          status: 200,
          headers: { Allow: 'OPTIONS, PUT', 'Content-Type': 'text/plain', Server: 'EC2ws' },
          body: '',
        };
      }
      return methodNotAllowed('OPTIONS, PUT');
    }
    // PUT to /latest/api/token/ or to a version's token path: 403 (EC2UG-retrieval §Considerations, beam-47).
    if (req.method === 'PUT')
      return /^\/[^/]+\/api\/token\/?$/.test(path) ? forbidden() : methodNotAllowed('GET, HEAD');
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed('GET, HEAD');

    const token = h['x-aws-ec2-metadata-token'];
    let ttl: number | undefined;
    let delivery: 1 | 2 = 1;
    if (token !== undefined && token !== '') {
      const check = this.#tokens!.check(token, view.tokenBinding, now);
      if (!check.valid) return unauthorized();
      if (proxied) return forbidden();
      ttl = check.remaining;
      delivery = 2;
    } else if (view.httpTokens === 'required') {
      return unauthorized();
    }
    return this.#serve(view, path, ttl, delivery);
  }

  #serve(
    view: InstanceView,
    path: string,
    ttl: number | undefined,
    delivery: 1 | 2,
  ): Answer | Promise<Answer> {
    const text = (body: string, lastModified = view.lastModified) => ok(body, { ttl, lastModified });
    if (path === '/') return text(VERSIONS.join('\n'));
    const parts = path.slice(1).split('/');
    if (parts[parts.length - 1] === '') parts.pop();
    if (parts.length === 0 || !isVersion(parts[0]!)) return notFound();
    const rest = parts.slice(1);

    // The credential path first: it is what SDKs ask for, and it needs no tree.
    if (rest[0] === 'meta-data' && rest[1] === 'iam') {
      if (!view.association) return notFound();
      const binding = this.#bindings.get(view);
      return binding instanceof Promise
        ? binding.then((b) => this.#iam(view, b, rest.slice(2), ttl, delivery))
        : this.#iam(view, binding, rest.slice(2), ttl, delivery);
    }
    const details = this.#detailsOf(view);
    return details instanceof Promise
      ? details.then((d) => this.#fromTree(view, d, rest, ttl, delivery))
      : this.#fromTree(view, details, rest, ttl, delivery);
  }

  #fromTree(
    view: InstanceView,
    d: Details | undefined,
    rest: string[],
    ttl: number | undefined,
    delivery: 1 | 2,
  ): Answer | Promise<Answer> {
    if (!d) return notFound();
    const text = (body: string) => ok(body, { ttl, lastModified: view.lastModified });
    if (rest[0] === 'user-data' && rest.length === 1) {
      if (d.row.user_data === null) return notFound();
      return ok(Buffer.from(d.row.user_data, 'base64'), {
        ttl,
        lastModified: view.lastModified,
        contentType: 'application/octet-stream',
        ranges: 'bytes',
      });
    }
    const found = walk(d.tree, rest);
    if (!found) return notFound();
    const { node } = found;
    // The version root lists `dynamic`, `meta-data`, `user-data` without slashes (EC2UG-retrieval).
    if (node.kind === 'dir')
      return text(rest.length === 0 ? [...node.entries.keys()].join('\n') : listing(node));
    if (node.kind === 'leaf') return text(node.value);
    if (node.name === 'identity-credentials')
      return this.#identityCredentials(view, found.rest, ttl, delivery);
    if (found.rest.length > 0) return notFound();
    return this.#signedIdentity(view, d.row).then((s) =>
      text(s[node.name as 'document' | 'signature' | 'pkcs7' | 'rsa2048']),
    );
  }

  #iam(
    view: InstanceView,
    b: Binding,
    rest: string[],
    ttl: number | undefined,
    delivery: 1 | 2,
  ): Answer | Promise<Answer> {
    if (b.kind === 'none') return notFound();
    const updatedAt = this.#vendor.lastUpdated(view.instanceId) ?? view.association!.associatedAt;
    const doc = (body: string, at = updatedAt) => ok(body, { ttl, lastModified: httpDate(at) });
    if (rest.length === 0) return doc('info\nsecurity-credentials/');
    if (rest.length === 1 && rest[0] === 'info') {
      if (b.kind === 'profile-missing') {
        return doc(
          awsJson([
            ['Code', 'InstanceProfileNotFound'],
            ['Message', `Instance Profile ${b.profileArn} does not exist`],
            ['LastUpdated', isoSeconds(updatedAt)],
          ]),
        );
      }
      const fields: [string, string][] = [['Code', 'Success']];
      // IAMUG-trouble: a profile whose role was removed says so, still with Code Success.
      if (b.kind === 'no-role') fields.push(['Message', 'Instance Profile does not contain a role...']);
      fields.push(
        ['LastUpdated', isoSeconds(updatedAt)],
        ['InstanceProfileArn', b.profileArn],
        ['InstanceProfileId', b.profileId],
      );
      return doc(awsJson(fields));
    }
    if (b.kind !== 'role' || rest[0] !== 'security-credentials' || rest.length > 2) return notFound();
    if (rest.length === 1) return doc(b.role.name);
    if (rest[1] !== b.role.name) return notFound();
    return this.#document(this.#vendor.document(this.#instanceRef(view), b.role, delivery), ttl);
  }

  #identityCredentials(
    view: InstanceView,
    rest: string[],
    ttl: number | undefined,
    delivery: 1 | 2,
  ): Answer | Promise<Answer> {
    const text = (body: string) => ok(body, { ttl, lastModified: view.lastModified });
    const key = rest.join('/');
    if (key === '') return text('ec2/');
    if (key === 'ec2') return text('info\nsecurity-credentials/');
    if (key === 'ec2/info') {
      return text(
        awsJson([
          ['Code', 'Success'],
          ['LastUpdated', isoSeconds(view.launchedAt)],
          ['AccountId', view.account],
        ]),
      );
    }
    if (key === 'ec2/security-credentials') return text('ec2-instance');
    if (key === 'ec2/security-credentials/ec2-instance')
      return this.#document(this.#vendor.identityDocument(this.#instanceRef(view), delivery), ttl);
    return notFound();
  }

  #document(
    d: CredentialDocument | Promise<CredentialDocument>,
    ttl: number | undefined,
  ): Answer | Promise<Answer> {
    const answer = (c: CredentialDocument) => ok(c.body, { ttl, lastModified: c.lastModified });
    return d instanceof Promise ? d.then(answer) : answer(d);
  }

  #instanceRef(view: InstanceView): InstanceRef {
    return {
      instanceId: view.instanceId,
      account: view.account,
      arn: view.arn,
      privateIp: view.privateIp,
      vpcId: view.vpcId,
    };
  }

  /** The instance's full row and tree, read on demand and kept for the recently asked instances. */
  #detailsOf(view: InstanceView): Details | undefined | Promise<Details | undefined> {
    const id = view.instanceId;
    const hit = this.#details.get(id);
    if (hit && hit.view === view) {
      this.#details.delete(id);
      this.#details.set(id, hit);
      return hit;
    }
    return this.opts.store.read.ec2Instances.get(id).then((row) => {
      if (!row) return undefined;
      const d: Details = {
        view,
        row,
        tree: buildTree(row, view.association !== undefined, {
          zoneId: (region, zone) => findZone(region, zone)?.id ?? '',
          hostname: privateDnsName,
        }),
      };
      if (this.#details.size >= TREE_CACHE) this.#details.delete(this.#details.keys().next().value!);
      this.#details.set(id, d);
      return d;
    });
  }

  #signedIdentity(view: InstanceView, r: InstanceRow): Promise<SignedIdentity> {
    const key = view.tokenBinding;
    let p = this.#signed.get(key);
    if (!p) {
      p = this.#identity.forRegion(r.region).then((k) =>
        signIdentity(
          {
            accountId: r.account_id,
            availabilityZone: r.availability_zone,
            imageId: r.image_id,
            instanceId: r.instance_id,
            instanceType: r.instance_type,
            pendingTime: r.launched_at,
            privateIp: r.private_ip,
            region: r.region,
          },
          k,
        ),
      );
      p.catch(() => this.#signed.delete(key));
      if (this.#signed.size >= TREE_CACHE) this.#signed.delete(this.#signed.keys().next().value!);
      this.#signed.set(key, p);
    }
    return p;
  }

  #forget(instanceId: string): void {
    this.#details.delete(instanceId);
    this.#bindings.forget(instanceId);
    this.#vendor.forget(instanceId);
  }

  async #tokenKey(): Promise<Buffer> {
    const aad = TOKEN_KEY_SETTING;
    let sealed = await this.opts.store.read.settings.get(TOKEN_KEY_SETTING);
    if (sealed === undefined) {
      const made = this.opts.master.seal(newTokenKey(), aad);
      sealed = await this.opts.store.transaction(async (tx) => {
        const existing = await tx.settings.get(TOKEN_KEY_SETTING);
        if (existing !== undefined) return existing;
        await tx.settings.set(TOKEN_KEY_SETTING, made);
        return made;
      });
    }
    const key = this.opts.master.open(sealed, aad);
    if (!key) throw new Error('the metadata token key cannot be opened with this master key');
    return key;
  }

  #httpDate(): string {
    const now = this.opts.clock.now();
    const second = Math.floor(now / 1000);
    if (second !== this.#dateSecond) {
      this.#dateSecond = second;
      this.#date = new Date(now).toUTCString();
    }
    return this.#date;
  }
}
