// `latchkey serve` as a process: first start (root key printed once and kept 0600, secrets sealed at
// rest), restart (state survives), SIGTERM (in-flight requests finish, exit 0), bad configuration
// (a clear message, exit 2), and the PostgreSQL store behind the same server.

import { request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { aws, awsEnv, hasAwsCli } from './helpers/clients.js';
import { ROOT, spawnServer, startTestServer, tempDir } from './helpers/server.js';
import { FORM, signedFetch, xmlValue } from './helpers/sign.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const newDir = () => {
  const d = tempDir();
  dirs.push(d);
  return d;
};

function credsFrom(snippet: string) {
  const get = (name: string) => new RegExp(`export ${name}=(\\S+)`).exec(snippet)?.[1];
  return { accessKeyId: get('AWS_ACCESS_KEY_ID')!, secretAccessKey: get('AWS_SECRET_ACCESS_KEY')! };
}

describe('latchkey serve', () => {
  it('creates the account and root key on first start, prints them once, and keeps state across restarts', async () => {
    const dataDir = newDir();
    const first = await spawnServer(['--data-dir', dataDir, '--account-id', '210987654321']);
    try {
      expect(first.stderr()).toMatch(/latchkey listening on http:\/\/127\.0\.0\.1:\d+/);
      expect(first.stderr()).toContain('export AWS_ACCESS_KEY_ID=AKIA');
      expect(first.stderr()).toContain(`export AWS_ENDPOINT_URL=${first.url}`);
      const file = join(dataDir, 'root-credentials');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);
      const creds = credsFrom(readFileSync(file, 'utf8'));
      expect(creds.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
      expect(creds.secretAccessKey).toMatch(/^[A-Za-z0-9/+]{40}$/);

      const res = await signedFetch(
        {
          method: 'POST',
          url: first.url + '/',
          headers: FORM,
          body: 'Action=GetCallerIdentity&Version=2011-06-15',
        },
        creds,
      );
      expect(xmlValue(await res.text(), 'Arn')).toBe('arn:aws:iam::210987654321:root');

      // The secret is sealed at rest: it appears nowhere in the database files.
      first.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      for (const f of ['latchkey.db', 'latchkey.db-wal']) {
        try {
          expect(readFileSync(join(dataDir, f)).includes(Buffer.from(creds.secretAccessKey))).toBe(false);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        }
      }

      const second = await spawnServer(['--data-dir', dataDir]);
      try {
        expect(second.stderr()).not.toContain(creds.secretAccessKey);
        const again = await signedFetch(
          {
            method: 'POST',
            url: second.url + '/',
            headers: FORM,
            body: 'Action=GetCallerIdentity&Version=2011-06-15',
          },
          creds,
        );
        expect(again.status).toBe(200);
        expect(xmlValue(await again.text(), 'Account')).toBe('210987654321');
      } finally {
        second.kill('SIGTERM');
        expect(await second.exited).toBe(0);
      }
    } finally {
      first.kill('SIGKILL');
    }
  });

  it('finishes an in-flight request on SIGTERM, then exits 0', async () => {
    const dataDir = newDir();
    const env = {
      LATCHKEY_ROOT_ACCESS_KEY_ID: ROOT.accessKeyId,
      LATCHKEY_ROOT_SECRET_ACCESS_KEY: ROOT.secretAccessKey,
    };
    const proc = await spawnServer(['--data-dir', dataDir, '--account-id', '123456789012'], env);
    // Sign a request, send its headers and half its body, signal the server, then send the rest.
    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    let signedHeaders: Record<string, string> = {};
    await signedFetch({ method: 'POST', url: proc.url + '/', headers: FORM, body }, ROOT, {
      tamper: (r) => void (signedHeaders = { ...r.headers }),
    });
    const u = new URL(proc.url);
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        { host: u.hostname, port: u.port, method: 'POST', path: '/', headers: signedHeaders },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        proc.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 300);
      }, 300);
    });
    const res = await answer;
    expect(res.status).toBe(200);
    expect(xmlValue(res.body, 'Arn')).toBe('arn:aws:iam::123456789012:root');
    expect(await proc.exited).toBe(0);
  });

  it('refuses malformed root credentials and account ids with a clear message and exit code 2', async () => {
    const bad = [
      { args: ['--account-id', '12345'], env: {}, msg: '--account-id must be 12 digits' },
      {
        args: [],
        env: {
          LATCHKEY_ROOT_ACCESS_KEY_ID: 'not-a-key',
          LATCHKEY_ROOT_SECRET_ACCESS_KEY: ROOT.secretAccessKey,
        },
        msg: 'LATCHKEY_ROOT_ACCESS_KEY_ID must be AKIA',
      },
      {
        args: [],
        env: { LATCHKEY_ROOT_ACCESS_KEY_ID: ROOT.accessKeyId, LATCHKEY_ROOT_SECRET_ACCESS_KEY: 'short' },
        msg: 'LATCHKEY_ROOT_SECRET_ACCESS_KEY must be 40 characters',
      },
      { args: [], env: { LATCHKEY_MASTER_KEY: 'nope' }, msg: 'LATCHKEY_MASTER_KEY must be 32 bytes' },
    ];
    for (const b of bad) {
      const err = await spawnServer(['--data-dir', newDir(), ...b.args], b.env).then(
        (p) => {
          p.kill('SIGKILL');
          return 'started';
        },
        (e: Error) => e.message,
      );
      expect(err).toContain(b.msg);
      expect(err).toContain('exited (2)');
    }
  });

  it('refuses to start on data sealed under another master key', async () => {
    const dataDir = newDir();
    const key1 = randomBytes(32).toString('hex');
    const p = await spawnServer(['--data-dir', dataDir], { LATCHKEY_MASTER_KEY: key1 });
    p.kill('SIGTERM');
    await p.exited;
    const err = await spawnServer(['--data-dir', dataDir], {
      LATCHKEY_MASTER_KEY: randomBytes(32).toString('hex'),
    }).then(
      () => 'started',
      (e: Error) => e.message,
    );
    expect(err).toContain('the master key does not open this store');
  });
});

describe('the server on PostgreSQL', () => {
  const adminUrl = process.env.LATCHKEY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

  it('serves GetCallerIdentity from a fresh database and keeps the account across restarts', async ({
    skip,
  }) => {
    const admin = new pg.Client({ connectionString: adminUrl });
    try {
      await admin.connect();
    } catch (e) {
      console.log(`PostgreSQL server test skipped: ${(e as Error).message}`);
      return skip();
    }
    const db = `latchkey_srv_${randomBytes(5).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${db}`);
    const url = new URL(adminUrl);
    url.pathname = '/' + db;
    try {
      for (let round = 0; round < 2; round++) {
        const server = await startTestServer({
          databaseUrl: url.toString(),
          dataDir: newDir(),
          env: { LATCHKEY_MASTER_KEY: 'a'.repeat(64) },
        });
        try {
          const health = await (await fetch(server.url + '/health')).json();
          expect(health).toEqual({ status: 'ok', store: 'postgres' });
          if (hasAwsCli) {
            const r = await aws(['sts', 'get-caller-identity'], awsEnv(server.url, ROOT));
            expect(r.json).toMatchObject({ Arn: 'arn:aws:iam::123456789012:root' });
          } else {
            const res = await signedFetch(
              {
                method: 'POST',
                url: server.url + '/',
                headers: FORM,
                body: 'Action=GetCallerIdentity&Version=2011-06-15',
              },
              ROOT,
            );
            expect(res.status).toBe(200);
          }
        } finally {
          await server.stop();
        }
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await admin.end();
    }
  });
});
