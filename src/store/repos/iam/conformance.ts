// IAM repository tests, run on every store implementation by ../../conformance.ts.
import { expect, it } from 'vitest';
import type { OwnerSuite } from '../../conformance.js';
import { UniqueViolation } from '../../errors.js';
import type { RoleRow } from './index.js';

const ACCOUNT = '111122223333';
const role = (name: string, path = '/'): RoleRow => ({
  account_id: ACCOUNT,
  name,
  name_lower: name.toLowerCase(),
  role_id: 'AROA' + name.toUpperCase().padEnd(17, 'X').slice(0, 17),
  path,
  arn: `arn:aws:iam::${ACCOUNT}:role${path}${name}`,
  created_at: 1,
  trust_policy: '{}',
  trust_principals: '{}',
  description: null,
  max_session_duration: 3600,
  boundary_arn: null,
  tags: '[]',
  last_used_at: null,
  last_used_region: null,
});

export const iamConformance: OwnerSuite = (getStore) => {
  it('iam: names are unique per account without regard to case, and found in any case', async ({ skip }) => {
    const store = getStore();
    if (!store) return skip();
    if (!(await store.read.accounts.get(ACCOUNT)))
      await store.transaction((tx) => tx.accounts.insert({ id: ACCOUNT, created_at: 1 }));
    await store.transaction((tx) => tx.roles.insert(role('MyRole')));
    await expect(
      store.transaction((tx) => tx.roles.insert({ ...role('myrole'), role_id: 'AROAOTHER', arn: 'x' })),
    ).rejects.toBeInstanceOf(UniqueViolation);
    expect((await store.read.roles.get(ACCOUNT, 'MYROLE'))?.name).toBe('MyRole');
    expect(await store.read.roles.getByArn(`arn:aws:iam::${ACCOUNT}:role/MyRole`)).toMatchObject({
      role_id: role('MyRole').role_id,
    });
  });

  it('iam: lists by name with a path prefix and resumes after a name', async ({ skip }) => {
    const store = getStore();
    if (!store) return skip();
    await store.transaction(async (tx) => {
      for (const n of ['b1', 'a1', 'c1']) await tx.roles.insert(role(n, '/team/'));
      await tx.roles.insert(role('d1', '/other_%/'));
    });
    const page1 = await store.read.roles.list(ACCOUNT, { pathPrefix: '/team/', limit: 2 });
    expect(page1.items.map((r) => r.name)).toEqual(['a1', 'b1']);
    expect(page1.next).toBe('b1');
    const page2 = await store.read.roles.list(ACCOUNT, {
      pathPrefix: '/team/',
      after: page1.next!,
      limit: 2,
    });
    expect(page2.items.map((r) => r.name)).toEqual(['c1']);
    expect(page2.next).toBeUndefined();
    // % and _ in a path prefix are ordinary characters.
    expect(
      (await store.read.roles.list(ACCOUNT, { pathPrefix: '/other_%', limit: 10 })).items.map((r) => r.name),
    ).toEqual(['d1']);
    expect((await store.read.roles.list(ACCOUNT, { pathPrefix: '/o%', limit: 10 })).items).toEqual([]);
    expect(await store.read.roles.count(ACCOUNT)).toBe(5);
  });

  it('iam: inline policies, attachments, versions and memberships', async ({ skip }) => {
    const store = getStore();
    if (!store) return skip();
    const owner = { accountId: ACCOUNT, kind: 'role' as const, name: 'MyRole' };
    await store.transaction(async (tx) => {
      await tx.inlinePolicies.put(owner, 'p2', '{"a":1}', 1);
      await tx.inlinePolicies.put(owner, 'p1', '{"b":1}', 1);
      await tx.inlinePolicies.put(owner, 'p2', '{"a":2}', 2);
      await tx.attachments.attach(owner, 'arn:aws:iam::aws:policy/ReadOnlyAccess', 1);
      await tx.attachments.attach(owner, 'arn:aws:iam::aws:policy/ReadOnlyAccess', 2);
      await tx.groupMembers.add(ACCOUNT, 'Devs', 'Alice', 1);
    });
    expect(
      (await store.read.inlinePolicies.list({ ...owner, name: 'myrole' })).map((p) => [
        p.policy_name,
        p.document,
      ]),
    ).toEqual([
      ['p1', '{"b":1}'],
      ['p2', '{"a":2}'],
    ]);
    expect(
      await store.read.attachments.countByPolicy('arn:aws:iam::aws:policy/ReadOnlyAccess', ACCOUNT),
    ).toBe(1);
    expect(await store.read.groupMembers.groupsOf(ACCOUNT, 'ALICE')).toEqual(['devs']);
    expect(
      await store.transaction((tx) => tx.attachments.detach(owner, 'arn:aws:iam::aws:policy/ReadOnlyAccess')),
    ).toBe(true);
    expect(await store.transaction((tx) => tx.inlinePolicies.delete(owner, 'p1'))).toBe(true);
    expect(await store.transaction((tx) => tx.inlinePolicies.delete(owner, 'p1'))).toBe(false);
  });
};
