import { describe, expect, it } from 'vitest';
import {
  ANONYMOUS_PRINCIPAL,
  buildRequestContext,
  federatedUserPrincipal,
  GLOBAL_CONDITION_KEYS,
  RequestContext,
  rootPrincipal,
  roleSessionPrincipal,
  servicePrincipal,
  userPrincipal,
} from './index.js';

const time = Date.UTC(2024, 4, 1, 12, 0, 0, 789);

describe('principal builders', () => {
  it('derive the session ARN (no role path) and aws:userid as AWS does', () => {
    const p = roleSessionPrincipal({
      roleArn: 'arn:aws:iam::111111111111:role/app/web',
      roleId: 'AROAEXAMPLE',
      sessionName: 'i-0abc',
    });
    expect(p).toMatchObject({
      type: 'AssumedRole',
      arn: 'arn:aws:sts::111111111111:assumed-role/web/i-0abc',
      accountId: '111111111111',
      userId: 'AROAEXAMPLE:i-0abc',
    });
    expect(federatedUserPrincipal({ accountId: '111111111111', name: 'bob' })).toMatchObject({
      arn: 'arn:aws:sts::111111111111:federated-user/bob',
      userId: '111111111111:bob',
    });
    expect(rootPrincipal('111111111111', 'aws-cn').arn).toBe('arn:aws-cn:iam::111111111111:root');
    expect(userPrincipal({ arn: 'arn:aws:iam::111111111111:user/div/alice', userId: 'AIDAX' }).userName).toBe(
      'alice',
    );
  });
});

describe('buildRequestContext', () => {
  it('fills the global keys for an EC2 instance-role session', () => {
    const principal = roleSessionPrincipal({
      roleArn: 'arn:aws:iam::111111111111:role/app/web',
      roleId: 'AROAEXAMPLE',
      sessionName: 'i-0abc',
      tags: { team: 'blue' },
    });
    const ctx = buildRequestContext({
      principal,
      time,
      sourceIp: '198.51.100.7',
      requestedRegion: 'us-east-1',
      session: { tokenIssueTime: Date.UTC(2024, 4, 1, 11), mfaPresent: false, sourceIdentity: 'alice' },
      ec2: {
        sourceInstanceArn: 'arn:aws:ec2:us-east-1:111111111111:instance/i-0abc',
        roleDelivery: 2,
        sourceVpc: 'vpc-1',
        sourcePrivateIpv4: '10.0.0.5',
      },
      requestTags: { project: 'x', env: 'prod' },
      resourceTags: { owner: 'ops' },
      extra: { 's3:prefix': 'home/' },
    });
    expect(ctx.toJSON()).toEqual({
      'aws:CurrentTime': '2024-05-01T12:00:00Z',
      'aws:EpochTime': '1714564800',
      'aws:SourceIp': '198.51.100.7',
      'aws:SecureTransport': 'true',
      'aws:RequestedRegion': 'us-east-1',
      'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/app/web',
      'aws:PrincipalAccount': '111111111111',
      'aws:PrincipalType': 'AssumedRole',
      'aws:PrincipalIsAWSService': 'false',
      'aws:userid': 'AROAEXAMPLE:i-0abc',
      'aws:ViaAWSService': 'false',
      'aws:PrincipalTag/team': 'blue',
      'aws:RequestTag/project': 'x',
      'aws:RequestTag/env': 'prod',
      'aws:TagKeys': ['project', 'env'],
      'aws:ResourceTag/owner': 'ops',
      'aws:TokenIssueTime': '2024-05-01T11:00:00Z',
      'aws:MultiFactorAuthPresent': 'false',
      'aws:SourceIdentity': 'alice',
      'ec2:SourceInstanceARN': 'arn:aws:ec2:us-east-1:111111111111:instance/i-0abc',
      'ec2:RoleDelivery': '2.0',
      'aws:Ec2InstanceSourceVpc': 'vpc-1',
      'aws:Ec2InstanceSourcePrivateIPv4': '10.0.0.5',
      's3:prefix': 'home/',
    });
  });

  it('aws:username only for IAM users; MFA keys only for temporary credentials', () => {
    const user = buildRequestContext({
      principal: userPrincipal({ arn: 'arn:aws:iam::111111111111:user/alice', userId: 'AIDAX' }),
      time,
    });
    expect(user.get('aws:username')?.values).toEqual(['alice']);
    expect(user.has('aws:MultiFactorAuthPresent')).toBe(false);
    expect(user.has('aws:TokenIssueTime')).toBe(false);
    const root = buildRequestContext({ principal: rootPrincipal('111111111111'), time });
    expect(root.toJSON()).toMatchObject({
      'aws:PrincipalType': 'Account',
      'aws:userid': '111111111111',
      'aws:PrincipalArn': 'arn:aws:iam::111111111111:root',
    });
    expect(root.has('aws:username')).toBe(false);
  });

  it('services and anonymous callers', () => {
    const svc = buildRequestContext({ principal: servicePrincipal('ec2.amazonaws.com'), time });
    expect(svc.toJSON()).toMatchObject({
      'aws:PrincipalType': 'Service',
      'aws:PrincipalIsAWSService': 'true',
    });
    expect(svc.has('aws:PrincipalArn')).toBe(false);
    const anon = buildRequestContext({ principal: ANONYMOUS_PRINCIPAL, time });
    expect(anon.toJSON()).toMatchObject({ 'aws:PrincipalType': 'Anonymous', 'aws:userid': 'anonymous' });
    expect(anon.has('aws:PrincipalAccount')).toBe(false);
  });

  it('every key it can emit is documented in GLOBAL_CONDITION_KEYS', () => {
    const documented = new Set(GLOBAL_CONDITION_KEYS.map((k) => k.key.replace(/<key>$/, '').toLowerCase()));
    const ctx = buildRequestContext({
      principal: userPrincipal({
        arn: 'arn:aws:iam::111111111111:user/a',
        userId: 'AIDAX',
        tags: { t: 'v' },
      }),
      time,
      sourceIp: '192.0.2.1',
      requestedRegion: 'us-east-1',
      session: { tokenIssueTime: time, mfaPresent: true, mfaAgeSeconds: 10, sourceIdentity: 'x' },
      ec2: {
        sourceInstanceArn: 'arn:aws:ec2:us-east-1:1:instance/i',
        roleDelivery: 1,
        sourceVpc: 'v',
        sourcePrivateIpv4: '10.0.0.1',
      },
      requestTags: { a: 'b' },
      resourceTags: { c: 'd' },
      resourceAccount: '111111111111',
      passedToService: 'ec2.amazonaws.com',
    });
    for (const e of ctx.entries()) {
      const k = e.key.toLowerCase();
      const prefix = k.includes('/') ? k.slice(0, k.indexOf('/') + 1) : k;
      expect(documented.has(prefix), e.key).toBe(true);
    }
  });
});

describe('RequestContext', () => {
  it('is case-insensitive on keys, not values; drops empty multi-values; later keys win', () => {
    const ctx = RequestContext.from({ 'AWS:SourceIp': '1.2.3.4', 'aws:TagKeys': [], 'x:a': 1, 'X:A': true });
    expect(ctx.get('aws:sourceip')?.values).toEqual(['1.2.3.4']);
    expect(ctx.has('aws:TagKeys')).toBe(false);
    expect(ctx.get('x:a')?.values).toEqual(['true']);
    const more = ctx.with({ 'aws:sourceip': undefined, 'y:b': ['1', '2'] });
    expect(more.has('aws:SourceIp')).toBe(false);
    expect(more.get('Y:B')).toMatchObject({ multi: true, values: ['1', '2'] });
    expect(ctx.has('y:b')).toBe(false);
  });
});
