// Issue 6 on the wire: raw, signed S3 requests that no SDK would send as such — aws-chunked bodies
// signed chunk by chunk, tampered chunks and trailers, wrong digests — and S3's own wording of every
// authentication, protocol and precondition failure (codes, statuses, the extra elements S3 puts in
// its <Error> document). Also virtual-hosted addressing, legacy V2 presigned URLs, anonymous access.

import { createHash, createHmac } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetClock, systemClock } from '../src/aws/clock.js';
import { ACCOUNT, ROOT, startTestServer, type TestServer } from './helpers/server.js';
import { chunked, md5b64, putChunked, s3Fetch, s3Presign, send, sha256, xml } from './helpers/s3.js';

let server: TestServer;
const clock = new OffsetClock(systemClock);
const BUCKET = 'wire-bucket';
const url = (path: string) => `${server.url}/${BUCKET}${path}`;

const put = (key: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  s3Fetch({ method: 'PUT', url: url('/' + key), body, headers }, ROOT);
const get = (key: string, headers: Record<string, string> = {}) =>
  s3Fetch({ method: 'GET', url: url('/' + key), headers }, ROOT);

async function errorOf(res: Response): Promise<{ status: number; code: string | undefined; body: string }> {
  const body = await res.text();
  return { status: res.status, code: xml(body, 'Code'), body };
}

beforeAll(async () => {
  server = await startTestServer({ clock });
  const res = await s3Fetch({ method: 'PUT', url: `${server.url}/${BUCKET}` }, ROOT);
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await server?.stop();
});

describe('S3 error documents', () => {
  it('answers NoSuchBucket as S3 does: <Error> with BucketName, RequestId and HostId, request ids in headers', async () => {
    const res = await s3Fetch({ method: 'GET', url: `${server.url}/no-such-bucket-here/k` }, ROOT);
    const body = await res.text();
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/xml');
    const id = res.headers.get('x-amz-request-id')!;
    expect(res.headers.get('x-amz-id-2')).toBeTruthy();
    expect(body).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message>` +
        `<BucketName>no-such-bucket-here</BucketName><RequestId>${id}</RequestId><HostId>${res.headers.get('x-amz-id-2')}</HostId></Error>`,
    );
  });

  it('answers HEAD of a missing key with 404 and no body', async () => {
    const res = await s3Fetch({ method: 'HEAD', url: url('/missing') }, ROOT);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('');
  });

  it('refuses sub-resources latchkey does not serve with NotImplemented, never a listing', async () => {
    const res = await s3Fetch({ method: 'GET', url: url('?acl') }, ROOT);
    expect(await errorOf(res)).toMatchObject({ status: 501, code: 'NotImplemented' });
  });

  it('answers a method no operation has with MethodNotAllowed', async () => {
    const res = await s3Fetch({ method: 'POST', url: url('/some-key') }, ROOT);
    const e = await errorOf(res);
    expect(e).toMatchObject({ status: 405, code: 'MethodNotAllowed' });
    expect(xml(e.body, 'ResourceType')).toBe('OBJECT');
  });

  it('answers malformed XML bodies and DOCTYPEs with MalformedXML', async () => {
    for (const body of [
      '<Tagging><TagSet><Tag>',
      '<!DOCTYPE x [<!ENTITY a "b">]><Tagging><TagSet/></Tagging>',
      '<Other/>',
    ]) {
      const res = await s3Fetch(
        { method: 'PUT', url: url('?tagging'), body, headers: { 'content-md5': md5b64(body) } },
        ROOT,
      );
      expect(await errorOf(res)).toMatchObject({ status: 400, code: 'MalformedXML' });
    }
  });

  it('answers bad query values with InvalidArgument, a too-long key with KeyTooLongError', async () => {
    const r1 = await s3Fetch({ method: 'GET', url: url('?list-type=2&max-keys=abc') }, ROOT);
    expect(await errorOf(r1)).toMatchObject({ status: 400, code: 'InvalidArgument' });
    const r2 = await put('k'.repeat(1025), 'x');
    expect(await errorOf(r2)).toMatchObject({ status: 400, code: 'KeyTooLongError' });
  });
});

describe('authentication failures, worded as S3 words them', () => {
  it('an unknown access key is InvalidAccessKeyId with AWSAccessKeyId', async () => {
    const res = await s3Fetch(
      { method: 'GET', url: url('/k') },
      { accessKeyId: 'AKIANOSUCHKEY0000000', secretAccessKey: 'x'.repeat(40) },
    );
    const e = await errorOf(res);
    expect(e).toMatchObject({ status: 403, code: 'InvalidAccessKeyId' });
    expect(xml(e.body, 'AWSAccessKeyId')).toBe('AKIANOSUCHKEY0000000');
  });

  it('a wrong secret is SignatureDoesNotMatch with the string to sign and canonical request, in text and bytes', async () => {
    const res = await s3Fetch(
      { method: 'GET', url: url('/k') },
      { ...ROOT, secretAccessKey: 'x'.repeat(40) },
    );
    const e = await errorOf(res);
    expect(e).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    expect(xml(e.body, 'Message')).toBe(
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
    const toSign = xml(e.body, 'StringToSign')!;
    expect(toSign.startsWith('AWS4-HMAC-SHA256\n')).toBe(true);
    expect(xml(e.body, 'StringToSignBytes')).toBe(
      Buffer.from(toSign)
        .toString('hex')
        .replace(/(..)(?!$)/g, '$1 '),
    );
    expect(xml(e.body, 'CanonicalRequest')).toContain(`GET\n/${BUCKET}/k\n`);
    expect(xml(e.body, 'SignatureProvided')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a request signed 20 minutes ago is RequestTimeTooSkewed with the times and the allowed skew', async () => {
    const res = await s3Fetch({ method: 'GET', url: url('/k') }, ROOT, {
      signingDate: new Date(Date.now() - 20 * 60_000),
    });
    const e = await errorOf(res);
    expect(e).toMatchObject({ status: 403, code: 'RequestTimeTooSkewed' });
    expect(xml(e.body, 'MaxAllowedSkewMilliseconds')).toBe('900000');
    expect(xml(e.body, 'ServerTime')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(xml(e.body, 'RequestTime')).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it('a header-signed request without x-amz-content-sha256 is InvalidRequest; a bad value is InvalidArgument', async () => {
    const r1 = await s3Fetch({ method: 'GET', url: url('/k') }, ROOT, {
      tamper: (r) => void delete r.headers['x-amz-content-sha256'],
    });
    const e1 = await errorOf(r1);
    // Removing the header also breaks the signature; S3 reports the missing header first.
    expect(e1).toMatchObject({ status: 400, code: 'InvalidRequest' });
    const r2 = await s3Fetch(
      { method: 'GET', url: url('/k'), headers: { 'x-amz-content-sha256': 'NOT-A-HASH' } },
      ROOT,
    );
    const e2 = await errorOf(r2);
    expect(e2).toMatchObject({ status: 400, code: 'InvalidArgument' });
    expect(xml(e2.body, 'ArgumentName')).toBe('x-amz-content-sha256');
  });

  it('a malformed Authorization header is AuthorizationHeaderMalformed', async () => {
    const res = await s3Fetch({ method: 'GET', url: url('/k') }, ROOT, {
      tamper: (r) =>
        void (r.headers.authorization =
          'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20200101/us-east-1/s3'),
    });
    expect(await errorOf(res)).toMatchObject({ status: 400, code: 'AuthorizationHeaderMalformed' });
  });

  it('a body that does not match x-amz-content-sha256 is XAmzContentSHA256Mismatch with both digests; nothing is stored', async () => {
    const res = await s3Fetch(
      {
        method: 'PUT',
        url: url('/sha-mismatch'),
        body: 'actual body',
        headers: { 'x-amz-content-sha256': sha256('claimed body') },
      },
      ROOT,
    );
    const e = await errorOf(res);
    expect(e).toMatchObject({ status: 400, code: 'XAmzContentSHA256Mismatch' });
    expect(xml(e.body, 'ClientComputedContentSHA256')).toBe(sha256('claimed body'));
    expect(xml(e.body, 'S3ComputedContentSHA256')).toBe(sha256('actual body'));
    expect((await get('sha-mismatch')).status).toBe(404);
  });
});

describe('presigned URLs', () => {
  it('serves a SigV4 presigned GET and refuses it once expired, with S3 expiry details', async () => {
    await put('presigned.txt', 'presigned body');
    const ok = await fetch(
      await s3Presign({ method: 'GET', url: url('/presigned.txt') }, ROOT, { expiresIn: 60 }),
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('presigned body');
    const old = await s3Presign({ method: 'GET', url: url('/presigned.txt') }, ROOT, {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 120_000),
    });
    const e = await errorOf(await fetch(old));
    expect(e).toMatchObject({ status: 403, code: 'AccessDenied' });
    expect(xml(e.body, 'Message')).toBe('Request has expired');
    expect(xml(e.body, 'X-Amz-Expires')).toBe('60');
  });

  it('accepts a presigned PUT', async () => {
    const u = await s3Presign({ method: 'PUT', url: url('/presigned-put.txt') }, ROOT, { expiresIn: 60 });
    const res = await fetch(u, { method: 'PUT', body: 'uploaded with a URL' });
    expect(res.status).toBe(200);
    expect(await (await get('presigned-put.txt')).text()).toBe('uploaded with a URL');
  });

  it('refuses a presigned URL missing parameters with AuthorizationQueryParametersError', async () => {
    const u = (await s3Presign({ method: 'GET', url: url('/presigned.txt') }, ROOT)).replace(
      /X-Amz-Date=[^&]+&?/,
      '',
    );
    expect(await errorOf(await fetch(u))).toMatchObject({
      status: 400,
      code: 'AuthorizationQueryParametersError',
    });
  });

  it('serves legacy V2 presigned URLs (the AWS CLI v1 default) and refuses expired or tampered ones', async () => {
    const v2 = (path: string, expires: number, secret = ROOT.secretAccessKey) => {
      const toSign = `GET\n\n\n${expires}\n/${BUCKET}${path}`;
      const sig = createHmac('sha1', secret).update(toSign).digest('base64');
      return `${url(path)}?AWSAccessKeyId=${ROOT.accessKeyId}&Expires=${expires}&Signature=${encodeURIComponent(sig)}`;
    };
    const now = Math.floor(Date.now() / 1000);
    const ok = await fetch(v2('/presigned.txt', now + 60));
    expect(await ok.text()).toBe('presigned body');
    const expired = await errorOf(await fetch(v2('/presigned.txt', now - 60)));
    expect(expired).toMatchObject({ status: 403, code: 'AccessDenied' });
    const bad = await errorOf(await fetch(v2('/presigned.txt', now + 60, 'y'.repeat(40))));
    expect(bad).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
  });

  it('checks V2 signatures against the AWS documentation example', async () => {
    // Amazon S3 User Guide, "Query string request authentication alternative" (RESTAuthentication).
    const toSign = 'GET\n\n\n1175139620\n/johnsmith/photos/puppy.jpg';
    const sig = createHmac('sha1', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')
      .update(toSign)
      .digest('base64');
    expect(encodeURIComponent(sig)).toBe('NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D');
  });
});

describe('aws-chunked uploads', () => {
  const data = Buffer.alloc(40_000);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;
  const crc32 = (b: Buffer) => {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(zlibCrc32(b));
    return out.toString('base64');
  };

  it('stores a body sent as signed chunks (STREAMING-AWS4-HMAC-SHA256-PAYLOAD)', async () => {
    const up = chunked(data, 16 * 1024, { signed: true, secret: ROOT.secretAccessKey });
    const res = await putChunked(url('/chunked-signed'), data, up, ROOT);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${createHash('md5').update(data).digest('hex')}"`);
    const back = Buffer.from(await (await get('chunked-signed')).arrayBuffer());
    expect(back.equals(data)).toBe(true);
  });

  it('stores signed chunks with a signed CRC32 trailer and returns that checksum', async () => {
    const up = chunked(data, 8192, {
      signed: true,
      secret: ROOT.secretAccessKey,
      trailer: { name: 'x-amz-checksum-crc32', value: crc32(data) },
    });
    const res = await putChunked(url('/chunked-trailer'), data, up, ROOT);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-amz-checksum-crc32')).toBe(crc32(data));
    const head = await s3Fetch(
      { method: 'HEAD', url: url('/chunked-trailer'), headers: { 'x-amz-checksum-mode': 'ENABLED' } },
      ROOT,
    );
    expect(head.headers.get('x-amz-checksum-crc32')).toBe(crc32(data));
    expect(head.headers.get('content-length')).toBe(String(data.length));
  });

  it('stores an unsigned body with a checksum trailer, and refuses one whose checksum is wrong', async () => {
    const good = chunked(data, 10_000, {
      signed: false,
      trailer: { name: 'x-amz-checksum-crc32', value: crc32(data) },
    });
    expect((await putChunked(url('/chunked-unsigned'), data, good, ROOT)).status).toBe(200);
    const bad = chunked(data, 10_000, {
      signed: false,
      trailer: { name: 'x-amz-checksum-crc32', value: crc32(Buffer.from('other')) },
    });
    const e = await errorOf(await putChunked(url('/chunked-bad-crc'), data, bad, ROOT));
    expect(e).toMatchObject({ status: 400, code: 'BadDigest' });
    expect(xml(e.body, 'Message')).toBe('The CRC32 you specified did not match the calculated checksum.');
    expect((await get('chunked-bad-crc')).status).toBe(404);
  });

  it('refuses a tampered chunk with SignatureDoesNotMatch and stores nothing', async () => {
    const up = chunked(data, 16 * 1024, { signed: true, secret: ROOT.secretAccessKey });
    const res = await putChunked(url('/chunked-tampered'), data, up, ROOT, {
      corrupt: (b) => {
        const copy = Buffer.from(b);
        copy[200] = copy[200]! ^ 1;
        return copy;
      },
    });
    const e = await errorOf(res);
    expect(e).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    expect(xml(e.body, 'StringToSign')).toMatch(/^AWS4-HMAC-SHA256-PAYLOAD\n/);
    expect((await get('chunked-tampered')).status).toBe(404);
  });

  it('refuses signed chunks under 8 KiB before the last with InvalidChunkSizeError', async () => {
    const up = chunked(data, 4096, { signed: true, secret: ROOT.secretAccessKey });
    expect(await errorOf(await putChunked(url('/chunked-small'), data, up, ROOT))).toMatchObject({
      status: 400,
      code: 'InvalidChunkSizeError',
    });
  });

  it('refuses a body shorter than x-amz-decoded-content-length with IncompleteBody', async () => {
    const up = chunked(data, 16 * 1024, { signed: true, secret: ROOT.secretAccessKey });
    up.headers['x-amz-decoded-content-length'] = String(data.length + 5);
    expect(await errorOf(await putChunked(url('/chunked-short'), data, up, ROOT))).toMatchObject({
      status: 400,
      code: 'IncompleteBody',
    });
  });
});

describe('features latchkey refuses rather than ignores', () => {
  it('refuses ACLs (buckets are owner-enforced), SSE-C, KMS and Object Lock; checks x-amz-expected-bucket-owner', async () => {
    expect(await errorOf(await put('acl', 'x', { 'x-amz-acl': 'public-read' }))).toMatchObject({
      status: 400,
      code: 'AccessControlListNotSupported',
    });
    expect((await put('acl-ok', 'x', { 'x-amz-acl': 'bucket-owner-full-control' })).status).toBe(200);
    expect(
      await errorOf(await put('ssec', 'x', { 'x-amz-server-side-encryption-customer-algorithm': 'AES256' })),
    ).toMatchObject({
      status: 501,
      code: 'NotImplemented',
    });
    expect(await errorOf(await put('kms', 'x', { 'x-amz-server-side-encryption': 'aws:kms' }))).toMatchObject(
      { status: 501 },
    );
    expect(await errorOf(await put('lock', 'x', { 'x-amz-object-lock-mode': 'GOVERNANCE' }))).toMatchObject({
      status: 400,
      code: 'InvalidRequest',
    });
    expect(
      await errorOf(await get('acl-ok', { 'x-amz-expected-bucket-owner': '999999999999' })),
    ).toMatchObject({
      status: 403,
      code: 'AccessDenied',
    });
    expect((await get('acl-ok', { 'x-amz-expected-bucket-owner': ACCOUNT })).status).toBe(200);
  });
});

describe('upload digests', () => {
  it('checks Content-MD5: a wrong one is BadDigest, a malformed one InvalidDigest', async () => {
    const r1 = await put('md5-bad', 'body', { 'content-md5': md5b64('other') });
    expect(await errorOf(r1)).toMatchObject({ status: 400, code: 'BadDigest' });
    const r2 = await put('md5-invalid', 'body', { 'content-md5': 'not-md5' });
    expect(await errorOf(r2)).toMatchObject({ status: 400, code: 'InvalidDigest' });
    expect((await put('md5-good', 'body', { 'content-md5': md5b64('body') })).status).toBe(200);
  });

  it('checks x-amz-checksum-* headers, one at a time', async () => {
    const sha = createHash('sha256').update('body').digest('base64');
    expect((await put('sum-good', 'body', { 'x-amz-checksum-sha256': sha })).status).toBe(200);
    const bad = await errorOf(
      await put('sum-bad', 'body', {
        'x-amz-checksum-sha256': createHash('sha256').update('x').digest('base64'),
      }),
    );
    expect(bad).toMatchObject({ status: 400, code: 'BadDigest' });
    const two = await errorOf(
      await put('sum-two', 'body', { 'x-amz-checksum-sha256': sha, 'x-amz-checksum-crc32': 'AAAAAA==' }),
    );
    expect(two).toMatchObject({ status: 400, code: 'InvalidRequest' });
    const junk = await errorOf(await put('sum-junk', 'body', { 'x-amz-checksum-crc32': 'not base64!' }));
    expect(junk).toMatchObject({ status: 400, code: 'InvalidRequest' });
  });
});

describe('reads: ranges and conditions', () => {
  beforeAll(async () => {
    expect((await put('range.txt', '0123456789')).status).toBe(200);
  });

  it('serves byte ranges as 206 with Content-Range, and refuses unsatisfiable ones with InvalidRange', async () => {
    const r = await get('range.txt', { range: 'bytes=2-5' });
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe('bytes 2-5/10');
    expect(await r.text()).toBe('2345');
    expect(await (await get('range.txt', { range: 'bytes=-3' })).text()).toBe('789');
    expect(await (await get('range.txt', { range: 'bytes=7-' })).text()).toBe('789');
    const e = await errorOf(await get('range.txt', { range: 'bytes=20-30' }));
    expect(e).toMatchObject({ status: 416, code: 'InvalidRange' });
    expect(xml(e.body, 'ActualObjectSize')).toBe('10');
    // An unparsable range is ignored: the whole object.
    expect((await get('range.txt', { range: 'lines=1-2' })).status).toBe(200);
  });

  it('answers If-None-Match with 304 and a failed If-Match with 412 PreconditionFailed', async () => {
    const etag = (await get('range.txt')).headers.get('etag')!;
    const r304 = await get('range.txt', { 'if-none-match': etag });
    expect(r304.status).toBe(304);
    expect(r304.headers.get('etag')).toBe(etag);
    const e = await errorOf(await get('range.txt', { 'if-match': '"0000"' }));
    expect(e).toMatchObject({ status: 412, code: 'PreconditionFailed' });
    expect(xml(e.body, 'Condition')).toBe('If-Match');
    expect((await get('range.txt', { 'if-match': etag })).status).toBe(200);
    const future = new Date(Date.now() + 3600_000).toUTCString();
    expect((await get('range.txt', { 'if-modified-since': future })).status).toBe(304);
    expect((await get('range.txt', { 'if-modified-since': 'not a date' })).status).toBe(200);
  });

  it('refuses conditional writes whose condition fails', async () => {
    const e = await errorOf(await put('range.txt', 'new', { 'if-none-match': '*' }));
    expect(e).toMatchObject({ status: 412, code: 'PreconditionFailed' });
    expect(await (await get('range.txt')).text()).toBe('0123456789');
  });
});

describe('addressing and regions', () => {
  it('serves virtual-hosted–style requests (bucket.localhost)', async () => {
    const port = new URL(server.url).port;
    const host = `${BUCKET}.localhost:${port}`;
    const putRes = await s3Fetch({ method: 'PUT', url: `${server.url}/vhost.txt`, body: 'via host' }, ROOT, {
      host,
    });
    expect(putRes.status).toBe(200);
    const getRes = await s3Fetch({ method: 'GET', url: `${server.url}/vhost.txt` }, ROOT, { host });
    expect(await getRes.text()).toBe('via host');
    expect(await (await get('vhost.txt')).text()).toBe('via host');
  });

  it('refuses a request signed for another region than the bucket with its region, as SDKs expect', async () => {
    const body =
      '<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>';
    const created = await s3Fetch({ method: 'PUT', url: `${server.url}/eu-bucket-wire`, body }, ROOT, {
      region: 'eu-west-1',
    });
    expect(created.status).toBe(200);
    const res = await s3Fetch({ method: 'GET', url: `${server.url}/eu-bucket-wire?list-type=2` }, ROOT);
    const e = await errorOf(res);
    expect(e).toMatchObject({ status: 400, code: 'AuthorizationHeaderMalformed' });
    expect(xml(e.body, 'Region')).toBe('eu-west-1');
    expect(res.headers.get('x-amz-bucket-region')).toBe('eu-west-1');
    const loc = await s3Fetch({ method: 'GET', url: `${server.url}/eu-bucket-wire?location` }, ROOT);
    expect(await loc.text()).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>',
    );
  });
});

describe('anonymous requests', () => {
  it('denies an unsigned GET of a private object, and serves it once a bucket policy makes it public', async () => {
    await put('public/readme.txt', 'for everyone');
    const denied = await errorOf(await send(url('/public/readme.txt'), { method: 'GET', headers: {} }));
    expect(denied).toMatchObject({ status: 403, code: 'AccessDenied' });
    expect(xml(denied.body, 'Message')).toBe('Access Denied');
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::${BUCKET}/public/*`,
        },
      ],
    });
    const set = await s3Fetch(
      { method: 'PUT', url: url('?policy'), body: policy, headers: { 'content-md5': md5b64(policy) } },
      ROOT,
    );
    expect(set.status).toBe(204);
    const ok = await send(url('/public/readme.txt'), { method: 'GET', headers: {} });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('for everyone');
    const status = await s3Fetch({ method: 'GET', url: url('?policyStatus') }, ROOT);
    expect(xml(await status.text(), 'IsPublic')).toBe('true');
    // Only the public prefix.
    expect((await send(url('/range.txt'), { method: 'GET', headers: {} })).status).toBe(403);
    await s3Fetch({ method: 'DELETE', url: url('?policy') }, ROOT);
  });
});

describe('the account', () => {
  it('lists the caller’s buckets with the canonical owner id', async () => {
    const res = await s3Fetch({ method: 'GET', url: `${server.url}/` }, ROOT);
    const body = await res.text();
    expect(body).toContain('<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">');
    expect(body).toContain(`<Name>${BUCKET}</Name>`);
    expect(xml(body, 'ID')).toMatch(/^[0-9a-f]{64}$/);
    expect(ACCOUNT).toBe('123456789012');
  });
});
