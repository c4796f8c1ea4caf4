// The compiled, validated form of a policy (reference §6, §7.2; STYLE.md item 7).
//
// Owns: CompiledPolicy and CompiledStatement. A CompiledPolicy can only be made by compile.ts
// from a document that passed validation, so holding one proves the document was valid
// ("parse, don't validate"). Statements are indexed by the service prefix of their actions and
// split by effect, so a request for `s3:GetObject` touches only statements that name `s3:…`,
// `*:…` or `*`, or use NotAction — and Deny statements can be scanned before any Allow.
// Imports the matchers.

import type { ActionMatcher, PreparedAction } from './action-matcher.js';
import type { ConditionSet } from './conditions/condition-clause.js';
import type { PolicyVersion } from './grammar.js';
import type { PolicyKind } from './policy-kinds.js';
import type { PrincipalEntry, PrincipalMatcher } from './principal-matcher.js';
import type { ResourceMatcher } from './resource-matcher.js';

/** 1-based position in the policy text, as SimulatePrincipalPolicy reports it. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

export type Effect = 'Allow' | 'Deny';

/** What a statement says, as written (for explanations and DecodeAuthorizationMessage). */
export interface StatementSource {
  readonly actions: readonly string[];
  readonly notActions: boolean;
  readonly resources: readonly string[] | undefined;
  readonly notResources: boolean;
  readonly principals: readonly PrincipalEntry[] | undefined;
  readonly notPrincipals: boolean;
}

export class CompiledStatement {
  constructor(
    /** 0-based position in the Statement list. */
    readonly index: number,
    readonly sid: string | undefined,
    readonly effect: Effect,
    readonly actions: ActionMatcher,
    /** Undefined when the statement has no Resource element (resource and trust policies). */
    readonly resources: ResourceMatcher | undefined,
    /** Undefined when the statement has no Principal/NotPrincipal element. */
    readonly principals: PrincipalMatcher | undefined,
    readonly conditions: ConditionSet | undefined,
    /** Just inside the opening brace and just past the closing brace (AWS's convention). */
    readonly start: TextPosition,
    readonly end: TextPosition,
    readonly source: StatementSource,
  ) {}
}

export interface StatementBuckets {
  readonly deny: readonly CompiledStatement[];
  readonly allow: readonly CompiledStatement[];
}

const MAX_MEMO = 512;

/** Proof of construction by compile.ts; not exported from the package entry point. */
export const COMPILE_TOKEN: unique symbol = Symbol('compiled-policy');

export class CompiledPolicy {
  private readonly memo = new Map<string, StatementBuckets>();
  /** The last two actions asked about: a pointer comparison answers repeated questions. */
  private lastAction: PreparedAction | undefined;
  private lastBuckets: StatementBuckets | undefined;
  private prevAction: PreparedAction | undefined;
  private prevBuckets: StatementBuckets | undefined;

  constructor(
    token: typeof COMPILE_TOKEN,
    readonly kind: PolicyKind,
    /** SHA-256 of the text (hex): the cache key and a stable policy identity for audit. */
    readonly hash: string,
    /** As written; undefined means the 2008-10-17 default (variables are then literal text). */
    readonly version: PolicyVersion | undefined,
    /** The policy's Id element. */
    readonly id: string | undefined,
    readonly statements: readonly CompiledStatement[],
    /** IAM user/role ARNs named as AWS principals: IAM must check they exist (§6.4). */
    readonly principalArns: readonly string[],
    /** Service principals named (`ec2.amazonaws.com`). */
    readonly servicePrincipals: readonly string[],
    /** Condition keys and variables the policy reads (GetContextKeysFor*Policy). */
    readonly conditionKeys: readonly string[],
    private readonly byService: ReadonlyMap<string, StatementBuckets>,
    private readonly anyService: StatementBuckets,
  ) {
    if (token !== COMPILE_TOKEN) throw new TypeError('CompiledPolicy is created by compilePolicy()');
  }

  /**
   * The statements whose Action/NotAction element covers `action`, in document order, split by
   * effect. Action matching needs nothing but the action, so the answer is computed once per
   * action name and remembered: evaluation never re-tests actions.
   */
  candidates(action: PreparedAction): StatementBuckets {
    if (action === this.lastAction && this.lastBuckets) return this.lastBuckets;
    if (action === this.prevAction && this.prevBuckets) return this.prevBuckets;
    const hit = this.memo.get(action.lower) ?? this.computeCandidates(action);
    this.prevAction = this.lastAction;
    this.prevBuckets = this.lastBuckets;
    this.lastAction = action;
    this.lastBuckets = hit;
    return hit;
  }

  private computeCandidates(action: PreparedAction): StatementBuckets {
    const own = this.byService.get(action.service);
    const pick = (
      list: readonly CompiledStatement[],
      extra: readonly CompiledStatement[],
    ): CompiledStatement[] =>
      [...list, ...extra].filter((st) => st.actions.covers(action)).sort((x, y) => x.index - y.index);
    const out: StatementBuckets = {
      deny: pick(own?.deny ?? [], this.anyService.deny),
      allow: pick(own?.allow ?? [], this.anyService.allow),
    };
    if (this.memo.size < MAX_MEMO) this.memo.set(action.lower, out);
    return out;
  }
}
