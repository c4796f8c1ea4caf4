import { describe, expect, it } from 'vitest';
import type { AuthzRequest, Decision, PolicySet, PolicyType } from './index.js';
import {
  accessDeniedMessage,
  buildRequestContext,
  compilePolicy,
  denialSuffix,
  evaluate,
  RequestContext,
  roleSessionPrincipal,
  toAuthorizationMessage,
  toSimulationResult,
  userPrincipal,
} from './index.js';

const ana = roleSessionPrincipal({
  roleArn: 'arn:aws:iam::111122223333:role/Developer',
  roleId: 'AROA123456789EXAMPLE',
  sessionName: 'Ana',
});

function decide(
  policies: PolicySet,
  action = 'ec2:RunInstances',
  resource = 'arn:aws:ec2:us-east-1:111122223333:instance/*',
  explain = false,
): Decision {
  const request: AuthzRequest = {
    principal: ana,
    action,
    resource,
    context: RequestContext.from({ 'ec2:Region': 'us-east-1', 'aws:MultiFactorAuthPresent': 'false' }),
  };
  return evaluate(request, policies, { explain });
}

describe('denialSuffix', () => {
  const fake = (kind: 'explicit' | 'implicit', policyType: PolicyType): Decision =>
    ({
      result: kind === 'explicit' ? 'ExplicitlyDenied' : 'ImplicitlyDenied',
      denial: { kind, policyType },
      request: { action: 's3:PutObject' },
    }) as unknown as Decision;

  it.each([
    ['explicit', 'identity', 'with an explicit deny in an identity-based policy'],
    ['explicit', 'boundary', 'with an explicit deny in a permissions boundary'],
    ['explicit', 'session', 'with an explicit deny in a session policy'],
    ['explicit', 'resource', 'with an explicit deny in a resource-based policy'],
    ['explicit', 'scp', 'with an explicit deny in a service control policy'],
    ['explicit', 'trust', 'with an explicit deny in the role trust policy'],
    ['implicit', 'identity', 'because no identity-based policy allows the s3:PutObject action'],
    ['implicit', 'boundary', 'because no permissions boundary allows the s3:PutObject action'],
    ['implicit', 'session', 'because no session policy allows the s3:PutObject action'],
    ['implicit', 'resource', 'because no resource-based policy allows the s3:PutObject action'],
    ['implicit', 'scp', 'with an explicit deny in a service control policy'],
  ] as const)('%s %s', (kind, type, text) => {
    expect(denialSuffix(fake(kind, type))).toBe(text);
  });

  it('an implicit trust-policy denial carries no reason (every recorded AssumeRole denial is bare)', () => {
    expect(denialSuffix(fake('implicit', 'trust'))).toBeUndefined();
  });
});

describe('toAuthorizationMessage (DecodeAuthorizationMessage)', () => {
  it('has the shape of the AWS CLI example for an explicit deny', () => {
    const policy = compilePolicy(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'VisualEditor0', Effect: 'Deny', Action: 'ec2:RunInstances', Resource: '*' },
          { Effect: 'Allow', Action: '*', Resource: '*' },
        ],
      }),
      'identity',
    );
    const d = decide({ identity: [{ label: 'Developer policy', policy }] });
    expect(d.result).toBe('ExplicitlyDenied');
    const m = toAuthorizationMessage(d);
    expect(m).toEqual({
      allowed: false,
      explicitDeny: true,
      matchedStatements: {
        items: [
          {
            statementId: 'VisualEditor0',
            effect: 'DENY',
            principals: { items: [{ value: 'AROA123456789EXAMPLE' }] },
            principalGroups: { items: [] },
            actions: { items: [{ value: 'ec2:RunInstances' }] },
            resources: { items: [{ value: '*' }] },
            conditions: { items: [] },
          },
        ],
      },
      failures: { items: [] },
      context: {
        principal: {
          id: 'AROA123456789EXAMPLE:Ana',
          arn: 'arn:aws:sts::111122223333:assumed-role/Developer/Ana',
        },
        action: 'ec2:RunInstances',
        resource: 'arn:aws:ec2:us-east-1:111122223333:instance/*',
        conditions: {
          items: [
            { key: 'ec2:Region', values: { items: [{ value: 'us-east-1' }] } },
            { key: 'aws:MultiFactorAuthPresent', values: { items: [{ value: 'false' }] } },
          ],
        },
      },
    });
    // STS returns it as a JSON string.
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });

  it('implicit deny: nothing matched; a user principal carries its name', () => {
    const request: AuthzRequest = {
      principal: userPrincipal({
        arn: 'arn:aws:iam::111122223333:user/bob',
        userId: 'AIDAEXAMPLEUSERID0001',
      }),
      action: 'iam:PassRole',
      resource: 'arn:aws:iam::111122223333:role/web',
      context: RequestContext.EMPTY,
    };
    const m = toAuthorizationMessage(evaluate(request, {}));
    expect(m).toMatchObject({
      allowed: false,
      explicitDeny: false,
      matchedStatements: { items: [] },
      context: {
        principal: { id: 'AIDAEXAMPLEUSERID0001', name: 'bob', arn: 'arn:aws:iam::111122223333:user/bob' },
      },
    });
  });
});

describe('accessDeniedMessage', () => {
  it('omits "on resource" for wildcard-only actions (README decision)', () => {
    const d = decide({}, 'ec2:DescribeInstances', '*');
    expect(accessDeniedMessage(d)).toBe(
      'User: arn:aws:sts::111122223333:assumed-role/Developer/Ana is not authorized to perform: ec2:DescribeInstances because no identity-based policy allows the ec2:DescribeInstances action',
    );
  });

  it('is undefined for an allowed decision', () => {
    const policy = compilePolicy(
      '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}',
      'identity',
    );
    expect(accessDeniedMessage(decide({ identity: [{ label: 'p', policy }] }))).toBeUndefined();
  });
});

describe('toSimulationResult (SimulatePrincipalPolicy)', () => {
  // The recorded AWS answer for this exact document (Python json.dumps spacing): the statement
  // starts at column 41 and ends at column 113 of line 1 [LS test_simulate_principle_policy].
  const text =
    '{"Version": "2012-10-17", "Statement": {"Sid": "", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}}';
  const policy = compilePolicy(text, 'identity');
  const request = (action: string): AuthzRequest => ({
    principal: ana,
    action,
    resource: 'arn:aws:s3:::bucket',
    context: buildRequestContext({ principal: ana, time: 0 }),
  });

  it('reports matched statements with AWS positions and "IAM Policy"', () => {
    const d = evaluate(
      request('s3:PutObject'),
      { identity: [{ label: 'arn:aws:iam::111122223333:policy/p', sourceId: 'p', policy }] },
      { explain: true },
    );
    expect(toSimulationResult(d)).toEqual({
      EvalActionName: 's3:PutObject',
      EvalResourceName: 'arn:aws:s3:::bucket',
      EvalDecision: 'allowed',
      MatchedStatements: [
        {
          SourcePolicyId: 'p',
          SourcePolicyType: 'IAM Policy',
          StartPosition: { Line: 1, Column: 41 },
          EndPosition: { Line: 1, Column: 113 },
        },
      ],
      MissingContextValues: [],
      EvalDecisionDetails: {},
      OrganizationsDecisionDetail: { AllowedByOrganizations: true },
    });
  });

  it('implicitDeny has no matched statements', () => {
    const d = evaluate(
      request('s3:GetObjectVersion'),
      { identity: [{ label: 'p', policy }] },
      { explain: true },
    );
    expect(toSimulationResult(d)).toMatchObject({ EvalDecision: 'implicitDeny', MatchedStatements: [] });
  });

  it('lists the condition keys the request lacked', () => {
    const withCondition = compilePolicy(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:PutObject',
            Resource: '*',
            Condition: {
              StringEquals: { 's3:x-amz-acl': 'private' },
              Bool: { 'aws:SecureTransport': 'true' },
            },
          },
          {
            Effect: 'Allow',
            Action: 'ec2:*',
            Resource: '*',
            Condition: { StringEquals: { 'ec2:Region': 'x' } },
          },
        ],
      }),
      'identity',
    );
    const d = evaluate(
      request('s3:PutObject'),
      { identity: [{ label: 'p', policy: withCondition }] },
      { explain: true },
    );
    expect(toSimulationResult(d).MissingContextValues).toEqual(['s3:x-amz-acl']);
  });

  it('multi-line documents report the right lines', () => {
    const pretty = compilePolicy(
      JSON.stringify(
        { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
        null,
        2,
      ),
      'identity',
    );
    const st = pretty.statements[0];
    expect(st?.start).toEqual({ line: 4, column: 6 });
    expect(st?.end).toEqual({ line: 8, column: 6 });
  });
});
