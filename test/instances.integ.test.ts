// Instance runtime drivers against the real server (issue 5): `process` runs the user-data script with
// the instance's environment and keeps its output as the console; `netns` gives the workload the
// literal http://169.254.169.254/ in a network namespace of its own (Linux, root, iproute2, socat — the
// tests create and remove their own namespaces and skip with a reason where they cannot).
import {
  GetConsoleOutputCommand,
  RunInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetnsDriver } from '../src/instances/netns.js';
import { hasAwsCli, run } from './helpers/clients.js';
import { ec2Client, onInstance, roleWithProfile } from './helpers/ec2.js';
import { ACCOUNT, ROOT, startTestServer, tempDir, type TestServer } from './helpers/server.js';

const AMI = 'ami-0abcdef1234567890';
const netnsUnavailable = new NetnsDriver(tempDir()).unavailable();
if (netnsUnavailable) console.log(`netns driver tests skipped: ${netnsUnavailable}`);

let server: TestServer;
let ec2: EC2Client;
const launched: string[] = [];

async function launch(driver: string, userData?: string, profile = 's3access-profile'): Promise<string> {
  const out = await ec2.send(
    new RunInstancesCommand({
      ImageId: AMI,
      MinCount: 1,
      MaxCount: 1,
      IamInstanceProfile: { Name: profile },
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'latchkey:driver', Value: driver }] }],
      ...(userData ? { UserData: Buffer.from(userData).toString('base64') } : {}),
    }),
  );
  const id = out.Instances![0]!.InstanceId!;
  launched.push(id);
  return id;
}

/** The console output once it contains `text` (polled, at most 20 s). */
async function consoleContaining(id: string, text: string): Promise<string> {
  let out = '';
  for (let i = 0; i < 200 && !out.includes(text); i++) {
    const r = await ec2.send(new GetConsoleOutputCommand({ InstanceId: id }));
    out = Buffer.from(r.Output ?? '', 'base64').toString();
    if (!out.includes(text)) await new Promise((r) => setTimeout(r, 100));
  }
  return out;
}

beforeAll(async () => {
  server = await startTestServer();
  ec2 = ec2Client(server.url, ROOT);
  await roleWithProfile(server.url, ROOT, 's3access', 's3access-profile');
  await roleWithProfile(server.url, ROOT, 'other', 'other-profile');
});
afterAll(async () => {
  if (launched.length > 0)
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: launched })).catch(() => undefined);
  await server?.stop();
  if (!netnsUnavailable) {
    const left = (await run('ip', ['netns', 'list'], { PATH: process.env.PATH })).stdout;
    for (const id of launched) expect(left).not.toContain(`lk-${id}`);
  }
});

describe('the process driver', () => {
  it.skipIf(!hasAwsCli)(
    'runs the user-data script with the instance role and keeps its output as the console output',
    async () => {
      const id = await launch(
        'process',
        [
          '#!/bin/sh',
          'TOKEN=$(curl -s -X PUT "$AWS_EC2_METADATA_SERVICE_ENDPOINT/latest/api/token" -H "X-aws-ec2-metadata-token-ttl-seconds: 21600")',
          'echo "role: $(curl -s -H "X-aws-ec2-metadata-token: $TOKEN" $AWS_EC2_METADATA_SERVICE_ENDPOINT/latest/meta-data/iam/security-credentials/)"',
          'aws sts get-caller-identity --query Arn --output text',
          'exec sleep 300',
          '',
        ].join('\n'),
      );
      const out = await consoleContaining(id, 'assumed-role');
      expect(out).toContain('role: s3access');
      expect(out).toContain(`arn:aws:sts::${ACCOUNT}:assumed-role/s3access/${id}`);
      await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
      expect(await consoleContaining(id, 'user data exited')).toMatch(/user data exited \(SIGTERM\)/);
    },
  );
});

describe.skipIf(netnsUnavailable !== undefined)('the netns driver', () => {
  let a: string;
  let b: string;
  beforeAll(async () => {
    a = await launch('netns');
    b = await launch('netns', undefined, 'other-profile');
    for (const id of [a, b])
      expect(await consoleContaining(id, 'metadata at http://169.254.169.254/')).toContain(`lk-${id}`);
  });

  it('answers the seed documents’ curl sequences at the literal 169.254.169.254', async () => {
    const v2 = await onInstance(server.url, a, [
      'sh',
      '-c',
      'TOKEN=$(curl -s -X PUT "http://169.254.169.254/latest/api/token" -H "X-aws-ec2-metadata-token-ttl-seconds: 21600") && curl -s -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/iam/security-credentials/s3access',
    ]);
    expect(v2.code, v2.stderr).toBe(0);
    const creds = JSON.parse(v2.stdout) as Record<string, string>;
    expect(Object.keys(creds)).toEqual([
      'Code',
      'LastUpdated',
      'Type',
      'AccessKeyId',
      'SecretAccessKey',
      'Token',
      'Expiration',
    ]);
    const v1 = await onInstance(server.url, a, [
      'curl',
      '-s',
      'http://169.254.169.254/latest/meta-data/iam/security-credentials/s3access',
    ]);
    expect((JSON.parse(v1.stdout) as Record<string, string>).Code).toBe('Success');
  });

  it.skipIf(!hasAwsCli)('lets the AWS CLI find the role with no endpoint configured', async () => {
    const r = await onInstance(server.url, a, ['aws', 'sts', 'get-caller-identity', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { Arn: string }).Arn).toBe(
      `arn:aws:sts::${ACCOUNT}:assumed-role/s3access/${a}`,
    );
  });

  it('isolates instances: each namespace sees only its own instance, and cannot reach another’s address', async () => {
    const idA = await onInstance(server.url, a, [
      'curl',
      '-s',
      'http://169.254.169.254/latest/meta-data/instance-id',
    ]);
    const idB = await onInstance(server.url, b, [
      'curl',
      '-s',
      'http://169.254.169.254/latest/meta-data/instance-id',
    ]);
    expect([idA.stdout, idB.stdout]).toEqual([a, b]);
    const info = (await (await fetch(`${server.url}/_latchkey/ec2/instances/${b}`)).json()) as {
      metadataEndpoint: string;
    };
    const cross = await onInstance(server.url, a, [
      'curl',
      '-s',
      '-m',
      '2',
      `${info.metadataEndpoint}/latest/meta-data/instance-id`,
    ]);
    expect(cross.code).not.toBe(0);
    expect(cross.stdout).toBe('');
  });

  it('removes the namespace when the instance stops', async () => {
    await ec2.send(new StopInstancesCommand({ InstanceIds: [b] }));
    await consoleContaining(b, 'instance stopped');
    expect((await run('ip', ['netns', 'list'], { PATH: process.env.PATH })).stdout).not.toContain(`lk-${b}`);
  });
});
