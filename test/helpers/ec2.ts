// EC2 and instance helpers for the EC2 and metadata integration tests: the JS SDK's EC2 client, the
// seed documents' role and instance profile, raw metadata requests to an instance's endpoint, and
// `latchkey instance exec` as a child process.
import { EC2Client } from '@aws-sdk/client-ec2';
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { request } from 'node:http';
import { join } from 'node:path';
import { run, type CliResult, type Credentials } from './clients.js';
import { iamClient } from './sdk.js';
import { REPO } from './server.js';

export const ec2Client = (endpoint: string, creds: Credentials, region = 'us-east-1') =>
  new EC2Client({ endpoint, region, credentials: creds, maxAttempts: 1 });

/** The seed documents' trust policy (EC2UG-iamroles "ec2-role-trust-policy.json"). */
export const EC2_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** A role EC2 may assume, with an inline policy, in an instance profile of the given name. */
export async function roleWithProfile(
  endpoint: string,
  creds: Credentials,
  role: string,
  profile: string,
  opts: { trust?: string; policy?: object; path?: string } = {},
): Promise<{ roleArn: string; profileArn: string; profileId: string }> {
  const iam = iamClient(endpoint, creds);
  const r = await iam.send(
    new CreateRoleCommand({
      RoleName: role,
      AssumeRolePolicyDocument: opts.trust ?? EC2_TRUST,
      ...(opts.path ? { Path: opts.path } : {}),
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: role,
      PolicyName: 'permissions',
      PolicyDocument: JSON.stringify(
        opts.policy ?? {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['s3:*', 'sts:GetCallerIdentity'], Resource: '*' }],
        },
      ),
    }),
  );
  const p = await iam.send(
    new CreateInstanceProfileCommand({
      InstanceProfileName: profile,
      ...(opts.path ? { Path: opts.path } : {}),
    }),
  );
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: profile, RoleName: role }));
  return {
    roleArn: r.Role!.Arn!,
    profileArn: p.InstanceProfile!.Arn!,
    profileId: p.InstanceProfile!.InstanceProfileId!,
  };
}

export interface ImdsResult {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One raw HTTP request to a metadata endpoint (`http://127.x.y.z:PORT`), headers exactly as given. */
export function imds(
  endpoint: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<ImdsResult> {
  const u = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: Number(u.port), method, path, headers, agent: false, timeout: 5000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

/** A fresh IMDSv2 token from an endpoint. */
export async function token(endpoint: string, ttl = 21600): Promise<string> {
  const r = await imds(endpoint, 'PUT', '/latest/api/token', {
    'X-aws-ec2-metadata-token-ttl-seconds': String(ttl),
  });
  if (r.status !== 200) throw new Error(`token: ${r.status}`);
  return r.body;
}

/** The metadata endpoint of an instance, as `latchkey instance env` finds it. */
export async function endpointOf(serverUrl: string, instanceId: string): Promise<string> {
  const res = await fetch(`${serverUrl}/_latchkey/ec2/instances/${instanceId}`);
  if (!res.ok) throw new Error(`no endpoint for ${instanceId}: ${res.status}`);
  return ((await res.json()) as { metadataEndpoint: string }).metadataEndpoint;
}

/** `latchkey instance <args>` (the CLI from source) with only PATH and HOME from this environment. */
export function latchkey(args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
  return run(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/main.ts'), ...args], {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...extraEnv,
  });
}

/** Runs `cmd` on the instance through `latchkey instance exec`. */
export const onInstance = (serverUrl: string, instanceId: string, cmd: string[]): Promise<CliResult> =>
  latchkey(['instance', 'exec', '--endpoint-url', serverUrl, instanceId, '--', ...cmd]);
