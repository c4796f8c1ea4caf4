// Compiling a validated policy into matchers (reference §6.3–§6.8; DESIGN.md "Policies are
// compiled once").
//
// Owns: ParsedPolicy → CompiledPolicy. Every wildcard becomes a Glob, every condition value is
// read once into its operator's form, statements are bucketed by service prefix and effect.
// Policy variables are enabled only under Version 2012-10-17 (otherwise `${…}` is text, §6.2).
// Imports the grammar types, matchers and the condition registry.

import { ActionMatcher } from './action-matcher.js';
import { ConditionClause, ConditionSet } from './conditions/condition-clause.js';
import type { StatementBuckets } from './compiled-policy.js';
import { COMPILE_TOKEN, CompiledPolicy, CompiledStatement } from './compiled-policy.js';
import type { ParsedPolicy, ParsedStatement } from './grammar.js';
import type { PolicyKind } from './policy-kinds.js';
import { KIND_RULES } from './policy-kinds.js';
import { iamEntityArns } from './principal-format.js';
import { PrincipalMatcher } from './principal-matcher.js';
import { ResourceMatcher } from './resource-matcher.js';
import { tokenize, variableKeys } from './variables.js';

export function compileParsed(
  parsed: ParsedPolicy,
  text: string,
  kind: PolicyKind,
  hash: string,
): CompiledPolicy {
  const variables = parsed.version === '2012-10-17' && KIND_RULES[kind].variables;
  const lines = lineIndex(text);
  const statements = parsed.statements.map((s) => compileStatement(s, variables, lines));
  const keys = new Map<string, string>();
  const addKey = (k: string): void => {
    if (!keys.has(k.toLowerCase())) keys.set(k.toLowerCase(), k);
  };
  const principalArns = new Set<string>();
  const services = new Set<string>();
  for (const s of parsed.statements) {
    for (const c of s.conditions) addKey(c.key);
    for (const a of iamEntityArns(s.principal ?? [])) principalArns.add(a);
    for (const e of s.principal ?? s.notPrincipal ?? []) if (e.key === 'Service') services.add(e.value);
  }
  for (const s of statements) for (const k of s.conditions?.keys ?? []) addKey(k);
  if (variables) {
    for (const s of parsed.statements) {
      for (const r of [...(s.resource ?? []), ...(s.notResource ?? [])])
        for (const k of variableKeys(tokenize(r))) addKey(k);
    }
  }
  const { byService, anyService } = index(statements);
  return new CompiledPolicy(
    COMPILE_TOKEN,
    kind,
    hash,
    parsed.version,
    parsed.id,
    statements,
    [...principalArns],
    [...services],
    [...keys.values()],
    byService,
    anyService,
  );
}

/** Offsets where each line starts, for statement positions. */
function lineIndex(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function position(lines: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lines[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (lines[lo] ?? 0) + 1 };
}

function compileStatement(
  s: ParsedStatement,
  variables: boolean,
  lines: readonly number[],
): CompiledStatement {
  const actionList = s.action ?? s.notAction ?? [];
  const resourceList = s.resource ?? s.notResource;
  const principalList = s.principal ?? s.notPrincipal;
  const clauses = s.conditions.map((c) => ConditionClause.compile(c.operator, c.key, c.values, variables));
  return new CompiledStatement(
    s.index,
    s.sid,
    s.effect === 'Deny' ? 'Deny' : 'Allow',
    ActionMatcher.compile(actionList, s.action === undefined),
    resourceList && ResourceMatcher.compile(resourceList, s.resource === undefined, variables),
    principalList && PrincipalMatcher.compile(principalList, s.principal === undefined),
    clauses.length > 0 ? new ConditionSet(clauses) : undefined,
    position(lines, s.start + 1),
    position(lines, s.end),
    {
      actions: actionList,
      notActions: s.action === undefined,
      resources: resourceList,
      notResources: s.resource === undefined && resourceList !== undefined,
      principals: principalList,
      notPrincipals: s.principal === undefined && principalList !== undefined,
    },
  );
}

function index(statements: readonly CompiledStatement[]): {
  byService: Map<string, StatementBuckets>;
  anyService: StatementBuckets;
} {
  const by = new Map<string, { deny: CompiledStatement[]; allow: CompiledStatement[] }>();
  const any = { deny: [] as CompiledStatement[], allow: [] as CompiledStatement[] };
  for (const st of statements) {
    const services = st.actions.services;
    const pick = (b: { deny: CompiledStatement[]; allow: CompiledStatement[] }): CompiledStatement[] =>
      st.effect === 'Deny' ? b.deny : b.allow;
    if (services === undefined) {
      pick(any).push(st);
      continue;
    }
    for (const svc of services) {
      let b = by.get(svc);
      if (!b) {
        b = { deny: [], allow: [] };
        by.set(svc, b);
      }
      pick(b).push(st);
    }
  }
  return { byService: by, anyService: any };
}
