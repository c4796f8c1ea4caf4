// String condition operators (reference §6.6 String rows; UG reference_policies_elements_condition_operators).
//
// Owns: StringEquals, StringNotEquals, StringEqualsIgnoreCase, StringNotEqualsIgnoreCase,
// StringLike, StringNotLike.
//   - StringEquals compares exactly; `*` is literal (AWS simulator, [subvectors]);
//   - …IgnoreCase folds case on both sides;
//   - StringLike: `*` any run (spanning `/` and `:`), `?` one character, case-sensitive;
//   - all accept policy variables; a substituted value is literal.
// Imports the operator interface, glob and variables.

import type { ContextEntry, RequestContext } from '../context.js';
import { valueParser } from '../context.js';
import { Glob } from '../glob.js';
import type { TemplateToken } from '../variables.js';
import { hasVariables, resolveTemplate } from '../variables.js';
import type { ConditionOperator, Tri } from './operator.js';
import { FALSE, negation, TRUE } from './operator.js';

/** A policy string: plain text, or a template with variables resolved per request. */
interface Text {
  readonly literal: string | undefined;
  readonly tokens: readonly TemplateToken[] | undefined;
}

function compileText(value: string, tokens: readonly TemplateToken[] | undefined, lower: boolean): Text {
  if (tokens && hasVariables(tokens)) return { literal: undefined, tokens };
  const literal = tokens ? tokens.map((t) => (t.t === 'var' ? '' : t.text)).join('') : value;
  return { literal: lower ? literal.toLowerCase() : literal, tokens: undefined };
}

function resolveText(t: Text, ctx: RequestContext, lower: boolean): string | undefined {
  if (t.literal !== undefined) return t.literal;
  const v = resolveTemplate(t.tokens ?? [], ctx);
  return v === undefined ? undefined : lower ? v.toLowerCase() : v;
}

const LOWER = valueParser((v) => v.toLowerCase());

export const StringEquals: ConditionOperator<Text> = {
  name: 'StringEquals',
  negated: false,
  variables: true,
  compile: (value, tokens) => compileText(value, tokens, false),
  test(entry: ContextEntry, i: number, value: Text, ctx: RequestContext): Tri {
    const want = resolveText(value, ctx, false);
    return want !== undefined && entry.values[i] === want ? TRUE : FALSE;
  },
};

export const StringEqualsIgnoreCase: ConditionOperator<Text> = {
  name: 'StringEqualsIgnoreCase',
  negated: false,
  variables: true,
  compile: (value, tokens) => compileText(value, tokens, true),
  test(entry: ContextEntry, i: number, value: Text, ctx: RequestContext): Tri {
    const want = resolveText(value, ctx, true);
    return want !== undefined && entry.parsedAs(LOWER)[i] === want ? TRUE : FALSE;
  },
};

export const StringLike: ConditionOperator<Glob> = {
  name: 'StringLike',
  negated: false,
  variables: true,
  compile: (value, tokens) => (tokens ? Glob.fromTokens(tokens, value) : Glob.of(value)),
  test(entry: ContextEntry, i: number, value: Glob, ctx: RequestContext): Tri {
    const v = entry.values[i] ?? '';
    return value.matches(v, 0, v.length, ctx) ? TRUE : FALSE;
  },
};

export const StringNotEquals = negation(StringEquals, 'StringNotEquals');
export const StringNotEqualsIgnoreCase = negation(StringEqualsIgnoreCase, 'StringNotEqualsIgnoreCase');
export const StringNotLike = negation(StringLike, 'StringNotLike');

export const STRING_OPERATORS: readonly ConditionOperator[] = [
  StringEquals,
  StringNotEquals,
  StringEqualsIgnoreCase,
  StringNotEqualsIgnoreCase,
  StringLike,
  StringNotLike,
] as readonly ConditionOperator[];
