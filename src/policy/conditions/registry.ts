// The condition operator registry (reference §6.6, §6.7; STYLE.md item 9).
//
// Owns: the table of operator families by name and the parser for a full operator name
// `[ForAllValues:|ForAnyValue:]<Base>[IfExists]`. Names are case-sensitive, as AWS's validator
// treats them (an unknown operator with a non-empty block is a syntax error, §8.1 check 2).
// Adding an operator family means adding its module to FAMILIES, nothing else.
// Imports the families.

import { ARN_OPERATORS } from './arn-operators.js';
import { BOOL_BINARY_OPERATORS } from './bool-binary-operators.js';
import { IP_OPERATORS } from './ip-operators.js';
import { DATE_OPERATORS, NUMERIC_OPERATORS } from './numeric-operators.js';
import type { ConditionOperator } from './operator.js';
import { STRING_OPERATORS } from './string-operators.js';

const FAMILIES: readonly (readonly ConditionOperator[])[] = [
  STRING_OPERATORS,
  NUMERIC_OPERATORS,
  DATE_OPERATORS,
  BOOL_BINARY_OPERATORS,
  IP_OPERATORS,
  ARN_OPERATORS,
];

export const OPERATORS: ReadonlyMap<string, ConditionOperator> = new Map(
  FAMILIES.flat().map((op) => [op.name, op] as const),
);

/** `Null` tests presence, not values; the clause handles it directly. */
export const NULL_OPERATOR = 'Null';

export type SetOperator = 'none' | 'ForAllValues' | 'ForAnyValue';

export interface OperatorName {
  readonly set: SetOperator;
  readonly ifExists: boolean;
  /** The family, or 'Null'. */
  readonly op: ConditionOperator | typeof NULL_OPERATOR;
}

/** Parses a full operator name; undefined when it names no known operator. */
export function parseOperatorName(name: string): OperatorName | undefined {
  let rest = name;
  let set: SetOperator = 'none';
  if (rest.startsWith('ForAllValues:')) {
    set = 'ForAllValues';
    rest = rest.slice('ForAllValues:'.length);
  } else if (rest.startsWith('ForAnyValue:')) {
    set = 'ForAnyValue';
    rest = rest.slice('ForAnyValue:'.length);
  }
  let ifExists = false;
  if (rest.endsWith('IfExists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  if (rest === NULL_OPERATOR) return { set, ifExists, op: NULL_OPERATOR };
  const op = OPERATORS.get(rest);
  return op ? { set, ifExists, op } : undefined;
}

/** True for the Date family, whose values validation reads (§8.1 check 4). */
export function isDateOperator(name: OperatorName): boolean {
  return name.op !== NULL_OPERATOR && name.op.name.startsWith('Date');
}
