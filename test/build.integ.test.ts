// The shipped artifact: `npm ci` builds dist/ (the prepare script) and `npm start` runs it. This test
// builds into a temporary folder the same way and starts the compiled CLI, so that a data file the
// build forgets, or code that only works through tsx, fails here rather than on a newcomer's machine.
import { execFile, spawn } from 'node:child_process';
import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ListPoliciesCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { iamClient, stsClient } from './helpers/sdk.js';
import { REPO, ROOT, tempDir } from './helpers/server.js';

const run = promisify(execFile);
const out = tempDir('latchkey-build-');
const data = tempDir('latchkey-built-data-');
afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  rmSync(data, { recursive: true, force: true });
});

describe('the compiled server', () => {
  it('builds with tsc, starts from the build and answers IAM and STS', async () => {
    await run(
      process.execPath,
      [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', out],
      { cwd: REPO, timeout: 180_000 },
    );
    await run(process.execPath, [join(REPO, 'scripts/copy-assets.js'), out], { cwd: REPO });
    // The build resolves its dependencies from the checkout's node_modules, as dist/ does.
    symlinkSync(join(REPO, 'node_modules'), join(out, 'node_modules'));
    const child = spawn(
      process.execPath,
      [join(out, 'cli/main.js'), 'serve', '--port', '0', '--data-dir', data, '--account-id', '123456789012'],
      {
        cwd: REPO,
        env: {
          PATH: process.env.PATH,
          LATCHKEY_ROOT_ACCESS_KEY_ID: ROOT.accessKeyId,
          LATCHKEY_ROOT_SECRET_ACCESS_KEY: ROOT.secretAccessKey,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let err = '';
        child.stderr.on('data', (d: Buffer) => {
          err += d.toString();
          const m = /listening on (http:\/\/\S+)/.exec(err);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
      });
      expect((await stsClient(url, ROOT).send(new GetCallerIdentityCommand({}))).Arn).toBe(
        'arn:aws:iam::123456789012:root',
      );
      const policies = await iamClient(url, ROOT).send(new ListPoliciesCommand({ Scope: 'AWS' }));
      expect(policies.Policies?.map((p) => p.PolicyName)).toContain('AmazonS3ReadOnlyAccess');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
