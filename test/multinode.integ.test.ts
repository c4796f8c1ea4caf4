// Two latchkey nodes on one PostgreSQL database (DESIGN.md: scale out on PostgreSQL): each verifies the
// other's session tokens without a database read of its own, and a policy change made through one node
// reaches callers of the other on their next request (LISTEN/NOTIFY cache invalidation).
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteUserPolicyCommand,
  ListRolesCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './helpers/eventually.js';
import { freshDatabase } from './helpers/postgres.js';
import { failure, iamClient, stsClient } from './helpers/sdk.js';
import { ACCOUNT, ROOT, startTestServer, type TestServer } from './helpers/server.js';

const MASTER = { LATCHKEY_MASTER_KEY: 'b'.repeat(64) };
let db: Awaited<ReturnType<typeof freshDatabase>>;
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  db = await freshDatabase('multi-node test');
  if (!db) return;
  a = await startTestServer({ databaseUrl: db.url, env: MASTER });
  b = await startTestServer({ databaseUrl: db.url, env: MASTER });
});
afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await db?.drop();
});

describe('two nodes, one PostgreSQL store', () => {
  it('a session made on one node works on the other', async ({ skip }) => {
    if (!db) return skip();
    const iamA = iamClient(a.url, ROOT);
    await iamA.send(new CreateUserCommand({ UserName: 'multi' }));
    const key = (await iamA.send(new CreateAccessKeyCommand({ UserName: 'multi' }))).AccessKey!;
    const creds = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    await iamA.send(
      new CreateRoleCommand({
        RoleName: 'Shared',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/multi` },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
      }),
    );
    const out = await stsClient(a.url, creds).send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Shared`, RoleSessionName: 'cross' }),
    );
    const session = {
      accessKeyId: out.Credentials!.AccessKeyId!,
      secretAccessKey: out.Credentials!.SecretAccessKey!,
      sessionToken: out.Credentials!.SessionToken!,
    };
    expect((await stsClient(b.url, session).send(new GetCallerIdentityCommand({}))).Arn).toBe(
      `arn:aws:sts::${ACCOUNT}:assumed-role/Shared/cross`,
    );
  });

  it('a policy change or a deactivated key on one node takes effect on the other', async ({ skip }) => {
    if (!db) return skip();
    const iamA = iamClient(a.url, ROOT);
    await iamA.send(new CreateUserCommand({ UserName: 'watched' }));
    const key = (await iamA.send(new CreateAccessKeyCommand({ UserName: 'watched' }))).AccessKey!;
    const onB = iamClient(b.url, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    expect((await failure(onB.send(new ListRolesCommand({})))).code).toBe('AccessDenied');
    await iamA.send(
      new PutUserPolicyCommand({
        UserName: 'watched',
        PolicyName: 'list',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }],
        }),
      }),
    );
    await eventually(async () => void (await onB.send(new ListRolesCommand({}))));
    await iamA.send(new DeleteUserPolicyCommand({ UserName: 'watched', PolicyName: 'list' }));
    await eventually(async () =>
      expect((await failure(onB.send(new ListRolesCommand({})))).code).toBe('AccessDenied'),
    );
    await iamA.send(
      new UpdateAccessKeyCommand({ UserName: 'watched', AccessKeyId: key.AccessKeyId!, Status: 'Inactive' }),
    );
    await eventually(async () =>
      expect((await failure(onB.send(new ListRolesCommand({})))).code).toBe('InvalidClientTokenId'),
    );
  });
});
