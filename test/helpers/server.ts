// Starts the real latchkey server for a test: in-process (fast, with an injectable clock) or as a child
// process running the CLI (for start-up, signals, restart and crash tests). Every server gets its own
// data directory and a fixed root key, and is stopped by the test that started it.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Clock } from '../../src/aws/clock.js';
import { makeConfig } from '../../src/server/config.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import type { Credentials } from './clients.js';

export const ROOT: Credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
export const ACCOUNT = '123456789012';
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

export const tempDir = (prefix = 'latchkey-test-'): string => mkdtempSync(join(tmpdir(), prefix));

/** Collects log lines written by an in-process server. */
export class LogSink extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.lines.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((l) => l !== ''),
    );
    cb();
  }
  records(): Record<string, unknown>[] {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

export interface TestServer extends RunningServer {
  readonly dataDir: string;
  readonly logs: LogSink;
  stop(): Promise<void>;
}

export async function startTestServer(
  opts: {
    clock?: Clock;
    dataDir?: string;
    databaseUrl?: string;
    accountId?: string;
    env?: NodeJS.ProcessEnv;
    maxBodyBytes?: number;
    /** Any other server setting (instance credential TTLs, the instance driver, …). */
    config?: Partial<Parameters<typeof makeConfig>[0]>;
  } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDir();
  const logs = new LogSink();
  const env = {
    LATCHKEY_ROOT_ACCESS_KEY_ID: ROOT.accessKeyId,
    LATCHKEY_ROOT_SECRET_ACCESS_KEY: ROOT.secretAccessKey,
    ...opts.env,
  };
  const config = makeConfig({
    ...opts.config,
    port: 0,
    dataDir,
    accountId: opts.accountId ?? ACCOUNT,
    logLevel: 'info',
    logDestination: logs,
    env,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
    ...(opts.maxBodyBytes ? { maxBodyBytes: opts.maxBodyBytes } : {}),
  });
  const server = await startServer(config, env);
  return {
    ...server,
    dataDir,
    logs,
    stop: async () => {
      await server.close(2000);
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with the exit code (or signal name). */
  readonly exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): void;
}

/** Runs `latchkey serve` (the CLI from source, through tsx) and waits for its "listening" line. */
export function spawnServer(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO, 'src/cli/main.ts'), 'serve', '--port', '0', ...args],
    {
      cwd: REPO,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in 30 s:\n${err}\n${out}`));
    }, 30_000);
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve({
          child,
          url: m[1]!,
          stdout: () => out,
          stderr: () => err,
          exited,
          kill: (signal = 'SIGTERM') => child.kill(signal),
        });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${err}\n${out}`));
    });
  });
}
