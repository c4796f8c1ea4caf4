// Numeric and Date condition operators (reference §6.6 Numeric and Date rows).
//
// Owns: NumericEquals/NotEquals/LessThan/LessThanEquals/GreaterThan/GreaterThanEquals and the
// six Date twins. Both families compare numbers; they differ only in how a value is read:
//   - Numeric: an integer or decimal (`42`, `-1.5`, `.5`); aws:EpochTime works here too;
//   - Date: ISO-8601 or epoch seconds, read by date-parse.ts (the same reader validation uses).
// No policy variables (UG). A value that cannot be read is an ERROR, not a silent false.
// Imports the operator interface and date-parse.

import type { ContextEntry, RequestContext } from '../context.js';
import { valueParser } from '../context.js';
import { parseIamDate } from '../date-parse.js';
import type { ConditionOperator, Tri } from './operator.js';
import { ERROR, FALSE, negation, TRUE } from './operator.js';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export function parseIamNumber(text: string): number | undefined {
  return NUMBER.test(text) ? Number(text) : undefined;
}

type Compare = (request: number, policy: number) => boolean;

const REQUEST_NUMBER = valueParser(parseIamNumber);
const REQUEST_DATE = valueParser(parseIamDate);

function family(
  prefix: 'Numeric' | 'Date',
  read: (text: string) => number | undefined,
): Record<string, ConditionOperator<number>> {
  const parser = prefix === 'Numeric' ? REQUEST_NUMBER : REQUEST_DATE;
  const make = (suffix: string, cmp: Compare): ConditionOperator<number> => ({
    name: prefix + suffix,
    negated: false,
    variables: false,
    compile: (value) => read(value),
    test(entry: ContextEntry, i: number, value: number, _ctx: RequestContext): Tri {
      const v = entry.parsedAs(parser)[i];
      if (v === undefined) return ERROR;
      return cmp(v, value) ? TRUE : FALSE;
    },
  });
  const eq = make('Equals', (a, b) => a === b);
  return {
    eq,
    ne: negation(eq, prefix + 'NotEquals'),
    lt: make('LessThan', (a, b) => a < b),
    le: make('LessThanEquals', (a, b) => a <= b),
    gt: make('GreaterThan', (a, b) => a > b),
    ge: make('GreaterThanEquals', (a, b) => a >= b),
  };
}

export const NUMERIC_OPERATORS: readonly ConditionOperator[] = Object.values(
  family('Numeric', parseIamNumber),
) as readonly ConditionOperator[];

export const DATE_OPERATORS: readonly ConditionOperator[] = Object.values(
  family('Date', parseIamDate),
) as readonly ConditionOperator[];
