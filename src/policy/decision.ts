// What evaluate() returns (reference §7.2–§7.6, §4.5, §4.6, §3.10; STYLE.md item 8).
//
// Owns: Decision and its explanation types. A decision carries its reasons as data — the policy
// type that denied, the statements that decided, and (in explain mode) every statement's match
// details, the condition keys the request lacked and the conditions that could not be read — so
// AccessDenied texts, DecodeAuthorizationMessage and SimulatePrincipalPolicy answers are
// rendered from it (render.ts), never re-derived. Imports only types.

import type { CompiledStatement, Effect } from './compiled-policy.js';
import type { ClauseExplanation } from './conditions/condition-clause.js';
import type { AuthzRequest, LabeledPolicy } from './request.js';

export type DecisionResult = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/** Policy types as AWS names them in denial reasons. */
export type PolicyType = 'scp' | 'resource' | 'trust' | 'identity' | 'boundary' | 'session';

/** How a resource or trust policy Allow named the caller (§7.4). */
export type GrantName = 'account' | 'role' | 'direct';

export interface MatchedStatement {
  readonly policyType: PolicyType;
  readonly policy: LabeledPolicy;
  readonly statement: CompiledStatement;
  /** Resource and trust policy Allows: how the statement named the caller. */
  readonly grant?: GrantName | undefined;
  /** A Deny that applies only because one of its conditions could not be read (fail closed). */
  readonly byError?: boolean | undefined;
}

export interface DenialReason {
  readonly kind: 'explicit' | 'implicit';
  /** The policy type AWS names: `…explicit deny in a <type>` / `…because no <type> allows…`. */
  readonly policyType: PolicyType;
}

/** A denial that no policy decides: the account root user may never assume a role (§4.1). */
export type DenialRule = 'root-cannot-assume-role';

export interface StatementExplanation {
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
  readonly action: boolean;
  readonly resource: boolean;
  /** Undefined when the statement has no Principal element. */
  readonly principal: boolean | undefined;
  readonly grant: GrantName | undefined;
  readonly conditions: readonly ClauseExplanation[];
  /** Whether the statement's effect applies to this request. */
  readonly applies: boolean;
  /** Applies (Deny) or not (Allow) only because a condition could not be read. */
  readonly conditionError: boolean;
}

export interface PolicyExplanation {
  readonly policyType: PolicyType;
  readonly label: string;
  readonly result: 'Allow' | 'Deny' | 'NoMatch';
  readonly statements: readonly StatementExplanation[];
}

export interface Explanation {
  readonly crossAccount: boolean;
  /** Per policy type present: did it allow, deny, or neither. */
  readonly typeResults: Readonly<Partial<Record<PolicyType, 'Allow' | 'Deny' | 'NoMatch'>>>;
  readonly policies: readonly PolicyExplanation[];
  /** Condition keys that statements relevant to this request read but the request lacked. */
  readonly missingContextKeys: readonly string[];
  /** Conditions that could not be evaluated, in words. */
  readonly failures: readonly string[];
}

export interface Decision {
  readonly result: DecisionResult;
  readonly request: AuthzRequest;
  /** Set for every denial. */
  readonly denial: DenialReason | undefined;
  readonly rule?: DenialRule | undefined;
  /**
   * The statements that decided: the Deny statements for an explicit deny, the Allow statements
   * that granted for an allow (one per policy type in fast mode, all in explain mode), none for
   * an implicit deny.
   */
  readonly matchedStatements: readonly MatchedStatement[];
  /** Present when evaluated with `{ explain: true }`. */
  readonly explanation: Explanation | undefined;
}

export interface EvaluateOptions {
  /**
   * Evaluate every statement of every policy and record why each matched or not, the missing
   * context keys and unreadable conditions. Slower; for denials that must be explained
   * (DecodeAuthorizationMessage), simulation and audit. The result is always the same.
   */
  readonly explain?: boolean | undefined;
}
