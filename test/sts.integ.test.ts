// STS against the real server (issue 4): AssumeRole honours trust, ExternalId, durations and
// chaining; session policies narrow; temporary credentials expire; the restrictions on what
// temporary credentials may call; revocation through aws:TokenIssueTime.
import {
  CreateRoleCommand,
  CreateUserCommand,
  CreateAccessKeyCommand,
  GetRoleCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import {
  AssumeRoleCommand,
  DecodeAuthorizationMessageCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
} from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetClock, systemClock } from '../src/aws/clock.js';
import { aws, awsEnv, boto3, hasAwsCli, hasBoto3, type Credentials } from './helpers/clients.js';
import { failure, iamClient, stsClient } from './helpers/sdk.js';
import { ACCOUNT, ROOT, startTestServer, type TestServer } from './helpers/server.js';

const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const trustUser = (user: string, condition?: object) =>
  doc([
    {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/${user}` },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      ...(condition ? { Condition: condition } : {}),
    },
  ]);

let server: TestServer;
let iam: ReturnType<typeof iamClient>;
let alice: Credentials;
const clock = new OffsetClock(systemClock);

const asCreds = (
  c:
    | {
        AccessKeyId?: string | undefined;
        SecretAccessKey?: string | undefined;
        SessionToken?: string | undefined;
      }
    | undefined,
): Credentials => ({
  accessKeyId: c!.AccessKeyId!,
  secretAccessKey: c!.SecretAccessKey!,
  sessionToken: c!.SessionToken!,
});

beforeAll(async () => {
  server = await startTestServer({ clock });
  iam = iamClient(server.url, ROOT);
  await iam.send(new CreateUserCommand({ UserName: 'alice' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
  alice = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  await iam.send(new CreateRoleCommand({ RoleName: 'Direct', AssumeRolePolicyDocument: trustUser('alice') }));
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'Direct',
      PolicyName: 'read',
      PolicyDocument: doc([
        { Effect: 'Allow', Action: ['iam:GetRole', 'iam:ListRoles', 'sts:AssumeRole'], Resource: '*' },
      ]),
    }),
  );
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'ByAccount',
      AssumeRolePolicyDocument: doc([
        { Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' },
      ]),
    }),
  );
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'External',
      AssumeRolePolicyDocument: trustUser('alice', {
        StringEquals: { 'sts:ExternalId': 'secret-handshake' },
      }),
    }),
  );
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'Ec2Only',
      AssumeRolePolicyDocument: doc([
        { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ]),
    }),
  );
});
afterAll(async () => {
  await server?.stop();
});

describe('AssumeRole', () => {
  it('answers credentials in AWS formats and an assumed-role ARN without the role path', async () => {
    const out = await stsClient(server.url, alice).send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Direct`, RoleSessionName: 'build-42' }),
    );
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials?.SecretAccessKey).toMatch(/^[A-Za-z0-9/+]{40}$/);
    expect(out.Credentials!.Expiration!.getTime() - Date.now()).toBeGreaterThan(3500_000);
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Direct/build-42`);
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'Direct' }))).Role!;
    expect(out.AssumedRoleUser?.AssumedRoleId).toBe(`${role.RoleId}:build-42`);
    expect(out).not.toHaveProperty('PackedPolicySize');
    const id = await stsClient(server.url, asCreds(out.Credentials)).send(new GetCallerIdentityCommand({}));
    expect(id).toMatchObject({
      Arn: out.AssumedRoleUser?.Arn,
      UserId: out.AssumedRoleUser?.AssumedRoleId,
      Account: ACCOUNT,
    });
    await iamClient(server.url, asCreds(out.Credentials)).send(new ListRolesCommand({}));
  });

  it.skipIf(!hasAwsCli)(
    'works with the AWS CLI, whose session credentials then resolve the assumed role',
    async () => {
      const r = await aws(
        [
          'sts',
          'assume-role',
          '--role-arn',
          `arn:aws:iam::${ACCOUNT}:role/Direct`,
          '--role-session-name',
          'cli',
        ],
        awsEnv(server.url, alice),
      );
      const c = (
        r.json as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } }
      ).Credentials;
      const who = await aws(
        ['sts', 'get-caller-identity'],
        awsEnv(server.url, {
          accessKeyId: c.AccessKeyId,
          secretAccessKey: c.SecretAccessKey,
          sessionToken: c.SessionToken,
        }),
      );
      expect((who.json as { Arn: string }).Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Direct/cli`);
    },
  );

  it.skipIf(!hasBoto3)('works with boto3', async () => {
    const r = await boto3(
      `import boto3, json
c = boto3.client("sts").assume_role(RoleArn="arn:aws:iam::${ACCOUNT}:role/Direct", RoleSessionName="py")["Credentials"]
s = boto3.client("sts", aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"])
print(json.dumps(s.get_caller_identity()["Arn"]))`,
      awsEnv(server.url, alice),
    );
    expect(r.json).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Direct/py`);
  });

  it('needs the trust policy: naming another principal, a service, or nothing at all is AccessDenied', async () => {
    const sts = stsClient(server.url, alice);
    const denied = (role: string) => ({
      code: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${ACCOUNT}:role/${role}`,
    });
    expect(
      await failure(
        sts.send(
          new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Ec2Only`, RoleSessionName: 'ss' }),
        ),
      ),
    ).toEqual(denied('Ec2Only'));
    // A role that does not exist is AccessDenied too, never NoSuchEntity.
    expect(
      await failure(
        sts.send(
          new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Ghost`, RoleSessionName: 'ss' }),
        ),
      ),
    ).toEqual(denied('Ghost'));
    expect(
      await failure(
        sts.send(new AssumeRoleCommand({ RoleArn: 'nothing-valid-in-here', RoleSessionName: 'ss' })),
      ),
    ).toEqual({ code: 'ValidationError', status: 400, message: 'nothing-valid-in-here is invalid' });
  });

  it('trust naming the account also needs an identity-policy allow', async () => {
    const sts = stsClient(server.url, alice);
    expect(
      (
        await failure(
          sts.send(
            new AssumeRoleCommand({
              RoleArn: `arn:aws:iam::${ACCOUNT}:role/ByAccount`,
              RoleSessionName: 'ss',
            }),
          ),
        )
      ).code,
    ).toBe('AccessDenied');
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'alice',
        PolicyName: 'assume',
        PolicyDocument: doc([
          { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT}:role/ByAccount` },
        ]),
      }),
    );
    await sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/ByAccount`, RoleSessionName: 'ss' }),
    );
  });

  it('honours ExternalId conditions', async () => {
    const sts = stsClient(server.url, alice);
    const arn = `arn:aws:iam::${ACCOUNT}:role/External`;
    expect(
      (await failure(sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'ss' })))).code,
    ).toBe('AccessDenied');
    expect(
      (
        await failure(
          sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'ss', ExternalId: 'wrong-one' })),
        )
      ).code,
    ).toBe('AccessDenied');
    await sts.send(
      new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'ss', ExternalId: 'secret-handshake' }),
    );
  });

  it('the root user may not assume roles, existing or not', async () => {
    expect(
      (
        await failure(
          stsClient(server.url, ROOT).send(
            new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Ghost`, RoleSessionName: 'ss' }),
          ),
        )
      ).message,
    ).toBe('Roles may not be assumed by root accounts.');
    expect(
      await failure(
        stsClient(server.url, ROOT).send(
          new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Direct`, RoleSessionName: 'ss' }),
        ),
      ),
    ).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: 'Roles may not be assumed by root accounts.',
    });
  });

  it('limits DurationSeconds to MaxSessionDuration, and chained sessions to one hour', async () => {
    const sts = stsClient(server.url, alice);
    const arn = `arn:aws:iam::${ACCOUNT}:role/Direct`;
    expect(
      await failure(
        sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'ss', DurationSeconds: 7200 })),
      ),
    ).toEqual({
      code: 'ValidationError',
      status: 400,
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
    await iam.send(new UpdateRoleCommand({ RoleName: 'Direct', MaxSessionDuration: 7200 }));
    const long = await sts.send(
      new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'ss', DurationSeconds: 7200 }),
    );
    // The role trusts itself so that its sessions may re-assume it (AWS: self-trust must be explicit).
    await iam.send(
      new (await import('@aws-sdk/client-iam')).UpdateAssumeRolePolicyCommand({
        RoleName: 'Direct',
        PolicyDocument: doc([
          {
            Effect: 'Allow',
            Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:user/alice`, arn] },
            Action: 'sts:AssumeRole',
          },
        ]),
      }),
    );
    const chained = stsClient(server.url, asCreds(long.Credentials));
    expect(
      await failure(
        chained.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'cc', DurationSeconds: 3601 })),
      ),
    ).toEqual({
      code: 'ValidationError',
      status: 400,
      message:
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    });
    const again = await chained.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'cc' }));
    expect(again.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Direct/cc`);
    expect(
      (await failure(sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'bad:name' })))).message,
    ).toBe(
      "1 validation error detected: Value 'bad:name' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
  });

  it('session policies narrow the role; PackedPolicySize is reported only when they are passed', async () => {
    const out = await stsClient(server.url, alice).send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${ACCOUNT}:role/Direct`,
        RoleSessionName: 'narrow',
        Policy: doc([{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }]),
      }),
    );
    expect(out.PackedPolicySize).toBeGreaterThan(0);
    const narrow = iamClient(server.url, asCreds(out.Credentials));
    await narrow.send(new ListRolesCommand({}));
    expect((await failure(narrow.send(new GetRoleCommand({ RoleName: 'Direct' })))).message).toContain(
      'because no session policy allows the iam:GetRole action',
    );
    expect(
      (
        await failure(
          stsClient(server.url, alice).send(
            new AssumeRoleCommand({
              RoleArn: `arn:aws:iam::${ACCOUNT}:role/Direct`,
              RoleSessionName: 'ss',
              Policy: '{bad',
            }),
          ),
        )
      ).code,
    ).toBe('MalformedPolicyDocument');
  });

  it('session tags: duplicates and transitive keys not among the tags are refused', async () => {
    const sts = stsClient(server.url, alice);
    const arn = `arn:aws:iam::${ACCOUNT}:role/Direct`;
    expect(
      await failure(
        sts.send(
          new AssumeRoleCommand({
            RoleArn: arn,
            RoleSessionName: 'ss',
            Tags: [
              { Key: 'a', Value: '1' },
              { Key: 'A', Value: '2' },
            ],
          }),
        ),
      ),
    ).toEqual({
      code: 'InvalidParameterValue',
      status: 400,
      message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    });
    expect(
      (
        await failure(
          sts.send(
            new AssumeRoleCommand({
              RoleArn: arn,
              RoleSessionName: 'ss',
              Tags: [{ Key: 'a', Value: '1' }],
              TransitiveTagKeys: ['b'],
            }),
          ),
        )
      ).message,
    ).toBe('The specified transitive tag key must be included in the requested tags.');
  });

  it('temporary credentials expire: ExpiredToken after the expiry, as the server clock sees it', async () => {
    const out = await stsClient(server.url, alice).send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${ACCOUNT}:role/Direct`,
        RoleSessionName: 'short',
        DurationSeconds: 900,
      }),
    );
    const creds = asCreds(out.Credentials);
    await stsClient(server.url, creds).send(new GetCallerIdentityCommand({}));
    clock.offsetMs = 901_000;
    try {
      // Requests signed now are 15 minutes old to the moved clock; sign them at the server's time.
      const late = new (await import('@aws-sdk/client-sts')).STSClient({
        endpoint: server.url,
        region: 'us-east-1',
        credentials: creds,
        maxAttempts: 1,
        systemClockOffset: 901_000,
      });
      expect(await failure(late.send(new GetCallerIdentityCommand({})))).toEqual({
        code: 'ExpiredToken',
        status: 403,
        message: 'The security token included in the request is expired',
      });
    } finally {
      clock.offsetMs = 0;
    }
  });

  it('a session token that was altered or belongs to another key is InvalidClientTokenId', async () => {
    const out = await stsClient(server.url, alice).send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Direct`, RoleSessionName: 'xx' }),
    );
    const c = asCreds(out.Credentials);
    const other = asCreds(
      (
        await stsClient(server.url, alice).send(
          new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Direct`, RoleSessionName: 'yy' }),
        )
      ).Credentials,
    );
    expect(
      (
        await failure(
          stsClient(server.url, { ...c, sessionToken: other.sessionToken! }).send(
            new GetCallerIdentityCommand({}),
          ),
        )
      ).code,
    ).toBe('InvalidClientTokenId');
    const tampered = c.sessionToken!.slice(0, -4) + (c.sessionToken!.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(
      (
        await failure(
          stsClient(server.url, { ...c, sessionToken: tampered }).send(new GetCallerIdentityCommand({})),
        )
      ).code,
    ).toBe('InvalidClientTokenId');
    expect(
      (
        await failure(
          stsClient(server.url, { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey }).send(
            new GetCallerIdentityCommand({}),
          ),
        )
      ).code,
    ).toBe('InvalidClientTokenId');
  });

  it('revokes older sessions at once with a deny on aws:TokenIssueTime', async () => {
    const before = asCreds(
      (
        await stsClient(server.url, alice).send(
          new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Direct`, RoleSessionName: 'old' }),
        )
      ).Credentials,
    );
    await iamClient(server.url, before).send(new ListRolesCommand({}));
    const cutoff = new Date(Date.now() + 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'Direct',
        PolicyName: 'AWSRevokeOlderSessions',
        PolicyDocument: doc([
          {
            Effect: 'Deny',
            Action: '*',
            Resource: '*',
            Condition: { DateLessThan: { 'aws:TokenIssueTime': cutoff } },
          },
        ]),
      }),
    );
    expect((await failure(iamClient(server.url, before).send(new ListRolesCommand({})))).message).toContain(
      'with an explicit deny in an identity-based policy',
    );
    clock.offsetMs = 2000;
    try {
      const fresh = asCreds(
        (
          await stsClient(server.url, alice).send(
            new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Direct`, RoleSessionName: 'new' }),
          )
        ).Credentials,
      );
      await iamClient(server.url, fresh).send(new ListRolesCommand({}));
    } finally {
      clock.offsetMs = 0;
    }
  });
});

describe('GetSessionToken and GetFederationToken', () => {
  it('GetSessionToken: no permission needed; its credentials are the user, cannot call IAM, and cannot make more session tokens', async () => {
    const out = await stsClient(server.url, alice).send(new GetSessionTokenCommand({}));
    expect(out.Credentials!.Expiration!.getTime() - Date.now()).toBeGreaterThan(43_000_000);
    const creds = asCreds(out.Credentials);
    expect((await stsClient(server.url, creds).send(new GetCallerIdentityCommand({}))).Arn).toBe(
      `arn:aws:iam::${ACCOUNT}:user/alice`,
    );
    expect((await failure(iamClient(server.url, creds).send(new ListRolesCommand({})))).code).toBe(
      'InvalidClientTokenId',
    );
    expect(await failure(stsClient(server.url, creds).send(new GetSessionTokenCommand({})))).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: 'Cannot call GetSessionToken with session credentials',
    });
    const root = await stsClient(server.url, ROOT).send(
      new GetSessionTokenCommand({ DurationSeconds: 7200 }),
    );
    expect(root.Credentials!.Expiration!.getTime() - Date.now()).toBeLessThanOrEqual(3600_000);
  });

  it('GetFederationToken: needs permission, answers the federated user, and its session can call nothing but GetCallerIdentity in STS', async () => {
    expect(
      (await failure(stsClient(server.url, alice).send(new GetFederationTokenCommand({ Name: 'fed' })))).code,
    ).toBe('AccessDenied');
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'alice',
        PolicyName: 'federate',
        PolicyDocument: doc([
          { Effect: 'Allow', Action: ['sts:GetFederationToken', 'iam:ListRoles'], Resource: '*' },
        ]),
      }),
    );
    const out = await stsClient(server.url, alice).send(
      new GetFederationTokenCommand({
        Name: 'fed',
        Policy: doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]),
      }),
    );
    expect(out.FederatedUser).toEqual({
      FederatedUserId: `${ACCOUNT}:fed`,
      Arn: `arn:aws:sts::${ACCOUNT}:federated-user/fed`,
    });
    expect(typeof out.PackedPolicySize).toBe('number');
    const creds = asCreds(out.Credentials);
    expect((await stsClient(server.url, creds).send(new GetCallerIdentityCommand({}))).UserId).toBe(
      `${ACCOUNT}:fed`,
    );
    expect(
      (
        await failure(
          stsClient(server.url, creds).send(
            new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Direct`, RoleSessionName: 'ff' }),
          ),
        )
      ).code,
    ).toBe('AccessDenied');
    expect((await failure(iamClient(server.url, creds).send(new ListRolesCommand({})))).code).toBe(
      'InvalidClientTokenId',
    );
  });
});

describe('GetAccessKeyInfo and DecodeAuthorizationMessage', () => {
  it('answers the account a key id belongs to', async () => {
    expect(
      (
        await stsClient(server.url, ROOT).send(
          new GetAccessKeyInfoCommand({ AccessKeyId: alice.accessKeyId }),
        )
      ).Account,
    ).toBe(ACCOUNT);
    expect(
      (
        await stsClient(server.url, ROOT).send(
          new GetAccessKeyInfoCommand({ AccessKeyId: 'ASIAY34FZKBOKMUTVV7A' }),
        )
      ).Account,
    ).toBe('609629065308');
  });

  it('refuses a message it did not encode', async () => {
    expect(
      await failure(
        stsClient(server.url, ROOT).send(
          new DecodeAuthorizationMessageCommand({ EncodedMessage: 'not-a-message' }),
        ),
      ),
    ).toEqual({
      code: 'InvalidAuthorizationMessageException',
      status: 400,
      message:
        'The error message provided is invalid. It might contain invalid characters, such as line breaks, or it might have expired.',
    });
  });
});
