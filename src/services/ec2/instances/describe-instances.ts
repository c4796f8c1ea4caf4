// ec2:DescribeInstances and ec2:DescribeInstanceStatus (reference imds-ec2.md §C.3). Instances of the
// caller's account in the request's region; terminated ones stay visible for an hour, as on AWS. Filters
// as the EC2 API reference lists them for DescribeInstances (the subset latchkey models); MaxResults
// 5–1000 and not together with InstanceIds; `nextToken` only when more remain.
import type { AssociationRow, InstanceRow } from '../../../store/repos/ec2/index.js';
import { operation } from '../../service.js';
import { parseTags } from '../access.js';
import type { Ec2Deps } from '../deps.js';
import { Ec2Errors } from '../errors.js';
import { INSTANCE_ID } from '../ids.js';
import { checkMaxResults, compileFilters, pageOf, type FilterField } from '../listing.js';
import { findZone, privateDnsName } from '../network.js';
import { renderInstance, reservations, stateOf } from '../render.js';
import type {
  DescribeInstancesRequest,
  DescribeInstancesResult,
  DescribeInstanceStatusRequest,
  DescribeInstanceStatusResult,
  InstanceStatus,
} from '../shapes.js';

/** How long a terminated instance stays listed. */
export const TERMINATED_VISIBLE_MS = 3600_000;

interface Item {
  readonly row: InstanceRow;
  readonly association: AssociationRow | undefined;
}

const tags = (i: Item) => parseTags(i.row.tags);

const FILTERS: Readonly<Record<string, FilterField<Item>>> = {
  'instance-id': (i) => i.row.instance_id,
  'instance-state-name': (i) => i.row.state,
  'instance-state-code': (i) => String(stateOf(i.row.state).Code),
  'iam-instance-profile.arn': (i) => i.association?.profile_arn,
  'iam-instance-profile.id': (i) => i.association?.profile_id,
  'image-id': (i) => i.row.image_id,
  'instance-type': (i) => i.row.instance_type,
  'availability-zone': (i) => i.row.availability_zone,
  'private-ip-address': (i) => i.row.private_ip,
  'network-interface.addresses.private-ip-address': (i) => i.row.private_ip,
  'private-dns-name': (i) => privateDnsName(i.row.private_ip, i.row.region),
  'vpc-id': (i) => i.row.vpc_id,
  'subnet-id': (i) => i.row.subnet_id,
  'reservation-id': (i) => i.row.reservation_id,
  'owner-id': (i) => i.row.account_id,
  'key-name': (i) => i.row.key_name ?? undefined,
  'ami-launch-index': (i) => String(i.row.launch_index),
  'client-token': (i) => i.row.client_token ?? undefined,
  architecture: () => 'x86_64',
  'root-device-type': () => 'ebs',
  'instance.group-id': (i) =>
    (JSON.parse(i.row.security_groups) as { GroupId: string }[]).map((g) => g.GroupId),
  'instance.group-name': (i) =>
    (JSON.parse(i.row.security_groups) as { GroupName: string }[]).map((g) => g.GroupName),
  'network-interface.mac-address': (i) => i.row.mac,
  'tag:': (i, name) =>
    tags(i)
      .filter((t) => t.Key === name.slice(4))
      .map((t) => t.Value ?? ''),
  'tag-key': (i) => tags(i).map((t) => t.Key ?? ''),
  'tag-value': (i) => tags(i).map((t) => t.Value ?? ''),
  'metadata-options.http-tokens': (i) => i.row.http_tokens,
  'metadata-options.http-put-response-hop-limit': (i) => String(i.row.http_put_response_hop_limit),
  'metadata-options.http-endpoint': (i) => i.row.http_endpoint,
  'metadata-options.http-protocol-ipv4': () => 'enabled',
  'metadata-options.http-protocol-ipv6': (i) => i.row.http_protocol_ipv6,
  'metadata-options.instance-metadata-tags': (i) => i.row.instance_metadata_tags,
  'metadata-options.state': () => 'applied',
};

/** The caller's instances in this region that are still listed, oldest first. */
export async function visibleInstances(
  deps: Ec2Deps,
  account: string,
  region: string,
  now: number,
  ids?: readonly string[],
): Promise<InstanceRow[]> {
  const rows = await deps.store.read.ec2Instances.list(account, ids);
  return rows.filter(
    (r) => r.region === region && (r.terminated_at === null || now - r.terminated_at < TERMINATED_VISIBLE_MS),
  );
}

/** Checks ids, then answers NotFound for those the caller has none of. */
export async function requireInstances(
  deps: Ec2Deps,
  account: string,
  region: string,
  now: number,
  ids: readonly string[],
): Promise<InstanceRow[]> {
  for (const id of ids) if (!INSTANCE_ID.test(id)) throw Ec2Errors.instanceMalformed(id);
  const rows = await visibleInstances(deps, account, region, now, ids);
  const found = new Set(rows.map((r) => r.instance_id));
  const missing = [...new Set(ids)].filter((id) => !found.has(id));
  if (missing.length > 0) throw Ec2Errors.instanceNotFound(missing);
  const byId = new Map(rows.map((r) => [r.instance_id, r]));
  return ids.map((id) => byId.get(id)!);
}

async function withAssociations(deps: Ec2Deps, account: string, rows: InstanceRow[]): Promise<Item[]> {
  const active = new Map(
    (await deps.store.read.ec2Associations.listActive(account)).map((a) => [a.instance_id, a]),
  );
  return rows.map((row) => ({ row, association: active.get(row.instance_id) }));
}

export const describeInstances = (deps: Ec2Deps) =>
  operation<DescribeInstancesRequest, DescribeInstancesResult>({
    action: 'ec2:DescribeInstances',
    access: () => [{ action: 'ec2:DescribeInstances', resources: ['*'] }],
    handler: async (input, ctx) => {
      const ids = input.InstanceIds ?? [];
      if (ids.length > 0 && input.MaxResults !== undefined) {
        throw Ec2Errors.invalidParameterCombination(
          'The parameter instancesSet cannot be used with the parameter maxResults',
        );
      }
      checkMaxResults(input.MaxResults, 5, 1000);
      const match = compileFilters(input.Filters, FILTERS);
      if (input.DryRun) throw Ec2Errors.dryRun();
      const account = ctx.caller.accountId;
      const rows =
        ids.length > 0
          ? await requireInstances(deps, account, ctx.region, ctx.now, ids)
          : await visibleInstances(deps, account, ctx.region, ctx.now);
      const items = (await withAssociations(deps, account, rows)).filter(match);
      const page = pageOf(items, input.NextToken, input.MaxResults, Number.MAX_SAFE_INTEGER);
      const byInstance = new Map(page.items.map((i) => [i.row.instance_id, i.association]));
      return {
        Reservations: reservations(
          page.items.map((i) => i.row),
          (row) => renderInstance(row, byInstance.get(row.instance_id)),
        ),
        ...(page.nextToken !== undefined ? { NextToken: page.nextToken } : {}),
      };
    },
  });

const STATUS_FILTERS: Readonly<Record<string, FilterField<InstanceRow>>> = {
  'instance-id': (r) => r.instance_id,
  'instance-state-name': (r) => r.state,
  'instance-state-code': (r) => String(stateOf(r.state).Code),
  'availability-zone': (r) => r.availability_zone,
  'instance-status.status': (r) => (r.state === 'running' ? 'ok' : 'not-applicable'),
  'system-status.status': (r) => (r.state === 'running' ? 'ok' : 'not-applicable'),
};

export const describeInstanceStatus = (deps: Ec2Deps) =>
  operation<DescribeInstanceStatusRequest, DescribeInstanceStatusResult>({
    action: 'ec2:DescribeInstanceStatus',
    access: () => [{ action: 'ec2:DescribeInstanceStatus', resources: ['*'] }],
    handler: async (input, ctx) => {
      const ids = input.InstanceIds ?? [];
      checkMaxResults(input.MaxResults, 5, 1000);
      const match = compileFilters(input.Filters, STATUS_FILTERS);
      if (input.DryRun) throw Ec2Errors.dryRun();
      const account = ctx.caller.accountId;
      const rows =
        ids.length > 0
          ? await requireInstances(deps, account, ctx.region, ctx.now, ids)
          : await visibleInstances(deps, account, ctx.region, ctx.now);
      // Without IncludeAllInstances only running instances are described (API reference).
      const shown = rows.filter((r) => (input.IncludeAllInstances || r.state === 'running') && match(r));
      const page = pageOf(shown, input.NextToken, input.MaxResults, 1000);
      const summary = (r: InstanceRow) => ({
        Status: r.state === 'running' ? ('ok' as const) : ('not-applicable' as const),
        Details: r.state === 'running' ? [{ Name: 'reachability' as const, Status: 'passed' as const }] : [],
      });
      const statuses: InstanceStatus[] = page.items.map((r) => ({
        InstanceId: r.instance_id,
        AvailabilityZone: r.availability_zone,
        AvailabilityZoneId: findZone(r.region, r.availability_zone)?.id ?? '',
        InstanceState: stateOf(r.state),
        InstanceStatus: summary(r),
        SystemStatus: summary(r),
        Events: [],
      }));
      return {
        InstanceStatuses: statuses,
        ...(page.nextToken !== undefined ? { NextToken: page.nextToken } : {}),
      };
    },
  });
