// Which policies apply to a caller (reference iam-sts-policy.md §7.3): a user's inline and attached
// policies plus its groups'; a role session's role policies; the user's or role's permissions
// boundary; the session policies a session was created with; and the principal's tags. Loaded from
// the store and cached per principal until IAM changes (generation) or a short TTL passes (changes
// made through another node).
import type { Caller } from '../../../aws/caller.js';
import type { Clock } from '../../../aws/clock.js';
import { compilePolicy, type LabeledPolicy } from '../../../policy/index.js';
import type { ReadRepositories, Store } from '../../../store/store.js';
import type { ManagedPolicyCatalogue } from '../common/catalogue.js';
import { findManagedPolicy, managedPolicyDocument } from '../common/lookups.js';
import type { OwnerKind } from '../common/owners.js';
import { parseTags, tagRecord } from '../common/tags.js';

export interface CallerPolicies {
  readonly identity: LabeledPolicy[];
  readonly boundary: LabeledPolicy | undefined;
  /** undefined: the caller is not a session, or no session policies were passed. */
  readonly session: LabeledPolicy[] | undefined;
  /** aws:PrincipalTag/* — user tags, or role tags overlaid with session tags. */
  readonly tags: Readonly<Record<string, string>>;
}

interface Entry {
  readonly value: CallerPolicies;
  readonly generation: number;
  readonly at: number;
}

const label = (policy: LabeledPolicy['policy'], name: string): LabeledPolicy => ({
  label: name,
  policy,
  sourceId: name,
  sourceType: 'IAM Policy',
});

export class PrincipalPolicies {
  #generation = 0;
  readonly #cache = new Map<string, Entry>();

  constructor(
    private readonly store: Store,
    private readonly catalogue: ManagedPolicyCatalogue,
    private readonly clock: Clock,
    private readonly ttlMs = 5_000,
  ) {}

  /** Forget everything: IAM changed. */
  invalidate(): void {
    this.#generation++;
    this.#cache.clear();
  }

  async forCaller(caller: Caller): Promise<CallerPolicies> {
    const key = cacheKey(caller);
    const now = this.clock.now();
    const hit = this.#cache.get(key);
    if (hit && hit.generation === this.#generation && now - hit.at < this.ttlMs) return hit.value;
    const generation = this.#generation;
    const value = await this.#load(caller);
    if (generation === this.#generation) {
      if (this.#cache.size > 50_000) this.#cache.clear();
      this.#cache.set(key, { value, generation, at: now });
    }
    return value;
  }

  async #load(caller: Caller): Promise<CallerPolicies> {
    const r = this.store.read;
    const s = caller.session;
    const sessionPolicies =
      s && (s.policy !== undefined || (s.policyArns?.length ?? 0) > 0)
        ? await this.#sessionPolicies(r, caller)
        : undefined;
    if (caller.type === 'AssumedRole') {
      const role = await r.roles.get(caller.accountId, s?.roleName ?? '');
      // A deleted role (or one deleted and re-created) grants its old sessions nothing.
      if (!role || role.role_id !== s?.roleId)
        return { identity: [], boundary: undefined, session: sessionPolicies, tags: s?.tags ?? {} };
      const identity = await this.#ownerPolicies(r, caller.accountId, 'role', role.name);
      return {
        identity,
        boundary: await this.#boundary(r, caller.accountId, role.boundary_arn),
        session: sessionPolicies,
        tags: { ...tagRecord(parseTags(role.tags)), ...(s.tags ?? {}) },
      };
    }
    const userName =
      caller.type === 'User'
        ? caller.userName
        : caller.type === 'FederatedUser' && s?.parentArn
          ? parentUserName(s.parentArn)
          : undefined;
    if (userName === undefined)
      return { identity: [], boundary: undefined, session: sessionPolicies, tags: s?.tags ?? {} };
    const user = await r.users.get(caller.accountId, userName);
    if (!user) return { identity: [], boundary: undefined, session: sessionPolicies, tags: {} };
    const identity = await this.#ownerPolicies(r, caller.accountId, 'user', user.name);
    for (const g of await r.groupMembers.groupsOf(caller.accountId, user.name))
      identity.push(...(await this.#ownerPolicies(r, caller.accountId, 'group', g)));
    return {
      identity,
      boundary: await this.#boundary(r, caller.accountId, user.boundary_arn),
      session: sessionPolicies,
      tags: tagRecord(parseTags(user.tags)),
    };
  }

  async #ownerPolicies(
    r: ReadRepositories,
    accountId: string,
    kind: OwnerKind,
    name: string,
  ): Promise<LabeledPolicy[]> {
    const owner = { accountId, kind, name };
    const out: LabeledPolicy[] = [];
    for (const p of await r.inlinePolicies.list(owner))
      out.push(label(compilePolicy(p.document, 'identity'), p.policy_name));
    for (const a of await r.attachments.list(owner)) {
      const ref = await findManagedPolicy(r, this.catalogue, accountId, a.policy_arn);
      if (!ref) continue;
      out.push(
        label(
          compilePolicy(await managedPolicyDocument(r, ref), 'identity'),
          a.policy_arn.slice(a.policy_arn.lastIndexOf('/') + 1),
        ),
      );
    }
    return out;
  }

  async #boundary(
    r: ReadRepositories,
    accountId: string,
    arn: string | null,
  ): Promise<LabeledPolicy | undefined> {
    if (arn === null) return undefined;
    const ref = await findManagedPolicy(r, this.catalogue, accountId, arn);
    // A boundary whose policy is gone allows nothing, so the entity can do nothing.
    const doc = ref
      ? await managedPolicyDocument(r, ref)
      : '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}';
    return label(compilePolicy(doc, 'boundary'), arn.slice(arn.lastIndexOf('/') + 1));
  }

  async #sessionPolicies(r: ReadRepositories, caller: Caller): Promise<LabeledPolicy[]> {
    const s = caller.session!;
    const out: LabeledPolicy[] = [];
    if (s.policy !== undefined) out.push(label(compilePolicy(s.policy, 'session'), 'session policy'));
    for (const arn of s.policyArns ?? []) {
      const ref = await findManagedPolicy(r, this.catalogue, caller.accountId, arn);
      if (ref)
        out.push(
          label(
            compilePolicy(await managedPolicyDocument(r, ref), 'session'),
            arn.slice(arn.lastIndexOf('/') + 1),
          ),
        );
    }
    return out;
  }
}

function cacheKey(c: Caller): string {
  const s = c.session;
  // Sessions with their own policies are keyed by access key (their session policies differ).
  if (s && (s.policy !== undefined || (s.policyArns?.length ?? 0) > 0)) return `k:${c.accessKeyId}`;
  if (c.type === 'AssumedRole') return `r:${c.accountId}:${s?.roleId}:${JSON.stringify(s?.tags ?? {})}`;
  if (c.type === 'User') return `u:${c.accountId}:${c.userName}`;
  if (c.type === 'FederatedUser') return `f:${c.accessKeyId}`;
  return `a:${c.accountId}`;
}

const parentUserName = (arn: string): string | undefined =>
  /:user\//.test(arn) ? arn.slice(arn.lastIndexOf('/') + 1) : undefined;
