// S3 repository tests, run on every store implementation by ../../conformance.ts: keys list in UTF-8
// byte order on both dialects, objects are replaced in place, uploads and parts come and go together.
import { expect, it } from 'vitest';
import type { OwnerSuite } from '../../conformance.js';
import { UniqueViolation } from '../../errors.js';
import type { ObjectRow, PartRow, UploadRow } from './index.js';

const BUCKET = 'conformance-bucket';

const object = (key: string, over: Partial<ObjectRow> = {}): ObjectRow => ({
  bucket: BUCKET,
  key,
  size: 3,
  etag: 'etag-' + key,
  last_modified: 1_700_000_000_000,
  headers: '{}',
  metadata: '{}',
  tags: '[]',
  tag_count: 0,
  storage_class: 'STANDARD',
  checksum_algorithm: null,
  checksum_value: null,
  checksum_type: null,
  segments: JSON.stringify([['blob-' + key, 3]]),
  parts: null,
  owner_account: '111122223333',
  ...over,
});

const upload = (id: string, key: string, initiated: number): UploadRow => ({
  upload_id: id,
  bucket: BUCKET,
  key,
  initiated,
  owner_account: '111122223333',
  initiator_arn: 'arn:aws:iam::111122223333:root',
  storage_class: 'STANDARD',
  headers: '{}',
  metadata: '{}',
  tags: '[]',
  checksum_algorithm: null,
  checksum_type: null,
});

const part = (uploadId: string, n: number, blob: string): PartRow => ({
  upload_id: uploadId,
  part_number: n,
  size: 5,
  etag: `etag-${n}`,
  last_modified: 1,
  blob,
  checksum_value: null,
});

export const s3Conformance: OwnerSuite = (getStore) => {
  it('s3: bucket names are unique; policy and tags are set and cleared', async ({ skip }) => {
    const store = getStore();
    if (!store) return skip();
    const row = {
      name: BUCKET,
      account_id: '111122223333',
      region: 'us-east-1',
      created_at: 1,
      policy: null,
      tags: null,
    };
    await store.transaction((tx) => tx.s3Buckets.insert(row));
    await expect(store.transaction((tx) => tx.s3Buckets.insert(row))).rejects.toBeInstanceOf(UniqueViolation);
    await store.transaction(async (tx) => {
      await tx.s3Buckets.insert({ ...row, name: 'conformance-other', account_id: '444455556666' });
      expect(await tx.s3Buckets.setPolicy(BUCKET, '{"Version":"2012-10-17"}')).toBe(true);
      expect(await tx.s3Buckets.setTags(BUCKET, '[{"Key":"a","Value":"b"}]')).toBe(true);
      expect(await tx.s3Buckets.setTags('no-such-bucket', null)).toBe(false);
    });
    expect(await store.read.s3Buckets.get(BUCKET)).toMatchObject({ policy: '{"Version":"2012-10-17"}' });
    expect((await store.read.s3Buckets.listForAccount('111122223333')).map((b) => b.name)).toEqual([BUCKET]);
    expect(await store.transaction((tx) => tx.s3Buckets.delete('conformance-other'))).toBe(true);
    expect(await store.transaction((tx) => tx.s3Buckets.delete('conformance-other'))).toBe(false);
  });

  it('s3: lists keys in UTF-8 byte order from a start point, after a key, within a limit', async ({
    skip,
  }) => {
    const store = getStore();
    if (!store) return skip();
    // Byte order differs from UTF-16 order (U+FF5E sorts after U+1F600 in UTF-16, before it in UTF-8)
    // and from any locale's order (upper case, punctuation).
    const keys = ['a', 'B', 'a/b', 'a/c', 'a0', 'é', '\u{ff5e}', '\u{1f600}', ' space', 'a-'];
    await store.transaction(async (tx) => {
      for (const k of keys) await tx.s3Objects.put(object(k));
    });
    const sorted = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    const all = await store.read.s3Objects.list(BUCKET, { limit: 100 });
    expect(all.map((o) => o.key)).toEqual(sorted);
    expect((await store.read.s3Objects.list(BUCKET, { after: 'a', limit: 3 })).map((o) => o.key)).toEqual(
      sorted.slice(sorted.indexOf('a') + 1, sorted.indexOf('a') + 4),
    );
    expect((await store.read.s3Objects.list(BUCKET, { from: 'a/', limit: 2 })).map((o) => o.key)).toEqual([
      'a/b',
      'a/c',
    ]);
    expect(await store.read.s3Objects.any(BUCKET)).toBe(true);
    expect(await store.read.s3Objects.any('empty-bucket')).toBe(false);
  });

  it('s3: replaces an object in place, tags it, deletes it', async ({ skip }) => {
    const store = getStore();
    if (!store) return skip();
    await store.transaction(async (tx) => {
      const old = await tx.s3Objects.getForUpdate(BUCKET, 'a');
      expect(old?.etag).toBe('etag-a');
      await tx.s3Objects.put(object('a', { etag: 'second', size: 9 }));
    });
    expect(await store.read.s3Objects.get(BUCKET, 'a')).toMatchObject({ etag: 'second', size: 9 });
    expect(
      await store.transaction((tx) => tx.s3Objects.setTags(BUCKET, 'a', '[{"Key":"k","Value":"v"}]', 1)),
    ).toBe(true);
    expect(await store.read.s3Objects.get(BUCKET, 'a')).toMatchObject({ tag_count: 1 });
    expect(await store.transaction((tx) => tx.s3Objects.delete(BUCKET, 'a'))).toBe(true);
    expect(await store.transaction((tx) => tx.s3Objects.delete(BUCKET, 'a'))).toBe(false);
    expect(await store.read.s3Objects.get(BUCKET, 'a')).toBeUndefined();
    const page = await store.read.s3Objects.blobPage('', '', 1000);
    expect(page.filter((r) => r.bucket === BUCKET).length).toBe(9);
  });

  it('s3: keeps uploads in key and initiation order, replaces parts, deletes an upload with its parts', async ({
    skip,
  }) => {
    const store = getStore();
    if (!store) return skip();
    await store.transaction(async (tx) => {
      await tx.s3Uploads.insert(upload('u2', 'k', 20));
      await tx.s3Uploads.insert(upload('u1', 'k', 30));
      await tx.s3Uploads.insert(upload('u3', 'j', 40));
      expect(await tx.s3Uploads.putPart(part('u1', 2, 'p2'))).toBeUndefined();
      expect(await tx.s3Uploads.putPart(part('u1', 1, 'p1'))).toBeUndefined();
      expect((await tx.s3Uploads.putPart(part('u1', 2, 'p2b')))?.blob).toBe('p2');
    });
    const ids = async (range: Parameters<typeof store.read.s3Uploads.list>[1]) =>
      (await store.read.s3Uploads.list(BUCKET, range)).map((u) => u.upload_id);
    expect(await ids({ limit: 10 })).toEqual(['u3', 'u2', 'u1']);
    expect(await ids({ limit: 10, after: { key: 'k', initiated: 20, uploadId: 'u2' } })).toEqual(['u1']);
    expect(await ids({ limit: 10, from: 'k' })).toEqual(['u2', 'u1']);
    expect((await store.read.s3Uploads.allParts('u1')).map((p) => p.blob)).toEqual(['p1', 'p2b']);
    expect((await store.read.s3Uploads.parts('u1', 1, 10)).map((p) => p.part_number)).toEqual([2]);
    expect((await store.read.s3Uploads.partBlobs('', 0, 10)).map((p) => p.blob)).toEqual(['p1', 'p2b']);
    const removed = await store.transaction((tx) => tx.s3Uploads.delete('u1'));
    expect(removed.map((p) => p.blob)).toEqual(['p1', 'p2b']);
    expect(await store.read.s3Uploads.get('u1')).toBeUndefined();
    expect(await store.read.s3Uploads.allParts('u1')).toEqual([]);
    expect((await store.read.s3Uploads.forBucket(BUCKET)).length).toBe(2);
  });
};
