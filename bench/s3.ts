// Issue 6's figures. (1) Authorized GetObject of a 4 KiB object, requests/s at concurrency 16, through
// the whole pipeline (SigV4, the policy authorizer with the bucket's owner and policy, the store read,
// one positioned file read, the log line), next to a bare node:http server answering the same 4 KiB in
// the same run. (2) PutObject and GetObject of a 256 MiB object in MB/s, next to the disk's own
// sequential write (fsync'd) and read rate measured in the same data directory in the same run.
//
// The page cache cannot be dropped here (no root over the VM's caches), so reads — the baseline's and
// latchkey's alike — mostly come from memory; writes end with fdatasync, so they reach the disk. Each
// throughput figure is the median of three runs, baseline and latchkey interleaved, because the
// machine's disk and CPUs are shared and noisy.

import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, unlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { load, round, startChild, type BenchRow } from './harness.js';
import { startBare, startLatchkey } from './pipeline.js';
import { ROOT, signS3 } from './sign.js';

const MIB = 1024 * 1024;
const BIG = 256 * MIB;
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

function signedHeaders(base: string, method: string, path: string, headers: Record<string, string>) {
  return signS3(base, method, path, headers, headers['x-amz-content-sha256'] ?? EMPTY_SHA256);
}

/** One HTTP exchange: streams `file` as the body (when given), counts the answer's bytes. */
function exchange(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  file?: string,
): Promise<{ status: number; bytes: number }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method, path, headers }, (res) => {
      let bytes = 0;
      res.on('data', (d: Buffer) => (bytes += d.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (file) createReadStream(file, { highWaterMark: MIB }).pipe(req);
    else req.end();
  });
}

const mbps = (bytes: number, ms: number) => bytes / MIB / (ms / 1000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The disk on its own: a new 256 MiB file written in 1 MiB writes and fdatasync'd, then read back. */
async function diskRates(dir: string, data: Buffer): Promise<{ write: number; read: number }> {
  const path = join(dir, `disk-baseline-${randomBytes(4).toString('hex')}`);
  let t = performance.now();
  const w = await open(path, 'wx');
  for (let off = 0; off < data.length; off += MIB) await w.write(data, off, MIB);
  await w.datasync();
  await w.close();
  const write = mbps(data.length, performance.now() - t);
  t = performance.now();
  const r = await open(path, 'r');
  const buf = Buffer.allocUnsafe(MIB);
  for (;;) if ((await r.read(buf, 0, MIB, null)).bytesRead === 0) break;
  await r.close();
  const read = mbps(data.length, performance.now() - t);
  await unlink(path);
  return { write, read };
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const latchkey = await startLatchkey();
  const s3 = new S3Client({
    endpoint: latchkey.url,
    region: 'us-east-1',
    credentials: ROOT,
    forcePathStyle: true,
    maxAttempts: 1,
  });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));

    // (1) 4 KiB GetObject.
    const small = randomBytes(3072).toString('base64'); // 4,096 ASCII bytes
    await s3.send(new PutObjectCommand({ Bucket: 'bench', Key: 'small', Body: small }));
    const getHeaders = await signedHeaders(latchkey.url, 'GET', '/bench/small', {
      'x-amz-content-sha256': EMPTY_SHA256,
    });
    const check = await exchange(latchkey.url, 'GET', '/bench/small', getHeaders);
    if (check.status !== 200 || check.bytes !== 4096) throw new Error(`GetObject failed: ${check.status}`);
    const bare = await startBare(small);
    let bareRps: number;
    try {
      const b = await load({ url: bare.url + '/bench/small', headers: getHeaders });
      bareRps = b.requestsPerSec;
      rows.push({
        name: 'bare node:http, same 4 KiB answer (c=16)',
        value: round(bareRps),
        unit: 'req/s',
        note: `p99 ${b.p99Ms} ms`,
      });
    } finally {
      await bare.stop();
    }
    const l = await load({ url: latchkey.url + '/bench/small', headers: getHeaders });
    if (l.non2xx > 0 || l.errors > 0)
      throw new Error(`GetObject load had ${l.non2xx} non-2xx and ${l.errors} errors`);
    rows.push({
      name: 'latchkey s3:GetObject 4 KiB, authorized (c=16)',
      value: round(l.requestsPerSec),
      unit: 'req/s',
      note: `p99 ${l.p99Ms} ms; ${round((100 * l.requestsPerSec) / bareRps)}% of bare`,
    });

    // (2) 256 MiB.
    const data = randomBytes(BIG);
    const file = join(latchkey.dataDir, 'bench-source.bin');
    await writeFile(file, data);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(data));
    const bareFiles = await startChild(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./bare-file-server.ts', import.meta.url))],
      { BARE_FILE: file, BARE_DIR: latchkey.dataDir, BARE_SIZE: String(BIG) },
    );
    const bareIo = { put: [] as number[], get: [] as number[] };
    const disk = { write: [] as number[], read: [] as number[] };
    const put = { sdk: [] as number[], raw: [] as number[] };
    const get: number[] = [];
    for (let i = 0; i < 3; i++) {
      const d = await diskRates(latchkey.dataDir, data);
      disk.write.push(d.write);
      disk.read.push(d.read);

      let tb = performance.now();
      await exchange(bareFiles.url, 'PUT', '/f', { 'content-length': String(BIG) }, file);
      bareIo.put.push(mbps(BIG, performance.now() - tb));
      tb = performance.now();
      await exchange(bareFiles.url, 'GET', '/f', {});
      bareIo.get.push(mbps(BIG, performance.now() - tb));

      let t = performance.now();
      await s3.send(
        new PutObjectCommand({
          Bucket: 'bench',
          Key: 'big-sdk',
          Body: createReadStream(file, { highWaterMark: MIB }),
          ContentLength: BIG,
        }),
      );
      put.sdk.push(mbps(BIG, performance.now() - t));

      const putHeaders = await signedHeaders(latchkey.url, 'PUT', '/bench/big', {
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
        'x-amz-checksum-crc32': crc.toString('base64'),
        'content-length': String(BIG),
      });
      t = performance.now();
      const p = await exchange(latchkey.url, 'PUT', '/bench/big', putHeaders, file);
      if (p.status !== 200) throw new Error(`PutObject failed: ${p.status}`);
      put.raw.push(mbps(BIG, performance.now() - t));

      const h = await signedHeaders(latchkey.url, 'GET', '/bench/big', {
        'x-amz-content-sha256': EMPTY_SHA256,
      });
      t = performance.now();
      const g = await exchange(latchkey.url, 'GET', '/bench/big', h);
      if (g.status !== 200 || g.bytes !== BIG)
        throw new Error(`GetObject failed: ${g.status}, ${g.bytes} bytes`);
      get.push(mbps(BIG, performance.now() - t));
    }
    await bareFiles.stop();
    const w = median(disk.write);
    const r = median(disk.read);
    const bp = median(bareIo.put);
    const bg = median(bareIo.get);
    rows.push({
      name: 'disk: sequential write of a new 256 MiB file + fdatasync',
      value: round(w),
      unit: 'MB/s',
      note: 'node:fs, 1 MiB writes, same data dir',
    });
    rows.push({
      name: 'disk: sequential read of it',
      value: round(r),
      unit: 'MB/s',
      note: 'page cache cannot be dropped here',
    });
    rows.push({
      name: 'bare node:http PUT 256 MiB to a new file + fdatasync',
      value: round(bp),
      unit: 'MB/s',
      note: 'no hashing, no store',
    });
    rows.push({ name: 'bare node:http GET 256 MiB, file streamed', value: round(bg), unit: 'MB/s' });
    rows.push({
      name: 'latchkey PutObject 256 MiB, JS SDK v3 (aws-chunked, CRC32 trailer)',
      value: round(median(put.sdk)),
      unit: 'MB/s',
      note: `${round((100 * median(put.sdk)) / w)}% of disk write, ${round((100 * median(put.sdk)) / bp)}% of bare PUT`,
    });
    rows.push({
      name: 'latchkey PutObject 256 MiB, signed stream (x-amz-checksum-crc32 header)',
      value: round(median(put.raw)),
      unit: 'MB/s',
      note: `${round((100 * median(put.raw)) / w)}% of disk write, ${round((100 * median(put.raw)) / bp)}% of bare PUT`,
    });
    rows.push({
      name: 'latchkey GetObject 256 MiB, signed stream',
      value: round(median(get)),
      unit: 'MB/s',
      note: `${round((100 * median(get)) / r)}% of disk read, ${round((100 * median(get)) / bg)}% of bare GET`,
    });
  } finally {
    s3.destroy();
    await latchkey.stop();
  }
  return rows;
}
