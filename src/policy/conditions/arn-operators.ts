// ARN condition operators (reference §6.6 Arn row; UG: "Each of the six colon-delimited
// components of the ARN is checked separately and each can include multi-character match
// wildcards (*) or single-character match wildcards (?)").
//
// Owns: ArnEquals ≡ ArnLike and ArnNotEquals ≡ ArnNotLike.
//   - both sides are split into six components at the first five colons (the sixth, the
//     resource id, keeps any further colons);
//   - each component is a case-sensitive glob that cannot reach into its neighbours, so
//     `arn:aws:*` (three components) never matches where StringLike would;
//   - policy variables are allowed; colons inside `${…}` do not split components;
//   - a value with fewer than six components (either side) is an ERROR.
// Imports the operator interface, glob and variables.

import type { ContextEntry, RequestContext } from '../context.js';
import { valueParser } from '../context.js';
import { Glob } from '../glob.js';
import type { TemplateToken } from '../variables.js';
import { tokenize } from '../variables.js';
import type { ConditionOperator, Tri } from './operator.js';
import { ERROR, FALSE, negation, TRUE } from './operator.js';

/** Offsets of the first five colons, ignoring colons inside `${…}`; undefined if fewer. */
export function arnColons(text: string, skipVariables: boolean): number[] | undefined {
  const out: number[] = [];
  let depth = 0;
  for (let i = 0; i < text.length && out.length < 5; i++) {
    const c = text[i];
    if (skipVariables && c === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (depth > 0 && c === '}') depth--;
    else if (depth === 0 && c === ':') out.push(i);
  }
  return out.length === 5 ? out : undefined;
}

type ArnPattern = readonly Glob[];

const REQUEST_COLONS = valueParser((v) => arnColons(v, false));

function componentBounds(colons: readonly number[], i: number, length: number): [number, number] {
  const start = i === 0 ? 0 : (colons[i - 1] ?? 0) + 1;
  const end = i < 5 ? (colons[i] ?? length) : length;
  return [start, end];
}

export const ArnLike: ConditionOperator<ArnPattern> = {
  name: 'ArnLike',
  negated: false,
  variables: true,
  compile(value: string, tokens: readonly TemplateToken[] | undefined): ArnPattern | undefined {
    const colons = arnColons(value, tokens !== undefined);
    if (!colons) return undefined;
    const parts: Glob[] = [];
    for (let i = 0; i < 6; i++) {
      const [s, e] = componentBounds(colons, i, value.length);
      const text = value.slice(s, e);
      parts.push(tokens ? Glob.fromTokens(tokenize(text), text) : Glob.of(text));
    }
    return parts;
  },
  test(entry: ContextEntry, i: number, value: ArnPattern, ctx: RequestContext): Tri {
    const colons = entry.parsedAs(REQUEST_COLONS)[i];
    const v = entry.values[i] ?? '';
    if (!colons) return ERROR;
    for (let k = 0; k < 6; k++) {
      const [s, e] = componentBounds(colons, k, v.length);
      if (!value[k]?.matches(v, s, e, ctx)) return FALSE;
    }
    return TRUE;
  },
};

export const ArnEquals: ConditionOperator<ArnPattern> = { ...ArnLike, name: 'ArnEquals' };
export const ArnNotLike = negation(ArnLike, 'ArnNotLike');
export const ArnNotEquals = negation(ArnLike, 'ArnNotEquals');

export const ARN_OPERATORS: readonly ConditionOperator[] = [
  ArnEquals,
  ArnLike,
  ArnNotEquals,
  ArnNotLike,
] as readonly ConditionOperator[];
