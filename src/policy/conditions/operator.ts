// The one interface every condition operator family implements (reference §6.6; STYLE.md item 9).
//
// Owns: ConditionOperator, the three-valued result Tri, and negation. An operator only knows how
// to compile one policy value and test one request value against it (the *positive* question:
// "does it equal / match / fall in range?"). Everything else (several policy values, several
// request values, negated operators, IfExists, ForAllValues/ForAnyValue, Null, missing keys) is
// the clause's job (condition-clause.ts), written once for all families.
// Imports context and variables types.

import type { ContextEntry, RequestContext } from '../context.js';
import type { TemplateToken } from '../variables.js';

/**
 * A three-valued result: FALSE, TRUE, or ERROR when a value could not be read (a non-numeric
 * NumericEquals value, a malformed CIDR…). Unknown means deny: a statement whose conditions
 * end in ERROR never grants (Allow) and always applies (Deny). See statement-eval.ts.
 */
export type Tri = 0 | 1 | 2;
export const FALSE: Tri = 0;
export const TRUE: Tri = 1;
export const ERROR: Tri = 2;

export interface ConditionOperator<P = unknown> {
  /** Base name as written in policies, e.g. `StringEquals`. */
  readonly name: string;
  /** True for the Not… operators: the clause inverts the positive result. */
  readonly negated: boolean;
  /** Whether policy variables are substituted in this operator's values (§6.8). */
  readonly variables: boolean;
  /**
   * Compiles one policy value. `tokens` is given when variables apply (policy Version
   * 2012-10-17 and `variables`). Returns undefined when the value can never be read.
   */
  compile(value: string, tokens: readonly TemplateToken[] | undefined): P | undefined;
  /** Positive test of request value `i` of `entry` against one compiled policy value. */
  test(entry: ContextEntry, i: number, value: P, ctx: RequestContext): Tri;
}

/** The Not… twin of a positive operator: same compile and test, inverted by the clause. */
export function negation<P>(op: ConditionOperator<P>, name: string): ConditionOperator<P> {
  return { ...op, name, negated: true };
}
