// EC2 repository tests, run on every store implementation by ../../conformance.ts: one active
// association per instance (also under concurrency), conditional state changes, live-only uniqueness
// of private IPs and metadata addresses.
import { expect, it } from 'vitest';
import type { OwnerSuite } from '../../conformance.js';
import { UniqueViolation } from '../../errors.js';
import type { AssociationRow, InstanceRow } from './index.js';

const ACCOUNT = '111122223333';

export const instanceRow = (id: string, over: Partial<InstanceRow> = {}): InstanceRow => ({
  instance_id: id,
  account_id: ACCOUNT,
  region: 'us-east-1',
  reservation_id: 'r-0123456789abcdef0',
  image_id: 'ami-0abcdef1234567890',
  instance_type: 't3.micro',
  launch_index: 0,
  key_name: null,
  state: 'running',
  state_reason: '',
  launched_at: 1_700_000_000_000,
  created_at: 1_700_000_000_000,
  terminated_at: null,
  availability_zone: 'us-east-1a',
  subnet_id: 'subnet-0123456789abcdef0',
  vpc_id: 'vpc-0123456789abcdef0',
  private_ip: `172.31.0.${id.length}`,
  mac: '0e:00:00:00:00:01',
  security_groups: '[]',
  user_data: null,
  client_token: null,
  http_tokens: 'optional',
  http_put_response_hop_limit: 1,
  http_endpoint: 'enabled',
  http_protocol_ipv6: 'disabled',
  instance_metadata_tags: 'disabled',
  tags: '[]',
  imds_address: `127.64.0.${id.length}`,
  driver: 'virtual',
  boot: 1,
  live: 1,
  ...over,
});

const association = (id: string, instanceId: string): AssociationRow => ({
  association_id: id,
  account_id: ACCOUNT,
  instance_id: instanceId,
  profile_arn: `arn:aws:iam::${ACCOUNT}:instance-profile/p`,
  profile_id: 'AIPAAAAAAAAAAAAAAAAAA',
  state: 'associated',
  active: 1,
  associated_at: 1,
  ended_at: null,
});

export const ec2Conformance: OwnerSuite = (getStore) => {
  it('ec2: state changes are conditional on the current state', async ({ skip }) => {
    const store = getStore();
    if (!store) return skip();
    await store.transaction((tx) => tx.ec2Instances.insert(instanceRow('i-00000000000000001')));
    expect(
      await store.transaction((tx) =>
        tx.ec2Instances.update('i-00000000000000001', { state: 'stopped' }, ['running']),
      ),
    ).toBe(true);
    expect(
      await store.transaction((tx) =>
        tx.ec2Instances.update('i-00000000000000001', { state: 'stopped' }, ['running']),
      ),
    ).toBe(false);
    expect(
      (await store.transaction((tx) => tx.ec2Instances.getForUpdate('i-00000000000000001')))?.state,
    ).toBe('stopped');
    expect(
      (await store.read.ec2Instances.list(ACCOUNT, ['i-00000000000000001', 'i-0000000000000dead'])).map(
        (r) => r.instance_id,
      ),
    ).toEqual(['i-00000000000000001']);
    expect(await store.read.ec2Instances.list(ACCOUNT, [])).toEqual([]);
  });

  it('ec2: private IPs and metadata addresses are unique among live instances only', async ({ skip }) => {
    const store = getStore();
    if (!store) return skip();
    const a = instanceRow('i-0000000000000000a', { private_ip: '172.31.9.9', imds_address: '127.64.9.9' });
    await store.transaction((tx) => tx.ec2Instances.insert(a));
    await expect(
      store.transaction((tx) =>
        tx.ec2Instances.insert({ ...a, instance_id: 'i-0000000000000000b', imds_address: '127.64.9.10' }),
      ),
    ).rejects.toBeInstanceOf(UniqueViolation);
    await expect(
      store.transaction((tx) =>
        tx.ec2Instances.insert({ ...a, instance_id: 'i-0000000000000000b', private_ip: '172.31.9.10' }),
      ),
    ).rejects.toBeInstanceOf(UniqueViolation);
    expect((await store.read.ec2Instances.byAddress('127.64.9.9'))?.instance_id).toBe(a.instance_id);
    await store.transaction((tx) => tx.ec2Instances.update(a.instance_id, { state: 'terminated', live: 0 }));
    await store.transaction((tx) => tx.ec2Instances.insert({ ...a, instance_id: 'i-0000000000000000b' }));
    expect((await store.read.ec2Instances.byAddress('127.64.9.9'))?.instance_id).toBe('i-0000000000000000b');
    expect((await store.read.ec2Instances.listLive()).map((r) => r.instance_id)).not.toContain(a.instance_id);
  });

  it('ec2: an instance has at most one active association, even when two requests race', async ({ skip }) => {
    const store = getStore();
    if (!store) return skip();
    const id = 'i-0000000000000000c';
    await store.transaction((tx) =>
      tx.ec2Instances.insert(instanceRow(id, { private_ip: '172.31.8.8', imds_address: '127.64.8.8' })),
    );
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        store.transaction((tx) =>
          tx.ec2Associations.insert(association(`iip-assoc-0000000000000000${i}`, id)),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(UniqueViolation);
    const active = (await store.read.ec2Associations.activeFor(id))!;
    // Ending it is a race only one request wins; afterwards a new association may be made.
    const ends = await Promise.all(
      [1, 2, 3].map(() => store.transaction((tx) => tx.ec2Associations.end(active.association_id, 5))),
    );
    expect(ends.filter(Boolean)).toHaveLength(1);
    expect(await store.read.ec2Associations.get(active.association_id)).toMatchObject({
      state: 'disassociated',
      active: 0,
      ended_at: 5,
    });
    await store.transaction((tx) =>
      tx.ec2Associations.insert(association('iip-assoc-000000000000000ff', id)),
    );
    expect((await store.read.ec2Associations.listActive(ACCOUNT)).map((a) => a.association_id)).toContain(
      'iip-assoc-000000000000000ff',
    );
    await store.transaction((tx) => tx.ec2Associations.endForInstance(id, 6));
    expect(await store.read.ec2Associations.activeFor(id)).toBeUndefined();
    expect((await store.read.ec2Associations.listAllActive()).some((a) => a.instance_id === id)).toBe(false);
  });
};
