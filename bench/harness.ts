// Shared bench plumbing: rows, child-process servers, and an HTTP load run with autocannon.
import autocannon from 'autocannon';
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export interface Child {
  readonly url: string;
  readonly proc: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a process and waits for a `listening on URL` line on stderr; its stdout (logs) is discarded. */
export function startChild(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Child> {
  const proc = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer) => {
      seen += d.toString();
      const m = /listening on (http:\/\/[^\s)]+)/.exec(seen);
      if (m) {
        proc.stderr?.off('data', onData);
        proc.stderr?.resume();
        resolve({
          url: m[1]!,
          proc,
          stop: () =>
            new Promise((r) => {
              proc.once('exit', () => r());
              proc.kill('SIGTERM');
              setTimeout(() => proc.kill('SIGKILL'), 5000).unref();
            }),
        });
      }
    };
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`${cmd} exited ${code} before listening:\n${seen}`)));
  });
}

export interface LoadResult {
  requestsPerSec: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

const hasWrk = (() => {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (e) {
    // wrk prints its version and exits 1; only a missing binary is "absent".
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
})();

/** Which load generator runs: wrk (C, one thread, light on the shared CPU) or autocannon (Node). */
export const loadGenerator = hasWrk ? 'wrk' : 'autocannon';

function lua(s: string): string {
  return JSON.stringify(s).replace(/\\u([0-9a-f]{4})/g, (_m, h: string) => `\\u{${h}}`);
}

/** A request for a load run that sends many different requests (each signed ahead of time). */
export interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

const sendable = (headers: Record<string, string>) =>
  Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'host' && k.toLowerCase() !== 'content-length');

async function wrk(opts: {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  connections: number;
  seconds: number;
  /** Distinct requests sent in turn (then method/headers/body are ignored). */
  many?: readonly RawRequest[];
  noWarmup?: boolean;
}): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-wrk-'));
  const script = join(dir, 'req.lua');
  const done = `done = function(summary, latency, requests) io.write(string.format("P99 %f\\n", latency:percentile(99) / 1000)) end\n`;
  if (opts.many) {
    const table = opts.many
      .map(
        (r) =>
          `{${lua(r.method)},${lua(r.path)},{${sendable(r.headers)
            .map(([k, v]) => `[${lua(k)}]=${lua(v)}`)
            .join(',')}},${lua(r.body ?? '')}}`,
      )
      .join(',\n');
    writeFileSync(
      script,
      `local raw = {${table}}\nlocal reqs = {}\nlocal i = 0\n` +
        `init = function(args) for k, r in ipairs(raw) do reqs[k] = wrk.format(r[1], r[2], r[3], r[4]) end end\n` +
        `request = function() i = i + 1; if i > #reqs then i = 1 end; return reqs[i] end\n` +
        done,
    );
  } else {
    const headerLines = sendable(opts.headers)
      .map(([k, v]) => `wrk.headers[${lua(k)}] = ${lua(v)}`)
      .join('\n');
    const body = opts.body === undefined ? '' : `wrk.body = ${lua(opts.body.toString('utf8'))}`;
    writeFileSync(script, `wrk.method = ${lua(opts.method)}\n${headerLines}\n${body}\n` + done);
  }
  const run = (seconds: number) =>
    new Promise<string>((resolve, reject) =>
      execFile(
        'wrk',
        ['-t1', `-c${opts.connections}`, `-d${seconds}s`, '-s', script, opts.url],
        (err, stdout) => (err ? reject(err) : resolve(stdout)),
      ),
    );
  try {
    if (!opts.noWarmup) await run(1);
    const out = await run(opts.seconds);
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
    const p99 = Number(/P99 ([\d.]+)/.exec(out)?.[1] ?? 0);
    const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
    const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
    return {
      requestsPerSec: rps,
      p99Ms: round(p99, 2),
      non2xx,
      errors: errors ? errors.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Fixed-duration load at a given concurrency, after a short warm-up. */
export async function load(opts: {
  url: string;
  method?: 'GET' | 'POST' | 'PUT';
  headers?: Record<string, string>;
  body?: string | Buffer;
  connections?: number;
  seconds?: number;
  requests?: autocannon.Request[];
  /** Distinct pre-signed requests, sent in turn (wrk only). */
  many?: readonly RawRequest[];
  /** Skip the warm-up (when every request may be sent only once). */
  noWarmup?: boolean;
}): Promise<LoadResult> {
  if (hasWrk && !opts.requests) {
    return wrk({
      ...(opts.many ? { many: opts.many } : {}),
      ...(opts.noWarmup ? { noWarmup: true } : {}),
      url: opts.url,
      method: opts.method ?? 'GET',
      headers: opts.headers ?? {},
      ...(opts.body !== undefined ? { body: opts.body } : {}),
      connections: opts.connections ?? 16,
      seconds: opts.seconds ?? 5,
    });
  }
  const base = {
    url: opts.url,
    method: opts.method ?? 'GET',
    connections: opts.connections ?? 16,
    ...(opts.headers ? { headers: opts.headers } : {}),
    ...(opts.body !== undefined ? { body: opts.body } : {}),
    ...(opts.requests ? { requests: opts.requests } : {}),
  };
  await autocannon({ ...base, duration: 1 });
  const r = await autocannon({ ...base, duration: opts.seconds ?? 5 });
  return { requestsPerSec: r.requests.average, p99Ms: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

export const round = (n: number, digits = 0): number => Math.round(n * 10 ** digits) / 10 ** digits;
