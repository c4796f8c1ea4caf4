// Issue 6 with the JS SDK v3 S3 client as it comes (default checksums: CRC32 on uploads, sent as an
// aws-chunked trailer for streams; response checksums validated on GetObject): buckets, objects with
// their metadata and every checksum algorithm, listings, copies, tags, bucket policies, and multipart
// uploads with AWS's ETag and checksum rules — the SDK itself checks the checksums latchkey returns.

import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteBucketPolicyCommand,
  DeleteBucketTaggingCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  DeleteObjectTaggingCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListMultipartUploadsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type ListObjectsV2CommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from './helpers/sdk.js';
import { ACCOUNT, ROOT, startTestServer, type TestServer } from './helpers/server.js';
import { s3Client } from './helpers/s3.js';

let server: TestServer;
let s3: S3Client;
const B = 'sdk-bucket';
const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');

beforeAll(async () => {
  server = await startTestServer();
  s3 = s3Client(server.url, ROOT);
  await s3.send(new CreateBucketCommand({ Bucket: B }));
});
afterAll(async () => {
  s3?.destroy();
  await server?.stop();
});

describe('buckets', () => {
  it('creates, heads, locates, lists and deletes a bucket; refuses to delete a non-empty one', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'sdk-lifecycle' }));
    // Re-creating one's own bucket in us-east-1 is a 200 (S3's legacy behaviour).
    await s3.send(new CreateBucketCommand({ Bucket: 'sdk-lifecycle' }));
    expect((await s3.send(new HeadBucketCommand({ Bucket: 'sdk-lifecycle' }))).BucketRegion).toBe(
      'us-east-1',
    );
    expect(
      (await s3.send(new GetBucketLocationCommand({ Bucket: 'sdk-lifecycle' }))).LocationConstraint,
    ).toBeUndefined();
    const list = await s3.send(new ListBucketsCommand({}));
    expect(list.Buckets?.map((b) => b.Name)).toContain('sdk-lifecycle');
    expect(list.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    await s3.send(new PutObjectCommand({ Bucket: 'sdk-lifecycle', Key: 'k', Body: 'x' }));
    expect(await failure(s3.send(new DeleteBucketCommand({ Bucket: 'sdk-lifecycle' })))).toMatchObject({
      code: 'BucketNotEmpty',
      status: 409,
    });
    await s3.send(new DeleteObjectCommand({ Bucket: 'sdk-lifecycle', Key: 'k' }));
    await s3.send(new DeleteBucketCommand({ Bucket: 'sdk-lifecycle' }));
    expect(await failure(s3.send(new HeadBucketCommand({ Bucket: 'sdk-lifecycle' })))).toMatchObject({
      status: 404,
    });
  });

  it('creates a bucket in another region with its LocationConstraint; re-creating it is BucketAlreadyOwnedByYou', async () => {
    const eu = s3Client(server.url, ROOT, { region: 'eu-west-1' });
    try {
      await eu.send(
        new CreateBucketCommand({
          Bucket: 'sdk-eu',
          CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
        }),
      );
      expect((await eu.send(new GetBucketLocationCommand({ Bucket: 'sdk-eu' }))).LocationConstraint).toBe(
        'eu-west-1',
      );
      expect(
        await failure(
          eu.send(
            new CreateBucketCommand({
              Bucket: 'sdk-eu',
              CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
            }),
          ),
        ),
      ).toMatchObject({ code: 'BucketAlreadyOwnedByYou', status: 409 });
      expect(
        await failure(
          eu.send(
            new CreateBucketCommand({
              Bucket: 'sdk-eu-2',
              CreateBucketConfiguration: { LocationConstraint: 'us-west-2' },
            }),
          ),
        ),
      ).toMatchObject({ code: 'IllegalLocationConstraintException', status: 400 });
      expect(
        await failure(
          s3.send(
            new CreateBucketCommand({
              Bucket: 'sdk-eu-3',
              CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as never },
            }),
          ),
        ),
      ).toMatchObject({ code: 'InvalidLocationConstraint', status: 400 });
    } finally {
      eu.destroy();
    }
  });

  it('refuses invalid bucket names with InvalidBucketName', async () => {
    for (const name of ['ab', 'UpperCase', 'has_underscore', '192.168.1.1', 'a..b', '-start']) {
      expect(await failure(s3.send(new CreateBucketCommand({ Bucket: name })))).toMatchObject({
        status: 400,
      });
    }
  });

  it('tags a bucket; NoSuchTagSet when it has none', async () => {
    expect(await failure(s3.send(new GetBucketTaggingCommand({ Bucket: B })))).toMatchObject({
      code: 'NoSuchTagSet',
      status: 404,
    });
    await s3.send(
      new PutBucketTaggingCommand({ Bucket: B, Tagging: { TagSet: [{ Key: 'team', Value: 'storage' }] } }),
    );
    expect((await s3.send(new GetBucketTaggingCommand({ Bucket: B }))).TagSet).toEqual([
      { Key: 'team', Value: 'storage' },
    ]);
    await s3.send(new DeleteBucketTaggingCommand({ Bucket: B }));
    expect(await failure(s3.send(new GetBucketTaggingCommand({ Bucket: B })))).toMatchObject({
      code: 'NoSuchTagSet',
    });
  });

  it('stores, returns and deletes a bucket policy; refuses malformed ones; tells whether it is public', async () => {
    expect(await failure(s3.send(new GetBucketPolicyCommand({ Bucket: B })))).toMatchObject({
      code: 'NoSuchBucketPolicy',
      status: 404,
    });
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Read',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::${B}/*`,
        },
      ],
    });
    await s3.send(new PutBucketPolicyCommand({ Bucket: B, Policy: policy }));
    expect((await s3.send(new GetBucketPolicyCommand({ Bucket: B }))).Policy).toBe(policy);
    expect((await s3.send(new GetBucketPolicyStatusCommand({ Bucket: B }))).PolicyStatus?.IsPublic).toBe(
      false,
    );
    for (const bad of [
      'not json',
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::other-bucket/*"}]}',
    ]) {
      expect(await failure(s3.send(new PutBucketPolicyCommand({ Bucket: B, Policy: bad })))).toMatchObject({
        code: 'MalformedPolicy',
        status: 400,
      });
    }
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: B }));
    expect(await failure(s3.send(new GetBucketPolicyCommand({ Bucket: B })))).toMatchObject({
      code: 'NoSuchBucketPolicy',
    });
  });
});

describe('objects', () => {
  it('round-trips content headers and user metadata', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: B,
        Key: 'meta.txt',
        Body: 'with metadata',
        ContentType: 'text/plain; charset=utf-8',
        CacheControl: 'max-age=60',
        ContentDisposition: 'attachment; filename="m.txt"',
        ContentLanguage: 'en',
        ContentEncoding: 'identity',
        Metadata: { owner: 'alice', 'multi-word': 'a b c' },
      }),
    );
    const h = await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'meta.txt' }));
    expect(h).toMatchObject({
      ContentType: 'text/plain; charset=utf-8',
      CacheControl: 'max-age=60',
      ContentDisposition: 'attachment; filename="m.txt"',
      ContentLanguage: 'en',
      ContentEncoding: 'identity',
      ContentLength: 13,
      ETag: `"${md5('with metadata')}"`,
      Metadata: { owner: 'alice', 'multi-word': 'a b c' },
    });
  });

  it('uploads a stream with the SDK’s default CRC32 trailer, and the SDK validates what GetObject returns', async () => {
    const data = Buffer.alloc(300_000, 7);
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: B,
        Key: 'stream.bin',
        Body: Readable.from([data.subarray(0, 100_000), data.subarray(100_000)]),
        ContentLength: data.length,
      }),
    );
    expect(put.ChecksumCRC32).toBeTruthy();
    expect(put.ETag).toBe(`"${md5(data)}"`);
    const got = await s3.send(
      new GetObjectCommand({ Bucket: B, Key: 'stream.bin', ChecksumMode: 'ENABLED' }),
    );
    expect(got.ChecksumCRC32).toBe(put.ChecksumCRC32);
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(data)).toBe(true);
  });

  it('accepts every checksum algorithm, from headers and from trailers, and returns each on request', async () => {
    for (const alg of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const) {
      for (const streamed of [false, true]) {
        const text = `checksummed with ${alg}${streamed ? ' as a stream' : ''}`;
        const Body = streamed ? Readable.from([Buffer.from(text)]) : text;
        const put = await s3.send(
          new PutObjectCommand({
            Bucket: B,
            Key: `alg/${alg}/${streamed}`,
            Body,
            ContentLength: text.length,
            ChecksumAlgorithm: alg,
          }),
        );
        const member = `Checksum${alg}` as const;
        expect(put[member]).toBeTruthy();
        const got = await s3.send(
          new GetObjectCommand({ Bucket: B, Key: `alg/${alg}/${streamed}`, ChecksumMode: 'ENABLED' }),
        );
        expect(got[member]).toBe(put[member]);
        expect(await got.Body!.transformToString()).toBe(text);
      }
    }
  });

  it('answers NoSuchKey for a missing key (root may list the bucket)', async () => {
    expect(await failure(s3.send(new GetObjectCommand({ Bucket: B, Key: 'nope' })))).toMatchObject({
      code: 'NoSuchKey',
      status: 404,
    });
  });

  it('copies an object, keeping or replacing metadata; refuses a copy onto itself that changes nothing', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: B,
        Key: 'src.txt',
        Body: 'source',
        Metadata: { a: '1' },
        Tagging: 'k=v',
      }),
    );
    const copy = await s3.send(
      new CopyObjectCommand({ Bucket: B, Key: 'copy.txt', CopySource: `${B}/src.txt` }),
    );
    expect(copy.CopyObjectResult?.ETag).toBe(`"${md5('source')}"`);
    expect((await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'copy.txt' }))).Metadata).toEqual({
      a: '1',
    });
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket: B, Key: 'copy.txt' }))).TagSet).toEqual([
      { Key: 'k', Value: 'v' },
    ]);
    await s3.send(
      new CopyObjectCommand({
        Bucket: B,
        Key: 'copy2.txt',
        CopySource: `${B}/src.txt`,
        MetadataDirective: 'REPLACE',
        Metadata: { b: '2' },
        ContentType: 'text/x-copy',
      }),
    );
    const h2 = await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'copy2.txt' }));
    expect(h2.Metadata).toEqual({ b: '2' });
    expect(h2.ContentType).toBe('text/x-copy');
    expect(
      await failure(
        s3.send(new CopyObjectCommand({ Bucket: B, Key: 'src.txt', CopySource: `${B}/src.txt` })),
      ),
    ).toMatchObject({
      code: 'InvalidRequest',
      status: 400,
    });
    expect(
      await failure(
        s3.send(
          new CopyObjectCommand({
            Bucket: B,
            Key: 'c3',
            CopySource: `${B}/src.txt`,
            CopySourceIfMatch: '"nope"',
          }),
        ),
      ),
    ).toMatchObject({ code: 'PreconditionFailed', status: 412 });
    expect(
      await failure(s3.send(new CopyObjectCommand({ Bucket: B, Key: 'c4', CopySource: `${B}/missing` }))),
    ).toMatchObject({ code: 'NoSuchKey' });
  });

  it('tags objects (at most 10 tags)', async () => {
    await s3.send(
      new PutObjectTaggingCommand({
        Bucket: B,
        Key: 'src.txt',
        Tagging: { TagSet: [{ Key: 'a', Value: 'b' }] },
      }),
    );
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket: B, Key: 'src.txt' }))).TagSet).toEqual([
      { Key: 'a', Value: 'b' },
    ]);
    expect(await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'src.txt' }))).toBeTruthy();
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect(
      await failure(
        s3.send(new PutObjectTaggingCommand({ Bucket: B, Key: 'src.txt', Tagging: { TagSet: eleven } })),
      ),
    ).toMatchObject({
      code: 'InvalidTag',
      status: 400,
    });
    await s3.send(new DeleteObjectTaggingCommand({ Bucket: B, Key: 'src.txt' }));
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket: B, Key: 'src.txt' }))).TagSet).toEqual([]);
  });

  it('deletes many objects at once, quietly or not', async () => {
    for (const k of ['d1', 'd2', 'd3']) await s3.send(new PutObjectCommand({ Bucket: B, Key: k, Body: k }));
    const r = await s3.send(
      new DeleteObjectsCommand({
        Bucket: B,
        Delete: { Objects: [{ Key: 'd1' }, { Key: 'd2' }, { Key: 'never-was' }] },
      }),
    );
    expect(r.Deleted?.map((d) => d.Key).sort()).toEqual(['d1', 'd2', 'never-was']);
    const q = await s3.send(
      new DeleteObjectsCommand({ Bucket: B, Delete: { Objects: [{ Key: 'd3' }], Quiet: true } }),
    );
    expect(q.Deleted).toBeUndefined();
    expect(await failure(s3.send(new HeadObjectCommand({ Bucket: B, Key: 'd3' })))).toMatchObject({
      status: 404,
    });
  });
});

describe('listings', () => {
  const LB = 'sdk-listing';
  const keys = ['a/1', 'a/2', 'a/b/3', 'b/4', 'c', 'd e+f', 'é/5'];
  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: LB }));
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: LB, Key, Body: Key }));
  });

  it('lists in UTF-8 byte order with prefixes, delimiters and KeyCount', async () => {
    const all = await s3.send(new ListObjectsV2Command({ Bucket: LB }));
    expect(all.Contents?.map((c) => c.Key)).toEqual(keys);
    expect(all.KeyCount).toBe(keys.length);
    expect(all.Contents?.[0]).toMatchObject({ Size: 3, StorageClass: 'STANDARD', ETag: `"${md5('a/1')}"` });
    const top = await s3.send(new ListObjectsV2Command({ Bucket: LB, Delimiter: '/' }));
    expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['a/', 'b/', 'é/']);
    expect(top.Contents?.map((c) => c.Key)).toEqual(['c', 'd e+f']);
    const underA = await s3.send(new ListObjectsV2Command({ Bucket: LB, Prefix: 'a/', Delimiter: '/' }));
    expect(underA.Contents?.map((c) => c.Key)).toEqual(['a/1', 'a/2']);
    expect(underA.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['a/b/']);
  });

  it('pages with max-keys and continuation tokens, common prefixes included, and starts after StartAfter', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 10; page++) {
      const r: ListObjectsV2CommandOutput = await s3.send(
        new ListObjectsV2Command({
          Bucket: LB,
          Delimiter: '/',
          MaxKeys: 2,
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      seen.push(...(r.CommonPrefixes ?? []).map((p) => p.Prefix!), ...(r.Contents ?? []).map((c) => c.Key!));
      if (!r.IsTruncated) break;
      token = r.NextContinuationToken;
    }
    expect(seen.sort()).toEqual(['a/', 'b/', 'c', 'd e+f', 'é/'].sort());
    const after = await s3.send(new ListObjectsV2Command({ Bucket: LB, StartAfter: 'b/4' }));
    expect(after.Contents?.map((c) => c.Key)).toEqual(['c', 'd e+f', 'é/5']);
    expect(
      await failure(s3.send(new ListObjectsV2Command({ Bucket: LB, ContinuationToken: 'garbage' }))),
    ).toMatchObject({
      code: 'InvalidArgument',
      status: 400,
    });
  });

  it('URL-encodes keys with encoding-type=url', async () => {
    const r = await s3.send(new ListObjectsV2Command({ Bucket: LB, Prefix: 'd', EncodingType: 'url' }));
    // Form-style: a space is `+`, a plus `%2B` (botocore decodes with unquote_plus; the JS SDK leaves it).
    expect(r.Contents?.map((c) => c.Key)).toEqual(['d+e%2Bf']);
    expect(r.EncodingType).toBe('url');
  });

  it('lists with version 1: Marker, and NextMarker when a delimiter is given', async () => {
    const r = await s3.send(new ListObjectsCommand({ Bucket: LB, MaxKeys: 2, Delimiter: '/' }));
    expect(r.IsTruncated).toBe(true);
    expect(r.NextMarker).toBe('b/');
    const next = await s3.send(new ListObjectsCommand({ Bucket: LB, Marker: r.NextMarker!, Delimiter: '/' }));
    expect([
      ...(next.Contents ?? []).map((c) => c.Key),
      ...(next.CommonPrefixes ?? []).map((p) => p.Prefix),
    ]).toEqual(['c', 'd e+f', 'é/']);
    expect(next.Contents?.[0]?.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('multipart uploads', () => {
  const part1 = Buffer.alloc(5 * 1024 * 1024, 1);
  const part2 = Buffer.alloc(1000, 2);

  it('completes an upload with AWS’s ETag (MD5 of the part MD5s, -N) and a COMPOSITE CRC32; serves parts by number', async () => {
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({
        Bucket: B,
        Key: 'mpu.bin',
        ChecksumAlgorithm: 'CRC32',
        Metadata: { m: 'p' },
      }),
    );
    const p1 = await s3.send(
      new UploadPartCommand({
        Bucket: B,
        Key: 'mpu.bin',
        UploadId,
        PartNumber: 1,
        Body: part1,
        ChecksumAlgorithm: 'CRC32',
      }),
    );
    const p2 = await s3.send(
      new UploadPartCommand({
        Bucket: B,
        Key: 'mpu.bin',
        UploadId,
        PartNumber: 2,
        Body: part2,
        ChecksumAlgorithm: 'CRC32',
      }),
    );
    expect(p1.ETag).toBe(`"${md5(part1)}"`);
    const parts = await s3.send(new ListPartsCommand({ Bucket: B, Key: 'mpu.bin', UploadId }));
    expect(parts.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([
      [1, part1.length],
      [2, part2.length],
    ]);
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: B }));
    expect(uploads.Uploads?.map((u) => u.UploadId)).toContain(UploadId);
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: B,
        Key: 'mpu.bin',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: p1.ETag, ChecksumCRC32: p1.ChecksumCRC32 },
            { PartNumber: 2, ETag: p2.ETag, ChecksumCRC32: p2.ChecksumCRC32 },
          ],
        },
      }),
    );
    const expected = md5(Buffer.concat([Buffer.from(md5(part1), 'hex'), Buffer.from(md5(part2), 'hex')]));
    expect(done.ETag).toBe(`"${expected}-2"`);
    expect(done.ChecksumCRC32).toMatch(/-2$/);
    const head = await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'mpu.bin', PartNumber: 2 }));
    expect(head).toMatchObject({ PartsCount: 2, ContentLength: part2.length, Metadata: { m: 'p' } });
    const whole = await s3.send(new GetObjectCommand({ Bucket: B, Key: 'mpu.bin', ChecksumMode: 'ENABLED' }));
    expect(Buffer.from(await whole.Body!.transformToByteArray()).equals(Buffer.concat([part1, part2]))).toBe(
      true,
    );
    expect(
      await failure(s3.send(new ListPartsCommand({ Bucket: B, Key: 'mpu.bin', UploadId }))),
    ).toMatchObject({ code: 'NoSuchUpload', status: 404 });
  });

  it('combines part CRCs into a FULL_OBJECT CRC64NVME the SDK validates on download', async () => {
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({
        Bucket: B,
        Key: 'full.bin',
        ChecksumAlgorithm: 'CRC64NVME',
        ChecksumType: 'FULL_OBJECT',
      }),
    );
    const p1 = await s3.send(
      new UploadPartCommand({
        Bucket: B,
        Key: 'full.bin',
        UploadId,
        PartNumber: 1,
        Body: part1,
        ChecksumAlgorithm: 'CRC64NVME',
      }),
    );
    const p2 = await s3.send(
      new UploadPartCommand({
        Bucket: B,
        Key: 'full.bin',
        UploadId,
        PartNumber: 2,
        Body: part2,
        ChecksumAlgorithm: 'CRC64NVME',
      }),
    );
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: B,
        Key: 'full.bin',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: p1.ETag },
            { PartNumber: 2, ETag: p2.ETag },
          ],
        },
      }),
    );
    expect(done.ChecksumType).toBe('FULL_OBJECT');
    const whole = await s3.send(
      new PutObjectCommand({
        Bucket: B,
        Key: 'full-single.bin',
        Body: Buffer.concat([part1, part2]),
        ChecksumAlgorithm: 'CRC64NVME',
      }),
    );
    expect(done.ChecksumCRC64NVME).toBe(whole.ChecksumCRC64NVME);
    const got = await s3.send(new GetObjectCommand({ Bucket: B, Key: 'full.bin', ChecksumMode: 'ENABLED' }));
    expect((await got.Body!.transformToByteArray()).length).toBe(part1.length + part2.length);
  });

  it('copies a part from a byte range of another object', async () => {
    await s3.send(
      new PutObjectCommand({ Bucket: B, Key: 'copy-src.bin', Body: Buffer.concat([part1, part2]) }),
    );
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: B, Key: 'copied.bin' }));
    const c1 = await s3.send(
      new UploadPartCopyCommand({
        Bucket: B,
        Key: 'copied.bin',
        UploadId,
        PartNumber: 1,
        CopySource: `${B}/copy-src.bin`,
        CopySourceRange: `bytes=0-${part1.length - 1}`,
      }),
    );
    expect(c1.CopyPartResult?.ETag).toBe(`"${md5(part1)}"`);
    const p2 = await s3.send(
      new UploadPartCommand({ Bucket: B, Key: 'copied.bin', UploadId, PartNumber: 2, Body: part2 }),
    );
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: B,
        Key: 'copied.bin',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: c1.CopyPartResult!.ETag },
            { PartNumber: 2, ETag: p2.ETag },
          ],
        },
      }),
    );
    const got = await s3.send(
      new GetObjectCommand({
        Bucket: B,
        Key: 'copied.bin',
        Range: `bytes=${part1.length - 2}-${part1.length + 1}`,
      }),
    );
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(Buffer.from([1, 1, 2, 2]));
  });

  it('refuses bad completions: InvalidPart, InvalidPartOrder, EntityTooSmall; aborts', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: B, Key: 'bad.bin' }));
    const small = await s3.send(
      new UploadPartCommand({ Bucket: B, Key: 'bad.bin', UploadId, PartNumber: 1, Body: part2 }),
    );
    const last = await s3.send(
      new UploadPartCommand({ Bucket: B, Key: 'bad.bin', UploadId, PartNumber: 2, Body: part2 }),
    );
    const complete = (Parts: { PartNumber: number; ETag?: string | undefined }[]) =>
      failure(
        s3.send(
          new CompleteMultipartUploadCommand({
            Bucket: B,
            Key: 'bad.bin',
            UploadId,
            MultipartUpload: { Parts },
          }),
        ),
      );
    expect(await complete([{ PartNumber: 1, ETag: '"0000"' }])).toMatchObject({
      code: 'InvalidPart',
      status: 400,
    });
    expect(
      await complete([
        { PartNumber: 2, ETag: last.ETag },
        { PartNumber: 1, ETag: small.ETag },
      ]),
    ).toMatchObject({ code: 'InvalidPartOrder' });
    expect(
      await complete([
        { PartNumber: 1, ETag: small.ETag },
        { PartNumber: 2, ETag: last.ETag },
      ]),
    ).toMatchObject({ code: 'EntityTooSmall' });
    expect(
      await failure(
        s3.send(new UploadPartCommand({ Bucket: B, Key: 'bad.bin', UploadId, PartNumber: 10001, Body: 'x' })),
      ),
    ).toMatchObject({
      code: 'InvalidArgument',
    });
    await s3.send(new AbortMultipartUploadCommand({ Bucket: B, Key: 'bad.bin', UploadId }));
    expect(
      await failure(s3.send(new AbortMultipartUploadCommand({ Bucket: B, Key: 'bad.bin', UploadId }))),
    ).toMatchObject({ code: 'NoSuchUpload' });
    expect(await failure(s3.send(new HeadObjectCommand({ Bucket: B, Key: 'bad.bin' })))).toMatchObject({
      status: 404,
    });
  });
});
