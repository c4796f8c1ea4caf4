// Issue 5's figures: instance-metadata credential fetches per second — an IMDSv2 token PUT plus the
// credentials GET with that kind of token, the work every SDK does per refresh — at concurrency 16 with
// 10,000 instances registered (each with a profile, every one's credentials minted), beside a bare
// node:http server answering the same bytes in the same run; and the server's resident memory with
// those 10,000 instances. Instances are launched through the real EC2 API (10 × RunInstances of 1,000).
//
// How a fetch is sent: wrk writes the PUT and the GET together on each connection (HTTP pipelining), so
// the figure is the server's capacity rather than the loopback round trip; a second row sends them one
// after the other, as an SDK does, taking the token from the PUT's response.
import autocannon from 'autocannon';
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { round, startChild, type BenchRow } from './harness.js';
import { startLatchkey } from './pipeline.js';
import { ROOT, signQuery } from './sign.js';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const INSTANCES = 10_000;
const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f'];
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

async function call(url: string, service: string, params: Record<string, string>): Promise<string> {
  const body = new URLSearchParams(params).toString();
  const signed = signQuery(url + '/', body, service);
  const res = await fetch(url + '/', { method: 'POST', headers: signed.headers, body });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${params.Action}: ${res.status} ${text}`);
  return text;
}

function raw(
  endpoint: string,
  method: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const u = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: Number(u.port), method, path, headers, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function fetchCredentials(endpoint: string): Promise<string> {
  const t = await raw(endpoint, 'PUT', '/latest/api/token', {
    'X-aws-ec2-metadata-token-ttl-seconds': '21600',
  });
  const c = await raw(endpoint, 'GET', '/latest/meta-data/iam/security-credentials/bench-role', {
    'X-aws-ec2-metadata-token': t.body,
  });
  if (c.status !== 200 || !c.body.includes('"Success"'))
    throw new Error(`credentials: ${c.status} ${c.body}`);
  return t.body;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? round(Number(m[1]) / 1024, 1) : NaN;
}

const hasWrk = (() => {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
})();

const lua = (s: string) => JSON.stringify(s);

/** Fetches/s (one fetch = PUT + GET) with wrk, pipelined or one after the other. */
async function fetchesPerSecond(
  endpoint: string,
  tokenValue: string,
  pipelined: boolean,
  seconds = 5,
): Promise<{ fetches: number; p99: number; errors: number }> {
  const put = `wrk.format("PUT", "/latest/api/token", {["X-aws-ec2-metadata-token-ttl-seconds"]="21600"})`;
  const get = (t: string) =>
    `wrk.format("GET", "/latest/meta-data/iam/security-credentials/bench-role", {["X-aws-ec2-metadata-token"]=${t}})`;
  const done = `done = function(s, latency, r) io.write(string.format("P99 %f\\nNON2XX %d\\n", latency:percentile(99) / 1000, s.errors.status)) end\n`;
  if (!hasWrk) {
    // autocannon: the same two requests in turn on each connection.
    const r = await autocannon({
      url: endpoint,
      connections: 16,
      duration: seconds,
      requests: [
        {
          method: 'PUT',
          path: '/latest/api/token',
          headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '21600' },
        },
        {
          method: 'GET',
          path: '/latest/meta-data/iam/security-credentials/bench-role',
          headers: { 'X-aws-ec2-metadata-token': tokenValue },
        },
      ],
    });
    return { fetches: r.requests.average / 2, p99: r.latency.p99, errors: r.non2xx + r.errors };
  }
  const script = pipelined
    ? `init = function(args) req = ${put} .. ${get(lua(tokenValue))} end\nrequest = function() return req end\n${done}`
    : // One Lua state serves all 16 connections: any fresh token of this instance will do.
      `local token = ${lua(tokenValue)}\nlocal n = 0\nrequest = function() n = n + 1\n if n % 2 == 1 then return ${put} end\n return ${get('token')} end\n` +
      `response = function(status, headers, body) if status == 200 and #body == 56 then token = body end end\n${done}`;
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-imds-bench-'));
  const file = join(dir, 'fetch.lua');
  writeFileSync(file, script);
  const wrk = (s: number) =>
    new Promise<string>((resolve, reject) =>
      execFile('wrk', ['-t1', '-c16', `-d${s}s`, '-s', file, endpoint], (err, stdout) =>
        err ? reject(err) : resolve(stdout),
      ),
    );
  try {
    await wrk(1);
    const out = await wrk(seconds);
    const responses = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
    const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
    return {
      fetches: responses / 2,
      p99: round(Number(/P99 ([\d.]+)/.exec(out)?.[1] ?? 0), 2),
      errors:
        Number(/NON2XX (\d+)/.exec(out)?.[1] ?? 0) +
        (socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * latchkey as it runs in production: compiled by tsc (as `npm run build` does, into a cache folder under
 * node_modules so that packages resolve), rather than through tsx, whose transpiler holds some 50 MB of
 * its own. Falls back to tsx when the sources do not compile.
 */
async function startCompiled(): Promise<{
  url: string;
  proc: { pid?: number | undefined };
  stop(): Promise<void>;
  how: string;
}> {
  const out = join(REPO, 'node_modules/.cache/latchkey-bench-build');
  try {
    rmSync(out, { recursive: true, force: true });
    execFileSync(
      process.execPath,
      [
        join(REPO, 'node_modules/typescript/bin/tsc'),
        '-p',
        join(REPO, 'tsconfig.build.json'),
        '--outDir',
        out,
      ],
      { stdio: 'ignore', timeout: 600_000 },
    );
    cpSync(join(REPO, 'src/aws/model/data'), join(out, 'aws/model/data'), { recursive: true });
    cpSync(join(REPO, 'src/services/iam/data'), join(out, 'services/iam/data'), { recursive: true });
  } catch {
    return { ...(await startLatchkey({}, ['--imds-port', '0'])), how: 'tsx' };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-bench-'));
  const child = await startChild(
    process.execPath,
    [
      join(out, 'cli/main.js'),
      'serve',
      '--port',
      '0',
      '--imds-port',
      '0',
      '--data-dir',
      dataDir,
      '--account-id',
      '123456789012',
    ],
    { LATCHKEY_ROOT_ACCESS_KEY_ID: ROOT.accessKeyId, LATCHKEY_ROOT_SECRET_ACCESS_KEY: ROOT.secretAccessKey },
  );
  return {
    ...child,
    how: 'compiled',
    stop: async () => {
      await child.stop();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    },
  };
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const latchkey = await startCompiled();
  try {
    const pid = latchkey.proc.pid!;
    const idleRss = rssMb(pid);
    await call(latchkey.url, 'iam', {
      Action: 'CreateRole',
      Version: '2010-05-08',
      RoleName: 'bench-role',
      AssumeRolePolicyDocument: TRUST,
    });
    await call(latchkey.url, 'iam', {
      Action: 'CreateInstanceProfile',
      Version: '2010-05-08',
      InstanceProfileName: 'bench-profile',
    });
    await call(latchkey.url, 'iam', {
      Action: 'AddRoleToInstanceProfile',
      Version: '2010-05-08',
      InstanceProfileName: 'bench-profile',
      RoleName: 'bench-role',
    });
    const ids: string[] = [];
    const t0 = performance.now();
    for (let i = 0; i < INSTANCES / 1000; i++) {
      const xml = await call(latchkey.url, 'ec2', {
        Action: 'RunInstances',
        Version: '2016-11-15',
        ImageId: 'ami-0abcdef1234567890',
        MinCount: '1000',
        MaxCount: '1000',
        'IamInstanceProfile.Name': 'bench-profile',
        'Placement.AvailabilityZone': ZONES[i % ZONES.length]!,
      });
      for (const m of xml.matchAll(/<instanceId>(i-[0-9a-f]+)<\/instanceId>/g)) ids.push(m[1]!);
    }
    const launchSeconds = (performance.now() - t0) / 1000;
    if (ids.length !== INSTANCES) throw new Error(`launched ${ids.length} instances`);
    rows.push({
      name: `RunInstances, ${INSTANCES.toLocaleString('en-US')} instances with a profile (10 calls)`,
      value: round(INSTANCES / launchSeconds),
      unit: 'instances/s',
    });

    // Every instance fetches its credentials once (16 at a time), so all 10,000 hold minted credentials.
    const endpoints = await Promise.all(
      ids.map(
        async (id) =>
          (
            (await (await fetch(`${latchkey.url}/_latchkey/ec2/instances/${id}`)).json()) as {
              metadataEndpoint: string;
            }
          ).metadataEndpoint,
      ),
    );
    const t1 = performance.now();
    let next = 0;
    const tokens: string[] = [];
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < endpoints.length) {
          const e = endpoints[next++]!;
          tokens.push(await fetchCredentials(e));
        }
      }),
    );
    rows.push({
      name: 'first credential fetch of each instance (mint, trust check), c=16',
      value: round(INSTANCES / ((performance.now() - t1) / 1000)),
      unit: 'fetches/s',
    });
    const peakRss = rssMb(pid);
    // Resident memory once the launch and warm-up garbage is collected: V8 gives pages back when idle.
    await new Promise((r) => setTimeout(r, 15_000));
    rows.push({
      name: `RSS with ${INSTANCES.toLocaleString('en-US')} instances, credentials minted for all`,
      value: rssMb(pid),
      unit: 'MB',
      note: `${latchkey.how}; ${idleRss} MB before the first instance; ${peakRss} MB right after the warm-up`,
    });

    const endpoint = endpoints[0]!;
    const tokenValue = await fetchCredentials(endpoint);
    const sample = await raw(endpoint, 'GET', '/latest/meta-data/iam/security-credentials/bench-role', {
      'X-aws-ec2-metadata-token': tokenValue,
    });
    const bare = await startChild(process.execPath, ['--import', 'tsx', join(REPO, 'bench/bare-server.ts')], {
      BARE_BODY: sample.body,
    });
    let bareFetches: number;
    try {
      const b = await fetchesPerSecond(bare.url, tokenValue, true);
      bareFetches = b.fetches;
      rows.push({
        name: 'bare node:http, same bytes, PUT+GET pipelined (c=16)',
        value: round(b.fetches),
        unit: 'fetches/s',
        note: `p99 ${b.p99} ms`,
      });
    } finally {
      await bare.stop();
    }
    const l = await fetchesPerSecond(endpoint, tokenValue, true);
    if (l.errors > 0) throw new Error(`metadata load had ${l.errors} errors`);
    rows.push({
      name: `latchkey IMDSv2 token + credentials, pipelined, ${INSTANCES.toLocaleString('en-US')} instances (c=16)`,
      value: round(l.fetches),
      unit: 'fetches/s',
      note: `p99 ${l.p99} ms; ${round((100 * l.fetches) / bareFetches)}% of bare`,
    });
    const s = await fetchesPerSecond(endpoint, tokenValue, false);
    if (s.errors > 0) throw new Error(`metadata load had ${s.errors} errors`);
    rows.push({
      name: 'latchkey IMDSv2 token, then credentials with it, one after the other (c=16)',
      value: round(s.fetches),
      unit: 'fetches/s',
      note: `p99 ${s.p99} ms per request`,
    });
    rows.push({ name: `RSS after the load`, value: rssMb(pid), unit: 'MB' });
  } finally {
    await latchkey.stop();
  }
  return rows;
}
