// One condition clause and a statement's Condition block (reference §6.6 combination rules, §6.7).
//
// Owns the semantics shared by every operator family:
//   - a clause is (operator, key, values); clauses AND, a key's values OR;
//   - negated operators (…Not…, NotIpAddress) with several values AND: the request value must
//     match none of them;
//   - key absent: positive operators false, negated true, …IfExists true, ForAllValues true,
//     ForAnyValue false (§6.6 "Missing key", §6.7);
//   - a plain (non-set) operator against a multi-valued request value never matches, negated
//     or not ([IS] condition.ts, "Confirmed at re:Inforce 2025 IAM431"; README decision);
//   - ForAllValues: every request value satisfies the operator; ForAnyValue: at least one;
//     a single-valued request value is a one-element set;
//   - Null: "true" means absent, "false" present; set prefixes do not change it;
//   - a clause with no values, or an unreadable value, yields ERROR (unknown means deny).
// Evaluation is three-valued (Kleene): one FALSE clause makes the block FALSE even if another
// errs. Imports the registry and the context.

import type { ContextEntry, RequestContext } from '../context.js';
import type { TemplateToken } from '../variables.js';
import { tokenize, variableKeys } from '../variables.js';
import type { ConditionOperator, Tri } from './operator.js';
import { ERROR, FALSE, TRUE } from './operator.js';
import type { OperatorName, SetOperator } from './registry.js';
import { NULL_OPERATOR, parseOperatorName } from './registry.js';

export type TriName = 'true' | 'false' | 'error';

export interface ClauseExplanation {
  readonly operator: string;
  readonly key: string;
  readonly policyValues: readonly string[];
  /** The request's values for the key; undefined when the key was absent. */
  readonly requestValues: readonly string[] | undefined;
  readonly result: TriName;
  /** Why, in plain words, when the reason is not just a value comparison. */
  readonly note?: string;
}

export function triName(t: Tri): TriName {
  return t === TRUE ? 'true' : t === FALSE ? 'false' : 'error';
}

export class ConditionClause {
  readonly keyLower: string;
  private readonly op: ConditionOperator | undefined;
  private readonly isNull: boolean;
  private readonly negated: boolean;
  private readonly set: SetOperator;
  private readonly ifExists: boolean;
  private readonly compiled: readonly unknown[];
  /** Keys named by `${…}` in the values. */
  readonly variableKeys: readonly string[];

  constructor(
    /** The operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
    readonly operator: string,
    readonly key: string,
    readonly values: readonly string[],
    name: OperatorName,
    variables: boolean,
  ) {
    this.keyLower = key.toLowerCase();
    this.set = name.set;
    this.ifExists = name.ifExists;
    this.isNull = name.op === NULL_OPERATOR;
    const op = name.op === NULL_OPERATOR ? undefined : name.op;
    this.op = op;
    this.negated = op?.negated ?? false;
    const keys: string[] = [];
    this.compiled = values.map((v) => {
      if (!op) return v;
      let tokens: readonly TemplateToken[] | undefined;
      if (variables && op.variables) {
        tokens = tokenize(v);
        keys.push(...variableKeys(tokens));
      }
      return op.compile(v, tokens);
    });
    this.variableKeys = keys;
  }

  static compile(
    operator: string,
    key: string,
    values: readonly string[],
    variables: boolean,
  ): ConditionClause {
    const name = parseOperatorName(operator);
    // Validation rejects unknown operators with values; the grammar drops empty blocks.
    if (!name) throw new TypeError(`unknown condition operator ${operator}`);
    return new ConditionClause(operator, key, values, name, variables);
  }

  evaluate(ctx: RequestContext): Tri {
    if (this.values.length === 0) return ERROR;
    const entry = ctx.getLower(this.keyLower);
    if (this.isNull) return this.nullTest(entry);
    if (entry === undefined) {
      if (this.ifExists || this.set === 'ForAllValues') return TRUE;
      if (this.set === 'ForAnyValue') return FALSE;
      return this.negated ? TRUE : FALSE;
    }
    if (this.set === 'none') return entry.multi ? FALSE : this.one(entry, 0, ctx);
    let err = false;
    const n = entry.values.length;
    if (this.set === 'ForAllValues') {
      for (let i = 0; i < n; i++) {
        const r = this.one(entry, i, ctx);
        if (r === FALSE) return FALSE;
        if (r === ERROR) err = true;
      }
      return err ? ERROR : TRUE;
    }
    for (let i = 0; i < n; i++) {
      const r = this.one(entry, i, ctx);
      if (r === TRUE) return TRUE;
      if (r === ERROR) err = true;
    }
    return err ? ERROR : FALSE;
  }

  explain(ctx: RequestContext): ClauseExplanation {
    const result = this.evaluate(ctx);
    const entry = ctx.getLower(this.keyLower);
    let note: string | undefined;
    if (this.values.length === 0) note = 'the condition lists no values';
    else if (!entry) note = 'the key is not in the request context';
    else if (!this.isNull && this.set === 'none' && entry.multi)
      note = 'the key is multi-valued; only ForAllValues/ForAnyValue can match it';
    else if (result === ERROR) note = 'a policy or request value could not be read for this operator';
    const base = {
      operator: this.operator,
      key: this.key,
      policyValues: this.values,
      requestValues: entry?.values,
      result: triName(result),
    };
    return note === undefined ? base : { ...base, note };
  }

  private nullTest(entry: ContextEntry | undefined): Tri {
    if (entry === undefined && this.ifExists) return TRUE;
    const present = entry !== undefined;
    for (const v of this.values) {
      const lv = v.toLowerCase();
      if ((lv === 'true' && !present) || (lv === 'false' && present)) return TRUE;
    }
    return FALSE;
  }

  /** One request value against all policy values: OR for positive operators, NOR for negated. */
  private one(entry: ContextEntry, i: number, ctx: RequestContext): Tri {
    const op = this.op;
    if (!op) return ERROR;
    let err = false;
    for (const c of this.compiled) {
      if (c === undefined) {
        err = true;
        continue;
      }
      const r = op.test(entry, i, c, ctx);
      if (r === TRUE) return this.negated ? FALSE : TRUE;
      if (r === ERROR) err = true;
    }
    if (err) return ERROR;
    return this.negated ? TRUE : FALSE;
  }
}

/** A statement's Condition element: clauses AND together. */
export class ConditionSet {
  constructor(readonly clauses: readonly ConditionClause[]) {}

  evaluate(ctx: RequestContext): Tri {
    let err = false;
    for (const c of this.clauses) {
      const r = c.evaluate(ctx);
      if (r === FALSE) return FALSE;
      if (r === ERROR) err = true;
    }
    return err ? ERROR : TRUE;
  }

  explain(ctx: RequestContext): ClauseExplanation[] {
    return this.clauses.map((c) => c.explain(ctx));
  }

  /** Condition keys the clauses test, plus keys their variables read (as written, deduplicated). */
  get keys(): string[] {
    const seen = new Map<string, string>();
    for (const c of this.clauses) {
      for (const k of [c.key, ...c.variableKeys])
        if (!seen.has(k.toLowerCase())) seen.set(k.toLowerCase(), k);
    }
    return [...seen.values()];
  }
}
