// Evaluating the statements of one policy against a prepared request (reference §7.2).
//
// Owns: "does this statement apply?" and the per-policy scans evaluate.ts combines.
// A statement applies when its action element covers the action, its resource element the
// resource (no Resource element: the resource the policy is attached to), its principal
// element names the caller (resource and trust policies), and its conditions hold.
//   - conditions that end in ERROR (an unreadable value) make an Allow not apply and a Deny
//     apply: unknown means deny (STYLE.md item 10);
//   - NotPrincipal with Allow never grants ("not supported", UG notprincipal); with Deny it
//     applies to every caller not fully listed, and always to a caller with a permissions
//     boundary (UG access_policies_boundaries);
//   - for resource-policy Allows the result is *how* the caller was named (GrantKind).
// The fast scans stop as soon as the answer is known and allocate only for matches; the explain
// scan visits every statement and records everything.
// Imports matchers, conditions and decision types.

import type { CompiledStatement } from './compiled-policy.js';
import { ERROR, FALSE } from './conditions/operator.js';
import type { GrantName, MatchedStatement, PolicyType, StatementExplanation } from './decision.js';
import { GrantKind } from './principal-matcher.js';
import type { LabeledPolicy, PreparedRequest } from './request.js';

/** Bit set on a test result when a Deny applies only because a condition could not be read. */
const BY_ERROR = 8;

export function grantName(g: number): GrantName | undefined {
  return g === GrantKind.Direct
    ? 'direct'
    : g === GrantKind.Role
      ? 'role'
      : g === GrantKind.Account
        ? 'account'
        : undefined;
}

/**
 * For a statement whose action element covers the request's action (CompiledPolicy.candidates
 * guarantees it): 0 when the statement does not apply; otherwise its GrantKind (Direct for
 * statements without a Principal), with BY_ERROR set when a Deny applies through an unreadable
 * condition.
 */
export function testStatement(st: CompiledStatement, p: PreparedRequest): number {
  if (st.resources !== undefined && !st.resources.covers(p.resource, p.ctx)) return 0;
  let grant: number = GrantKind.Direct;
  const pm = st.principals;
  if (pm !== undefined) {
    if (pm.negated) {
      if (st.effect === 'Allow') return 0;
      if (!p.hasBoundary && pm.exempts(p.principal)) return 0;
    } else {
      grant = pm.grant(p.principal);
      if (grant === GrantKind.None) return 0;
    }
  }
  const cs = st.conditions;
  if (cs !== undefined) {
    const c = cs.evaluate(p.ctx);
    if (c === FALSE) return 0;
    if (c === ERROR) return st.effect === 'Deny' ? grant | BY_ERROR : 0;
  }
  return grant;
}

const EMPTY_MATCHES: MatchedStatement[] = [];

/** Collects the statements that decided (allocating only when one does). */
export class Sink {
  matched: MatchedStatement[] = EMPTY_MATCHES;

  add(type: PolicyType, policy: LabeledPolicy, statement: CompiledStatement, r: number): void {
    if (this.matched === EMPTY_MATCHES) this.matched = [];
    this.matched.push({
      policyType: type,
      policy,
      statement,
      grant: statement.principals !== undefined ? grantName(r & 7) : undefined,
      byError: (r & BY_ERROR) !== 0,
    });
  }
}

/** Fast: does any Deny statement of `lp` apply? Records the first one. */
export function anyDeny(lp: LabeledPolicy, type: PolicyType, p: PreparedRequest, sink: Sink): boolean {
  const list = lp.policy.candidates(p.action).deny;
  for (let i = 0; i < list.length; i++) {
    const st = list[i] as CompiledStatement;
    const r = testStatement(st, p);
    if (r !== 0) {
      sink.add(type, lp, st, r);
      return true;
    }
  }
  return false;
}

/** Fast: the strongest grant among the Allow statements of `lp` (GrantKind); records the best. */
export function bestAllow(
  lp: LabeledPolicy,
  type: PolicyType,
  p: PreparedRequest,
  sink: Sink | undefined,
): number {
  const list = lp.policy.candidates(p.action).allow;
  let best = 0;
  let bestSt: CompiledStatement | undefined;
  for (let i = 0; i < list.length; i++) {
    const st = list[i] as CompiledStatement;
    const r = testStatement(st, p);
    if (r > best) {
      best = r;
      bestSt = st;
      if (r === GrantKind.Direct) break;
    }
  }
  if (sink && bestSt) sink.add(type, lp, bestSt, best);
  return best;
}

export interface PolicyScan {
  readonly deny: boolean;
  readonly grant: number;
  readonly denies: MatchedStatement[];
  readonly allows: MatchedStatement[];
  readonly statements: StatementExplanation[];
  /** Keys read by relevant statements but absent from the request. */
  readonly missing: string[];
  readonly failures: string[];
}

/** Explain: every statement of `lp`, with why it matched or not. */
export function explainPolicy(lp: LabeledPolicy, type: PolicyType, p: PreparedRequest): PolicyScan {
  const scan: PolicyScan = {
    deny: false,
    grant: 0,
    denies: [],
    allows: [],
    statements: [],
    missing: [],
    failures: [],
  };
  let grant = 0;
  let deny = false;
  const sink = new Sink();
  for (const st of lp.policy.statements) {
    const action = st.actions.covers(p.action);
    const resource = st.resources === undefined || st.resources.covers(p.resource, p.ctx);
    let principal: boolean | undefined;
    let g: number = GrantKind.Direct;
    const pm = st.principals;
    if (pm !== undefined) {
      if (pm.negated) principal = st.effect === 'Deny' && (p.hasBoundary || !pm.exempts(p.principal));
      else {
        g = pm.grant(p.principal);
        principal = g !== GrantKind.None;
      }
    }
    const conditions = st.conditions?.explain(p.ctx) ?? [];
    const r = action ? testStatement(st, p) : 0;
    const conditionError = conditions.some((c) => c.result === 'error');
    if (action && resource && principal !== false) {
      for (const c of conditions) {
        if (c.requestValues === undefined) scan.missing.push(c.key);
        if (c.result === 'error')
          scan.failures.push(
            `${lp.label} statement ${st.sid ?? st.index + 1}: ${c.operator} on ${c.key} could not be evaluated`,
          );
      }
      for (const k of st.conditions?.keys ?? [])
        if (!p.ctx.has(k) && !scan.missing.includes(k)) scan.missing.push(k);
    }
    if (r !== 0) {
      sink.add(type, lp, st, r);
      if (st.effect === 'Deny') deny = true;
      else grant = Math.max(grant, r & 7);
    }
    scan.statements.push({
      index: st.index,
      sid: st.sid,
      effect: st.effect,
      action,
      resource,
      principal,
      grant: principal ? grantName(g) : undefined,
      conditions,
      applies: r !== 0,
      conditionError,
    });
  }
  for (const m of sink.matched) (m.statement.effect === 'Deny' ? scan.denies : scan.allows).push(m);
  return { ...scan, deny, grant };
}
