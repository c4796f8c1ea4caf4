import { describe, expect, it } from 'vitest';
import type { AuthzRequest, LabeledPolicy } from './index.js';
import { buildRequestContext, compilePolicy, evaluate, roleSessionPrincipal } from './index.js';

const principal = roleSessionPrincipal({
  roleArn: 'arn:aws:iam::111111111111:role/app',
  roleId: 'AROAEXAMPLEROLEID0001',
  sessionName: 's1',
});
const request = (extra: Record<string, string> = {}): AuthzRequest => ({
  principal,
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::b/k',
  context: buildRequestContext({ principal, time: Date.UTC(2024, 4, 1), sourceIp: '192.0.2.1', extra }),
});
const labeled = (
  label: string,
  doc: unknown,
  kind: 'identity' | 'resource' | 'boundary' = 'identity',
): LabeledPolicy => ({
  label,
  policy: compilePolicy(JSON.stringify(doc), kind),
});

describe('explanations', () => {
  const identity = labeled('role/app inline policy read', {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Read',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::b/*',
        Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
      },
      { Sid: 'Other', Effect: 'Allow', Action: 'ec2:*', Resource: '*' },
      {
        Sid: 'Bad',
        Effect: 'Deny',
        Action: 's3:*',
        Resource: '*',
        Condition: { NumericGreaterThan: { 's3:max-keys': '10' } },
      },
    ],
  });

  it('say which conditions failed and why each statement did not apply', () => {
    const d = evaluate(request(), { identity: [identity] }, { explain: true });
    expect(d.result).toBe('ImplicitlyDenied');
    const p = d.explanation?.policies[0];
    expect(p).toMatchObject({
      policyType: 'identity',
      label: 'role/app inline policy read',
      result: 'NoMatch',
    });
    expect(p?.statements[0]).toMatchObject({
      sid: 'Read',
      action: true,
      resource: true,
      applies: false,
      conditions: [
        {
          operator: 'IpAddress',
          key: 'aws:SourceIp',
          policyValues: ['10.0.0.0/8'],
          requestValues: ['192.0.2.1'],
          result: 'false',
        },
      ],
    });
    expect(p?.statements[1]).toMatchObject({ sid: 'Other', action: false, applies: false });
    expect(p?.statements[2]).toMatchObject({
      sid: 'Bad',
      applies: false,
      conditions: [{ key: 's3:max-keys', result: 'false', note: 'the key is not in the request context' }],
    });
    expect(d.explanation?.missingContextKeys).toEqual(['s3:max-keys']);
    expect(d.explanation?.typeResults).toEqual({ identity: 'NoMatch' });
  });

  it('report conditions that could not be read, and the fail-closed Deny they cause', () => {
    const d = evaluate(request({ 's3:max-keys': 'many' }), { identity: [identity] }, { explain: true });
    expect(d.result).toBe('ExplicitlyDenied');
    expect(d.matchedStatements).toHaveLength(1);
    expect(d.matchedStatements[0]).toMatchObject({ byError: true, policyType: 'identity' });
    expect(d.matchedStatements[0]?.statement.sid).toBe('Bad');
    expect(d.explanation?.failures).toEqual([
      'role/app inline policy read statement Bad: NumericGreaterThan on s3:max-keys could not be evaluated',
    ]);
    expect(d.explanation?.policies[0]?.statements[2]).toMatchObject({ applies: true, conditionError: true });
  });

  it('record how a resource policy named the caller and whether the request crossed accounts', () => {
    const rp = labeled(
      'bucket policy',
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::111111111111:role/app' },
            Action: 's3:*',
            Resource: '*',
          },
        ],
      },
      'resource',
    );
    const d = evaluate(
      request(),
      { resource: { policy: rp, ownerAccount: '111111111111' } },
      { explain: true },
    );
    expect(d.result).toBe('Allowed');
    expect(d.matchedStatements[0]).toMatchObject({ policyType: 'resource', grant: 'role' });
    expect(d.explanation).toMatchObject({ crossAccount: false, typeResults: { resource: 'Allow' } });
    expect(d.explanation?.policies[0]?.statements[0]).toMatchObject({ principal: true, grant: 'role' });
    const cross = evaluate(
      request(),
      { resource: { policy: rp, ownerAccount: '222222222222' } },
      { explain: true },
    );
    expect(cross.explanation?.crossAccount).toBe(true);
    expect(cross.denial).toEqual({ kind: 'implicit', policyType: 'identity' });
  });

  it('an allowed decision names every granting statement in explain mode, the first per type in fast mode', () => {
    const a = labeled('a', {
      Version: '2012-10-17',
      Statement: [{ Sid: 'A', Effect: 'Allow', Action: 's3:*', Resource: '*' }],
    });
    const b = labeled('b', {
      Version: '2012-10-17',
      Statement: [{ Sid: 'B', Effect: 'Allow', Action: 's3:Get*', Resource: '*' }],
    });
    const boundary = labeled(
      'boundary',
      { Version: '2012-10-17', Statement: [{ Sid: 'PB', Effect: 'Allow', Action: '*', Resource: '*' }] },
      'boundary',
    );
    const fast = evaluate(request(), { identity: [a, b], boundary });
    expect(fast.matchedStatements.map((m) => `${m.policyType}:${m.statement.sid}`)).toEqual([
      'identity:A',
      'boundary:PB',
    ]);
    const full = evaluate(request(), { identity: [a, b], boundary }, { explain: true });
    expect(full.matchedStatements.map((m) => `${m.policyType}:${m.statement.sid}`)).toEqual([
      'identity:A',
      'identity:B',
      'boundary:PB',
    ]);
  });

  it('fast mode stops at the first deny; explain mode lists every deny', () => {
    const denies = labeled('d', {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'D1', Effect: 'Deny', Action: 's3:*', Resource: '*' },
        { Sid: 'D2', Effect: 'Deny', Action: '*', Resource: '*' },
      ],
    });
    expect(evaluate(request(), { identity: [denies] }).matchedStatements.map((m) => m.statement.sid)).toEqual(
      ['D1'],
    );
    expect(
      evaluate(request(), { identity: [denies] }, { explain: true }).matchedStatements.map(
        (m) => m.statement.sid,
      ),
    ).toEqual(['D1', 'D2']);
  });
});
