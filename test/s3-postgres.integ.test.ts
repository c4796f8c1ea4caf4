// Issue 6 on PostgreSQL: the same S3 behaviour on the shared store — keys listed in UTF-8 byte order
// whatever the database's locale, multipart completion, and two nodes over one database and one data
// directory, where a bucket policy changed through one node reaches the other's next requests.

import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  DeleteBucketPolicyCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './helpers/eventually.js';
import { freshDatabase } from './helpers/postgres.js';
import { ROOT, startTestServer, tempDir, type TestServer } from './helpers/server.js';
import { s3Client, send } from './helpers/s3.js';

const MASTER = { LATCHKEY_MASTER_KEY: 'c'.repeat(64) };
let db: Awaited<ReturnType<typeof freshDatabase>>;
let a: TestServer;
let b: TestServer;
let s3a: S3Client;
let s3b: S3Client;
const B = 'pg-bucket';

beforeAll(async () => {
  db = await freshDatabase('S3 on PostgreSQL test');
  if (!db) return;
  const dataDir = tempDir('latchkey-s3-pg-');
  a = await startTestServer({ databaseUrl: db.url, env: MASTER, dataDir });
  b = await startTestServer({ databaseUrl: db.url, env: MASTER, dataDir });
  s3a = s3Client(a.url, ROOT);
  s3b = s3Client(b.url, ROOT);
  await s3a.send(new CreateBucketCommand({ Bucket: B }));
});
afterAll(async () => {
  s3a?.destroy();
  s3b?.destroy();
  await a?.stop();
  await b?.stop();
  await db?.drop();
});

describe('S3 on PostgreSQL', () => {
  it('lists keys in UTF-8 byte order', async ({ skip }) => {
    if (!db) return skip();
    const keys = ['B', 'a', 'a/b', 'a-', 'é', '\u{ff5e}', '\u{1f600}', ' x'];
    for (const Key of keys) await s3a.send(new PutObjectCommand({ Bucket: B, Key, Body: Key }));
    const listed = (await s3b.send(new ListObjectsV2Command({ Bucket: B }))).Contents?.map((c) => c.Key);
    expect(listed).toEqual([...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
  });

  it('completes a multipart upload made through two nodes', async ({ skip }) => {
    if (!db) return skip();
    const { UploadId } = await s3a.send(new CreateMultipartUploadCommand({ Bucket: B, Key: 'mpu' }));
    const p1 = await s3a.send(
      new UploadPartCommand({
        Bucket: B,
        Key: 'mpu',
        UploadId,
        PartNumber: 1,
        Body: Buffer.alloc(5 << 20, 1),
      }),
    );
    const p2 = await s3b.send(
      new UploadPartCommand({ Bucket: B, Key: 'mpu', UploadId, PartNumber: 2, Body: 'tail' }),
    );
    const done = await s3b.send(
      new CompleteMultipartUploadCommand({
        Bucket: B,
        Key: 'mpu',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: p1.ETag },
            { PartNumber: 2, ETag: p2.ETag },
          ],
        },
      }),
    );
    expect(done.ETag).toMatch(/-2"$/);
    const got = await s3a.send(new GetObjectCommand({ Bucket: B, Key: 'mpu', Range: 'bytes=-4' }));
    expect(await got.Body!.transformToString()).toBe('tail');
  });

  it('carries a bucket policy change from one node to the other', async ({ skip }) => {
    if (!db) return skip();
    await s3a.send(new PutObjectCommand({ Bucket: B, Key: 'pub/file', Body: 'public' }));
    const anonymous = () => send(`${b.url}/${B}/pub/file`, { method: 'GET', headers: {} });
    expect((await anonymous()).status).toBe(403);
    await s3a.send(
      new PutBucketPolicyCommand({
        Bucket: B,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${B}/pub/*` },
          ],
        }),
      }),
    );
    await eventually(async () => expect((await anonymous()).status).toBe(200));
    await s3a.send(new DeleteBucketPolicyCommand({ Bucket: B }));
    await eventually(async () => expect((await anonymous()).status).toBe(403));
  });
});
