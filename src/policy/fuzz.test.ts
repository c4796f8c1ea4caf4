// Fuzzing the validator: random JSON and mutated real documents must either compile or fail
// with PolicyValidationError, never anything else; whatever compiles must evaluate without
// throwing.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PolicyKind } from './index.js';
import {
  buildRequestContext,
  compilePolicy,
  evaluate,
  evaluateTrust,
  POLICY_KINDS,
  PolicyValidationError,
  roleSessionPrincipal,
  validatePolicy,
} from './index.js';

const principal = roleSessionPrincipal({
  roleArn: 'arn:aws:iam::111111111111:role/app',
  roleId: 'AROAEXAMPLEROLEID0001',
  sessionName: 's',
});
const context = buildRequestContext({
  principal,
  time: 0,
  sourceIp: '10.0.0.1',
  extra: { 's3:prefix': 'a', 'aws:TagKeys': ['k'] },
});

const SEEDS = [
  {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'A1',
        Effect: 'Allow',
        Action: ['s3:Get*', 'ec2:*'],
        Resource: 'arn:aws:s3:::b/${aws:username}/*',
        Condition: { StringLike: { 's3:prefix': ['a*', '${aws:userid}'] } },
      },
      {
        Effect: 'Deny',
        NotAction: 'iam:*',
        NotResource: '*',
        Condition: {
          'ForAllValues:StringEquals': { 'aws:TagKeys': 'k' },
          DateLessThan: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' },
        },
      },
    ],
  },
  {
    Version: '2012-10-17',
    Statement: {
      Effect: 'Allow',
      Principal: {
        AWS: ['111111111111', 'arn:aws:iam::111111111111:role/app'],
        Service: 'ec2.amazonaws.com',
      },
      Action: 'sts:AssumeRole',
      Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
    },
  },
  {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Deny',
        NotPrincipal: { AWS: 'arn:aws:iam::111111111111:root' },
        Action: 's3:*',
        Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
        Condition: {
          ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/x' },
          Null: { 'aws:TokenIssueTime': true },
        },
      },
    ],
  },
];

function check(text: string, kind: PolicyKind): void {
  let compiled;
  try {
    compiled = validatePolicy(text, kind);
  } catch (e) {
    if (!(e instanceof PolicyValidationError)) throw e;
    expect(e.code).toBe('MalformedPolicyDocument');
    expect(e.message.length).toBeGreaterThan(0);
    return;
  }
  const request = { principal, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context };
  const label = { label: 'fuzz', policy: compiled };
  if (kind === 'trust') {
    evaluateTrust(
      { ...request, action: 'sts:AssumeRole', resource: 'arn:aws:iam::111111111111:role/t' },
      { trust: label, roleAccount: '111111111111' },
      { explain: true },
    );
    return;
  }
  const set =
    kind === 'resource'
      ? { resource: { policy: label, ownerAccount: '111111111111' } }
      : kind === 'scp'
        ? { scps: [[label]] }
        : { identity: [label] };
  evaluate(request, set);
  evaluate(request, set, { explain: true });
}

/** A mutation of a JSON text: insert, delete or replace characters, or swap a token. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 4 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 6 }) }),
  fc.record({
    op: fc.constant('swap' as const),
    from: fc.constantFrom(
      'Allow',
      'Deny',
      'Action',
      'Resource',
      'Principal',
      'Condition',
      'Statement',
      '"*"',
      ':',
      '[',
      '{',
      'StringLike',
      'AWS',
      '2012-10-17',
    ),
    to: fc.constantFrom(
      'allow',
      'NotAction',
      'NotResource',
      'NotPrincipal',
      'Conditions',
      '[]',
      '{}',
      'null',
      'true',
      '1e999',
      '"${',
      'ForAnyValue:Null',
      'Sid',
      '"\\u0000"',
      '2008-10-17',
    ),
  }),
);

interface Mutation {
  op: 'insert' | 'delete' | 'swap';
  at?: number;
  text?: string;
  len?: number;
  from?: string;
  to?: string;
}

function mutate(text: string, m: Mutation): string {
  if (m.op === 'insert') {
    const at = (m.at ?? 0) % (text.length + 1);
    return text.slice(0, at) + (m.text ?? '') + text.slice(at);
  }
  if (m.op === 'delete') {
    const at = (m.at ?? 0) % (text.length + 1);
    return text.slice(0, at) + text.slice(at + (m.len ?? 1));
  }
  return text.replace(m.from ?? '', m.to ?? '');
}

describe('validator fuzzing', () => {
  it('random JSON values: only PolicyValidationError', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.constantFrom(...POLICY_KINDS), (v, kind) =>
        check(JSON.stringify(v), kind),
      ),
      { numRuns: 1500 },
    );
  });

  it('random policy-shaped objects: only PolicyValidationError', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('*', 's3:*', 'arn:aws:s3:::b/*', 'Allow', 'Deny', '2012-10-17'),
      fc.boolean(),
      fc.integer(),
      fc.constant(null),
    );
    const element = fc.dictionary(
      fc.constantFrom(
        'Sid',
        'Effect',
        'Action',
        'NotAction',
        'Resource',
        'NotResource',
        'Principal',
        'NotPrincipal',
        'Condition',
        'x',
      ),
      fc.oneof(
        value,
        fc.array(value, { maxLength: 3 }),
        fc.dictionary(
          fc.constantFrom('AWS', 'Service', 'StringEquals', 'Null', 'aws:x', 'ForAllValues:StringLike'),
          fc.oneof(value, fc.array(value), fc.dictionary(fc.string({ maxLength: 4 }), value)),
        ),
      ),
    );
    const doc = fc.record(
      {
        Version: fc.constantFrom('2012-10-17', '2008-10-17', 'x'),
        Statement: fc.oneof(element, fc.array(element, { maxLength: 3 })),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(doc, fc.constantFrom(...POLICY_KINDS), (d, kind) => check(JSON.stringify(d), kind)),
      { numRuns: 3000 },
    );
  });

  it('mutated real documents: only PolicyValidationError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SEEDS),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...POLICY_KINDS),
        (seed, ms, kind) => {
          let text = JSON.stringify(seed);
          for (const m of ms) text = mutate(text, m);
          check(text, kind);
        },
      ),
      { numRuns: 4000 },
    );
  });

  it('arbitrary strings: only PolicyValidationError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.constantFrom(...POLICY_KINDS), (s, kind) =>
        check(s, kind),
      ),
      { numRuns: 1000 },
    );
  });

  it('the seeds themselves are valid for their intended kinds', () => {
    expect(() => compilePolicy(JSON.stringify(SEEDS[0]), 'identity')).not.toThrow();
    expect(() => compilePolicy(JSON.stringify(SEEDS[1]), 'trust')).not.toThrow();
    expect(() => compilePolicy(JSON.stringify(SEEDS[2]), 'resource')).not.toThrow();
  });
});
