// `latchkey demo` and the README's walk-through, end to end with real clients: the seed scenario set up
// on a running server, then, on the instance through `latchkey instance exec`, the AWS CLI lists and
// reads the images bucket with the instance's role and is denied an upload.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasAwsCli } from './helpers/clients.js';
import { ACCOUNT, REPO, ROOT, startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

function latchkey(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', join(REPO, 'src/cli/main.ts'), ...args],
      {
        cwd: REPO,
        timeout: 60_000,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          AWS_ENDPOINT_URL: server.url,
          AWS_ACCESS_KEY_ID: ROOT.accessKeyId,
          AWS_SECRET_ACCESS_KEY: ROOT.secretAccessKey,
        },
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

describe('latchkey demo', () => {
  let instanceId = '';

  it('sets up the seed scenario and prints the commands to try; running it twice keeps what exists', async () => {
    const first = await latchkey(['demo']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    instanceId = /Instance (i-[0-9a-f]{17}) runs with role ImagesReadOnly/.exec(first.stdout)?.[1] ?? '';
    expect(instanceId).not.toBe('');
    expect(first.stdout).toContain(`npx latchkey instance exec ${instanceId} -- aws s3 ls s3://images`);
    const second = await latchkey(['demo']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('(already there)');
  });

  it.skipIf(!hasAwsCli)(
    'on the instance, the AWS CLI resolves the role, lists and reads the bucket, and is denied an upload',
    async () => {
      const who = await latchkey([
        'instance',
        'exec',
        instanceId,
        '--',
        'aws',
        'sts',
        'get-caller-identity',
        '--output',
        'json',
      ]);
      expect(JSON.parse(who.stdout)).toMatchObject({
        Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ImagesReadOnly/${instanceId}`,
      });
      const ls = await latchkey([
        'instance',
        'exec',
        instanceId,
        '--',
        'aws',
        's3',
        'ls',
        's3://images',
        '--recursive',
      ]);
      expect(ls.stdout).toContain('photos/cat.txt');
      const cat = await latchkey([
        'instance',
        'exec',
        instanceId,
        '--',
        'aws',
        's3',
        'cp',
        's3://images/photos/cat.txt',
        '-',
      ]);
      expect(cat.stdout).toBe('a cat\n');
      const up = await latchkey(
        ['instance', 'exec', instanceId, '--', 'aws', 's3', 'cp', '-', 's3://images/upload.txt'],
        'hi\n',
      );
      expect(up.code).not.toBe(0);
      expect(up.stderr).toContain('AccessDenied');
      expect(up.stderr).toContain(
        `assumed-role/ImagesReadOnly/${instanceId} is not authorized to perform: s3:PutObject`,
      );
    },
  );
});
