// The policy grammar (reference §6.1, §8.1 check 2 — every failure is `Syntax errors in policy.`).
//
// Owns: checking the JSON shape of a policy and turning it into ParsedPolicy, the typed form the
// later checks and the compiler read. Shape rules, as AWS enforces them (LocalStack recordings
// of CreatePolicy, 2026-02, cases in test-vectors/validation-create-policy.json):
//   - top level: an object with only Version, Id, Statement; Version one of the two literals;
//     Id a string; Statement an object or a non-empty array of objects;
//   - statement keys: Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource,
//     NotResource, Condition; never both X and NotX; no key twice (our rule: an ambiguous
//     document is refused rather than guessed at);
//   - Effect a string equal to allow/deny ignoring case (exact case is a legacy-parsing check);
//   - Action/Resource: a string or an array of strings (null entries are accepted and ignored);
//   - Principal: `*` or an object of AWS/Service/Federated/CanonicalUser → string or strings;
//   - Condition: an object of operator → object of key → string/boolean/number or an array of
//     them; an unknown operator is accepted only with an empty block (then ignored).
// Imports the JSON reader, the operator registry and the principal entry type.

import type { OperatorName } from './conditions/registry.js';
import { parseOperatorName } from './conditions/registry.js';
import type { JsonObject, JsonValue } from './json-reader.js';
import { isJsonArray, isJsonObject, JsonNumber } from './json-reader.js';
import type { PrincipalEntry } from './principal-matcher.js';

export type PolicyVersion = '2012-10-17' | '2008-10-17';

export interface ParsedCondition {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
  readonly name: OperatorName;
}

export interface ParsedStatement {
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: string;
  readonly action: readonly string[] | undefined;
  readonly notAction: readonly string[] | undefined;
  readonly resource: readonly string[] | undefined;
  readonly notResource: readonly string[] | undefined;
  readonly principal: readonly PrincipalEntry[] | undefined;
  readonly notPrincipal: readonly PrincipalEntry[] | undefined;
  readonly conditions: readonly ParsedCondition[];
  /** Offsets of the statement's braces in the policy text. */
  readonly start: number;
  readonly end: number;
}

export interface ParsedPolicy {
  readonly version: PolicyVersion | undefined;
  readonly id: string | undefined;
  readonly statements: readonly ParsedStatement[];
}

/** Thrown for any shape error; the validator turns it into `Syntax errors in policy.` */
export class GrammarError extends Error {}

const TOP_KEYS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
const PRINCIPAL_KEYS = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

function check(ok: boolean): asserts ok {
  if (!ok) throw new GrammarError();
}

function obj(v: JsonValue | undefined): JsonObject {
  check(isJsonObject(v) && !v.duplicateKey);
  return v;
}

export function readPolicy(root: JsonValue): ParsedPolicy {
  const top = obj(root);
  for (const k of top.entries.keys()) check(TOP_KEYS.has(k));
  const version = top.entries.get('Version');
  check(version === undefined || version === '2012-10-17' || version === '2008-10-17');
  const id = top.entries.get('Id');
  check(id === undefined || typeof id === 'string');
  const st = top.entries.get('Statement');
  check(st !== undefined);
  const list = isJsonArray(st) ? st : [st];
  check(list.length > 0);
  return {
    version: version as PolicyVersion | undefined,
    id: id as string | undefined,
    statements: list.map((s, i) => readStatement(s, i)),
  };
}

function readStatement(v: JsonValue, index: number): ParsedStatement {
  const s = obj(v);
  const e = s.entries;
  for (const k of e.keys()) check(STATEMENT_KEYS.has(k));
  check(!(e.has('Action') && e.has('NotAction')));
  check(!(e.has('Resource') && e.has('NotResource')));
  check(!(e.has('Principal') && e.has('NotPrincipal')));
  const effect = e.get('Effect');
  check(typeof effect === 'string' && ['allow', 'deny'].includes(effect.toLowerCase()));
  const sid = e.get('Sid');
  check(sid === undefined || typeof sid === 'string');
  return {
    index,
    sid: sid as string | undefined,
    effect: effect as string,
    action: stringList(e.get('Action')),
    notAction: stringList(e.get('NotAction')),
    resource: stringList(e.get('Resource')),
    notResource: stringList(e.get('NotResource')),
    principal: principalList(e.get('Principal')),
    notPrincipal: principalList(e.get('NotPrincipal')),
    conditions: conditionList(e.get('Condition')),
    start: s.start,
    end: s.end,
  };
}

function stringList(v: JsonValue | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return [v];
  check(isJsonArray(v));
  const out: string[] = [];
  for (const item of v) {
    if (item === null) continue;
    check(typeof item === 'string');
    out.push(item);
  }
  return out;
}

function principalList(v: JsonValue | undefined): PrincipalEntry[] | undefined {
  if (v === undefined) return undefined;
  if (v === '*') return [{ key: '*', value: '*' }];
  const o = obj(v);
  const out: PrincipalEntry[] = [];
  for (const [key, val] of o.entries) {
    check(PRINCIPAL_KEYS.has(key));
    const values = typeof val === 'string' ? [val] : isJsonArray(val) ? val : undefined;
    check(values !== undefined);
    for (const item of values) {
      check(typeof item === 'string');
      out.push({ key, value: item });
    }
  }
  return out;
}

function scalar(v: JsonValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  check(v instanceof JsonNumber);
  return v.raw;
}

function conditionList(v: JsonValue | undefined): ParsedCondition[] {
  if (v === undefined) return [];
  const block = obj(v);
  const out: ParsedCondition[] = [];
  for (const [operator, body] of block.entries) {
    const keys = obj(body);
    const name = parseOperatorName(operator);
    if (!name) {
      check(keys.entries.size === 0);
      continue;
    }
    for (const [key, val] of keys.entries) {
      // scalar() refuses null, objects and nested arrays.
      const values = isJsonArray(val) ? val.map(scalar) : [scalar(val)];
      out.push({ operator, key, values, name });
    }
  }
  return out;
}
