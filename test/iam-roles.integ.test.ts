// IAM roles, instance profiles, inline and managed policies against the real server (issue 4):
// AWS's members per operation, AWS's errors with their codes, statuses and texts, pagination, and
// policy documents URL-encoded on the wire. The seed documents' commands run verbatim with the CLI.
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  DeleteInstanceProfileCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetInstanceProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListInstanceProfilesForRoleCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  RemoveRoleFromInstanceProfileCommand,
  SetDefaultPolicyVersionCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
} from '@aws-sdk/client-iam';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aws, awsEnv, hasAwsCli } from './helpers/clients.js';
import { failure, iamClient } from './helpers/sdk.js';
import { ACCOUNT, ROOT, startTestServer, tempDir, type TestServer } from './helpers/server.js';
import { FORM, signedFetch, xmlValue } from './helpers/sign.js';

const EC2_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const S3_READ = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' }],
});

let server: TestServer;
let iam: ReturnType<typeof iamClient>;

beforeAll(async () => {
  server = await startTestServer();
  iam = iamClient(server.url, ROOT);
});
afterAll(async () => {
  await server?.stop();
});

const iamPost = (body: string) =>
  signedFetch(
    { method: 'POST', url: server.url + '/', headers: FORM, body: body + '&Version=2010-05-08' },
    ROOT,
    { service: 'iam' },
  );

describe("the seed documents' IAM commands, verbatim", () => {
  it.skipIf(!hasAwsCli)(
    'create the EC2 role, its policy and instance profile, and the PassRole policy for DevTeam* roles',
    async () => {
      const dir = tempDir();
      const env = awsEnv(server.url, ROOT);
      writeFileSync(
        join(dir, 'ec2-role-trust-policy.json'),
        `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Service": "ec2.amazonaws.com"},
      "Action": "sts:AssumeRole"
    }
  ]
}`,
      );
      writeFileSync(
        join(dir, 'ec2-role-access-policy.json'),
        `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:*"],
      "Resource": ["*"]
    }
  ]
}`,
      );
      writeFileSync(
        join(dir, 'passrole-policy.json'),
        `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": [
      "ec2:RunInstances",
      "ec2:AssociateIamInstanceProfile",
      "ec2:ReplaceIamInstanceProfileAssociation"
    ],
    "Resource": "*"
  },
  {
    "Effect": "Allow",
    "Action": "iam:PassRole",
    "Resource": "arn:aws:iam::${ACCOUNT}:role/DevTeam*"
  }]
}`,
      );
      const created = await aws(
        [
          'iam',
          'create-role',
          '--role-name',
          'S3-Role-for-EC2',
          '--assume-role-policy-document',
          `file://${dir}/ec2-role-trust-policy.json`,
        ],
        env,
      );
      expect(created.stderr).toBe('');
      const role = (created.json as { Role: Record<string, unknown> }).Role;
      expect(Object.keys(role).sort()).toEqual([
        'Arn',
        'AssumeRolePolicyDocument',
        'CreateDate',
        'Path',
        'RoleId',
        'RoleName',
      ]);
      expect(role).toMatchObject({
        Path: '/',
        RoleName: 'S3-Role-for-EC2',
        Arn: `arn:aws:iam::${ACCOUNT}:role/S3-Role-for-EC2`,
      });
      expect(role.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
      expect(role.AssumeRolePolicyDocument).toEqual(JSON.parse(EC2_TRUST));

      const put = await aws(
        [
          'iam',
          'put-role-policy',
          '--role-name',
          'S3-Role-for-EC2',
          '--policy-name',
          'S3-Permissions',
          '--policy-document',
          `file://${dir}/ec2-role-access-policy.json`,
        ],
        env,
      );
      expect([put.code, put.stdout, put.stderr]).toEqual([0, '', '']);
      const profile = await aws(
        ['iam', 'create-instance-profile', '--instance-profile-name', 'S3-Role-for-EC2-Instance-Profile'],
        env,
      );
      expect((profile.json as { InstanceProfile: Record<string, unknown> }).InstanceProfile).toMatchObject({
        InstanceProfileName: 'S3-Role-for-EC2-Instance-Profile',
        Path: '/',
        Roles: [],
        Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/S3-Role-for-EC2-Instance-Profile`,
      });
      const add = await aws(
        [
          'iam',
          'add-role-to-instance-profile',
          '--instance-profile-name',
          'S3-Role-for-EC2-Instance-Profile',
          '--role-name',
          'S3-Role-for-EC2',
        ],
        env,
      );
      expect([add.code, add.stdout]).toEqual([0, '']);
      const got = await aws(
        ['iam', 'get-instance-profile', '--instance-profile-name', 'S3-Role-for-EC2-Instance-Profile'],
        env,
      );
      const ip = (
        got.json as {
          InstanceProfile: { Roles: { RoleName: string }[]; Tags: unknown[]; InstanceProfileId: string };
        }
      ).InstanceProfile;
      expect(ip.Roles.map((r) => r.RoleName)).toEqual(['S3-Role-for-EC2']);
      expect(ip.Tags).toEqual([]);
      expect(ip.InstanceProfileId).toMatch(/^AIPA/);

      await aws(['iam', 'create-user', '--user-name', 'launcher'], env);
      const pass = await aws(
        [
          'iam',
          'put-user-policy',
          '--user-name',
          'launcher',
          '--policy-name',
          'PassDevTeamRoles',
          '--policy-document',
          `file://${dir}/passrole-policy.json`,
        ],
        env,
      );
      expect(pass.code).toBe(0);
      const back = await aws(
        ['iam', 'get-user-policy', '--user-name', 'launcher', '--policy-name', 'PassDevTeamRoles'],
        env,
      );
      expect(
        (back.json as { PolicyDocument: { Statement: unknown[] } }).PolicyDocument.Statement,
      ).toHaveLength(2);
    },
  );
});

describe('roles', () => {
  it('returns the members AWS returns per operation', async () => {
    const created = await iam.send(
      new CreateRoleCommand({
        RoleName: 'Shapes',
        AssumeRolePolicyDocument: EC2_TRUST,
        Description: 'd',
        Tags: [{ Key: 'team', Value: 'a' }],
      }),
    );
    expect(created.Role).not.toHaveProperty('MaxSessionDuration');
    expect(created.Role).not.toHaveProperty('RoleLastUsed');
    expect(created.Role?.Tags).toEqual([{ Key: 'team', Value: 'a' }]);
    const got = await iam.send(new GetRoleCommand({ RoleName: 'Shapes' }));
    expect(got.Role?.MaxSessionDuration).toBe(3600);
    expect(got.Role?.RoleLastUsed).toEqual({});
    const listed = (await iam.send(new ListRolesCommand({}))).Roles?.find((r) => r.RoleName === 'Shapes');
    expect(listed).toMatchObject({ Description: 'd', MaxSessionDuration: 3600 });
    expect(listed).not.toHaveProperty('Tags');
    expect(listed).not.toHaveProperty('RoleLastUsed');
  });

  it('names are unique without regard to case, and found in any case', async () => {
    expect(
      await failure(
        iam.send(new CreateRoleCommand({ RoleName: 'SHAPES', AssumeRolePolicyDocument: EC2_TRUST })),
      ),
    ).toEqual({
      code: 'EntityAlreadyExists',
      status: 409,
      message: 'Role with name SHAPES already exists.',
    });
    expect((await iam.send(new GetRoleCommand({ RoleName: 'shapes' }))).Role?.RoleName).toBe('Shapes');
  });

  it('answers AWS errors for unknown roles, bad names and bad trust policies', async () => {
    expect(await failure(iam.send(new GetRoleCommand({ RoleName: 'Nope' })))).toEqual({
      code: 'NoSuchEntity',
      status: 404,
      message: 'The role with name Nope cannot be found.',
    });
    const bad = await failure(
      iam.send(new CreateRoleCommand({ RoleName: 'bad name', AssumeRolePolicyDocument: EC2_TRUST })),
    );
    expect(bad).toEqual({
      code: 'ValidationError',
      status: 400,
      message:
        "1 validation error detected: Value 'bad name' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    });
    const cases: [string, string][] = [
      ['{not json', 'This policy contains invalid Json'],
      [
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 's3:GetObject' },
          ],
        }),
        'AssumeRole policy may only specify STS AssumeRole actions.',
      ],
      [
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'ec2.amazonaws.com' },
              Action: 'sts:AssumeRole',
              Resource: '*',
            },
          ],
        }),
        'Has prohibited field Resource',
      ],
      [
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/Ghost` },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
        `Invalid principal in policy: "AWS":"arn:aws:iam::${ACCOUNT}:role/Ghost"`,
      ],
    ];
    for (const [doc, message] of cases) {
      expect(
        await failure(
          iam.send(new CreateRoleCommand({ RoleName: 'BadTrust', AssumeRolePolicyDocument: doc })),
        ),
      ).toEqual({ code: 'MalformedPolicyDocument', status: 400, message });
    }
  });

  it('UpdateRole changes only what is given; UpdateRoleDescription returns the role', async () => {
    await iam.send(new UpdateRoleCommand({ RoleName: 'Shapes', MaxSessionDuration: 7200 }));
    await iam.send(new UpdateRoleCommand({ RoleName: 'Shapes' }));
    const got = (await iam.send(new GetRoleCommand({ RoleName: 'Shapes' }))).Role;
    expect([got?.Description, got?.MaxSessionDuration]).toEqual(['d', 7200]);
    const desc = await iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'Shapes', Description: 'new' }));
    expect(desc.Role?.Description).toBe('new');
    expect(desc.Role).not.toHaveProperty('MaxSessionDuration');
  });

  it('tags: keys are case-insensitive for roles, untagging an absent key is fine, 50 at most', async () => {
    await iam.send(
      new TagRoleCommand({
        RoleName: 'Shapes',
        Tags: [
          { Key: 'TEAM', Value: 'b' },
          { Key: 'env', Value: 'dev' },
        ],
      }),
    );
    expect((await iam.send(new ListRoleTagsCommand({ RoleName: 'Shapes' }))).Tags).toEqual([
      { Key: 'TEAM', Value: 'b' },
      { Key: 'env', Value: 'dev' },
    ]);
    await iam.send(new UntagRoleCommand({ RoleName: 'Shapes', TagKeys: ['Env', 'absent'] }));
    expect((await iam.send(new ListRoleTagsCommand({ RoleName: 'Shapes' }))).Tags).toEqual([
      { Key: 'TEAM', Value: 'b' },
    ]);
    expect(
      await failure(
        iam.send(
          new TagRoleCommand({
            RoleName: 'Shapes',
            Tags: [
              { Key: 'a', Value: '1' },
              { Key: 'A', Value: '2' },
            ],
          }),
        ),
      ),
    ).toEqual({
      code: 'InvalidInput',
      status: 400,
      message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    });
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect((await failure(iam.send(new TagRoleCommand({ RoleName: 'Shapes', Tags: many })))).code).toBe(
      'ValidationError',
    );
  });

  it('paginates ListRoles with Marker and IsTruncated, and leaves Marker out on the last page', async () => {
    for (const n of ['PageA', 'PageB', 'PageC'])
      await iam.send(
        new CreateRoleCommand({ RoleName: n, Path: '/paging/', AssumeRolePolicyDocument: EC2_TRUST }),
      );
    const p1 = await iam.send(new ListRolesCommand({ PathPrefix: '/paging/', MaxItems: 2 }));
    expect([p1.Roles?.map((r) => r.RoleName), p1.IsTruncated]).toEqual([['PageA', 'PageB'], true]);
    const p2 = await iam.send(
      new ListRolesCommand({ PathPrefix: '/paging/', MaxItems: 2, Marker: p1.Marker! }),
    );
    expect([p2.Roles?.map((r) => r.RoleName), p2.IsTruncated, p2.Marker]).toEqual([
      ['PageC'],
      false,
      undefined,
    ]);
    expect(p1.Roles?.[0]?.Arn).toBe(`arn:aws:iam::${ACCOUNT}:role/paging/PageA`);
  });

  it('DeleteRole is refused while the role is in a profile, has managed or inline policies', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'Busy', AssumeRolePolicyDocument: EC2_TRUST }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'BusyProfile' }));
    await iam.send(
      new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'BusyProfile', RoleName: 'Busy' }),
    );
    await iam.send(
      new AttachRolePolicyCommand({ RoleName: 'Busy', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
    );
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'Busy', PolicyName: 'inline', PolicyDocument: S3_READ }),
    );
    const conflict = (message: string) => ({ code: 'DeleteConflict', status: 409, message });
    expect(await failure(iam.send(new DeleteRoleCommand({ RoleName: 'Busy' })))).toEqual(
      conflict('Cannot delete entity, must remove roles from instance profile first.'),
    );
    expect(
      await failure(iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'BusyProfile' }))),
    ).toEqual(conflict('Cannot delete entity, must remove roles from instance profile first.'));
    await iam.send(
      new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'BusyProfile', RoleName: 'Busy' }),
    );
    expect(await failure(iam.send(new DeleteRoleCommand({ RoleName: 'Busy' })))).toEqual(
      conflict('Cannot delete entity, must detach all policies first.'),
    );
    await iam.send(
      new DetachRolePolicyCommand({ RoleName: 'Busy', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
    );
    expect(await failure(iam.send(new DeleteRoleCommand({ RoleName: 'Busy' })))).toEqual(
      conflict('Cannot delete entity, must delete policies first.'),
    );
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'Busy', PolicyName: 'inline' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'Busy' }));
    expect((await failure(iam.send(new GetRoleCommand({ RoleName: 'Busy' })))).code).toBe('NoSuchEntity');
  });

  it('permissions boundaries: bad ARNs are InvalidInput, missing policies NoSuchEntity, and GetRole shows type "Policy"', async () => {
    expect(
      await failure(
        iam.send(
          new PutRolePermissionsBoundaryCommand({
            RoleName: 'Shapes',
            PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:not_a_policy/invalid`,
          }),
        ),
      ),
    ).toEqual({
      code: 'InvalidInput',
      status: 400,
      message: `ARN arn:aws:iam::${ACCOUNT}:not_a_policy/invalid is not valid.`,
    });
    expect(
      await failure(
        iam.send(
          new PutRolePermissionsBoundaryCommand({
            RoleName: 'Shapes',
            PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/missing`,
          }),
        ),
      ),
    ).toEqual({
      code: 'NoSuchEntity',
      status: 404,
      message: `Scope ARN: arn:aws:iam::${ACCOUNT}:policy/missing does not exist or is not attachable.`,
    });
    await iam.send(
      new PutRolePermissionsBoundaryCommand({
        RoleName: 'Shapes',
        PermissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess',
      }),
    );
    const res = await iamPost('Action=GetRole&RoleName=Shapes');
    const body = await res.text();
    expect(xmlValue(body, 'PermissionsBoundaryType')).toBe('Policy');
    expect(
      (await iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' }))).Policy
        ?.PermissionsBoundaryUsageCount,
    ).toBe(1);
  });

  it('UpdateAssumeRolePolicy replaces the trust policy and validates it', async () => {
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }],
    });
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'Shapes', PolicyDocument: trust }));
    expect(
      JSON.parse(
        decodeURIComponent(
          (await iam.send(new GetRoleCommand({ RoleName: 'Shapes' }))).Role!.AssumeRolePolicyDocument!,
        ),
      ),
    ).toEqual(JSON.parse(trust));
    expect(
      (
        await failure(
          iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'Shapes', PolicyDocument: '[' })),
        )
      ).message,
    ).toBe('This policy contains invalid Json');
  });
});

describe('inline policies', () => {
  it('come back URL-encoded (RFC 3986), including a literal %', async () => {
    const doc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/arn%3Aaws%3Ax 100%"}]}`;
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'Shapes', PolicyName: 'Encoded', PolicyDocument: doc }),
    );
    const res = await iamPost('Action=GetRolePolicy&RoleName=Shapes&PolicyName=Encoded');
    const raw = xmlValue(await res.text(), 'PolicyDocument')!;
    expect(raw.startsWith('%7B%22Version%22%3A%222012-10-17%22')).toBe(true);
    expect(decodeURIComponent(raw)).toBe(doc);
    const sdk = await iam.send(new GetRolePolicyCommand({ RoleName: 'Shapes', PolicyName: 'Encoded' }));
    expect(decodeURIComponent(sdk.PolicyDocument!)).toBe(doc);
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'Shapes' }))).PolicyNames).toEqual([
      'Encoded',
    ]);
  });

  it('answers AWS errors for missing policies and identity policies with a Principal', async () => {
    expect(
      await failure(iam.send(new GetRolePolicyCommand({ RoleName: 'Shapes', PolicyName: 'none' }))),
    ).toEqual({
      code: 'NoSuchEntity',
      status: 404,
      message: 'The role policy with name none cannot be found.',
    });
    expect(
      await failure(iam.send(new DeleteRolePolicyCommand({ RoleName: 'Shapes', PolicyName: 'none' }))),
    ).toEqual({
      code: 'NoSuchEntity',
      status: 404,
      message: 'The role policy with name none cannot be found.',
    });
    const withPrincipal = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }],
    });
    expect(
      await failure(
        iam.send(
          new PutRolePolicyCommand({ RoleName: 'Shapes', PolicyName: 'p', PolicyDocument: withPrincipal }),
        ),
      ),
    ).toEqual({
      code: 'MalformedPolicyDocument',
      status: 400,
      message: 'Policy document should not specify a principal.',
    });
  });

  it("caps the aggregate size of a role's inline policies at 10,240 characters, whitespace not counted", async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'Sized', AssumeRolePolicyDocument: EC2_TRUST }));
    const big = (n: number) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'x'.repeat(n)}` }],
      });
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'Sized', PolicyName: 'one', PolicyDocument: big(6000) }),
    );
    expect(
      await failure(
        iam.send(
          new PutRolePolicyCommand({ RoleName: 'Sized', PolicyName: 'two', PolicyDocument: big(6000) }),
        ),
      ),
    ).toEqual({
      code: 'LimitExceeded',
      status: 409,
      message: 'Maximum policy size of 10240 bytes exceeded for role Sized',
    });
    // Replacing the same policy does not count the old text.
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'Sized', PolicyName: 'one', PolicyDocument: big(9000) }),
    );
  });
});

describe('managed policies', () => {
  const arn = `arn:aws:iam::${ACCOUNT}:policy/Versioned`;

  it("CreatePolicy returns AWS's members and refuses Version 2008-10-17", async () => {
    const created = (
      await iam.send(new CreatePolicyCommand({ PolicyName: 'Versioned', PolicyDocument: S3_READ }))
    ).Policy;
    expect(created).toMatchObject({
      Arn: arn,
      AttachmentCount: 0,
      DefaultVersionId: 'v1',
      IsAttachable: true,
      Path: '/',
      PermissionsBoundaryUsageCount: 0,
    });
    expect(created?.PolicyId).toMatch(/^ANPA/);
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.Tags).toEqual([]);
    expect(
      await failure(
        iam.send(
          new CreatePolicyCommand({
            PolicyName: 'Old',
            PolicyDocument: S3_READ.replace('2012-10-17', '2008-10-17'),
          }),
        ),
      ),
    ).toEqual({
      code: 'MalformedPolicyDocument',
      status: 400,
      message: 'Policy document must be version 2012-10-17 or greater.',
    });
    expect(
      (await failure(iam.send(new CreatePolicyCommand({ PolicyName: 'versioned', PolicyDocument: S3_READ }))))
        .message,
    ).toBe('A policy called versioned already exists. Duplicate names are not allowed.');
  });

  it('keeps at most 5 versions, never reuses ids, and protects the default', async () => {
    for (let i = 0; i < 4; i++)
      await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: S3_READ }));
    expect(
      await failure(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: S3_READ }))),
    ).toEqual({
      code: 'LimitExceeded',
      status: 409,
      message:
        'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    });
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' }));
    const v6 = await iam.send(
      new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: S3_READ, SetAsDefault: true }),
    );
    expect(v6.PolicyVersion).toMatchObject({ VersionId: 'v6', IsDefaultVersion: true });
    expect(
      (await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions?.map((v) => v.VersionId),
    ).toEqual(['v6', 'v5', 'v4', 'v2', 'v1']);
    expect(
      await failure(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v6' }))),
    ).toEqual({
      code: 'DeleteConflict',
      status: 409,
      message: 'Cannot delete the default version of a policy.',
    });
    expect(await failure(iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' })))).toEqual(
      {
        code: 'NoSuchEntity',
        status: 404,
        message: `Policy ${arn} version v3 does not exist or is not attachable.`,
      },
    );
    expect(
      (await failure(iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'x1' })))).code,
    ).toBe('ValidationError');
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }));
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId).toBe('v2');
    expect(
      decodeURIComponent(
        (await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }))).PolicyVersion!
          .Document!,
      ),
    ).toBe(S3_READ);
  });

  it('DeletePolicy is refused while attached or with other versions', async () => {
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'Shapes', PolicyArn: arn }));
    expect(
      (await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }))).PolicyRoles?.map(
        (r) => r.RoleName,
      ),
    ).toEqual(['Shapes']);
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.AttachmentCount).toBe(1);
    expect(await failure(iam.send(new DeletePolicyCommand({ PolicyArn: arn })))).toEqual({
      code: 'DeleteConflict',
      status: 409,
      message: 'Cannot delete a policy attached to entities.',
    });
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'Shapes', PolicyArn: arn }));
    expect((await failure(iam.send(new DeletePolicyCommand({ PolicyArn: arn })))).message).toMatch(
      /^This policy has more than one version/,
    );
    for (const v of ['v1', 'v4', 'v5', 'v6'])
      await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    expect(await failure(iam.send(new GetPolicyCommand({ PolicyArn: arn })))).toEqual({
      code: 'NoSuchEntity',
      status: 404,
      message: `Policy ${arn} was not found.`,
    });
  });

  it('attaching: missing policies, bad ARNs, the 10-policy quota, detaching what is not attached', async () => {
    expect(
      await failure(
        iam.send(
          new AttachRolePolicyCommand({
            RoleName: 'Shapes',
            PolicyArn: 'arn:aws:iam::aws:policy/Nonexistent',
          }),
        ),
      ),
    ).toEqual({
      code: 'NoSuchEntity',
      status: 404,
      message: 'Policy arn:aws:iam::aws:policy/Nonexistent does not exist or is not attachable.',
    });
    expect(
      await failure(
        iam.send(new AttachRolePolicyCommand({ RoleName: 'Shapes', PolicyArn: 'AmazonS3ReadOnlyAccess' })),
      ),
    ).toEqual({ code: 'ValidationError', status: 400, message: 'ARN AmazonS3ReadOnlyAccess is not valid.' });
    expect(
      await failure(
        iam.send(
          new DetachRolePolicyCommand({
            RoleName: 'Shapes',
            PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
          }),
        ),
      ),
    ).toEqual({
      code: 'NoSuchEntity',
      status: 404,
      message: 'Policy arn:aws:iam::aws:policy/ReadOnlyAccess was not found.',
    });
    for (let i = 0; i < 10; i++) {
      const { Policy } = await iam.send(
        new CreatePolicyCommand({ PolicyName: `Quota${i}`, PolicyDocument: S3_READ }),
      );
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'Shapes', PolicyArn: Policy!.Arn! }));
    }
    // Re-attaching is a no-op, not a quota hit.
    await iam.send(
      new AttachRolePolicyCommand({ RoleName: 'Shapes', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/Quota0` }),
    );
    expect(
      await failure(
        iam.send(
          new AttachRolePolicyCommand({
            RoleName: 'Shapes',
            PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
          }),
        ),
      ),
    ).toEqual({
      code: 'LimitExceeded',
      status: 409,
      message: 'Cannot exceed quota for PoliciesPerRole: 10',
    });
    const listed = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'Shapes', MaxItems: 4 }));
    expect([listed.AttachedPolicies?.length, listed.IsTruncated]).toEqual([4, true]);
  });

  it('lists AWS managed policies with their real documents, and local ones by scope', async () => {
    const awsScope = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 1000 }));
    expect(awsScope.Policies?.map((p) => p.PolicyName)).toEqual(
      expect.arrayContaining([
        'AdministratorAccess',
        'AmazonS3ReadOnlyAccess',
        'AmazonSSMManagedInstanceCore',
        'AmazonEC2ReadOnlyAccess',
      ]),
    );
    const local = await iam.send(new ListPoliciesCommand({ Scope: 'Local', MaxItems: 1000 }));
    expect(local.Policies?.every((p) => p.Arn?.startsWith(`arn:aws:iam::${ACCOUNT}:`))).toBe(true);
    const onlyAttached = await iam.send(new ListPoliciesCommand({ OnlyAttached: true, MaxItems: 1000 }));
    expect(onlyAttached.Policies?.every((p) => (p.AttachmentCount ?? 0) > 0)).toBe(true);
    const doc = await iam.send(
      new GetPolicyVersionCommand({
        PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
        VersionId: 'v3',
      }),
    );
    const parsed = JSON.parse(decodeURIComponent(doc.PolicyVersion!.Document!)) as {
      Statement: { Action: string[] }[];
    };
    expect(parsed.Statement[0]?.Action).toEqual(expect.arrayContaining(['s3:Get*', 's3:List*']));
  });
});

describe('instance profiles', () => {
  it('hold one role, ever, and answer AWS texts for what is missing', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'Second', AssumeRolePolicyDocument: EC2_TRUST }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'One', Path: '/web/' }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'One', RoleName: 'Shapes' }));
    expect(
      await failure(
        iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'One', RoleName: 'Second' })),
      ),
    ).toEqual({
      code: 'LimitExceeded',
      status: 409,
      message: 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1',
    });
    expect(
      await failure(
        iam.send(
          new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'One', RoleName: 'Second' }),
        ),
      ),
    ).toEqual({
      code: 'NoSuchEntity',
      status: 404,
      message: 'Role Second in Instance Profile One cannot be found.',
    });
    expect(await failure(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'Two' })))).toEqual({
      code: 'NoSuchEntity',
      status: 404,
      message: 'Instance Profile Two cannot be found.',
    });
    expect(
      (await failure(iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'one' })))).message,
    ).toBe('Instance Profile one already exists.');
    const forRole = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'Shapes' }));
    expect(forRole.InstanceProfiles?.map((p) => [p.InstanceProfileName, p.Arn])).toEqual([
      ['One', `arn:aws:iam::${ACCOUNT}:instance-profile/web/One`],
    ]);
    expect(forRole.InstanceProfiles?.[0]?.Roles?.[0]).not.toHaveProperty('MaxSessionDuration');
  });

  it('never gives a profile two roles under concurrent requests', async () => {
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'Race' }));
    const names = ['R1', 'R2', 'R3', 'R4', 'R5'];
    for (const n of names)
      await iam.send(new CreateRoleCommand({ RoleName: n, AssumeRolePolicyDocument: EC2_TRUST }));
    const results = await Promise.allSettled(
      names.map((n) =>
        iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'Race', RoleName: n })),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      (await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'Race' }))).InstanceProfile?.Roles,
    ).toHaveLength(1);
  });
});
