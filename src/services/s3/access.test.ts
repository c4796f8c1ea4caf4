// What each S3 operation asks the authorizer, pinned as data: the action (AWS's mapping, e.g.
// ListObjectsV2 → s3:ListBucket, HeadObject → s3:GetObject, DeleteBucketTagging → s3:PutBucketTagging),
// the bucket or object ARN, S3's condition keys, the bucket owner as resource account and the bucket
// policy as resource policy. The engine's decisions on these requests are tested end to end in
// test/s3-authz.integ.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../aws/clock.js';
import { WireRequest } from '../../aws/protocols/wire.js';
import { openStore, type Store } from '../../store/store.js';
import type { AccessRequest, RequestContext, ServiceDefinition } from '../service.js';
import { createS3Service } from './service.js';

const ACCOUNT = '111122223333';
const POLICY = '{"Version":"2012-10-17","Statement":[]}';
let dir: string;
let store: Store;
let s3: ServiceDefinition;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-s3-access-'));
  store = await openStore({ kind: 'sqlite', path: join(dir, 'db') });
  s3 = createS3Service({ store, dataDir: dir, clock: systemClock });
  await store.transaction(async (tx) => {
    await tx.s3Buckets.insert({
      name: 'b',
      account_id: ACCOUNT,
      region: 'us-east-1',
      created_at: 1,
      policy: POLICY,
      tags: null,
    });
    await tx.s3Objects.put({
      bucket: 'b',
      key: 'tagged',
      size: 1,
      etag: 'e',
      last_modified: 1,
      headers: '{}',
      metadata: '{}',
      tags: '[{"Key":"class","Value":"secret"}]',
      tag_count: 1,
      storage_class: 'STANDARD',
      checksum_algorithm: null,
      checksum_value: null,
      checksum_type: null,
      segments: '[]',
      parts: null,
      owner_account: ACCOUNT,
    });
  });
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

function ctx(target: string, headers: Record<string, string> = {}): RequestContext {
  const wire = new WireRequest({
    method: 'GET',
    target,
    headers: Object.fromEntries(
      Object.entries({
        'x-amz-date': '20240101T000000Z',
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
        ...headers,
      }).map(([k, v]) => [k, [v]]),
    ),
  });
  const c: RequestContext = {
    requestId: 'r',
    caller: {
      type: 'Root',
      accountId: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:root`,
      userId: ACCOUNT,
      accessKeyId: 'AKIA',
    },
    region: 'us-east-1',
    now: Date.UTC(2024, 0, 1, 0, 0, 5),
    clock: systemClock,
    sourceIp: '127.0.0.1',
    secureTransport: false,
    userAgent: undefined,
    wire,
    authorize: async () => undefined,
  };
  return c;
}

async function access(
  op: string,
  input: Record<string, unknown>,
  target = '/b',
  headers: Record<string, string> = {},
) {
  return (await s3.operations.get(op)!.access(input as never, ctx(target, headers))) as AccessRequest[];
}

const brief = (rs: AccessRequest[]) => rs.map((r) => `${r.action} ${r.resources.join(',')}`);

describe('S3 access requests', () => {
  it.each([
    ['ListBuckets', {}, ['s3:ListAllMyBuckets *']],
    ['HeadBucket', { Bucket: 'b' }, ['s3:ListBucket arn:aws:s3:::b']],
    ['ListObjectsV2', { Bucket: 'b' }, ['s3:ListBucket arn:aws:s3:::b']],
    ['ListObjects', { Bucket: 'b' }, ['s3:ListBucket arn:aws:s3:::b']],
    ['GetBucketLocation', { Bucket: 'b' }, ['s3:GetBucketLocation arn:aws:s3:::b']],
    ['DeleteBucket', { Bucket: 'b' }, ['s3:DeleteBucket arn:aws:s3:::b']],
    ['GetBucketPolicyStatus', { Bucket: 'b' }, ['s3:GetBucketPolicyStatus arn:aws:s3:::b']],
    ['PutBucketTagging', { Bucket: 'b' }, ['s3:PutBucketTagging arn:aws:s3:::b']],
    ['GetBucketTagging', { Bucket: 'b' }, ['s3:GetBucketTagging arn:aws:s3:::b']],
    ['DeleteBucketTagging', { Bucket: 'b' }, ['s3:PutBucketTagging arn:aws:s3:::b']],
    ['ListMultipartUploads', { Bucket: 'b' }, ['s3:ListBucketMultipartUploads arn:aws:s3:::b']],
    ['GetObject', { Bucket: 'b', Key: 'tagged' }, ['s3:GetObject arn:aws:s3:::b/tagged']],
    ['HeadObject', { Bucket: 'b', Key: 'tagged' }, ['s3:GetObject arn:aws:s3:::b/tagged']],
    [
      'GetObject',
      { Bucket: 'b', Key: 'missing' },
      ['s3:GetObject arn:aws:s3:::b/missing', 's3:ListBucket arn:aws:s3:::b'],
    ],
    ['PutObject', { Bucket: 'b', Key: 'k' }, ['s3:PutObject arn:aws:s3:::b/k']],
    [
      'PutObject',
      { Bucket: 'b', Key: 'k', Tagging: 'a=1' },
      ['s3:PutObject arn:aws:s3:::b/k', 's3:PutObjectTagging arn:aws:s3:::b/k'],
    ],
    ['DeleteObject', { Bucket: 'b', Key: 'k' }, ['s3:DeleteObject arn:aws:s3:::b/k']],
    ['GetObjectTagging', { Bucket: 'b', Key: 'tagged' }, ['s3:GetObjectTagging arn:aws:s3:::b/tagged']],
    [
      'PutObjectTagging',
      { Bucket: 'b', Key: 'tagged', Tagging: { TagSet: [] } },
      ['s3:PutObjectTagging arn:aws:s3:::b/tagged'],
    ],
    ['DeleteObjectTagging', { Bucket: 'b', Key: 'tagged' }, ['s3:DeleteObjectTagging arn:aws:s3:::b/tagged']],
    ['CreateMultipartUpload', { Bucket: 'b', Key: 'k' }, ['s3:PutObject arn:aws:s3:::b/k']],
    ['UploadPart', { Bucket: 'b', Key: 'k' }, ['s3:PutObject arn:aws:s3:::b/k']],
    ['CompleteMultipartUpload', { Bucket: 'b', Key: 'k' }, ['s3:PutObject arn:aws:s3:::b/k']],
    ['AbortMultipartUpload', { Bucket: 'b', Key: 'k' }, ['s3:AbortMultipartUpload arn:aws:s3:::b/k']],
    ['ListParts', { Bucket: 'b', Key: 'k' }, ['s3:ListMultipartUploadParts arn:aws:s3:::b/k']],
    [
      'CopyObject',
      { Bucket: 'b', Key: 'copy', CopySource: 'b/tagged' },
      [
        's3:GetObject arn:aws:s3:::b/tagged',
        's3:PutObject arn:aws:s3:::b/copy',
        's3:GetObjectTagging arn:aws:s3:::b/tagged',
        's3:PutObjectTagging arn:aws:s3:::b/copy',
      ],
    ],
    [
      'UploadPartCopy',
      { Bucket: 'b', Key: 'k', CopySource: '/b/tagged' },
      ['s3:GetObject arn:aws:s3:::b/tagged', 's3:PutObject arn:aws:s3:::b/k'],
    ],
  ])('%s %j asks %j', async (op, input, expected) => {
    expect(brief(await access(op, input))).toEqual(expected);
  });

  it('carries the bucket owner and the bucket policy on every bucket-scoped request', async () => {
    for (const r of await access('GetObject', { Bucket: 'b', Key: 'missing' })) {
      expect(r.resourceAccount).toBe(ACCOUNT);
      expect(r.resourcePolicy).toBe(POLICY);
      expect(r.context?.['s3:ResourceAccount']).toBe(ACCOUNT);
    }
  });

  it('exempts the owner’s root user from the bucket policy on the bucket-policy operations only', async () => {
    for (const op of ['GetBucketPolicy', 'PutBucketPolicy', 'DeleteBucketPolicy']) {
      const [r] = await access(op, { Bucket: 'b' });
      expect(r!.action).toBe(`s3:${op}`);
      expect(r!.resourcePolicy).toBeUndefined();
    }
    expect((await access('DeleteBucket', { Bucket: 'b' }))[0]!.resourcePolicy).toBe(POLICY);
  });

  it('puts S3’s condition keys in the context', async () => {
    const [list] = await access('ListObjectsV2', {
      Bucket: 'b',
      Prefix: 'home/',
      Delimiter: '/',
      MaxKeys: 10,
    });
    expect(list!.context).toMatchObject({
      's3:prefix': 'home/',
      's3:delimiter': '/',
      's3:max-keys': '10',
      's3:authType': 'REST-HEADER',
      's3:signatureversion': 'AWS4-HMAC-SHA256',
      's3:signatureAge': '5000',
      's3:x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
    });
    const [get] = await access('GetObject', { Bucket: 'b', Key: 'tagged' });
    expect(get!.context).toMatchObject({ 's3:ExistingObjectTag/class': 'secret' });
    const [put] = await access('PutObject', { Bucket: 'b', Key: 'k', Tagging: 'team=a&x=y' }, '/b/k', {
      'x-amz-server-side-encryption': 'AES256',
      'x-amz-acl': 'private',
    });
    expect(put!.context).toMatchObject({
      's3:RequestObjectTag/team': 'a',
      's3:RequestObjectTagKeys': ['team', 'x'],
      's3:x-amz-server-side-encryption': 'AES256',
      's3:x-amz-acl': 'private',
    });
  });

  it('refuses before authorizing when the bucket is not there (NoSuchBucket) or the name is invalid', async () => {
    await expect(access('GetObject', { Bucket: 'nope', Key: 'k' })).rejects.toMatchObject({
      code: 'NoSuchBucket',
      status: 404,
    });
    await expect(access('CreateBucket', { Bucket: 'Bad_Name' })).rejects.toMatchObject({
      code: 'InvalidBucketName',
    });
  });

  it('implements every operation of its model and declares an action for each', () => {
    expect([...s3.model.operations.keys()].filter((op) => !s3.operations.has(op))).toEqual([]);
    for (const [name, op] of s3.operations) expect(op.action, name).toMatch(/^s3:[A-Za-z]+$/);
  });
});
