// Issue 6 with the AWS CLI v1 (`aws s3 …` and `aws s3api …`) and boto3, as they come: uploads large
// enough for multipart, sync both ways, recursive removal, presigned URLs (the CLI's default V2 ones
// and SigV4 ones), region redirects, and S3's errors as the CLI reports them.

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aws, awsEnv, boto3, hasAwsCli, hasBoto3, run } from './helpers/clients.js';
import { ROOT, startTestServer, tempDir, type TestServer } from './helpers/server.js';

let server: TestServer;
let env: NodeJS.ProcessEnv;
let dir: string;
const B = 'cli-bucket';

beforeAll(async () => {
  server = await startTestServer();
  env = awsEnv(server.url, ROOT);
  dir = tempDir('latchkey-s3-cli-');
});
afterAll(async () => {
  await server?.stop();
});

describe.skipIf(!hasAwsCli)('the AWS CLI', () => {
  const big = randomBytes(24 * 1024 * 1024);

  it('makes a bucket and copies a small file up and down', async () => {
    expect((await run('aws', ['s3', 'mb', `s3://${B}`], env)).stdout).toContain(`make_bucket: ${B}`);
    writeFileSync(join(dir, 'small.txt'), 'small file\n');
    expect((await run('aws', ['s3', 'cp', join(dir, 'small.txt'), `s3://${B}/small.txt`], env)).code).toBe(0);
    const out = await run('aws', ['s3', 'cp', `s3://${B}/small.txt`, '-'], env);
    expect(out.stdout).toBe('small file\n');
  });

  it('uploads a 24 MiB file in parts (the CLI’s multipart threshold is 8 MiB) and downloads it intact', async () => {
    writeFileSync(join(dir, 'big.bin'), big);
    const up = await run('aws', ['s3', 'cp', join(dir, 'big.bin'), `s3://${B}/big.bin`], env);
    expect(up.code).toBe(0);
    const head = await aws(['s3api', 'head-object', '--bucket', B, '--key', 'big.bin'], env);
    expect(head.json).toMatchObject({ ContentLength: big.length });
    expect((head.json as { ETag: string }).ETag).toMatch(/^"[0-9a-f]{32}-3"$/);
    const down = await run('aws', ['s3', 'cp', `s3://${B}/big.bin`, join(dir, 'big.out')], env);
    expect(down.code).toBe(0);
    expect(readFileSync(join(dir, 'big.out')).equals(big)).toBe(true);
  });

  it('syncs a folder up and back down, lists it, and removes it recursively', async () => {
    const src = join(dir, 'tree');
    mkdirSync(join(src, 'sub', 'deeper'), { recursive: true });
    const files = { 'a.txt': 'A', 'sub/b.txt': 'B', 'sub/deeper/c.txt': 'C', 'with space.txt': 'S' };
    for (const [p, c] of Object.entries(files)) writeFileSync(join(src, p), c);
    expect((await run('aws', ['s3', 'sync', src, `s3://${B}/tree/`], env)).code).toBe(0);
    const ls = await run('aws', ['s3', 'ls', `s3://${B}/tree/`], env);
    expect(ls.stdout).toContain('PRE sub/');
    expect(ls.stdout).toContain('with space.txt');
    const rec = await run('aws', ['s3', 'ls', '--recursive', `s3://${B}/tree/`], env);
    expect(rec.stdout.trim().split('\n').length).toBe(4);
    // A second sync uploads nothing.
    expect((await run('aws', ['s3', 'sync', src, `s3://${B}/tree/`], env)).stdout.trim()).toBe('');
    const back = join(dir, 'back');
    expect((await run('aws', ['s3', 'sync', `s3://${B}/tree/`, back], env)).code).toBe(0);
    for (const [p, c] of Object.entries(files)) expect(readFileSync(join(back, p), 'utf8')).toBe(c);
    expect((await run('aws', ['s3', 'rm', '--recursive', `s3://${B}/tree/`], env)).code).toBe(0);
    expect((await run('aws', ['s3', 'ls', `s3://${B}/tree/`], env)).stdout).toBe('');
  });

  it('lists buckets', async () => {
    expect((await run('aws', ['s3', 'ls'], env)).stdout).toContain(B);
  });

  it('presigns URLs that curl-like clients can use: the CLI’s default (V2) and SigV4', async () => {
    const v2 = await run('aws', ['s3', 'presign', `s3://${B}/small.txt`, '--expires-in', '60'], env);
    expect(v2.stdout).toContain('Signature=');
    expect(await (await fetch(v2.stdout.trim())).text()).toBe('small file\n');
    const config = join(dir, 'aws-config');
    writeFileSync(config, '[default]\ns3 =\n    signature_version = s3v4\n');
    const v4 = await run('aws', ['s3', 'presign', `s3://${B}/small.txt`, '--expires-in', '60'], {
      ...env,
      AWS_CONFIG_FILE: config,
    });
    expect(v4.stdout).toContain('X-Amz-Signature=');
    expect(await (await fetch(v4.stdout.trim())).text()).toBe('small file\n');
  });

  it('drives s3api: ranges, pagination, policies, tagging', async () => {
    const range = await aws(
      [
        's3api',
        'get-object',
        '--bucket',
        B,
        '--key',
        'small.txt',
        '--range',
        'bytes=0-4',
        join(dir, 'range.out'),
      ],
      env,
    );
    expect(range.json).toMatchObject({ ContentRange: 'bytes 0-4/11', ContentLength: 5 });
    expect(readFileSync(join(dir, 'range.out'), 'utf8')).toBe('small');
    for (let i = 0; i < 5; i++)
      await aws(
        ['s3api', 'put-object', '--bucket', B, '--key', `page/${i}`, '--body', join(dir, 'small.txt')],
        env,
      );
    const paged = await aws(
      ['s3api', 'list-objects-v2', '--bucket', B, '--prefix', 'page/', '--page-size', '2'],
      env,
    );
    expect((paged.json as { Contents: unknown[] }).Contents.length).toBe(5);
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${B}/page/*` },
      ],
    });
    expect((await aws(['s3api', 'put-bucket-policy', '--bucket', B, '--policy', policy], env)).code).toBe(0);
    const status = await aws(['s3api', 'get-bucket-policy-status', '--bucket', B], env);
    expect(status.json).toEqual({ PolicyStatus: { IsPublic: true } });
    expect((await aws(['s3api', 'delete-bucket-policy', '--bucket', B], env)).code).toBe(0);
    const tag = await aws(
      [
        's3api',
        'put-object-tagging',
        '--bucket',
        B,
        '--key',
        'small.txt',
        '--tagging',
        'TagSet=[{Key=k,Value=v}]',
      ],
      env,
    );
    expect(tag.code).toBe(0);
    expect(
      (await aws(['s3api', 'get-object-tagging', '--bucket', B, '--key', 'small.txt'], env)).json,
    ).toEqual({ TagSet: [{ Key: 'k', Value: 'v' }] });
  });

  it('reports S3’s errors: NoSuchKey, NoSuchBucket, BucketNotEmpty', async () => {
    const missing = await aws(['s3api', 'get-object', '--bucket', B, '--key', 'nope', join(dir, 'x')], env);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('NoSuchKey');
    const nobucket = await run('aws', ['s3', 'ls', 's3://no-such-bucket-cli'], env);
    expect(nobucket.stderr).toContain('NoSuchBucket');
    const rb = await run('aws', ['s3', 'rb', `s3://${B}`], env);
    expect(rb.stderr).toContain('BucketNotEmpty');
  });

  it('follows a bucket to its region (botocore re-signs for the region S3 names)', async () => {
    const eu = { ...env, AWS_DEFAULT_REGION: 'eu-west-1', AWS_REGION: 'eu-west-1' };
    expect((await run('aws', ['s3', 'mb', 's3://cli-eu-bucket', '--region', 'eu-west-1'], eu)).code).toBe(0);
    writeFileSync(join(dir, 'eu.txt'), 'in europe');
    const cp = await run('aws', ['s3', 'cp', join(dir, 'eu.txt'), 's3://cli-eu-bucket/eu.txt'], env);
    expect(cp.stderr).toBe('');
    expect((await run('aws', ['s3', 'cp', 's3://cli-eu-bucket/eu.txt', '-'], env)).stdout).toBe('in europe');
    const loc = await aws(['s3api', 'get-bucket-location', '--bucket', 'cli-eu-bucket'], env);
    expect(loc.json).toEqual({ LocationConstraint: 'eu-west-1' });
  });
});

describe.skipIf(!hasBoto3)('boto3', () => {
  const py = (body: string) => `
import boto3, json, hashlib
from boto3.s3.transfer import TransferConfig
s3 = boto3.client("s3")
${body}`;

  it('uploads and downloads files with the transfer manager (multipart above its threshold)', async () => {
    const file = join(dir, 'boto.bin');
    writeFileSync(file, randomBytes(12 * 1024 * 1024));
    const r = await boto3(
      py(`
s3.create_bucket(Bucket="boto-bucket")
cfg = TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024)
s3.upload_file(${JSON.stringify(file)}, "boto-bucket", "boto.bin", Config=cfg)
head = s3.head_object(Bucket="boto-bucket", Key="boto.bin")
s3.download_file("boto-bucket", "boto.bin", ${JSON.stringify(file + '.out')}, Config=cfg)
same = open(${JSON.stringify(file)}, "rb").read() == open(${JSON.stringify(file + '.out')}, "rb").read()
print(json.dumps({"etag": head["ETag"], "length": head["ContentLength"], "same": same}))`),
      env,
    );
    expect(r.stderr).toBe('');
    expect(r.json).toMatchObject({ length: 12 * 1024 * 1024, same: true });
    expect((r.json as { etag: string }).etag).toMatch(/-3"$/);
  });

  it('puts with checksums, pages listings, deletes in bulk, presigns, and raises S3’s errors', async () => {
    const r = await boto3(
      py(`
out = {}
# CRC32C and CRC64NVME need botocore[crt], which is not installed here; the JS SDK tests cover them.
for alg in ["CRC32", "SHA1", "SHA256"]:
    p = s3.put_object(Bucket="boto-bucket", Key="sum/" + alg, Body=b"data " + alg.encode(), ChecksumAlgorithm=alg)
    g = s3.get_object(Bucket="boto-bucket", Key="sum/" + alg, ChecksumMode="ENABLED")
    out[alg] = p["Checksum" + alg] == g["Checksum" + alg] and g["Body"].read() == b"data " + alg.encode()
pages = s3.get_paginator("list_objects_v2").paginate(Bucket="boto-bucket", Prefix="sum/", PaginationConfig={"PageSize": 2})
out["listed"] = [o["Key"] for page in pages for o in page.get("Contents", [])]
d = s3.delete_objects(Bucket="boto-bucket", Delete={"Objects": [{"Key": "sum/CRC32"}, {"Key": "sum/SHA1"}]})
out["deleted"] = sorted(x["Key"] for x in d["Deleted"])
import urllib.request
url = s3.generate_presigned_url("get_object", Params={"Bucket": "boto-bucket", "Key": "sum/SHA256"}, ExpiresIn=60)
out["presigned"] = urllib.request.urlopen(url).read().decode()
try:
    s3.head_object(Bucket="boto-bucket", Key="missing")
except s3.exceptions.ClientError as e:
    out["head_missing"] = e.response["Error"]["Code"]
try:
    s3.get_object(Bucket="boto-bucket", Key="missing")
except s3.exceptions.NoSuchKey as e:
    out["get_missing"] = e.response["Error"]["Code"]
print(json.dumps(out))`),
      env,
    );
    expect(r.stderr).toBe('');
    expect(r.json).toEqual({
      CRC32: true,
      SHA1: true,
      SHA256: true,
      listed: ['sum/CRC32', 'sum/SHA1', 'sum/SHA256'],
      deleted: ['sum/CRC32', 'sum/SHA1'],
      presigned: 'data SHA256',
      head_missing: '404',
      get_missing: 'NoSuchKey',
    });
  });
});
