// Issue 4's figures: GetRole, CreateRole and AssumeRole requests/s at concurrency 16 with 10,000
// roles already stored (the cost must not grow with the number of roles), beside the bare node:http
// server answering GetRole's bytes in the same run. Every request is SigV4-signed and authorized.
import { join } from 'node:path';
import { openStore } from '../src/store/store.js';
import { load, round, type BenchRow, type RawRequest } from './harness.js';
import { startBare, startLatchkey } from './pipeline.js';
import { ROOT, signQuery } from './sign.js';

const ACCOUNT = '123456789012';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' },
  ],
});
const ROLES = Number(process.env.BENCH_IAM_ROLES ?? 10_000);

function sign(
  url: string,
  service: string,
  body: string,
  creds: { accessKeyId: string; secretAccessKey: string },
): RawRequest {
  return signQuery(url, body, service, creds);
}

async function seedRoles(dataDir: string): Promise<void> {
  const store = await openStore({ kind: 'sqlite', path: join(dataDir, 'latchkey.db') });
  try {
    await store.transaction(async (tx) => {
      for (let i = 0; i < ROLES; i++) {
        const name = `role-${i}`;
        await tx.roles.insert({
          account_id: ACCOUNT,
          name,
          name_lower: name,
          role_id: `AROABENCH${String(i).padStart(12, '0')}`,
          path: '/',
          arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
          created_at: Date.now(),
          trust_policy: TRUST,
          trust_principals: '{}',
          description: null,
          max_session_duration: 3600,
          boundary_arn: null,
          tags: '[]',
          last_used_at: null,
          last_used_region: null,
        });
      }
    });
  } finally {
    await store.close();
  }
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const latchkey = await startLatchkey({}, ['--quota', 'RolesPerAccount=200000']);
  try {
    await seedRoles(latchkey.dataDir);
    const url = latchkey.url + '/';
    const getRole = await sign(
      url,
      'iam',
      `Action=GetRole&Version=2010-05-08&RoleName=role-${Math.floor(ROLES / 2)}`,
      ROOT,
    );
    const sample = await fetch(url, { method: 'POST', headers: getRole.headers, body: getRole.body! });
    const answer = await sample.text();
    if (sample.status !== 200) throw new Error(`GetRole failed: ${answer}`);

    const bare = await startBare(answer);
    try {
      const b = await load({
        url: bare.url + '/',
        method: 'POST',
        headers: getRole.headers,
        body: getRole.body!,
      });
      rows.push({
        name: 'bare node:http, GetRole response bytes (c=16)',
        value: round(b.requestsPerSec),
        unit: 'req/s',
        note: `p99 ${b.p99Ms} ms`,
      });
    } finally {
      await bare.stop();
    }

    const g = await load({ url, method: 'POST', headers: getRole.headers, body: getRole.body! });
    rows.push({
      name: `iam:GetRole with ${ROLES.toLocaleString('en-US')} roles stored (c=16)`,
      value: round(g.requestsPerSec),
      unit: 'req/s',
      note: `p99 ${g.p99Ms} ms; ${g.non2xx} non-2xx`,
    });

    // CreateRole: every request a new role, each signed ahead of time.
    const creates: RawRequest[] = [];
    for (let i = 0; i < 30_000; i++) {
      creates.push(
        await sign(
          url,
          'iam',
          `Action=CreateRole&Version=2010-05-08&RoleName=new-${i}&AssumeRolePolicyDocument=${encodeURIComponent(TRUST)}`,
          ROOT,
        ),
      );
    }
    const c = await load({ url, many: creates, noWarmup: true });
    rows.push({
      name: 'iam:CreateRole, each a new role (c=16)',
      value: round(c.requestsPerSec),
      unit: 'req/s',
      note: `p99 ${c.p99Ms} ms; ${c.non2xx} non-2xx`,
    });

    // AssumeRole needs a non-root caller: a user allowed to assume the role the trust policy names by account.
    const userKey = await createUser(url);
    const assume = await sign(
      url,
      'sts',
      `Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::${ACCOUNT}:role/role-${Math.floor(ROLES / 2)}&RoleSessionName=bench`,
      userKey,
    );
    const check = await fetch(url, { method: 'POST', headers: assume.headers, body: assume.body! });
    if (check.status !== 200) throw new Error(`AssumeRole failed: ${await check.text()}`);
    const a = await load({ url, method: 'POST', headers: assume.headers, body: assume.body! });
    rows.push({
      name: 'sts:AssumeRole, trust and identity policy evaluated (c=16)',
      value: round(a.requestsPerSec),
      unit: 'req/s',
      note: `p99 ${a.p99Ms} ms; ${a.non2xx} non-2xx`,
    });
  } finally {
    await latchkey.stop();
  }
  return rows;
}

async function createUser(url: string): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const call = async (body: string) => {
    const r = await sign(url, 'iam', body + '&Version=2010-05-08', ROOT);
    const res = await fetch(url, { method: 'POST', headers: r.headers, body: r.body! });
    const text = await res.text();
    if (res.status !== 200) throw new Error(text);
    return text;
  };
  await call('Action=CreateUser&UserName=bench');
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
  });
  await call(
    `Action=PutUserPolicy&UserName=bench&PolicyName=assume&PolicyDocument=${encodeURIComponent(policy)}`,
  );
  const key = await call('Action=CreateAccessKey&UserName=bench');
  return {
    accessKeyId: /<AccessKeyId>([^<]+)/.exec(key)![1]!,
    secretAccessKey: /<SecretAccessKey>([^<]+)/.exec(key)![1]!,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await run());
