// evaluate() and evaluateTrust(): combining policy types in AWS's order (reference §7.3–§7.6).
//
// Owns the decision logic, written once (combine) and fed either by lazy fast scans or by full
// explain scans, so both modes always agree:
//   1. an applicable Deny in any policy → ExplicitlyDenied (named in the order SCP, resource or
//      trust, identity, boundary, session);
//   2. the root user may never assume a role (§4.1); services and anonymous callers are allowed
//      only by a resource policy that names them;
//   3. SCPs: every level must allow;
//   4. cross-account: the principal side (identity ∧ boundary ∧ session; root implicitly) and the
//      resource side (a resource policy naming the caller, its role or its account) must both allow;
//   5. same account, resource policy: a grant to the caller's own ARN, `*` or a service decides
//      alone; a grant to the role (or the federating user) is still limited by boundary and
//      session policies; a grant to the account needs an identity allow too (§7.4);
//   6. same account, trust policy: must name the caller; by account it also needs an identity
//      allow; the caller's boundary and session policies always apply (§7.6);
//   7. otherwise identity, then boundary, then session policies must allow; root is allowed.
// Session policies: none passed → a role session is not limited, a federation session has no
// permissions (§7.3 step 7). Imports statement-eval, request, decision.

import type {
  Decision,
  DenialReason,
  DenialRule,
  EvaluateOptions,
  Explanation,
  MatchedStatement,
  PolicyExplanation,
  PolicyType,
} from './decision.js';
import { GrantKind } from './principal-matcher.js';
import type { AuthzRequest, LabeledPolicy, PolicySet, PreparedRequest } from './request.js';
import { prepare } from './request.js';
import type { PolicyScan } from './statement-eval.js';
import { anyDeny, bestAllow, explainPolicy, Sink } from './statement-eval.js';

/** What combine() asks about each policy type. */
interface Outcomes {
  firstDeny(): PolicyType | undefined;
  scpAllows(): boolean;
  identityAllows(): boolean;
  boundaryAllows(): boolean;
  sessionAllows(): boolean;
  resourceGrant(): number;
}

interface Verdict {
  readonly allowed: boolean;
  readonly denial: DenialReason | undefined;
  readonly rule?: DenialRule | undefined;
  /** Types whose Allow the decision relied on. */
  readonly used: readonly PolicyType[];
}

const EMPTY: readonly never[] = [];

const REASONS = new Map<string, DenialReason>();
function reason(kind: 'explicit' | 'implicit', policyType: PolicyType): DenialReason {
  const key = kind + policyType;
  let r = REASONS.get(key);
  if (!r) {
    r = Object.freeze({ kind, policyType });
    REASONS.set(key, r);
  }
  return r;
}

// Small helpers instead of closures: evaluate() runs a million times a second and must not
// allocate functions per call.
function implicitDeny(type: PolicyType, used: PolicyType[], rule?: DenialRule): Verdict {
  return rule
    ? { allowed: false, denial: reason('implicit', type), rule, used }
    : { allowed: false, denial: reason('implicit', type), used };
}

function allow(used: PolicyType[]): Verdict {
  return { allowed: true, denial: undefined, used };
}

function note(used: PolicyType[], type: PolicyType, allows: boolean): boolean {
  if (allows) used.push(type);
  return allows;
}

function resourceType(policies: PolicySet): PolicyType {
  return policies.resource?.policy.policy.kind === 'trust' ? 'trust' : 'resource';
}

/** Identity, then boundary, then session policies must allow (the principal's side). */
function principalSide(policies: PolicySet, o: Outcomes, used: PolicyType[]): Verdict | undefined {
  if (!note(used, 'identity', o.identityAllows())) return implicitDeny('identity', used);
  if (policies.boundary && !note(used, 'boundary', o.boundaryAllows())) return implicitDeny('boundary', used);
  if (!note(used, 'session', o.sessionAllows())) return implicitDeny('session', used);
  return undefined;
}

/** Boundary, then session policies must allow (grants that still pass through them). */
function limits(policies: PolicySet, o: Outcomes, used: PolicyType[]): Verdict | undefined {
  if (policies.boundary && !note(used, 'boundary', o.boundaryAllows())) return implicitDeny('boundary', used);
  if (!note(used, 'session', o.sessionAllows())) return implicitDeny('session', used);
  return undefined;
}

function combine(p: PreparedRequest, policies: PolicySet, o: Outcomes): Verdict {
  const used: PolicyType[] = [];

  const explicit = o.firstDeny();
  if (explicit) return { allowed: false, denial: reason('explicit', explicit), used };

  const principal = p.principal;
  const rp = policies.resource;
  const rpType = resourceType(policies);
  const trust = rpType === 'trust';
  if (trust && principal.type === 'Account') return implicitDeny('trust', used, 'root-cannot-assume-role');
  if (principal.type === 'Service' || principal.type === 'Anonymous')
    return rp && note(used, rpType, o.resourceGrant() > 0) ? allow(used) : implicitDeny(rpType, used);

  if (policies.scps?.length && !note(used, 'scp', o.scpAllows())) return implicitDeny('scp', used);
  const isRoot = principal.type === 'Account';

  const owner = rp?.ownerAccount ?? p.request.resourceAccount ?? principal.accountId;
  if (owner !== principal.accountId) {
    if (!isRoot) {
      const d = principalSide(policies, o, used);
      if (d) return d;
    }
    return rp && note(used, rpType, o.resourceGrant() > 0) ? allow(used) : implicitDeny(rpType, used);
  }

  if (trust) {
    const g = o.resourceGrant();
    if (!note(used, 'trust', g > 0)) return implicitDeny('trust', used);
    if (g === GrantKind.Account && !note(used, 'identity', o.identityAllows()))
      return implicitDeny('identity', used);
    return limits(policies, o, used) ?? allow(used);
  }
  if (isRoot) return allow(used);
  const g = rp ? o.resourceGrant() : GrantKind.None;
  if (g === GrantKind.Direct) {
    used.push(rpType);
    return allow(used);
  }
  if (g === GrantKind.Role) {
    used.push(rpType);
    return limits(policies, o, used) ?? allow(used);
  }
  return principalSide(policies, o, used) ?? allow(used);
}

/** SCPs bind the principals of member accounts, never services or anonymous callers. */
function scpsApply(p: PreparedRequest): boolean {
  return p.principal.type !== 'Service' && p.principal.type !== 'Anonymous';
}

function noSessionPolicyMeansDeny(p: PreparedRequest): boolean {
  return p.principal.type === 'FederatedUser';
}

/** Lazy scans: each question is answered only when combine() asks it. */
class FastOutcomes implements Outcomes {
  readonly sink = new Sink();
  private readonly rpType: PolicyType;

  constructor(
    private readonly p: PreparedRequest,
    private readonly policies: PolicySet,
  ) {
    this.rpType = resourceType(policies);
  }

  private anyAllows(list: readonly LabeledPolicy[], type: PolicyType): boolean {
    for (let i = 0; i < list.length; i++)
      if (bestAllow(list[i] as LabeledPolicy, type, this.p, this.sink) > 0) return true;
    return false;
  }

  private anyDenyIn(list: readonly LabeledPolicy[], type: PolicyType): boolean {
    for (let i = 0; i < list.length; i++)
      if (anyDeny(list[i] as LabeledPolicy, type, this.p, this.sink)) return true;
    return false;
  }

  firstDeny(): PolicyType | undefined {
    const ps = this.policies;
    const scps = scpsApply(this.p) ? (ps.scps ?? EMPTY) : EMPTY;
    for (let i = 0; i < scps.length; i++)
      if (this.anyDenyIn(scps[i] as readonly LabeledPolicy[], 'scp')) return 'scp';
    if (ps.resource && anyDeny(ps.resource.policy, this.rpType, this.p, this.sink)) return this.rpType;
    if (this.anyDenyIn(ps.identity ?? EMPTY, 'identity')) return 'identity';
    if (ps.boundary && anyDeny(ps.boundary, 'boundary', this.p, this.sink)) return 'boundary';
    if (this.anyDenyIn(ps.session ?? EMPTY, 'session')) return 'session';
    return undefined;
  }

  scpAllows(): boolean {
    const scps = this.policies.scps ?? EMPTY;
    for (let i = 0; i < scps.length; i++)
      if (!this.anyAllows(scps[i] as readonly LabeledPolicy[], 'scp')) return false;
    return true;
  }

  identityAllows(): boolean {
    return this.anyAllows(this.policies.identity ?? EMPTY, 'identity');
  }

  boundaryAllows(): boolean {
    const b = this.policies.boundary;
    return !b || bestAllow(b, 'boundary', this.p, this.sink) > 0;
  }

  sessionAllows(): boolean {
    const s = this.policies.session;
    return s?.length ? this.anyAllows(s, 'session') : !noSessionPolicyMeansDeny(this.p);
  }

  resourceGrant(): number {
    const r = this.policies.resource;
    return r ? bestAllow(r.policy, this.rpType, this.p, this.sink) : 0;
  }
}

export function evaluate(request: AuthzRequest, policies: PolicySet, options?: EvaluateOptions): Decision {
  const p = prepare(request, policies);
  if (options?.explain) return explainEvaluate(p, policies);
  const o = new FastOutcomes(p, policies);
  const v = combine(p, policies, o);
  return decision(p, v, o.sink.matched, undefined);
}

/** Whether a recorded statement is one of those that decided `result`. */
function decided(m: MatchedStatement, result: Decision['result'], used: readonly PolicyType[]): boolean {
  return result === 'ExplicitlyDenied'
    ? m.statement.effect === 'Deny'
    : m.statement.effect === 'Allow' && used.includes(m.policyType);
}

function decision(
  p: PreparedRequest,
  v: Verdict,
  matched: readonly MatchedStatement[],
  explanation: Explanation | undefined,
): Decision {
  const result = v.allowed
    ? 'Allowed'
    : v.denial?.kind === 'explicit'
      ? 'ExplicitlyDenied'
      : 'ImplicitlyDenied';
  let decisive: readonly MatchedStatement[] = EMPTY;
  if (result !== 'ImplicitlyDenied') {
    let all = true;
    for (let i = 0; i < matched.length && all; i++)
      all = decided(matched[i] as MatchedStatement, result, v.used);
    // Usually every recorded statement decided: reuse the array instead of copying it.
    decisive = all ? matched : matched.filter((m) => decided(m, result, v.used));
  }
  return {
    result,
    request: p.request,
    denial: v.denial,
    rule: v.rule,
    matchedStatements: decisive,
    explanation,
  };
}

function explainEvaluate(p: PreparedRequest, policies: PolicySet): Decision {
  const rpType = resourceType(policies);
  const scans: { type: PolicyType; lp: LabeledPolicy; scan: PolicyScan; level?: number }[] = [];
  (scpsApply(p) ? (policies.scps ?? []) : []).forEach((level, i) => {
    for (const lp of level) scans.push({ type: 'scp', lp, scan: explainPolicy(lp, 'scp', p), level: i });
  });
  if (policies.resource)
    scans.push({
      type: rpType,
      lp: policies.resource.policy,
      scan: explainPolicy(policies.resource.policy, rpType, p),
    });
  for (const lp of policies.identity ?? [])
    scans.push({ type: 'identity', lp, scan: explainPolicy(lp, 'identity', p) });
  if (policies.boundary)
    scans.push({
      type: 'boundary',
      lp: policies.boundary,
      scan: explainPolicy(policies.boundary, 'boundary', p),
    });
  for (const lp of policies.session ?? [])
    scans.push({ type: 'session', lp, scan: explainPolicy(lp, 'session', p) });

  const of = (type: PolicyType): typeof scans => scans.filter((s) => s.type === type);
  const allows = (type: PolicyType): boolean => of(type).some((s) => s.scan.grant > 0);
  const order: PolicyType[] = ['scp', rpType, 'identity', 'boundary', 'session'];
  const outcomes: Outcomes = {
    firstDeny: () => order.find((t) => of(t).some((s) => s.scan.deny)),
    scpAllows: () =>
      (policies.scps ?? []).every((_, i) => of('scp').some((s) => s.level === i && s.scan.grant > 0)),
    identityAllows: () => allows('identity'),
    boundaryAllows: () => !policies.boundary || allows('boundary'),
    sessionAllows: () => (policies.session?.length ? allows('session') : !noSessionPolicyMeansDeny(p)),
    resourceGrant: () => Math.max(0, ...of(rpType).map((s) => s.scan.grant)),
  };
  const v = combine(p, policies, outcomes);
  const typeResults: Partial<Record<PolicyType, 'Allow' | 'Deny' | 'NoMatch'>> = {};
  for (const t of order) {
    const list = of(t);
    if (list.length === 0) continue;
    const allowed = t === 'scp' ? outcomes.scpAllows() : list.some((s) => s.scan.grant > 0);
    typeResults[t] = list.some((s) => s.scan.deny) ? 'Deny' : allowed ? 'Allow' : 'NoMatch';
  }
  const missing = new Map<string, string>();
  for (const s of scans)
    for (const k of s.scan.missing) if (!missing.has(k.toLowerCase())) missing.set(k.toLowerCase(), k);
  const policiesExplained: PolicyExplanation[] = scans.map((s) => ({
    policyType: s.type,
    label: s.lp.label,
    result: s.scan.deny ? 'Deny' : s.scan.grant > 0 ? 'Allow' : 'NoMatch',
    statements: s.scan.statements,
  }));
  const owner = policies.resource?.ownerAccount ?? p.request.resourceAccount ?? p.principal.accountId;
  const explanation: Explanation = {
    crossAccount: owner !== p.principal.accountId,
    typeResults,
    policies: policiesExplained,
    missingContextKeys: [...missing.values()],
    failures: scans.flatMap((s) => s.scan.failures),
  };
  const matched = scans.flatMap((s) => [...s.scan.denies, ...s.scan.allows]);
  return decision(p, v, matched, explanation);
}

/** sts:AssumeRole / sts:TagSession / sts:SetSourceIdentity against a role's trust policy (§7.6). */
export interface TrustPolicies {
  /** The role's trust policy (compiled as kind 'trust'). */
  readonly trust: LabeledPolicy;
  /** The role's account. */
  readonly roleAccount: string;
  /** The caller's policies. */
  readonly identity?: readonly LabeledPolicy[] | undefined;
  readonly boundary?: LabeledPolicy | undefined;
  readonly session?: readonly LabeledPolicy[] | undefined;
  readonly scps?: readonly (readonly LabeledPolicy[])[] | undefined;
}

export function evaluateTrust(request: AuthzRequest, t: TrustPolicies, options?: EvaluateOptions): Decision {
  if (t.trust.policy.kind !== 'trust')
    throw new TypeError('evaluateTrust needs a policy compiled as kind "trust"');
  return evaluate(
    request,
    {
      identity: t.identity,
      boundary: t.boundary,
      session: t.session,
      scps: t.scps,
      resource: { policy: t.trust, ownerAccount: t.roleAccount },
    },
    options,
  );
}
