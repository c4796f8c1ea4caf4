// The instance metadata service against the real server (issue 5; reference imds-ec2.md Part A, B and
// every item of §F): the seed documents' IMDSv2 and IMDSv1 curl sequences and real SDK credential
// chains on an instance (`latchkey instance exec`), the token protocol's status codes, the tree's
// format rules, the iam/ subtree through attach, replace and detach, trust failures, condition keys of
// instance sessions, isolation between instances, rotation on an injected clock, and restart.
import {
  AssociateIamInstanceProfileCommand,
  DescribeIamInstanceProfileAssociationsCommand,
  DisassociateIamInstanceProfileCommand,
  ModifyInstanceMetadataOptionsCommand,
  ReplaceIamInstanceProfileAssociationCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import {
  DeleteInstanceProfileCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  RemoveRoleFromInstanceProfileCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromInstanceMetadata } from '@aws-sdk/credential-providers';
import { createPublicKey, verify, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetClock, systemClock } from '../src/aws/clock.js';
import { hasAwsCli, run, type Credentials } from './helpers/clients.js';
import { ec2Client, endpointOf, imds, latchkey, onInstance, roleWithProfile, token } from './helpers/ec2.js';
import { failure, iamClient, stsClient } from './helpers/sdk.js';
import { ACCOUNT, REPO, ROOT, startTestServer, tempDir, type TestServer } from './helpers/server.js';

const clock = new OffsetClock(systemClock);
let server: TestServer;
let ec2: EC2Client;
const AMI = 'ami-0abcdef1234567890';

interface CredentialJson {
  Code: string;
  LastUpdated: string;
  Type: string;
  AccessKeyId: string;
  SecretAccessKey: string;
  Token: string;
  Expiration: string;
}
const asCreds = (c: CredentialJson): Credentials => ({
  accessKeyId: c.AccessKeyId,
  secretAccessKey: c.SecretAccessKey,
  sessionToken: c.Token,
});
/** GetCallerIdentity with the credentials, signed at the server's (possibly offset) time. */
const whoAmI = async (c: CredentialJson) =>
  (
    await new STSClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: asCreds(c),
      maxAttempts: 1,
      systemClockOffset: clock.offsetMs,
    }).send(new GetCallerIdentityCommand({}))
  ).Arn;

async function launch(
  profile?: string,
  extra: Partial<ConstructorParameters<typeof RunInstancesCommand>[0]> = {},
): Promise<{ id: string; endpoint: string }> {
  const out = await ec2.send(
    new RunInstancesCommand({
      ImageId: AMI,
      MinCount: 1,
      MaxCount: 1,
      ...(profile ? { IamInstanceProfile: { Name: profile } } : {}),
      ...extra,
    }),
  );
  const id = out.Instances![0]!.InstanceId!;
  return { id, endpoint: await endpointOf(server.url, id) };
}

async function credentials(endpoint: string, role: string, v2 = true): Promise<CredentialJson> {
  const headers = v2 ? { 'X-aws-ec2-metadata-token': await token(endpoint) } : {};
  const r = await imds(endpoint, 'GET', `/latest/meta-data/iam/security-credentials/${role}`, headers);
  expect(r.status).toBe(200);
  return JSON.parse(r.body) as CredentialJson;
}

beforeAll(async () => {
  server = await startTestServer({ clock });
  ec2 = ec2Client(server.url, ROOT);
  await roleWithProfile(server.url, ROOT, 's3access', 's3access-profile');
  await roleWithProfile(server.url, ROOT, 'other-role', 'other-profile', { path: '/team/' });
});
afterAll(async () => {
  await server?.stop();
});

describe('on the instance (latchkey instance exec)', () => {
  let id: string;
  beforeAll(async () => {
    id = (await launch('s3access-profile')).id;
  });

  it('runs the seed documents’ IMDSv2 and IMDSv1 curl sequences and gets all seven credential fields', async () => {
    const v2 = await onInstance(server.url, id, [
      'sh',
      '-c',
      'TOKEN=$(curl -s -X PUT "$AWS_EC2_METADATA_SERVICE_ENDPOINT/latest/api/token" -H "X-aws-ec2-metadata-token-ttl-seconds: 21600") && curl -s -H "X-aws-ec2-metadata-token: $TOKEN" $AWS_EC2_METADATA_SERVICE_ENDPOINT/latest/meta-data/iam/security-credentials/s3access',
    ]);
    expect(v2.code, v2.stderr).toBe(0);
    // The document exactly as EC2 lays it out (EC2UG-iamroles): seven fields in this order, 2-space indent, "Key" : value.
    expect(v2.stdout).toMatch(
      /^\{\n {2}"Code" : "Success",\n {2}"LastUpdated" : "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",\n {2}"Type" : "AWS-HMAC",\n {2}"AccessKeyId" : "ASIA[A-Z2-7]{16}",\n {2}"SecretAccessKey" : "[A-Za-z0-9/+]{40}",\n {2}"Token" : "[^"]+",\n {2}"Expiration" : "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\n\}$/,
    );
    const v1 = await onInstance(server.url, id, [
      'sh',
      '-c',
      'curl -s $AWS_EC2_METADATA_SERVICE_ENDPOINT/latest/meta-data/iam/security-credentials/s3access',
    ]);
    expect(Object.keys(JSON.parse(v1.stdout) as object)).toEqual([
      'Code',
      'LastUpdated',
      'Type',
      'AccessKeyId',
      'SecretAccessKey',
      'Token',
      'Expiration',
    ]);
  });

  it.skipIf(!hasAwsCli)(
    'resolves assumed-role/ROLE/INSTANCE_ID through the AWS CLI’s own credential chain',
    async () => {
      const r = await onInstance(server.url, id, ['aws', 'sts', 'get-caller-identity', '--output', 'json']);
      expect(r.code, r.stderr).toBe(0);
      const who = JSON.parse(r.stdout) as { Arn: string; UserId: string; Account: string };
      expect(who.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/s3access/${id}`);
      expect(who.UserId).toMatch(new RegExp(`^AROA[A-Z2-7]{17}:${id}$`));
      expect(who.Account).toBe(ACCOUNT);
    },
  );

  it('resolves assumed-role/ROLE/INSTANCE_ID through the JS SDK v3 default provider', async () => {
    const script =
      `const { STSClient, GetCallerIdentityCommand } = require(${JSON.stringify(join(REPO, 'node_modules/@aws-sdk/client-sts'))});` +
      `new STSClient({}).send(new GetCallerIdentityCommand({})).then((r) => console.log(JSON.stringify({ Arn: r.Arn })), (e) => { console.error(e); process.exit(1); });`;
    const r = await onInstance(server.url, id, [process.execPath, '-e', script]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toEqual({
      Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/s3access/${id}`,
    });
  });

  it('prints the environment without credentials, and refuses unknown or stopped instances', async () => {
    const env = await latchkey(['instance', 'env', '--endpoint-url', server.url, id]);
    expect(env.code).toBe(0);
    expect(env.stdout).toContain(`export AWS_EC2_METADATA_SERVICE_ENDPOINT='http://127.`);
    expect(env.stdout).toMatch(/^unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN /);
    expect(env.stdout).not.toMatch(/AKIA|ASIA|SECRET_ACCESS_KEY=/);
    expect(
      (await latchkey(['instance', 'env', '--endpoint-url', server.url, 'i-0000000000000dead'])).code,
    ).toBe(2);
  });
});

describe('the token protocol (§A.2, §F.2, §F.3)', () => {
  let endpoint: string;
  let id: string;
  beforeAll(async () => {
    ({ id, endpoint } = await launch('s3access-profile'));
  });

  it('grants any TTL from 1 to 21600 and echoes it in the response header (Go and Ruby require it)', async () => {
    for (const ttl of ['1', '300', '21600']) {
      const r = await imds(endpoint, 'PUT', '/latest/api/token', {
        'X-aws-ec2-metadata-token-ttl-seconds': ttl,
      });
      expect(r.status).toBe(200);
      expect(r.headers['x-aws-ec2-metadata-token-ttl-seconds']).toBe(ttl);
      expect(r.headers['content-type']).toBe('text/plain');
      expect(r.headers.server).toBe('EC2ws');
      expect(r.body).toMatch(/^[A-Za-z0-9_-]{54}==$/);
    }
  });

  it('answers 400 for a missing or invalid TTL, 403 behind a proxy or on other token paths, 405 for other methods', async () => {
    for (const ttl of [undefined, '', '0', '-1', '21601', 'abc', '1.5', '6 0']) {
      const r = await imds(
        endpoint,
        'PUT',
        '/latest/api/token',
        ttl === undefined ? {} : { 'X-aws-ec2-metadata-token-ttl-seconds': ttl },
      );
      expect([ttl, r.status]).toEqual([ttl, 400]);
      expect(r.body).toContain('<title>400 - Bad Request</title>');
    }
    const proxied = await imds(endpoint, 'PUT', '/latest/api/token', {
      'X-aws-ec2-metadata-token-ttl-seconds': '60',
      'X-Forwarded-For': '10.0.0.1',
    });
    expect([proxied.status, proxied.body, proxied.headers['content-length']]).toEqual([403, '', '0']);
    for (const path of ['/latest/api/token/', '/2021-03-23/api/token']) {
      expect(
        (await imds(endpoint, 'PUT', path, { 'X-aws-ec2-metadata-token-ttl-seconds': '60' })).status,
      ).toBe(403);
    }
    for (const method of ['GET', 'POST', 'DELETE']) {
      const r = await imds(endpoint, method, '/latest/api/token');
      expect([method, r.status, r.headers.allow, r.body]).toEqual([method, 405, 'OPTIONS, PUT', '']);
    }
    const options = await imds(endpoint, 'OPTIONS', '/latest/api/token');
    expect([options.status, options.headers.allow, options.headers['content-length']]).toEqual([
      200,
      'OPTIONS, PUT',
      '0',
    ]);
  });

  it('answers 401 for a bad or expired token even under HttpTokens=optional, and the remaining TTL with a valid one', async () => {
    const bad = await imds(endpoint, 'GET', '/latest/meta-data/instance-id', {
      'X-aws-ec2-metadata-token': 'AQAAAPm_49V6IGWwyABYuQXrWfdP6yrb3-iy6UsOKg5zeol4pFOp_g==',
    });
    expect([bad.status, bad.body]).toEqual([401, '']);
    const t = await token(endpoint, 100);
    clock.offsetMs += 40_000;
    try {
      const ok = await imds(endpoint, 'GET', '/latest/meta-data/instance-id', {
        'X-aws-ec2-metadata-token': t,
      });
      expect([ok.status, ok.body]).toEqual([200, id]);
      expect(Number(ok.headers['x-aws-ec2-metadata-token-ttl-seconds'])).toBeGreaterThanOrEqual(59);
      expect(Number(ok.headers['x-aws-ec2-metadata-token-ttl-seconds'])).toBeLessThanOrEqual(60);
      clock.offsetMs += 61_000;
      expect(
        (await imds(endpoint, 'GET', '/latest/meta-data/instance-id', { 'X-aws-ec2-metadata-token': t }))
          .status,
      ).toBe(401);
    } finally {
      clock.offsetMs -= 101_000;
    }
    // IMDSv1 still answers under `optional`, without the TTL header.
    const v1 = await imds(endpoint, 'GET', '/latest/meta-data/instance-id');
    expect([v1.status, v1.body, v1.headers['x-aws-ec2-metadata-token-ttl-seconds']]).toEqual([
      200,
      id,
      undefined,
    ]);
  });

  it('requires a token under HttpTokens=required (401, empty body) and answers 403 when the endpoint is disabled', async () => {
    const { id: other, endpoint: e } = await launch(undefined, {
      MetadataOptions: { HttpTokens: 'required' },
    });
    const r = await imds(e, 'GET', '/latest/meta-data/instance-id');
    expect([r.status, r.body]).toEqual([401, '']);
    expect(
      (await imds(e, 'GET', '/latest/meta-data/instance-id', { 'X-aws-ec2-metadata-token': await token(e) }))
        .body,
    ).toBe(other);
    await ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: other, HttpEndpoint: 'disabled' }));
    for (const [method, path] of [
      ['PUT', '/latest/api/token'],
      ['GET', '/latest/meta-data/'],
    ]) {
      const d = await imds(e, method!, path!, { 'X-aws-ec2-metadata-token-ttl-seconds': '60' });
      expect([d.status, d.body]).toEqual([403, '']);
    }
    await ec2.send(
      new ModifyInstanceMetadataOptionsCommand({
        InstanceId: other,
        HttpEndpoint: 'enabled',
        HttpTokens: 'optional',
      }),
    );
    expect((await imds(e, 'GET', '/latest/meta-data/instance-id')).body).toBe(other);
  });

  it('binds a token to its instance: instance A’s token is 401 at B, and A’s endpoint never answers with B’s role', async () => {
    const a = await launch('s3access-profile');
    const b = await launch('other-profile');
    const tokenA = await token(a.endpoint);
    expect(
      (
        await imds(b.endpoint, 'GET', '/latest/meta-data/iam/security-credentials/other-role', {
          'X-aws-ec2-metadata-token': tokenA,
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await imds(a.endpoint, 'GET', '/latest/meta-data/iam/security-credentials/other-role', {
          'X-aws-ec2-metadata-token': tokenA,
        })
      ).status,
    ).toBe(404);
    expect((await imds(a.endpoint, 'GET', '/latest/meta-data/iam/security-credentials/')).body).toBe(
      's3access',
    );
    expect(await whoAmI(await credentials(a.endpoint, 's3access'))).toBe(
      `arn:aws:sts::${ACCOUNT}:assumed-role/s3access/${a.id}`,
    );
    expect(await whoAmI(await credentials(b.endpoint, 'other-role'))).toBe(
      `arn:aws:sts::${ACCOUNT}:assumed-role/other-role/${b.id}`,
    );
    // An address no live instance has: the connection is closed unanswered.
    const port = new URL(a.endpoint).port;
    await expect(
      imds(`http://127.64.255.254:${port}`, 'GET', '/latest/meta-data/instance-id'),
    ).rejects.toThrow();
  });
});

describe('the tree (§A.3, §A.4, §F.4)', () => {
  let id: string;
  let endpoint: string;
  beforeAll(async () => {
    ({ id, endpoint } = await launch('s3access-profile', {
      UserData: Buffer.from('#!/bin/sh\necho hello\n').toString('base64'),
      Placement: { AvailabilityZone: 'us-east-1c' },
      TagSpecifications: [
        {
          ResourceType: 'instance',
          Tags: [
            { Key: 'Name', Value: 'MyInstance' },
            { Key: 'Environment', Value: 'Dev' },
          ],
        },
      ],
    }));
  });
  const get = (path: string) => imds(endpoint, 'GET', path);

  it('lists with LF and no final newline, marks directories with /, and answers leaves with a trailing slash', async () => {
    const root = await get('/');
    expect(root.body.split('\n')[0]).toBe('1.0');
    expect(root.body.endsWith('\nlatest')).toBe(true);
    expect((await get('/latest/')).body).toBe('dynamic\nmeta-data\nuser-data');
    const md = await get('/latest/meta-data/');
    expect(md.body).toMatch(
      /^ami-id\nami-launch-index\nami-manifest-path\nblock-device-mapping\/\nevents\/\nhostname\niam\//,
    );
    expect(md.body.endsWith('\n')).toBe(false);
    expect(md.headers['content-type']).toBe('text/plain');
    expect((await get('/latest/meta-data')).body).toBe(md.body);
    expect((await get('/latest/meta-data/iam')).body).toBe('info\nsecurity-credentials/');
    expect((await get('/latest/meta-data/placement/availability-zone/')).body).toBe('us-east-1c');
    expect((await get('/latest/meta-data/placement/region')).body).toBe('us-east-1');
    expect((await get('/latest/meta-data/placement/availability-zone-id')).body).toBe('use1-az3');
    expect((await get('/2021-03-23/meta-data/instance-id')).body).toBe(id);
    const local = (await get('/latest/meta-data/local-ipv4')).body;
    expect(local).toMatch(/^172\.31\.(3[2-9]|4[0-7])\.\d+$/);
    expect((await get('/latest/meta-data/hostname')).body).toBe(
      `ip-${local.replaceAll('.', '-')}.ec2.internal`,
    );
    const mac = (await get('/latest/meta-data/mac')).body;
    expect((await get(`/latest/meta-data/network/interfaces/macs/${mac}/local-ipv4s`)).body).toBe(local);
    expect((await get('/latest/meta-data/services/partition')).body).toBe('aws');
  });

  it('answers 404 with the XHTML page for what is not there, user-data as bytes, and tags only when enabled', async () => {
    for (const path of [
      '/latest/meta-data/public-ipv4',
      '/latest/meta10-data/',
      '/nonsense',
      '/latest/meta-data/tags/instance',
    ]) {
      const r = await get(path);
      expect([path, r.status]).toEqual([path, 404]);
      expect(r.body).toContain('<title>404 - Not Found</title>');
    }
    const ud = await get('/latest/user-data');
    expect([ud.body, ud.headers['content-type']]).toEqual([
      '#!/bin/sh\necho hello\n',
      'application/octet-stream',
    ]);
    await ec2.send(
      new ModifyInstanceMetadataOptionsCommand({ InstanceId: id, InstanceMetadataTags: 'enabled' }),
    );
    expect((await get('/latest/meta-data/tags/instance')).body).toBe('Name\nEnvironment');
    expect((await get('/latest/meta-data/tags/instance/Name')).body).toBe('MyInstance');
  });

  it('serves an identity document whose signature, pkcs7 and rsa2048 verify with the published certificate', async () => {
    const doc = JSON.parse((await get('/latest/dynamic/instance-identity/document')).body) as Record<
      string,
      unknown
    >;
    expect(Object.keys(doc)).toEqual([
      'accountId',
      'architecture',
      'availabilityZone',
      'billingProducts',
      'devpayProductCodes',
      'marketplaceProductCodes',
      'imageId',
      'instanceId',
      'instanceType',
      'kernelId',
      'pendingTime',
      'privateIp',
      'ramdiskId',
      'region',
      'version',
    ]);
    expect(doc).toMatchObject({
      accountId: ACCOUNT,
      instanceId: id,
      imageId: AMI,
      region: 'us-east-1',
      availabilityZone: 'us-east-1c',
      version: '2017-09-30',
      kernelId: null,
    });
    const text = (await get('/latest/dynamic/instance-identity/document')).body;
    const cert = await (await fetch(`${server.url}/_latchkey/ec2/certificates/us-east-1`)).text();
    expect(new X509Certificate(cert).subject).toContain('latchkey');
    const signature = Buffer.from((await get('/latest/dynamic/instance-identity/signature')).body, 'base64');
    expect(verify('sha256', Buffer.from(text), createPublicKey(cert), signature)).toBe(true);
    const dir = tempDir();
    writeFileSync(join(dir, 'document'), text);
    writeFileSync(join(dir, 'certificate'), cert);
    for (const kind of ['pkcs7', 'rsa2048']) {
      writeFileSync(
        join(dir, kind),
        `-----BEGIN PKCS7-----\n${(await get(`/latest/dynamic/instance-identity/${kind}`)).body}\n-----END PKCS7-----\n`,
      );
      // EC2UG verify-pkcs7 / verify-rsa2048, as documented.
      const r = await run(
        'openssl',
        [
          'smime',
          '-verify',
          '-in',
          join(dir, kind),
          '-inform',
          'PEM',
          '-content',
          join(dir, 'document'),
          '-certfile',
          join(dir, 'certificate'),
          '-noverify',
        ],
        { PATH: process.env.PATH },
      );
      expect([kind, r.code, r.stderr]).toEqual([kind, 0, 'Verification successful\n']);
    }
  });
});

describe('credentials (§A.5, §F.5, §F.6)', () => {
  it('keeps iam/ in step with attach, replace and detach; credentials already issued stay valid', async () => {
    const { id, endpoint } = await launch();
    expect((await imds(endpoint, 'GET', '/latest/meta-data/iam/')).status).toBe(404);
    expect((await imds(endpoint, 'GET', '/latest/meta-data/')).body).not.toContain('iam/');
    const a = await ec2.send(
      new AssociateIamInstanceProfileCommand({
        InstanceId: id,
        IamInstanceProfile: { Name: 'other-profile' },
      }),
    );
    // iam/info carries the profile (ARN with its path, AIPA id); the listing names the role.
    const info = JSON.parse((await imds(endpoint, 'GET', '/latest/meta-data/iam/info')).body) as Record<
      string,
      string
    >;
    expect(Object.keys(info)).toEqual(['Code', 'LastUpdated', 'InstanceProfileArn', 'InstanceProfileId']);
    expect(info).toMatchObject({
      Code: 'Success',
      InstanceProfileArn: `arn:aws:iam::${ACCOUNT}:instance-profile/team/other-profile`,
      InstanceProfileId: a.IamInstanceProfileAssociation!.IamInstanceProfile!.Id,
    });
    expect((await imds(endpoint, 'GET', '/latest/meta-data/iam/security-credentials/')).body).toBe(
      'other-role',
    );
    const first = await credentials(endpoint, 'other-role');
    expect(await credentials(endpoint, 'other-role')).toEqual(first);
    expect(
      (JSON.parse((await imds(endpoint, 'GET', '/latest/meta-data/iam/info')).body) as Record<string, string>)
        .LastUpdated,
    ).toBe(first.LastUpdated);

    const r = await ec2.send(
      new ReplaceIamInstanceProfileAssociationCommand({
        AssociationId: a.IamInstanceProfileAssociation!.AssociationId!,
        IamInstanceProfile: { Name: 's3access-profile' },
      }),
    );
    expect((await imds(endpoint, 'GET', '/latest/meta-data/iam/security-credentials/')).body).toBe(
      's3access',
    );
    const second = await credentials(endpoint, 's3access');
    expect(await whoAmI(second)).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/s3access/${id}`);
    expect(await whoAmI(first)).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/other-role/${id}`);

    await ec2.send(
      new DisassociateIamInstanceProfileCommand({
        AssociationId: r.IamInstanceProfileAssociation!.AssociationId!,
      }),
    );
    expect((await imds(endpoint, 'GET', '/latest/meta-data/iam/security-credentials/s3access')).status).toBe(
      404,
    );
    expect((await imds(endpoint, 'GET', '/latest/meta-data/iam/info')).status).toBe(404);
    expect(await whoAmI(second)).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/s3access/${id}`);
  });

  it('rotates on schedule: the same credentials until refresh-before, then new ones; old ones work until they expire', async () => {
    const { id, endpoint } = await launch('s3access-profile');
    const c1 = await credentials(endpoint, 's3access');
    const life = Date.parse(c1.Expiration) - Date.parse(c1.LastUpdated);
    expect(life).toBe(21_600_000);
    clock.offsetMs += 21_600_000 - 3_600_000 - 60_000; // one minute before the refresh point
    try {
      expect(await credentials(endpoint, 's3access')).toEqual(c1);
      clock.offsetMs += 120_000;
      const c2 = await credentials(endpoint, 's3access');
      expect(c2.AccessKeyId).not.toBe(c1.AccessKeyId);
      // Served with (almost) the whole lifetime left, never close to expiry (§B.4).
      expect(Date.parse(c2.Expiration) - (Date.now() + clock.offsetMs)).toBeGreaterThan(21_600_000 - 5_000);
      expect(await whoAmI(c1)).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/s3access/${id}`);
      clock.offsetMs += 3_600_000;
      expect(await failure(whoAmI(c1))).toMatchObject({ code: 'ExpiredToken' });
      expect(await whoAmI(c2)).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/s3access/${id}`);
    } finally {
      clock.offsetMs = 0;
    }
  });

  it('reports AssumeRoleUnauthorizedAccess (HTTP 200, no keys) when the trust policy does not admit EC2, and credentials once it does', async () => {
    await roleWithProfile(server.url, ROOT, 'rds-role', 'rds-profile', {
      trust: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'rds.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
    });
    const { endpoint } = await launch('rds-profile');
    const r = await imds(endpoint, 'GET', '/latest/meta-data/iam/security-credentials/rds-role');
    expect(r.status).toBe(200);
    const doc = JSON.parse(r.body) as Record<string, string>;
    expect(Object.keys(doc)).toEqual(['Code', 'Message', 'LastUpdated']);
    expect(doc.Code).toBe('AssumeRoleUnauthorizedAccess');
    await iamClient(server.url, ROOT).send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: 'rds-role',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: ['rds.amazonaws.com', 'ec2.amazonaws.com'] },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
      }),
    );
    expect((await credentials(endpoint, 'rds-role')).Code).toBe('Success');
  });

  it('says so in iam/info when the role is removed from the profile, or the profile is deleted', async () => {
    await roleWithProfile(server.url, ROOT, 'fleeting', 'fleeting-profile');
    const { endpoint } = await launch('fleeting-profile');
    const iam = iamClient(server.url, ROOT);
    await iam.send(
      new RemoveRoleFromInstanceProfileCommand({
        InstanceProfileName: 'fleeting-profile',
        RoleName: 'fleeting',
      }),
    );
    const info = JSON.parse((await imds(endpoint, 'GET', '/latest/meta-data/iam/info')).body) as Record<
      string,
      string
    >;
    expect(info).toMatchObject({ Code: 'Success', Message: 'Instance Profile does not contain a role...' });
    expect((await imds(endpoint, 'GET', '/latest/meta-data/iam/security-credentials/')).status).toBe(404);
    await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'fleeting-profile' }));
    expect(JSON.parse((await imds(endpoint, 'GET', '/latest/meta-data/iam/info')).body)).toMatchObject({
      Code: 'InstanceProfileNotFound',
    });
  });

  it('puts ec2:SourceInstanceARN, ec2:RoleDelivery and the private IP into the policy context of requests signed with them', async () => {
    await roleWithProfile(server.url, ROOT, 'conditional', 'conditional-profile');
    const { id, endpoint } = await launch('conditional-profile');
    const ip = (await imds(endpoint, 'GET', '/latest/meta-data/local-ipv4')).body;
    await iamClient(server.url, ROOT).send(
      new PutRolePolicyCommand({
        RoleName: 'conditional',
        PolicyName: 'permissions',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'iam:ListRoles',
              Resource: '*',
              Condition: {
                StringEquals: {
                  'ec2:SourceInstanceARN': `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/${id}`,
                  'aws:Ec2InstanceSourcePrivateIPv4': ip,
                },
                NumericGreaterThanEquals: { 'ec2:RoleDelivery': '2.0' },
              },
            },
          ],
        }),
      }),
    );
    await iamClient(server.url, asCreds(await credentials(endpoint, 'conditional', true))).send(
      new ListRolesCommand({}),
    );
    expect(
      await failure(
        iamClient(server.url, asCreds(await credentials(endpoint, 'conditional', false))).send(
          new ListRolesCommand({}),
        ),
      ),
    ).toMatchObject({ code: 'AccessDenied' });
  });

  it('serves identity credentials for assumed-role/aws:ec2-instance/ID whether or not a role is attached', async () => {
    const { id, endpoint } = await launch();
    const r = await imds(
      endpoint,
      'GET',
      '/latest/meta-data/identity-credentials/ec2/security-credentials/ec2-instance',
    );
    expect(await whoAmI(JSON.parse(r.body) as CredentialJson)).toBe(
      `arn:aws:sts::${ACCOUNT}:assumed-role/aws:ec2-instance/${id}`,
    );
  });

  it('goes dark while the instance is stopped; after a start, tokens from before are 401', async () => {
    const { id, endpoint } = await launch('s3access-profile');
    const t = await token(endpoint);
    await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    await expect(imds(endpoint, 'GET', '/latest/meta-data/instance-id')).rejects.toThrow();
    await ec2.send(new StartInstancesCommand({ InstanceIds: [id] }));
    expect(
      (await imds(endpoint, 'GET', '/latest/meta-data/instance-id', { 'X-aws-ec2-metadata-token': t }))
        .status,
    ).toBe(401);
    expect(
      (
        await imds(endpoint, 'GET', '/latest/meta-data/instance-id', {
          'X-aws-ec2-metadata-token': await token(endpoint),
        })
      ).body,
    ).toBe(id);
    expect(
      (
        await ec2.send(
          new DescribeIamInstanceProfileAssociationsCommand({
            Filters: [{ Name: 'instance-id', Values: [id] }],
          }),
        )
      ).IamInstanceProfileAssociations,
    ).toHaveLength(1);
  });

  it('works with the JS SDK’s fromInstanceMetadata against the endpoint (path dropped, root tree, §F.1)', async () => {
    const { id, endpoint } = await launch('s3access-profile');
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = `${endpoint}/some/prefix`;
    try {
      const creds = await fromInstanceMetadata({ maxRetries: 0, timeout: 2000 })();
      expect(
        await whoAmI({
          AccessKeyId: creds.accessKeyId,
          SecretAccessKey: creds.secretAccessKey,
          Token: creds.sessionToken!,
        } as CredentialJson),
      ).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/s3access/${id}`);
    } finally {
      delete process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT;
    }
  });

  it('never writes credentials to the logs', async () => {
    const { endpoint } = await launch('s3access-profile');
    const c = await credentials(endpoint, 's3access');
    await whoAmI(c);
    const logs = server.logs.lines.join('\n');
    expect(logs).not.toContain(c.SecretAccessKey);
    expect(logs).not.toContain(c.Token);
  });
});

describe('short lifetimes in real time, and restart', () => {
  it('rotates credentials with a 4 s TTL and expires a 1 s token, in real time', async () => {
    const short = await startTestServer({
      config: { instanceCredentialTtl: 4, instanceCredentialRefreshBefore: 2 },
    });
    try {
      const client = ec2Client(short.url, ROOT);
      await roleWithProfile(short.url, ROOT, 'brief', 'brief-profile');
      const id = (
        await client.send(
          new RunInstancesCommand({
            ImageId: AMI,
            MinCount: 1,
            MaxCount: 1,
            IamInstanceProfile: { Name: 'brief-profile' },
          }),
        )
      ).Instances![0]!.InstanceId!;
      const endpoint = await endpointOf(short.url, id);
      const get = async () =>
        JSON.parse(
          (await imds(endpoint, 'GET', '/latest/meta-data/iam/security-credentials/brief')).body,
        ) as CredentialJson;
      const c1 = await get();
      expect(Date.parse(c1.Expiration) - Date.parse(c1.LastUpdated)).toBe(4000);
      const t = await token(endpoint, 1);
      await new Promise((r) => setTimeout(r, 2_200));
      const c2 = await get();
      expect(c2.AccessKeyId).not.toBe(c1.AccessKeyId);
      expect(
        (await imds(endpoint, 'GET', '/latest/meta-data/instance-id', { 'X-aws-ec2-metadata-token': t }))
          .status,
      ).toBe(401);
    } finally {
      await short.stop();
    }
  });

  it('keeps issued credentials, tokens and endpoints working across a restart', async () => {
    const dataDir = tempDir();
    const first = await startTestServer({ dataDir });
    let c: CredentialJson;
    let t: string;
    let id: string;
    let address: string;
    try {
      await roleWithProfile(first.url, ROOT, 'durable', 'durable-profile');
      id = (
        await ec2Client(first.url, ROOT).send(
          new RunInstancesCommand({
            ImageId: AMI,
            MinCount: 1,
            MaxCount: 1,
            IamInstanceProfile: { Name: 'durable-profile' },
          }),
        )
      ).Instances![0]!.InstanceId!;
      const endpoint = await endpointOf(first.url, id);
      address = new URL(endpoint).hostname;
      t = await token(endpoint);
      c = JSON.parse(
        (
          await imds(endpoint, 'GET', '/latest/meta-data/iam/security-credentials/durable', {
            'X-aws-ec2-metadata-token': t,
          })
        ).body,
      ) as CredentialJson;
    } finally {
      await first.close(2000);
    }
    const second = await startTestServer({ dataDir });
    try {
      const who = await stsClient(second.url, asCreds(c)).send(new GetCallerIdentityCommand({}));
      expect(who.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/durable/${id}`);
      const endpoint = await endpointOf(second.url, id);
      expect(new URL(endpoint).hostname).toBe(address);
      const r = await imds(endpoint, 'GET', '/latest/meta-data/instance-id', {
        'X-aws-ec2-metadata-token': t,
      });
      expect([r.status, r.body]).toEqual([200, id]);
    } finally {
      await second.stop();
    }
  });
});
