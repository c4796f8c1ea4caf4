// Issue 2's figures: GetCallerIdentity requests/s through the whole pipeline (edge, SigV4, decode,
// authorize, handler, encode, log, metrics) at concurrency 16, next to a bare node:http server
// answering the same bytes in the same run; and SigV4 verifications/s on one thread.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { WireRequest } from '../src/aws/protocols/wire.js';
import { parseSignature } from '../src/aws/sigv4/parse.js';
import { SigV4Verifier } from '../src/aws/sigv4/verify.js';
import { load, round, startChild, type BenchRow } from './harness.js';
import { ROOT, signQuery } from './sign.js';

export { ROOT };

const REPO = fileURLToPath(new URL('../', import.meta.url));
/** Starts `latchkey serve` from source on a fresh data dir with the fixed root key. */
export async function startLatchkey(extraEnv: NodeJS.ProcessEnv = {}, args: string[] = []) {
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-bench-'));
  const child = await startChild(
    process.execPath,
    [
      '--import',
      'tsx',
      join(REPO, 'src/cli/main.ts'),
      'serve',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--account-id',
      '123456789012',
      ...args,
    ],
    {
      LATCHKEY_ROOT_ACCESS_KEY_ID: ROOT.accessKeyId,
      LATCHKEY_ROOT_SECRET_ACCESS_KEY: ROOT.secretAccessKey,
      ...extraEnv,
    },
  );
  return {
    ...child,
    dataDir,
    stop: async () => {
      await child.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startBare(body: string) {
  return startChild(process.execPath, ['--import', 'tsx', join(REPO, 'bench/bare-server.ts')], {
    BARE_BODY: body,
  });
}

async function verificationsPerSecond(): Promise<number> {
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  const { headers } = signQuery('http://127.0.0.1:4580/', body, 'sts');
  const wire = new WireRequest({
    method: 'POST',
    target: '/',
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), [v]])),
    body: Buffer.from(body),
  });
  const caller = {
    type: 'Root' as const,
    accountId: '123456789012',
    arn: 'arn:aws:iam::123456789012:root',
    userId: '123456789012',
    accessKeyId: ROOT.accessKeyId,
  };
  const verifier = new SigV4Verifier({
    resolve: () => ({ ok: true, secretAccessKey: ROOT.secretAccessKey, caller }),
  });
  const now = Date.now();
  const run = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const p = parseSignature(wire);
      if (!p.ok || !(await verifier.verify(wire, p.claims, { s3: false, body: wire.body, now })).ok)
        throw new Error('verify failed');
    }
  };
  await run(20_000);
  const n = 100_000;
  const t = performance.now();
  await run(n);
  return n / ((performance.now() - t) / 1000);
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  const latchkey = await startLatchkey();
  let bareRps: number;
  try {
    const { headers } = signQuery(latchkey.url, body, 'sts');
    const sample = await fetch(latchkey.url + '/', { method: 'POST', headers, body });
    const answer = await sample.text();
    if (sample.status !== 200) throw new Error(`GetCallerIdentity failed: ${answer}`);
    const bare = await startBare(answer);
    try {
      const b = await load({ url: bare.url + '/', method: 'POST', headers, body });
      bareRps = b.requestsPerSec;
      rows.push({
        name: 'bare node:http, same response bytes (c=16)',
        value: round(b.requestsPerSec),
        unit: 'req/s',
        note: `p99 ${b.p99Ms} ms`,
      });
    } finally {
      await bare.stop();
    }
    const l = await load({ url: latchkey.url + '/', method: 'POST', headers, body });
    if (l.non2xx > 0 || l.errors > 0)
      throw new Error(`GetCallerIdentity load had ${l.non2xx} non-2xx and ${l.errors} errors`);
    rows.push({
      name: 'latchkey sts:GetCallerIdentity, full pipeline (c=16)',
      value: round(l.requestsPerSec),
      unit: 'req/s',
      note: `p99 ${l.p99Ms} ms; ${round((100 * l.requestsPerSec) / bareRps)}% of bare`,
    });
  } finally {
    await latchkey.stop();
  }
  rows.push({
    name: 'SigV4 verifications (parse + canonical + HMAC), 1 thread',
    value: round(await verificationsPerSecond()),
    unit: 'verif/s',
  });
  return rows;
}
