// The one runner for the policy engine's JSON test vectors (STYLE.md item 12).
//
// Every file in test-vectors/ is { feature, source, type, cases[] }, named after the AWS feature
// it pins. Types: validation, conditions, resource-matching, action-matching, evaluation.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ActionMatcher, prepareAction } from './action-matcher.js';
import { ERROR, TRUE } from './conditions/operator.js';
import type { ContextValueInput } from './context.js';
import { RequestContext } from './context.js';
import type {
  AuthzPrincipal,
  AuthzRequest,
  Decision,
  LabeledPolicy,
  PolicyKind,
  PolicySet,
} from './index.js';
import {
  accessDeniedMessage,
  ANONYMOUS_PRINCIPAL,
  buildRequestContext,
  compilePolicy,
  evaluate,
  evaluateTrust,
  federatedUserPrincipal,
  PolicyValidationError,
  rootPrincipal,
  roleSessionPrincipal,
  servicePrincipal,
  SIZE_QUOTAS,
  userPrincipal,
  validatePolicy,
} from './index.js';
import { prepareResource, ResourcePattern } from './resource-matcher.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'test-vectors');

interface VectorFile {
  feature: string;
  source?: string;
  type: 'validation' | 'conditions' | 'resource-matching' | 'action-matching' | 'evaluation';
  kind?: PolicyKind;
  options?: Record<string, unknown>;
  cases: Record<string, unknown>[];
}

const doc = (d: unknown): string => (typeof d === 'string' ? d : JSON.stringify(d));

// ---- validation ---------------------------------------------------------------------------

interface ValidationCase {
  name: string;
  kind?: PolicyKind;
  options?: {
    requireVersion2012?: boolean;
    sizeQuota?: keyof typeof SIZE_QUOTAS;
    knownServices?: string[];
    existingPrincipals?: string[];
    padActions?: number;
  };
  document: unknown;
  expected: { valid?: true; error?: string; code?: string };
}

function runValidation(file: VectorFile, c: ValidationCase): void {
  const kind = c.kind ?? file.kind ?? 'identity';
  const o = { ...(file.options ?? {}), ...(c.options ?? {}) } as NonNullable<ValidationCase['options']>;
  let text = doc(c.document);
  if (o.padActions) {
    const d = JSON.parse(text) as { Statement: { Action: string[] }[] };
    const st = d.Statement[0];
    if (st) st.Action = Array.from({ length: o.padActions }, (_, i) => `s3:GetObjectVersion${i}`);
    text = JSON.stringify(d);
  }
  const known = o.knownServices;
  const existing = o.existingPrincipals;
  const options = {
    requireVersion2012: o.requireVersion2012,
    sizeQuota: o.sizeQuota ? SIZE_QUOTAS[o.sizeQuota] : undefined,
    serviceExists: known ? (s: string) => known.includes(s) : undefined,
    principalExists: existing ? (a: string) => existing.includes(a) : undefined,
  };
  if (c.expected.valid) {
    expect(() => validatePolicy(text, kind, options)).not.toThrow();
    return;
  }
  let err: unknown;
  try {
    validatePolicy(text, kind, options);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(PolicyValidationError);
  expect((err as PolicyValidationError).message).toBe(c.expected.error);
  expect((err as PolicyValidationError).code).toBe(c.expected.code ?? 'MalformedPolicyDocument');
}

// ---- conditions -----------------------------------------------------------------------------

interface ConditionCase {
  name: string;
  version?: string;
  condition: unknown;
  context: Record<string, ContextValueInput>;
  expected: boolean | 'error';
}

function runCondition(c: ConditionCase): void {
  const policy: Record<string, unknown> = {
    Statement: [{ Effect: 'Allow', Action: 'x:y', Resource: '*', Condition: c.condition }],
  };
  if (c.version !== 'none') policy['Version'] = c.version ?? '2012-10-17';
  const compiled = compilePolicy(JSON.stringify(policy), 'identity');
  const set = compiled.statements[0]?.conditions;
  const r = set ? set.evaluate(RequestContext.from(c.context)) : TRUE;
  expect(r === ERROR ? 'error' : r === TRUE).toBe(c.expected);
}

// ---- matching -------------------------------------------------------------------------------

interface ResourceCase {
  name: string;
  pattern: string;
  resource: string;
  variables?: boolean;
  context?: Record<string, ContextValueInput>;
  expected: boolean;
}

function runResource(c: ResourceCase): void {
  const p = ResourcePattern.compile(c.pattern, c.variables ?? true);
  expect(p.matches(prepareResource(c.resource), RequestContext.from(c.context ?? {}))).toBe(c.expected);
}

interface ActionCase {
  name: string;
  patterns: string[];
  not?: boolean;
  action: string;
  expected: boolean;
}

function runAction(c: ActionCase): void {
  expect(ActionMatcher.compile(c.patterns, c.not ?? false).covers(prepareAction(c.action))).toBe(c.expected);
}

// ---- evaluation -----------------------------------------------------------------------------

type PrincipalSpec =
  | { root: string }
  | { user: string; userId?: string; tags?: Record<string, string> }
  | { role: string; session: string; roleId?: string; tags?: Record<string, string> }
  | { federated: { account: string; name: string; sourceUser?: string } }
  | { service: string }
  | { anonymous: true };

function principalOf(s: PrincipalSpec): AuthzPrincipal {
  if ('root' in s) return rootPrincipal(s.root);
  if ('user' in s)
    return userPrincipal({
      arn: s.user,
      userId: s.userId ?? 'AIDAEXAMPLEUSERID0001',
      ...(s.tags ? { tags: s.tags } : {}),
    });
  if ('role' in s)
    return roleSessionPrincipal({
      roleArn: s.role,
      roleId: s.roleId ?? 'AROAEXAMPLEROLEID0001',
      sessionName: s.session,
      ...(s.tags ? { tags: s.tags } : {}),
    });
  if ('federated' in s)
    return federatedUserPrincipal({
      accountId: s.federated.account,
      name: s.federated.name,
      ...(s.federated.sourceUser ? { sourceUserArn: s.federated.sourceUser } : {}),
    });
  if ('service' in s) return servicePrincipal(s.service);
  return ANONYMOUS_PRINCIPAL;
}

interface EvaluationCase {
  name: string;
  principal: PrincipalSpec;
  action: string;
  resource: string;
  resourceAccount?: string;
  context?: Record<string, ContextValueInput>;
  globals?: boolean;
  policies: {
    identity?: unknown[];
    boundary?: unknown;
    session?: unknown[];
    resource?: { policy: unknown; ownerAccount: string };
    trust?: unknown;
    scps?: unknown[][];
  };
  expected: { result: Decision['result']; denial?: string; message?: string; rule?: string };
}

const label = (kind: string, i: number, d: unknown): LabeledPolicy => ({
  label: `${kind}-${i}`,
  policy: compilePolicy(doc(d), kind as PolicyKind),
});

export function decideCase(c: EvaluationCase, explain = false): Decision {
  const principal = principalOf(c.principal);
  const context =
    c.globals === false
      ? RequestContext.from(c.context ?? {})
      : buildRequestContext({
          principal,
          time: Date.UTC(2024, 4, 1, 12),
          sourceIp: '203.0.113.10',
          ...(principal.type === 'AssumedRole' || principal.type === 'FederatedUser'
            ? { session: { tokenIssueTime: Date.UTC(2024, 4, 1, 11) } }
            : {}),
          extra: c.context ?? {},
        });
  const request: AuthzRequest = {
    principal,
    action: c.action,
    resource: c.resource,
    context,
    ...(c.resourceAccount ? { resourceAccount: c.resourceAccount } : {}),
  };
  const p = c.policies;
  const set: PolicySet = {
    identity: (p.identity ?? []).map((d, i) => label('identity', i, d)),
    boundary: p.boundary ? label('boundary', 0, p.boundary) : undefined,
    session: p.session?.map((d, i) => label('session', i, d)),
    resource: p.resource
      ? { policy: label('resource', 0, p.resource.policy), ownerAccount: p.resource.ownerAccount }
      : undefined,
    scps: p.scps?.map((level, l) => level.map((d, i) => label('scp', l * 10 + i, d))),
  };
  if (p.trust) {
    const roleAccount = c.resource.split(':')[4] ?? '';
    return evaluateTrust(request, { ...set, trust: label('trust', 0, p.trust), roleAccount }, { explain });
  }
  return evaluate(request, set, { explain });
}

function runEvaluation(c: EvaluationCase): void {
  const fast = decideCase(c);
  const full = decideCase(c, true);
  const denial = (d: Decision): string | undefined => d.denial && `${d.denial.kind}:${d.denial.policyType}`;
  expect({ result: fast.result, denial: denial(fast) }).toEqual({
    result: c.expected.result,
    denial: c.expected.denial,
  });
  // Explain mode must reach the same decision for the same reason.
  expect({ result: full.result, denial: denial(full) }).toEqual({
    result: fast.result,
    denial: denial(fast),
  });
  if (c.expected.message !== undefined) expect(accessDeniedMessage(fast)).toBe(c.expected.message);
  if (c.expected.rule !== undefined) expect(fast.rule).toBe(c.expected.rule);
}

// ---- the runner -----------------------------------------------------------------------------

export function loadVectors(): [string, VectorFile][] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f, JSON.parse(readFileSync(join(DIR, f), 'utf8')) as VectorFile]);
}

for (const [file, v] of loadVectors()) {
  describe(`${file}: ${v.feature}`, () => {
    for (const c of v.cases) {
      it(String(c['name']), () => {
        switch (v.type) {
          case 'validation':
            return runValidation(v, c as unknown as ValidationCase);
          case 'conditions':
            return runCondition(c as unknown as ConditionCase);
          case 'resource-matching':
            return runResource(c as unknown as ResourceCase);
          case 'action-matching':
            return runAction(c as unknown as ActionCase);
          case 'evaluation':
            return runEvaluation(c as unknown as EvaluationCase);
        }
      });
    }
  });
}
