// S3's small rules, each against the behaviour AWS documents: CRC check values and combination,
// checksum headers, byte ranges, conditional requests, bucket names, tags, virtual-hosted addressing,
// bucket-policy validation and "is this policy public".
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../aws/errors.js';
import { validateBucketPolicy } from './bucket-policy/validate-bucket-policy.js';
import { isPublicPolicy } from './bucket-policy/policy-status.js';
import { checksumAlgorithm, checksumClaim, compositeChecksum, fullObjectChecksum } from './checksums.js';
import { checkReadConditions, checkWriteConditions } from './conditions.js';
import { combineCrc, Crc32, Crc32c, Crc64Nvme } from './crc.js';
import { validateBucketName } from './names.js';
import { bucketFromHost } from './protocol.js';
import { parseRange } from './range.js';
import { parseTaggingHeader, validateObjectTags } from './tags.js';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    if (e instanceof AwsError) return `${e.status} ${e.code}`;
    throw e;
  }
  return undefined;
};

describe('CRCs', () => {
  it('give the catalogue check values for "123456789"', () => {
    const hex = (h: { update(b: Buffer): void; digest(): Buffer }) => {
      h.update(Buffer.from('123456789'));
      return h.digest().toString('hex');
    };
    expect(hex(new Crc32())).toBe('cbf43926');
    expect(hex(new Crc32c())).toBe('e3069283');
    expect(hex(new Crc64Nvme())).toBe('ae8b14860a799888');
  });

  it('combine into the CRC of the concatenation, for any split', () => {
    const data = Buffer.from(Array.from({ length: 70_001 }, (_, i) => (i * 7 + (i >> 8)) & 0xff));
    for (const [name, H] of [
      ['CRC32', Crc32],
      ['CRC32C', Crc32c],
      ['CRC64NVME', Crc64Nvme],
    ] as const) {
      const whole = new H();
      whole.update(data);
      for (const cut of [0, 1, 8, 12_345, 70_000]) {
        const a = new H();
        a.update(data.subarray(0, cut));
        const b = new H();
        b.update(data.subarray(cut));
        expect(combineCrc(name, a.digest(), b.digest(), data.length - cut).equals(whole.digest())).toBe(true);
      }
    }
  });

  it('make FULL_OBJECT and COMPOSITE multipart checksums', () => {
    const alg = checksumAlgorithm('CRC32')!;
    const sum = (b: Buffer) => {
      const h = alg.create();
      h.update(b);
      return h.digest().toString('base64');
    };
    const p1 = Buffer.from('first part');
    const p2 = Buffer.from('second');
    expect(
      fullObjectChecksum(alg, [
        { value: sum(p1), size: p1.length },
        { value: sum(p2), size: p2.length },
      ]),
    ).toBe(sum(Buffer.concat([p1, p2])));
    const composite = compositeChecksum(alg, [sum(p1), sum(p2)]);
    expect(composite).toBe(
      `${sum(Buffer.concat([Buffer.from(sum(p1), 'base64'), Buffer.from(sum(p2), 'base64')]))}-2`,
    );
  });
});

describe('checksum headers', () => {
  const h = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, [v]]));
  const sha = createHash('sha256').update('x').digest('base64');

  it('reads one header, or a declared trailer', () => {
    expect(checksumClaim(h({ 'x-amz-checksum-sha256': sha }), undefined)).toMatchObject({
      value: sha,
      trailer: false,
    });
    expect(checksumClaim(h({ 'x-amz-trailer': 'x-amz-checksum-crc32' }), 'CRC32')).toMatchObject({
      trailer: true,
    });
    expect(checksumClaim(h({}), undefined)).toBeUndefined();
  });

  it('refuses two headers, a malformed value, an algorithm without a value, an unknown trailer', () => {
    expect(
      codeOf(() =>
        checksumClaim(h({ 'x-amz-checksum-sha256': sha, 'x-amz-checksum-crc32': 'AAAAAA==' }), undefined),
      ),
    ).toBe('400 InvalidRequest');
    expect(codeOf(() => checksumClaim(h({ 'x-amz-checksum-crc32': 'AAAA' }), undefined))).toBe(
      '400 InvalidRequest',
    );
    expect(codeOf(() => checksumClaim(h({}), 'CRC32'))).toBe('400 InvalidRequest');
    expect(codeOf(() => checksumClaim(h({ 'x-amz-trailer': 'x-amz-checksum-foo' }), undefined))).toBe(
      '400 InvalidRequest',
    );
    expect(codeOf(() => checksumClaim(h({ 'x-amz-checksum-xxhash64': 'AAAAAAAAAAA=' }), undefined))).toBe(
      '501 NotImplemented',
    );
  });
});

describe('ranges', () => {
  it.each([
    ['bytes=0-4', { start: 0, end: 4 }],
    ['bytes=5-', { start: 5, end: 9 }],
    ['bytes=-3', { start: 7, end: 9 }],
    ['bytes=-30', { start: 0, end: 9 }],
    ['bytes=8-100', { start: 8, end: 9 }],
    ['bytes=4-2', undefined],
    ['bytes=1-2,4-5', undefined],
    ['items=1-2', undefined],
  ])('%s of 10 bytes', (header, expected) => {
    expect(parseRange(header, 10)).toEqual(expected);
  });

  it('refuses a range past the end, an empty suffix, any range of an empty object', () => {
    expect(codeOf(() => parseRange('bytes=10-', 10))).toBe('416 InvalidRange');
    expect(codeOf(() => parseRange('bytes=-0', 10))).toBe('416 InvalidRange');
    expect(codeOf(() => parseRange('bytes=0-', 0))).toBe('416 InvalidRange');
  });
});

describe('conditional requests', () => {
  const v = { etag: 'abc', lastModified: Date.UTC(2024, 0, 1, 12, 0, 0, 500) };
  const read = (c: Parameters<typeof checkReadConditions>[0]) => codeOf(() => checkReadConditions(c, v, {}));

  it('follows RFC 9110’s order and S3’s pairings', () => {
    expect(read({ IfMatch: '"abc"' })).toBeUndefined();
    expect(read({ IfMatch: '"xyz", "abc"' })).toBeUndefined();
    expect(read({ IfMatch: '*' })).toBeUndefined();
    expect(read({ IfMatch: '"xyz"' })).toBe('412 PreconditionFailed');
    expect(read({ IfNoneMatch: '"abc"' })).toBe('304 NotModified');
    expect(read({ IfModifiedSince: new Date(Date.UTC(2024, 0, 1, 12, 0, 0)) })).toBe('304 NotModified');
    expect(read({ IfModifiedSince: new Date(Date.UTC(2024, 0, 1, 11, 59, 59)) })).toBeUndefined();
    expect(read({ IfUnmodifiedSince: new Date(Date.UTC(2024, 0, 1, 11, 0, 0)) })).toBe(
      '412 PreconditionFailed',
    );
    // If-Match true wins over If-Unmodified-Since false; If-None-Match false over If-Modified-Since true.
    expect(
      read({ IfMatch: '"abc"', IfUnmodifiedSince: new Date(Date.UTC(2024, 0, 1, 11, 0, 0)) }),
    ).toBeUndefined();
    expect(read({ IfNoneMatch: '"xyz"', IfModifiedSince: new Date(Date.UTC(2025, 0, 1)) })).toBeUndefined();
  });

  it('guards writes with If-None-Match: * and If-Match', () => {
    expect(codeOf(() => checkWriteConditions({ IfNoneMatch: '*' }, v, 'k'))).toBe('412 PreconditionFailed');
    expect(codeOf(() => checkWriteConditions({ IfNoneMatch: '*' }, undefined, 'k'))).toBeUndefined();
    expect(codeOf(() => checkWriteConditions({ IfMatch: '"abc"' }, undefined, 'k'))).toBe('404 NoSuchKey');
    expect(codeOf(() => checkWriteConditions({ IfMatch: '"zz"' }, v, 'k'))).toBe('412 PreconditionFailed');
  });
});

describe('names and tags', () => {
  it('accepts and refuses bucket names as S3’s naming rules say', () => {
    for (const ok of ['abc', 'my.bucket-1', 'a'.repeat(63), '1bucket'])
      expect(
        codeOf(() => validateBucketName(ok)),
        ok,
      ).toBeUndefined();
    for (const bad of [
      'ab',
      'a'.repeat(64),
      'Abc',
      'a_b',
      '-ab',
      'ab-',
      'a..b',
      'a.-b',
      '192.168.0.1',
      'xn--ab',
      'ab-s3alias',
      'sthree-x',
    ])
      expect(
        codeOf(() => validateBucketName(bad)),
        bad,
      ).toBe('400 InvalidBucketName');
  });

  it('reads x-amz-tagging and enforces the object tag limits', () => {
    expect(parseTaggingHeader('a=1&b=x%20y&c=')).toEqual([
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: 'x y' },
      { Key: 'c', Value: '' },
    ]);
    expect(codeOf(() => parseTaggingHeader('a=1&a=2'))).toBe('400 InvalidArgument');
    expect(
      codeOf(() => validateObjectTags(Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: '' })))),
    ).toBe('400 InvalidTag');
    expect(codeOf(() => validateObjectTags([{ Key: 'k'.repeat(129), Value: '' }]))).toBe('400 InvalidTag');
    expect(codeOf(() => validateObjectTags([{ Key: 'k', Value: 'v'.repeat(257) }]))).toBe('400 InvalidTag');
  });
});

describe('virtual-hosted addressing', () => {
  it.each([
    ['my-bucket.s3.amazonaws.com', 'my-bucket'],
    ['my.bucket.s3.us-west-2.amazonaws.com', 'my.bucket'],
    ['b.s3-us-west-2.amazonaws.com', 'b'],
    ['b.s3.dualstack.us-east-1.amazonaws.com', 'b'],
    ['b.localhost:4580', 'b'],
    ['s3.amazonaws.com', undefined],
    ['s3.us-east-1.amazonaws.com', undefined],
    ['127.0.0.1:4580', undefined],
    ['[::1]:4580', undefined],
    ['localhost:4580', undefined],
    ['example.com', undefined],
  ])('%s names %s', (host, bucket) => {
    expect(bucketFromHost(host, ['localhost'])).toBe(bucket);
  });
});

describe('bucket policies', () => {
  const doc = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

  it('accepts resources within the bucket, refuses others and malformed documents with MalformedPolicy', () => {
    const base = { Effect: 'Allow', Principal: '*', Action: 's3:GetObject' };
    expect(
      codeOf(() => validateBucketPolicy('b', doc({ ...base, Resource: 'arn:aws:s3:::b/*' }))),
    ).toBeUndefined();
    expect(
      codeOf(() =>
        validateBucketPolicy('b', doc({ ...base, Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b*/x'] })),
      ),
    ).toBeUndefined();
    expect(codeOf(() => validateBucketPolicy('b', doc({ ...base, Resource: 'arn:aws:s3:::other/*' })))).toBe(
      '400 MalformedPolicy',
    );
    expect(codeOf(() => validateBucketPolicy('b', 'not json'))).toBe('400 MalformedPolicy');
    expect(codeOf(() => validateBucketPolicy('b', '{"Statement": ['))).toBe('400 MalformedPolicy');
    expect(
      codeOf(() =>
        validateBucketPolicy(
          'b',
          doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }),
        ),
      ),
    ).toBe('400 MalformedPolicy');
  });

  it('calls a policy public when it grants everyone without a narrowing condition', () => {
    const grant = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
    expect(isPublicPolicy(doc({ ...grant, Principal: '*' }))).toBe(true);
    expect(isPublicPolicy(doc({ ...grant, Principal: { AWS: '*' } }))).toBe(true);
    expect(isPublicPolicy(doc({ ...grant, Principal: { AWS: '123456789012' } }))).toBe(false);
    expect(
      isPublicPolicy(
        doc({ ...grant, Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }),
      ),
    ).toBe(false);
    expect(
      isPublicPolicy(
        doc({ ...grant, Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } }),
      ),
    ).toBe(true);
    expect(
      isPublicPolicy(
        doc({ ...grant, Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-123' } } }),
      ),
    ).toBe(false);
    expect(isPublicPolicy(doc({ ...grant, Effect: 'Deny', Principal: '*' }))).toBe(false);
  });
});
