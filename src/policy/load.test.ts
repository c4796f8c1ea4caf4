import { beforeEach, describe, expect, it } from 'vitest';
import {
  compilePolicy,
  policyCacheStats,
  policySize,
  PolicyValidationError,
  resetPolicyCache,
  SIZE_QUOTAS,
  validatePolicy,
} from './index.js';

const trust = (principal: unknown): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }],
  });

function messageOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof PolicyValidationError) return e.message;
    throw e;
  }
  return undefined;
}

describe('compilePolicy cache', () => {
  beforeEach(() => resetPolicyCache());

  it('compiles a document once per kind, keyed by its content hash', () => {
    const text = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}';
    const a = compilePolicy(text, 'identity');
    const b = compilePolicy(text, 'identity');
    const c = compilePolicy(text, 'boundary');
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(policyCacheStats()).toMatchObject({ size: 2, hits: 1, misses: 2 });
  });

  it('is bounded (LRU)', () => {
    resetPolicyCache(2);
    const doc = (n: number): string =>
      `{"Version":"2012-10-17","Statement":{"Sid":"S${n}","Effect":"Allow","Action":"s3:*","Resource":"*"}}`;
    const first = compilePolicy(doc(1), 'identity');
    compilePolicy(doc(2), 'identity');
    compilePolicy(doc(1), 'identity'); // refresh 1
    compilePolicy(doc(3), 'identity'); // evicts 2
    expect(policyCacheStats().size).toBe(2);
    expect(compilePolicy(doc(1), 'identity')).toBe(first);
    resetPolicyCache(4096);
  });

  it('never caches invalid documents', () => {
    expect(() => compilePolicy('{', 'identity')).toThrow(PolicyValidationError);
    expect(policyCacheStats().size).toBe(0);
  });

  it('re-checks caller options on a cache hit, in AWS order (Version before principals before size)', () => {
    const old = JSON.stringify({
      Version: '2008-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111111111111:role/gone' },
          Action: 'sts:AssumeRole',
        },
      ],
    });
    compilePolicy(old, 'trust');
    const opts = {
      requireVersion2012: true,
      principalExists: () => false,
      sizeQuota: { max: 1, message: 'too big' },
    };
    expect(messageOf(() => validatePolicy(old, 'trust', opts))).toBe(
      'Policy document must be version 2012-10-17 or greater.',
    );
    expect(messageOf(() => validatePolicy(old, 'trust', { ...opts, requireVersion2012: false }))).toBe(
      'Invalid principal in policy: "AWS":"arn:aws:iam::111111111111:role/gone"',
    );
    expect(messageOf(() => validatePolicy(old, 'trust', { sizeQuota: opts.sizeQuota }))).toBe('too big');
    resetPolicyCache();
    // The same order without the cache.
    expect(messageOf(() => validatePolicy(old, 'trust', opts))).toBe(
      'Policy document must be version 2012-10-17 or greater.',
    );
  });
});

describe('compiled policy metadata', () => {
  it('lists IAM user/role principals a trust policy names, for the existence check', () => {
    const p = compilePolicy(
      trust({
        AWS: [
          '111111111111',
          'arn:aws:iam::111111111111:role/a',
          'arn:aws:iam::111111111111:user/b',
          'arn:aws:sts::111111111111:assumed-role/a/s',
        ],
        Service: 'ec2.amazonaws.com',
      }),
      'trust',
    );
    expect(p.principalArns).toEqual(['arn:aws:iam::111111111111:role/a', 'arn:aws:iam::111111111111:user/b']);
    expect(p.servicePrincipals).toEqual(['ec2.amazonaws.com']);
  });

  it('lists the condition keys and variables a policy reads (GetContextKeysForPolicy)', () => {
    const p = compilePolicy(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:*',
            Resource: 'arn:aws:s3:::b/${aws:username}/*',
            Condition: {
              StringEquals: {
                'aws:ResourceTag/team': '${aws:PrincipalTag/team}',
                'AWS:ResourceTag/Team': 'x',
              },
              Bool: { 'aws:SecureTransport': 'true' },
            },
          },
        ],
      }),
      'identity',
    );
    expect(p.conditionKeys).toEqual([
      'aws:ResourceTag/team',
      'aws:SecureTransport',
      'aws:PrincipalTag/team',
      'aws:username',
    ]);
  });

  it('keeps Version and Id', () => {
    const p = compilePolicy(
      '{"Version":"2008-10-17","Id":"x","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}',
      'identity',
    );
    expect([p.version, p.id, p.kind]).toEqual(['2008-10-17', 'x', 'identity']);
  });
});

describe('policySize', () => {
  it('ignores whitespace between tokens but counts it inside strings', () => {
    expect(policySize('{ "a" : "b c" }')).toBe('{"a":"b c"}'.length);
    expect(policySize('{"a":"\\" x"}')).toBe('{"a":"\\" x"}'.length);
  });

  it('quota presets carry AWS texts', () => {
    expect(SIZE_QUOTAS.managedPolicy.message).toBe('Cannot exceed quota for PolicySize: 6144');
    expect(SIZE_QUOTAS.trustPolicy.message).toBe('Cannot exceed quota for ACLSizePerRole: 2048');
  });
});
