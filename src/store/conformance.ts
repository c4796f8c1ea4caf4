// One conformance suite, run on every store implementation (STYLE.md §13): sqlite.test.ts and
// postgres.test.ts each call it with a way to open (and reopen) a fresh store.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UniqueViolation } from './errors.js';
import { ec2Conformance } from './repos/ec2/conformance.js';
import { iamConformance } from './repos/iam/conformance.js';
import type { AccessKeyRow } from './repos/access-keys.js';
import { s3Conformance } from './repos/s3/conformance.js';
import type { Store } from './store.js';

export interface StoreHarness {
  /** Opens the store on the same underlying database each time (so reopening shows persistence). */
  open(): Promise<Store>;
  /** Drops the database. */
  destroy(): Promise<void>;
}

const key = (id: string, over: Partial<AccessKeyRow> = {}): AccessKeyRow => ({
  access_key_id: id,
  account_id: '111122223333',
  user_name: null,
  secret_sealed: 'sealed:' + id,
  status: 'Active',
  created_at: 1_700_000_000_000,
  last_used_at: null,
  last_used_service: null,
  last_used_region: null,
  ...over,
});

/**
 * Each owner's repository tests (./repos/<owner>/conformance.ts) register here; they get the open
 * store (skipping when the dialect is unavailable) and run on every implementation.
 */
export type OwnerSuite = (getStore: () => Store | undefined) => void;
const ownerSuites: OwnerSuite[] = [iamConformance, ec2Conformance, s3Conformance];

export function storeConformance(name: string, harness: () => Promise<StoreHarness | undefined>): void {
  describe(`store conformance: ${name}`, () => {
    let h: StoreHarness | undefined;
    let store: Store;

    beforeAll(async () => {
      h = await harness();
      if (h) store = await h.open();
    });
    afterAll(async () => {
      await store?.close();
      await h?.destroy();
    });

    it('migrates a new database to the latest schema', ({ skip }) => {
      if (!h) return skip();
      expect(store.migrations[0]?.migrationName).toBe('0001-foundation');
      expect(store.migrations.length).toBeGreaterThanOrEqual(2);
      expect(store.migrations.every((m) => m.status === 'Success')).toBe(true);
    });

    it('stores and reads settings, replacing a value on set', async ({ skip }) => {
      if (!h) return skip();
      expect(await store.read.settings.get('missing')).toBeUndefined();
      await store.transaction((tx) => tx.settings.set('k', 'v1'));
      await store.transaction((tx) => tx.settings.set('k', 'v2'));
      expect(await store.read.settings.get('k')).toBe('v2');
    });

    it('stores accounts and access keys', async ({ skip }) => {
      if (!h) return skip();
      await store.transaction(async (tx) => {
        await tx.accounts.insert({ id: '111122223333', created_at: 1_700_000_000_000 });
        await tx.accessKeys.insert(key('AKIAAAAAAAAAAAAAAAA1'));
        await tx.accessKeys.insert(
          key('AKIAAAAAAAAAAAAAAAA2', { user_name: 'alice', created_at: 1_700_000_000_001 }),
        );
        await tx.accessKeys.insert(
          key('AKIAAAAAAAAAAAAAAAA3', { user_name: 'alice', created_at: 1_700_000_000_002 }),
        );
      });
      expect(await store.read.accounts.get('111122223333')).toEqual({
        id: '111122223333',
        created_at: 1_700_000_000_000,
      });
      expect(await store.read.accessKeys.get('AKIAAAAAAAAAAAAAAAA1')).toEqual(key('AKIAAAAAAAAAAAAAAAA1'));
      expect((await store.read.accessKeys.listFor('111122223333', null)).map((k) => k.access_key_id)).toEqual(
        ['AKIAAAAAAAAAAAAAAAA1'],
      );
      expect(
        (await store.read.accessKeys.listFor('111122223333', 'alice')).map((k) => k.access_key_id),
      ).toEqual(['AKIAAAAAAAAAAAAAAAA2', 'AKIAAAAAAAAAAAAAAAA3']);
    });

    it('updates status and last use, deletes, and reports whether a row was there', async ({ skip }) => {
      if (!h) return skip();
      expect(
        await store.transaction((tx) => tx.accessKeys.setStatus('AKIAAAAAAAAAAAAAAAA2', 'Inactive')),
      ).toBe(true);
      expect(
        await store.transaction((tx) => tx.accessKeys.setStatus('AKIANOSUCHKEY0000000', 'Inactive')),
      ).toBe(false);
      await store.transaction((tx) =>
        tx.accessKeys.recordUse('AKIAAAAAAAAAAAAAAAA2', 1_800_000_000_000, 'sts', 'us-east-1'),
      );
      expect(await store.read.accessKeys.get('AKIAAAAAAAAAAAAAAAA2')).toMatchObject({
        status: 'Inactive',
        last_used_at: 1_800_000_000_000,
        last_used_service: 'sts',
        last_used_region: 'us-east-1',
      });
      expect(await store.transaction((tx) => tx.accessKeys.delete('AKIAAAAAAAAAAAAAAAA3'))).toBe(true);
      expect(await store.transaction((tx) => tx.accessKeys.delete('AKIAAAAAAAAAAAAAAAA3'))).toBe(false);
    });

    it('surfaces a duplicate key as UniqueViolation and keeps nothing of the failed transaction', async ({
      skip,
    }) => {
      if (!h) return skip();
      const attempt = store.transaction(async (tx) => {
        await tx.settings.set('written-before-failure', 'x');
        await tx.accessKeys.insert(key('AKIAAAAAAAAAAAAAAAA1'));
      });
      await expect(attempt).rejects.toBeInstanceOf(UniqueViolation);
      expect(await store.read.settings.get('written-before-failure')).toBeUndefined();
    });

    it('rolls back a transaction whose function throws', async ({ skip }) => {
      if (!h) return skip();
      await expect(
        store.transaction(async (tx) => {
          await tx.settings.set('rolled-back', 'x');
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.read.settings.get('rolled-back')).toBeUndefined();
    });

    it('runs concurrent transactions without losing any write', async ({ skip }) => {
      if (!h) return skip();
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.transaction((tx) => tx.settings.set(`concurrent-${i}`, String(i))),
        ),
      );
      for (let i = 0; i < 20; i++) expect(await store.read.settings.get(`concurrent-${i}`)).toBe(String(i));
    });

    it('delivers change notices to subscribers', async ({ skip }) => {
      if (!h) return skip();
      const heard: string[] = [];
      store.changes.subscribe('conformance', (p) => heard.push(p));
      // A PostgreSQL listener connects asynchronously; publish until heard, bounded.
      for (let i = 0; i < 50 && !heard.includes('hello'); i++) {
        store.changes.publish('conformance', 'hello');
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(heard).toContain('hello');
    });

    for (const suite of ownerSuites) suite(() => (h ? store : undefined));

    it('keeps everything across close and reopen', async ({ skip }) => {
      if (!h) return skip();
      await store.close();
      store = await h.open();
      expect(store.migrations).toEqual([]);
      expect(await store.read.settings.get('k')).toBe('v2');
      expect(await store.read.accessKeys.get('AKIAAAAAAAAAAAAAAAA2')).toMatchObject({ status: 'Inactive' });
    });
  });
}
