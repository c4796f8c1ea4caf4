// ec2:RunInstances (reference imds-ec2.md §C.3, §C.4). Authorized on the instance, image, subnet,
// security group, network interface and volume resources, with ec2:CreateTags for tags on create and
// iam:PassRole on the profile's role (§F.12). Every launched instance — not only the first, unlike
// moto (§F.9) — gets its own association with the profile. Instances are stored `running` and answered
// `pending`, as AWS answers a launch; their private IPs and metadata addresses are unique among live
// instances (a database rule), so a collision retries with fresh picks.
import type { AssociationRow, InstanceRow } from '../../../store/repos/ec2/index.js';
import { UniqueViolation } from '../../../store/errors.js';
import { operation, type AccessRequest } from '../../service.js';
import { ec2Arn, passRole, requestTagContext } from '../access.js';
import {
  checkSpecification,
  findProfile,
  requireProfile,
  type ResolvedProfile,
} from '../associations/profiles.js';
import type { Ec2Deps } from '../deps.js';
import { Ec2Errors } from '../errors.js';
import { newAssociationId, newInstanceId, newMac, newReservationId } from '../ids.js';
import { randomMetadataAddress, randomPrivateIp } from '../network.js';
import { metadataOptions, renderInstance, reservations } from '../render.js';
import type { Reservation, RunInstancesRequest } from '../shapes.js';
import { checkCounts, launchSpec, launchTags, metadataSettings, type LaunchSpec } from './launch-spec.js';

const ATTEMPTS = 5;

export const runInstances = (deps: Ec2Deps) =>
  operation<RunInstancesRequest, Reservation>({
    action: 'ec2:RunInstances',
    access: async (input, ctx) => {
      checkCounts(input);
      const account = ctx.caller.accountId;
      const region = ctx.region;
      const m = metadataSettings(input);
      const tags = launchTags(input);
      const instances = ec2Arn(region, account, 'instance/*');
      const context = {
        'ec2:Region': region,
        'ec2:InstanceType': input.InstanceType ?? 'm1.small',
        'ec2:MetadataHttpTokens': m.httpTokens,
        'ec2:MetadataHttpPutResponseHopLimit': String(m.hopLimit),
        'ec2:MetadataHttpEndpoint': m.httpEndpoint,
        'ec2:InstanceMetadataTags': m.metadataTags,
        ...requestTagContext(tags),
      };
      const resources = [
        instances,
        `arn:aws:ec2:${region}::image/${input.ImageId}`,
        ec2Arn(region, account, 'network-interface/*'),
        ec2Arn(region, account, 'volume/*'),
        ec2Arn(region, account, input.SubnetId ? `subnet/${input.SubnetId}` : 'subnet/*'),
        ec2Arn(region, account, 'security-group/*'),
        ...(input.KeyName ? [ec2Arn(region, account, `key-pair/${input.KeyName}`)] : []),
      ];
      const requests: AccessRequest[] = [{ action: 'ec2:RunInstances', resources, context }];
      if (tags.length > 0) {
        requests.push({
          action: 'ec2:CreateTags',
          resources: [instances],
          context: { 'ec2:CreateAction': 'RunInstances', ...requestTagContext(tags) },
        });
      }
      if (input.IamInstanceProfile) {
        checkSpecification(input.IamInstanceProfile);
        const found = await findProfile(deps.store.read, account, input.IamInstanceProfile);
        if (found?.role) {
          requests[0] = {
            ...requests[0]!,
            context: { ...context, 'ec2:InstanceProfile': found.profile.arn },
          };
          requests.push(passRole(found.role.arn, instances));
        }
      }
      return requests;
    },
    handler: async (input, ctx) => {
      const account = ctx.caller.accountId;
      const region = ctx.region;
      const spec = launchSpec(input, account, region, deps.drivers);
      const profile = input.IamInstanceProfile
        ? await requireProfile(deps.store.read, account, input.IamInstanceProfile)
        : undefined;
      if (input.DryRun) throw Ec2Errors.dryRun();

      if (input.ClientToken) {
        // Idempotency: the same token answers the instances it launched before.
        const earlier = (await deps.store.read.ec2Instances.list(account)).filter(
          (r) => r.client_token === input.ClientToken && r.region === region,
        );
        if (earlier.length > 0) {
          const active = await deps.store.read.ec2Associations.activeForMany(
            earlier.map((r) => r.instance_id),
          );
          return render(
            { rows: earlier, associations: new Map(active.map((a) => [a.instance_id, a])) },
            true,
          );
        }
      }

      let launched: Launched | undefined;
      for (let attempt = 1; launched === undefined; attempt++) {
        try {
          launched = await launch(deps, spec, profile, account, region, ctx.now, input);
        } catch (e) {
          if (!(e instanceof UniqueViolation) || attempt >= ATTEMPTS) throw e;
        }
      }
      deps.events.changed({ kind: 'launched', instanceIds: launched.rows.map((r) => r.instance_id) });
      return render(launched, false);
    },
  });

interface Launched {
  readonly rows: InstanceRow[];
  readonly associations: Map<string, AssociationRow>;
}

async function launch(
  deps: Ec2Deps,
  spec: LaunchSpec,
  profile: ResolvedProfile | undefined,
  account: string,
  region: string,
  now: number,
  input: RunInstancesRequest,
): Promise<Launched> {
  return deps.store.transaction(async (tx) => {
    const live = await tx.ec2Instances.liveAddresses();
    const inVpc = live.filter((r) => r.vpc_id === spec.vpcId);
    const ips = new Set(inVpc.map((r) => r.private_ip));
    const addresses = new Set(live.map((r) => r.imds_address));
    // A zone's /20 has 4,091 usable addresses; keep some slack so random picks stay quick.
    const inZone = inVpc.filter((r) => r.availability_zone === spec.zone.name).length;
    if (inZone + spec.count > 4000) throw Ec2Errors.addressesExhausted(spec.subnetId);
    const reservationId = newReservationId();
    const rows: InstanceRow[] = [];
    const associations = new Map<string, AssociationRow>();
    for (let i = 0; i < spec.count; i++) {
      const ip = pick(ips, () => randomPrivateIp(spec.zone));
      const address = pick(addresses, randomMetadataAddress);
      const row: InstanceRow = {
        instance_id: newInstanceId(),
        account_id: account,
        region,
        reservation_id: reservationId,
        image_id: spec.imageId,
        instance_type: spec.instanceType,
        launch_index: i,
        key_name: input.KeyName ?? null,
        state: 'running',
        state_reason: '',
        launched_at: now,
        created_at: now,
        terminated_at: null,
        availability_zone: spec.zone.name,
        subnet_id: spec.subnetId,
        vpc_id: spec.vpcId,
        private_ip: ip,
        mac: newMac(),
        security_groups: JSON.stringify(spec.securityGroups),
        user_data: spec.userData,
        client_token: input.ClientToken ?? null,
        http_tokens: spec.metadata.httpTokens,
        http_put_response_hop_limit: spec.metadata.hopLimit,
        http_endpoint: spec.metadata.httpEndpoint,
        http_protocol_ipv6: spec.metadata.httpProtocolIpv6,
        instance_metadata_tags: spec.metadata.metadataTags,
        tags: JSON.stringify(spec.tags),
        imds_address: address,
        driver: spec.driver ?? deps.drivers[0] ?? 'virtual',
        boot: 1,
        live: 1,
      };
      await tx.ec2Instances.insert(row);
      if (profile) {
        const a: AssociationRow = {
          association_id: newAssociationId(),
          account_id: account,
          instance_id: row.instance_id,
          profile_arn: profile.profile.arn,
          profile_id: profile.profile.profile_id,
          state: 'associated',
          active: 1,
          associated_at: now,
          ended_at: null,
        };
        await tx.ec2Associations.insert(a);
        associations.set(row.instance_id, a);
      }
      rows.push(row);
    }
    return { rows, associations };
  });
}

/** A value not in `used` (and then marks it used). */
function pick(used: Set<string>, next: () => string): string {
  for (;;) {
    const v = next();
    if (!used.has(v)) {
      used.add(v);
      return v;
    }
  }
}

function render({ rows, associations }: Launched, existing: boolean): Reservation {
  const [reservation] = reservations(rows, (row) => {
    const instance = renderInstance(row, associations.get(row.instance_id), existing ? row.state : 'pending');
    if (!existing) instance.MetadataOptions = metadataOptions(row, 'pending');
    return instance;
  });
  return reservation!;
}
