// IAM users, groups, access keys and login profiles, and authorization of every IAM call (issue 4):
// a user with a narrow policy can do exactly what it says and gets AWS's AccessDenied otherwise.
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  GetAccessKeyLastUsedCommand,
  GetGroupCommand,
  GetLoginProfileCommand,
  GetRoleCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListGroupsForUserCommand,
  ListRolesCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  UpdateAccessKeyCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, iamClient, stsClient } from './helpers/sdk.js';
import { ACCOUNT, ROOT, startTestServer, type TestServer } from './helpers/server.js';
import type { Credentials } from './helpers/clients.js';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const policy = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

let server: TestServer;
let iam: ReturnType<typeof iamClient>;

async function newUser(name: string, statements?: object[]): Promise<Credentials> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  if (statements)
    await iam.send(
      new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: policy(statements) }),
    );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

beforeAll(async () => {
  server = await startTestServer();
  iam = iamClient(server.url, ROOT);
  await iam.send(new CreateRoleCommand({ RoleName: 'DevTeamWeb', AssumeRolePolicyDocument: TRUST }));
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'Prod',
      AssumeRolePolicyDocument: TRUST,
      Tags: [{ Key: 'env', Value: 'prod' }],
    }),
  );
});
afterAll(async () => {
  await server?.stop();
});

describe('users and access keys', () => {
  it('creates users whose keys authenticate as the user, in AWS formats', async () => {
    const creds = await newUser('carol');
    expect(creds.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(creds.secretAccessKey).toMatch(/^[A-Za-z0-9/+]{40}$/);
    const id = await stsClient(server.url, creds).send(new GetCallerIdentityCommand({}));
    expect(id.Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/carol`);
    expect(id.UserId).toMatch(/^AIDA/);
    expect((await iam.send(new GetUserCommand({ UserName: 'carol' }))).User?.UserId).toBe(id.UserId);
    expect((await failure(iam.send(new CreateUserCommand({ UserName: 'Carol' })))).message).toBe(
      'User with name Carol already exists.',
    );
  });

  it('allows two keys per user; an Inactive key fails authentication at once; deleted keys are gone', async () => {
    const second = (await iam.send(new CreateAccessKeyCommand({ UserName: 'carol' }))).AccessKey!;
    expect(await failure(iam.send(new CreateAccessKeyCommand({ UserName: 'carol' })))).toEqual({
      code: 'LimitExceeded',
      status: 409,
      message: 'Cannot exceed quota for AccessKeysPerUser: 2',
    });
    const creds = { accessKeyId: second.AccessKeyId!, secretAccessKey: second.SecretAccessKey! };
    const sts = stsClient(server.url, creds);
    await sts.send(new GetCallerIdentityCommand({}));
    await iam.send(
      new UpdateAccessKeyCommand({ UserName: 'carol', AccessKeyId: creds.accessKeyId, Status: 'Inactive' }),
    );
    expect((await failure(sts.send(new GetCallerIdentityCommand({})))).code).toBe('InvalidClientTokenId');
    expect(
      (await iam.send(new ListAccessKeysCommand({ UserName: 'carol' }))).AccessKeyMetadata?.map(
        (k) => k.Status,
      ),
    ).toEqual(['Active', 'Inactive']);
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'carol', AccessKeyId: creds.accessKeyId }));
    expect(
      await failure(
        iam.send(new DeleteAccessKeyCommand({ UserName: 'carol', AccessKeyId: creds.accessKeyId })),
      ),
    ).toEqual({
      code: 'NoSuchEntity',
      status: 404,
      message: `The Access Key with id ${creds.accessKeyId} cannot be found.`,
    });
  });

  it('GetAccessKeyLastUsed: N/A before use, the service after; AccessDenied for a key id that does not exist', async () => {
    const creds = await newUser('dave');
    const before = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: creds.accessKeyId }));
    expect(before.AccessKeyLastUsed).toMatchObject({ ServiceName: 'N/A', Region: 'N/A' });
    await stsClient(server.url, creds).send(new GetCallerIdentityCommand({}));
    await new Promise((r) => setTimeout(r, 100));
    const after = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: creds.accessKeyId }));
    expect(after).toMatchObject({
      UserName: 'dave',
      AccessKeyLastUsed: { ServiceName: 'sts', Region: 'us-east-1' },
    });
    expect(after.AccessKeyLastUsed?.LastUsedDate).toBeInstanceOf(Date);
    expect(
      await failure(iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA' }))),
    ).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform iam:GetAccessKeyLastUsed on resource: access key AKIAAAAAAAAAAAAAAAAA`,
    });
  });

  it('DeleteUser is refused while the user has keys; renaming keeps its keys and policies', async () => {
    const creds = await newUser('erin', [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }]);
    expect(await failure(iam.send(new DeleteUserCommand({ UserName: 'erin' })))).toEqual({
      code: 'DeleteConflict',
      status: 409,
      message: 'Cannot delete entity, must delete access keys first.',
    });
    await iam.send(new UpdateUserCommand({ UserName: 'erin', NewUserName: 'erin2', NewPath: '/ops/' }));
    const id = await stsClient(server.url, creds).send(new GetCallerIdentityCommand({}));
    expect(id.Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/ops/erin2`);
    await iamClient(server.url, creds).send(new ListRolesCommand({}));
  });

  it('login profiles keep only a hash of the password', async () => {
    await iam.send(
      new CreateLoginProfileCommand({
        UserName: 'carol',
        Password: 'correct horse battery staple',
        PasswordResetRequired: true,
      }),
    );
    expect((await iam.send(new GetLoginProfileCommand({ UserName: 'carol' }))).LoginProfile).toMatchObject({
      UserName: 'carol',
      PasswordResetRequired: true,
    });
    expect(
      (
        await failure(
          iam.send(new CreateLoginProfileCommand({ UserName: 'carol', Password: 'another password' })),
        )
      ).code,
    ).toBe('EntityAlreadyExists');
    const rows = await server.store.read.loginProfiles.get(ACCOUNT, 'carol');
    expect(rows?.password_hash).toMatch(/^scrypt\$/);
    expect(rows?.password_hash).not.toContain('horse');
  });
});

describe('authorization of IAM calls', () => {
  it('a user may do exactly what its policy says, and gets AccessDenied with the reason otherwise', async () => {
    const creds = await newUser('reader', [
      {
        Effect: 'Allow',
        Action: ['iam:Get*', 'iam:List*'],
        Resource: `arn:aws:iam::${ACCOUNT}:role/DevTeam*`,
      },
      { Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' },
    ]);
    const reader = iamClient(server.url, creds);
    expect((await reader.send(new GetRoleCommand({ RoleName: 'DevTeamWeb' }))).Role?.RoleName).toBe(
      'DevTeamWeb',
    );
    await reader.send(new ListRolesCommand({}));
    expect(await failure(reader.send(new GetRoleCommand({ RoleName: 'Prod' })))).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:iam::${ACCOUNT}:user/reader is not authorized to perform: iam:GetRole on resource: arn:aws:iam::${ACCOUNT}:role/Prod because no identity-based policy allows the iam:GetRole action`,
    });
    expect(
      (
        await failure(
          reader.send(new CreateRoleCommand({ RoleName: 'DevTeamNew', AssumeRolePolicyDocument: TRUST })),
        )
      ).code,
    ).toBe('AccessDenied');
  });

  it('an explicit deny wins, and says so', async () => {
    const creds = await newUser('denied', [
      { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
      { Effect: 'Deny', Action: 'iam:GetRole', Resource: `arn:aws:iam::${ACCOUNT}:role/Prod` },
    ]);
    const err = await failure(iamClient(server.url, creds).send(new GetRoleCommand({ RoleName: 'Prod' })));
    expect(err.message).toBe(
      `User: arn:aws:iam::${ACCOUNT}:user/denied is not authorized to perform: iam:GetRole on resource: arn:aws:iam::${ACCOUNT}:role/Prod with an explicit deny in an identity-based policy`,
    );
  });

  it('conditions on resource tags (ABAC) are evaluated', async () => {
    const creds = await newUser('abac', [
      {
        Effect: 'Allow',
        Action: 'iam:GetRole',
        Resource: '*',
        Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } },
      },
    ]);
    const client = iamClient(server.url, creds);
    await client.send(new GetRoleCommand({ RoleName: 'Prod' }));
    expect((await failure(client.send(new GetRoleCommand({ RoleName: 'DevTeamWeb' })))).code).toBe(
      'AccessDenied',
    );
  });

  it('group policies apply to members; a permissions boundary caps the user', async () => {
    const creds = await newUser('grouped');
    await iam.send(new CreateGroupCommand({ GroupName: 'Admins' }));
    await iam.send(
      new AttachGroupPolicyCommand({
        GroupName: 'Admins',
        PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess',
      }),
    );
    await iam.send(new AddUserToGroupCommand({ GroupName: 'Admins', UserName: 'grouped' }));
    expect(
      (await iam.send(new GetGroupCommand({ GroupName: 'admins' }))).Users?.map((u) => u.UserName),
    ).toEqual(['grouped']);
    expect(
      (await iam.send(new ListGroupsForUserCommand({ UserName: 'grouped' }))).Groups?.map((g) => g.GroupName),
    ).toEqual(['Admins']);
    const client = iamClient(server.url, creds);
    await client.send(new GetRoleCommand({ RoleName: 'Prod' }));
    expect(
      (await failure(client.send(new CreateRoleCommand({ RoleName: 'X', AssumeRolePolicyDocument: TRUST }))))
        .message,
    ).toContain('because no identity-based policy allows the iam:CreateRole action');
    await iam.send(
      new PutUserPermissionsBoundaryCommand({
        UserName: 'grouped',
        PermissionsBoundary: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
      }),
    );
    const capped = await failure(client.send(new GetRoleCommand({ RoleName: 'Prod' })));
    expect(capped.message).toContain('because no permissions boundary allows the iam:GetRole action');
  });

  it('GetCallerIdentity succeeds even under an explicit deny', async () => {
    const creds = await newUser('nobody', [{ Effect: 'Deny', Action: '*', Resource: '*' }]);
    expect((await stsClient(server.url, creds).send(new GetCallerIdentityCommand({}))).Arn).toBe(
      `arn:aws:iam::${ACCOUNT}:user/nobody`,
    );
  });
});

describe('simulation', () => {
  it('SimulatePrincipalPolicy answers allowed, implicitDeny and explicitDeny with matched statements', async () => {
    const out = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/denied`,
        ActionNames: ['iam:GetRole', 'iam:ListRoles', 's3:GetObject'],
        ResourceArns: [`arn:aws:iam::${ACCOUNT}:role/Prod`],
      }),
    );
    expect(out.EvaluationResults?.map((r) => [r.EvalActionName, r.EvalDecision])).toEqual([
      ['iam:GetRole', 'explicitDeny'],
      ['iam:ListRoles', 'allowed'],
      ['s3:GetObject', 'implicitDeny'],
    ]);
    expect(out.EvaluationResults?.[0]?.MatchedStatements?.[0]).toMatchObject({
      SourcePolicyId: 'p',
      SourcePolicyType: 'IAM Policy',
    });
  });

  it('SimulateCustomPolicy reports missing context keys', async () => {
    const out = await iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [
          policy([
            {
              Effect: 'Allow',
              Action: 's3:GetObject',
              Resource: '*',
              Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
            },
          ]),
        ],
        ActionNames: ['s3:GetObject'],
      }),
    );
    expect(out.EvaluationResults?.[0]).toMatchObject({
      EvalDecision: 'implicitDeny',
      MissingContextValues: ['aws:SourceIp'],
    });
    const withIp = await iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [
          policy([
            {
              Effect: 'Allow',
              Action: 's3:GetObject',
              Resource: '*',
              Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
            },
          ]),
        ],
        ActionNames: ['s3:GetObject'],
        ContextEntries: [
          { ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['10.1.2.3'], ContextKeyType: 'ip' },
        ],
      }),
    );
    expect(withIp.EvaluationResults?.[0]?.EvalDecision).toBe('allowed');
  });
});
