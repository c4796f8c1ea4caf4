// Property-based invariants of evaluation (fast-check): explicit deny wins, allows are monotone,
// boundaries and session policies only narrow, evaluation is deterministic and explain mode
// agrees with the fast path.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuthzPrincipal, AuthzRequest, Decision, PolicyKind, PolicySet } from './index.js';
import {
  buildRequestContext,
  compilePolicy,
  evaluate,
  rootPrincipal,
  roleSessionPrincipal,
  userPrincipal,
} from './index.js';

const ACCOUNT = '111111111111';

const statement = fc.record(
  {
    Effect: fc.constantFrom('Allow', 'Deny'),
    actions: fc.subarray(
      ['s3:GetObject', 's3:PutObject', 's3:*', '*', 'ec2:Describe*', 's3:Get*', 'iam:*', 'sts:AssumeRole'],
      { minLength: 1, maxLength: 3 },
    ),
    notAction: fc.boolean(),
    resources: fc.subarray(
      [
        '*',
        'arn:aws:s3:::b/*',
        'arn:aws:s3:::b/k',
        'arn:aws:s3:::other/*',
        `arn:aws:ec2:*:${ACCOUNT}:instance/*`,
        'arn:aws:s3:::b/${aws:PrincipalTag/team}',
      ],
      {
        minLength: 1,
        maxLength: 2,
      },
    ),
    notResource: fc.boolean(),
    condition: fc.option(
      fc.constantFrom(
        { StringEquals: { 'aws:PrincipalTag/team': 'blue' } },
        { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        { Bool: { 'aws:SecureTransport': 'false' } },
        { StringLike: { 's3:prefix': 'home/*' } },
        { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'env' } },
        { NumericLessThan: { 's3:max-keys': 'lots' } },
        { StringNotEqualsIfExists: { 'aws:PrincipalTag/team': 'red' } },
      ),
      { nil: undefined },
    ),
  },
  { requiredKeys: ['Effect', 'actions', 'notAction', 'resources', 'notResource'] },
);

type Stmt = typeof statement extends fc.Arbitrary<infer T> ? T : never;

function toJson(s: Stmt, principal?: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { Effect: s.Effect };
  out[s.notAction ? 'NotAction' : 'Action'] = s.actions;
  out[s.notResource ? 'NotResource' : 'Resource'] = s.resources;
  if (s.condition) out['Condition'] = s.condition;
  if (principal !== undefined) out['Principal'] = principal;
  return out;
}

const policyText = (stmts: Record<string, unknown>[]): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: stmts });
const policyOf = (
  kind: PolicyKind,
  stmts: Record<string, unknown>[],
  label: string = kind,
): { label: string; policy: ReturnType<typeof compilePolicy> } => ({
  label,
  policy: compilePolicy(policyText(stmts), kind),
});

const principalArb = fc.constantFrom<AuthzPrincipal>(
  roleSessionPrincipal({
    roleArn: `arn:aws:iam::${ACCOUNT}:role/app`,
    roleId: 'AROAEXAMPLEROLEID0001',
    sessionName: 's1',
    tags: { team: 'blue' },
  }),
  roleSessionPrincipal({
    roleArn: `arn:aws:iam::${ACCOUNT}:role/app`,
    roleId: 'AROAEXAMPLEROLEID0001',
    sessionName: 's2',
  }),
  userPrincipal({ arn: `arn:aws:iam::${ACCOUNT}:user/alice`, userId: 'AIDAEXAMPLEUSERID0001' }),
  rootPrincipal(ACCOUNT),
);

const rpPrincipal = fc.constantFrom(
  '*',
  { AWS: ACCOUNT },
  { AWS: `arn:aws:iam::${ACCOUNT}:role/app` },
  { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/app/s1` },
  { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` },
  { AWS: '222222222222' },
);

const requestArb = fc.record({
  principal: principalArb,
  action: fc.constantFrom('s3:GetObject', 's3:PutObject', 'ec2:DescribeInstances', 'iam:CreateRole'),
  resource: fc.constantFrom(
    'arn:aws:s3:::b/k',
    'arn:aws:s3:::other/x',
    '*',
    `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-1`,
    'arn:aws:s3:::b/blue',
  ),
  ip: fc.constantFrom('10.1.1.1', '192.0.2.1'),
  tls: fc.boolean(),
  prefix: fc.option(fc.constantFrom('home/x', 'etc/x'), { nil: undefined }),
  tags: fc.option(fc.constantFrom(['env'], ['env', 'x'], ['x']), { nil: undefined }),
});

function request(r: typeof requestArb extends fc.Arbitrary<infer T> ? T : never): AuthzRequest {
  return {
    principal: r.principal,
    action: r.action,
    resource: r.resource,
    context: buildRequestContext({
      principal: r.principal,
      time: Date.UTC(2024, 4, 1),
      sourceIp: r.ip,
      secureTransport: r.tls,
      ...(r.tags ? { requestTags: Object.fromEntries(r.tags.map((t) => [t, 'v'])) } : {}),
      extra: { 's3:prefix': r.prefix },
    }),
  };
}

const setArb = fc.record({
  identity: fc.array(fc.array(statement, { minLength: 1, maxLength: 4 }), { maxLength: 3 }),
  boundary: fc.option(fc.array(statement, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  session: fc.option(fc.array(statement, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  resource: fc.option(fc.array(fc.tuple(statement, rpPrincipal), { minLength: 1, maxLength: 3 }), {
    nil: undefined,
  }),
  scps: fc.option(fc.array(statement, { minLength: 1, maxLength: 2 }), { nil: undefined }),
});

type SetSpec = typeof setArb extends fc.Arbitrary<infer T> ? T : never;

function build(spec: SetSpec): PolicySet {
  return {
    identity: spec.identity.map((p, i) =>
      policyOf(
        'identity',
        p.map((s) => toJson(s)),
        `identity-${i}`,
      ),
    ),
    boundary: spec.boundary
      ? policyOf(
          'boundary',
          spec.boundary.map((s) => toJson(s)),
        )
      : undefined,
    session: spec.session
      ? [
          policyOf(
            'session',
            spec.session.map((s) => toJson(s)),
          ),
        ]
      : undefined,
    resource: spec.resource
      ? {
          policy: policyOf(
            'resource',
            spec.resource.map(([s, p]) => toJson(s, p)),
          ),
          ownerAccount: ACCOUNT,
        }
      : undefined,
    scps: spec.scps
      ? [
          [
            policyOf(
              'scp',
              spec.scps.map((s) => toJson(s)),
            ),
          ],
        ]
      : undefined,
  };
}

const summary = (d: Decision): string => `${d.result}/${d.denial?.kind ?? ''}:${d.denial?.policyType ?? ''}`;
// For a longer search: POLICY_PROPERTY_RUNS=5000 npx vitest run src/policy/properties.test.ts --testTimeout=900000
const RUNS = { numRuns: Number(process.env['POLICY_PROPERTY_RUNS'] ?? 400) };

describe('evaluation invariants', () => {
  it('an applicable explicit Deny never yields Allowed, wherever it sits', () => {
    const denyAll = { Effect: 'Deny', Action: '*', Resource: '*' };
    fc.assert(
      fc.property(
        setArb,
        requestArb,
        fc.constantFrom('identity', 'boundary', 'session', 'resource', 'scp'),
        (spec, r, where) => {
          const set = build(spec);
          const deny = (kind: PolicyKind): { label: string; policy: ReturnType<typeof compilePolicy> } =>
            policyOf(kind, kind === 'resource' ? [{ ...denyAll, Principal: '*' }] : [denyAll], 'deny');
          const withDeny: PolicySet =
            where === 'identity'
              ? { ...set, identity: [...(set.identity ?? []), deny('identity')] }
              : where === 'boundary'
                ? { ...set, boundary: deny('boundary') }
                : where === 'session'
                  ? { ...set, session: [...(set.session ?? []), deny('session')] }
                  : where === 'resource'
                    ? { ...set, resource: { policy: deny('resource'), ownerAccount: ACCOUNT } }
                    : { ...set, scps: [[deny('scp')]] };
          const req = request(r);
          const d = evaluate(req, withDeny);
          // Root is only bound by resource-policy and SCP denies; identity-type denies do not exist for it.
          if (req.principal.type === 'Account' && !['resource', 'scp'].includes(where)) return;
          expect(d.result).toBe('ExplicitlyDenied');
        },
      ),
      RUNS,
    );
  });

  it('adding an Allow statement never turns Allowed into a denial', () => {
    fc.assert(
      fc.property(
        setArb,
        requestArb,
        statement,
        fc.constantFrom('identity', 'boundary', 'session', 'resource', 'scp'),
        rpPrincipal,
        (spec, r, extra, where, rp) => {
          const req = request(r);
          const before = evaluate(req, build(spec));
          fc.pre(before.result === 'Allowed');
          const allow = { ...extra, Effect: 'Allow' as const };
          const more: SetSpec =
            where === 'identity'
              ? { ...spec, identity: [...spec.identity, [allow]] }
              : where === 'boundary'
                ? { ...spec, boundary: spec.boundary && [...spec.boundary, allow] }
                : where === 'session'
                  ? { ...spec, session: spec.session && [...spec.session, allow] }
                  : where === 'resource'
                    ? {
                        ...spec,
                        resource: spec.resource && [...spec.resource, [allow, rp] as [Stmt, typeof rp]],
                      }
                    : { ...spec, scps: spec.scps && [...spec.scps, allow] };
          expect(evaluate(req, build(more)).result).toBe('Allowed');
        },
      ),
      RUNS,
    );
  });

  it('a boundary or a session policy never widens what identity policies grant', () => {
    fc.assert(
      fc.property(setArb, requestArb, (spec, r) => {
        const req = request(r);
        const base = build({
          ...spec,
          resource: undefined,
          scps: undefined,
          boundary: undefined,
          session: undefined,
        });
        const limited = build({ ...spec, resource: undefined, scps: undefined });
        if (evaluate(req, limited).result === 'Allowed') expect(evaluate(req, base).result).toBe('Allowed');
      }),
      RUNS,
    );
  });

  it('is deterministic, and explain mode reaches the same decision for the same reason', () => {
    fc.assert(
      fc.property(setArb, requestArb, (spec, r) => {
        const req = request(r);
        const set = build(spec);
        const a = evaluate(req, set);
        const b = evaluate(req, build(spec));
        const c = evaluate(req, set, { explain: true });
        expect(summary(b)).toBe(summary(a));
        expect(summary(c)).toBe(summary(a));
        expect(c.explanation?.policies.length).toBeGreaterThanOrEqual(
          (set.identity?.length ?? 0) + (set.boundary ? 1 : 0),
        );
      }),
      RUNS,
    );
  });

  it('an allowed decision always names the statements that granted it', () => {
    fc.assert(
      fc.property(setArb, requestArb, fc.boolean(), (spec, r, explain) => {
        const req = request(r);
        const d = evaluate(req, build(spec), { explain });
        if (d.result === 'Allowed' && req.principal.type !== 'Account') {
          expect(d.matchedStatements.length).toBeGreaterThan(0);
          expect(d.matchedStatements.every((m) => m.statement.effect === 'Allow')).toBe(true);
        }
        if (d.result === 'ExplicitlyDenied')
          expect(d.matchedStatements.every((m) => m.statement.effect === 'Deny')).toBe(true);
        if (d.result === 'ImplicitlyDenied') expect(d.matchedStatements).toEqual([]);
      }),
      RUNS,
    );
  });
});
