// Policy validation in AWS's order: the first failing check wins (reference §8.1–§8.3).
//
// Owns: running the checks of §8.1 in the order AWS reports them and adding the per-kind rules
// of policy-kinds.ts. The order, with the recorded case that pins each step
// (test-vectors/validation-create-policy.json):
//    1 not JSON                              kind's JSON message            [invalid-0]
//    2 grammar                               Syntax errors in policy.       [invalid-3..10, 26, 39..54]
//    3 Principal in an identity-like policy  should not specify a principal [O terraform#13449: before "resources"]
//    4 Version (when the API requires 2012)  must be version 2012-10-17     [invalid-60, 65, 66: before everything below]
//    5 legacy: Effect case, Date values      failed legacy parsing          [invalid-63, 64, 67, 70, 76]
//    6 resource formats; legacy resources    (format error held for step 10) [invalid-25 vs 36]
//    7 Sid unique, then alphanumeric         SID messages                   [invalid-59, 70]
//    8 actions present                       must contain actions           [invalid-30, 32, 34]
//    9 resources present (when required)     must contain resources         [invalid-27, 29: before 11]
//   10 the held resource format error        Resource/Partition/IAM texts   [invalid-16..25, 35, 38, 55, 56]
//   11 action formats (Action, then NotAction) vendor / colon texts          [invalid-11..15]
//   12 trust: STS actions only; Resource prohibited; NotPrincipal prohibited; Principal present;
//      principal formats and existence (trust and resource policies)
//   13 size quota (LimitExceeded), only for an otherwise valid document.
// Imports the reader, grammar, format checks, kinds, messages, and glob (trust action wildcards).

import { isDateOperator } from './conditions/registry.js';
import { parseIamDate } from './date-parse.js';
import { PolicyValidationError } from './errors.js';
import type { ParsedPolicy, ParsedStatement } from './grammar.js';
import { GrammarError, readPolicy } from './grammar.js';
import type { JsonValue } from './json-reader.js';
import { readJson } from './json-reader.js';
import { MSG } from './messages.js';
import type { PrincipalCheckOptions } from './principal-format.js';
import { principalFormatError } from './principal-format.js';
import type { KindRules, PolicyKind } from './policy-kinds.js';
import { KIND_RULES, TRUST_ACTIONS } from './policy-kinds.js';
import { actionFormatError, failsLegacyResourceParse, resourceFormatError } from './resource-format.js';
import { Glob } from './glob.js';
import { RequestContext } from './context.js';
import { policySize } from './size.js';

export interface ValidateOptions extends PrincipalCheckOptions {
  /** CreatePolicy / CreatePolicyVersion: refuse a missing or 2008-10-17 Version. */
  readonly requireVersion2012?: boolean | undefined;
  /** A size quota (§3.11), counted as policySize() counts; exceeding it is LimitExceeded. */
  readonly sizeQuota?: { readonly max: number; readonly message: string } | undefined;
}

const SID = /^[0-9A-Za-z]*$/;

function fail(message: string): never {
  throw new PolicyValidationError(message);
}

/** Validates `text` as a policy of `kind`; returns the parsed form or throws PolicyValidationError. */
export function validateDocument(text: string, kind: PolicyKind, opts: ValidateOptions = {}): ParsedPolicy {
  const rules = KIND_RULES[kind];
  let json: JsonValue;
  try {
    json = readJson(text);
  } catch {
    fail(rules.invalidJsonMessage);
  }
  let policy: ParsedPolicy;
  try {
    policy = readPolicy(json);
  } catch (e) {
    if (e instanceof GrammarError) fail(MSG.syntax);
    throw e;
  }
  const st = policy.statements;
  if (rules.principal === 'forbidden' && st.some((s) => s.principal || s.notPrincipal))
    fail(rules.principalForbiddenMessage);
  if (opts.requireVersion2012 && policy.version !== '2012-10-17') fail(MSG.versionTooOld);
  legacyStatements(st);
  const resourceError = rules.resource === 'forbidden' ? undefined : resourceFormats(st);
  sids(st, rules);
  for (const s of st) if (!s.action?.length && !s.notAction?.length) fail(MSG.noActions);
  if (rules.resource === 'required') {
    for (const s of st) if (!s.resource?.length && !s.notResource?.length) fail(MSG.noResources);
  }
  if (resourceError !== undefined) fail(resourceError);
  for (const s of st) for (const a of s.action ?? []) failIf(actionFormatError(a));
  for (const s of st) for (const a of s.notAction ?? []) failIf(actionFormatError(a));
  kindChecks(st, rules, opts);
  if (opts.sizeQuota && policySize(text) > opts.sizeQuota.max)
    throw new PolicyValidationError(opts.sizeQuota.message, 'LimitExceeded');
  return policy;
}

function failIf(message: string | undefined): void {
  if (message !== undefined) fail(message);
}

function legacyStatements(st: readonly ParsedStatement[]): void {
  for (const s of st) {
    if (s.effect !== 'Allow' && s.effect !== 'Deny') fail(MSG.legacyParsing);
    for (const c of s.conditions) {
      if (!isDateOperator(c.name)) continue;
      for (const v of c.values) if (parseIamDate(v) === undefined) fail(MSG.legacyParsing);
    }
  }
}

/** Step 6: returns the first format error (reported later) or throws a legacy-parsing failure. */
function resourceFormats(st: readonly ParsedStatement[]): string | undefined {
  let first: string | undefined;
  for (const pick of [(s: ParsedStatement) => s.resource, (s: ParsedStatement) => s.notResource]) {
    for (const s of st) {
      const list = pick(s) ?? [];
      for (const r of list) first ??= resourceFormatError(r);
      if (first === undefined && list.some(failsLegacyResourceParse)) fail(MSG.legacyParsing);
    }
  }
  return first;
}

function sids(st: readonly ParsedStatement[], rules: KindRules): void {
  const seen = new Set<string>();
  for (const s of st) {
    if (!s.sid) continue;
    if (seen.has(s.sid)) fail(MSG.sidNotUnique);
    seen.add(s.sid);
  }
  if (rules.alphanumericSid)
    for (const s of st) if (s.sid !== undefined && !SID.test(s.sid)) fail(MSG.sidNotAlphanumeric);
}

/** A trust-policy action: one of the STS assume actions, or a wildcard that covers one. */
function isTrustAction(a: string): boolean {
  const lower = a.toLowerCase();
  if (TRUST_ACTIONS.has(lower)) return true;
  if (!lower.includes('*') && !lower.includes('?')) return false;
  if (lower !== '*' && !lower.startsWith('sts:')) return false;
  const g = Glob.of(lower);
  return [...TRUST_ACTIONS].some((t) => g.test(t, RequestContext.EMPTY));
}

function kindChecks(st: readonly ParsedStatement[], rules: KindRules, opts: ValidateOptions): void {
  if (rules.stsAssumeActionsOnly) {
    for (const s of st) {
      if (s.notAction !== undefined || !(s.action ?? []).every(isTrustAction)) fail(MSG.trustActions);
    }
  }
  if (rules.resource === 'forbidden') {
    for (const s of st) {
      if (s.resource !== undefined) fail(MSG.prohibitedField('Resource'));
      if (s.notResource !== undefined) fail(MSG.prohibitedField('NotResource'));
    }
  }
  if (rules.notPrincipal === 'forbidden' && rules.principal !== 'forbidden') {
    for (const s of st) if (s.notPrincipal !== undefined) fail(MSG.prohibitedField('NotPrincipal'));
  }
  if (rules.principal === 'required') {
    for (const s of st) {
      const entries = s.principal ?? s.notPrincipal;
      if (!entries || entries.length === 0) fail(rules.principalMissingMessage);
    }
    for (const s of st) failIf(principalFormatError(s.principal ?? s.notPrincipal ?? [], opts));
  }
}
