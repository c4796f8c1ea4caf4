// Real AWS clients for the integration tests: the AWS CLI v1 and boto3 as child processes, the JS SDK
// v3 in-process. Tests that need a missing client skip with a printed reason.

import { execFile, execFileSync } from 'node:child_process';

function has(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

export const hasAwsCli = has('aws', ['--version']);
export const hasBoto3 = has('python3', ['-c', 'import boto3']);
if (!hasAwsCli) console.log('AWS CLI tests skipped: `aws` is not on PATH');
if (!hasBoto3) console.log('boto3 tests skipped: python3 cannot import boto3');

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** An environment with only what the AWS clients need: no shared config, no other credentials. */
export function awsEnv(
  endpoint: string,
  creds: Credentials | undefined,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: endpoint,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
    AWS_RETRY_MODE: 'standard',
    ...extra,
  };
  if (creds) {
    env.AWS_ACCESS_KEY_ID = creds.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = creds.secretAccessKey;
    if (creds.sessionToken) env.AWS_SESSION_TOKEN = creds.sessionToken;
  }
  return env;
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      cmd,
      args,
      { env, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** `aws <args> --output json`; parses stdout when the command succeeds. */
export async function aws(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult & { json?: unknown }> {
  const r = await run('aws', [...args, '--output', 'json'], env);
  if (r.code === 0 && r.stdout.trim() !== '') return { ...r, json: JSON.parse(r.stdout) };
  return r;
}

/** Runs a Python snippet with boto3; the snippet prints JSON on its last line. */
export async function boto3(script: string, env: NodeJS.ProcessEnv): Promise<CliResult & { json?: unknown }> {
  const r = await run('python3', ['-c', script], env);
  const last = r.stdout.trim().split('\n').pop();
  if (r.code === 0 && last) return { ...r, json: JSON.parse(last) };
  return r;
}
