// Stored rows as EC2's response shapes (reference imds-ec2.md §C.2): instance state codes, the
// instance's `iamInstanceProfile` (ARN and the IAM AIPA… id, never the association id — §F.9),
// `metadataOptions` with all six members, associations with their state and timestamp.
import type { AssociationRow, InstanceRow } from '../../store/repos/ec2/index.js';
import { parseTags } from './access.js';
import { privateDnsName } from './network.js';
import type {
  IamInstanceProfileAssociation,
  Instance,
  InstanceMetadataOptionsResponse,
  InstanceState,
  Reservation,
} from './shapes.js';

export type StateName = NonNullable<InstanceState['Name']>;

/** EC2's state codes (API reference, InstanceState: the low byte). */
const STATE_CODES: Readonly<Record<StateName, number>> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

export const stateOf = (name: string): InstanceState => ({
  Code: STATE_CODES[name as StateName] ?? 0,
  Name: name as StateName,
});

/** `User initiated (2024-05-01 12:00:00 GMT)`, as EC2 words StateTransitionReason. */
export function userInitiated(at: number): string {
  const d = new Date(at).toISOString();
  return `User initiated (${d.slice(0, 10)} ${d.slice(11, 19)} GMT)`;
}

export function metadataOptions(
  row: InstanceRow,
  state: 'pending' | 'applied' = 'applied',
): InstanceMetadataOptionsResponse {
  return {
    State: state,
    HttpTokens: row.http_tokens as 'optional' | 'required',
    HttpPutResponseHopLimit: row.http_put_response_hop_limit,
    HttpEndpoint: row.http_endpoint as 'enabled' | 'disabled',
    HttpProtocolIpv6: row.http_protocol_ipv6 as 'enabled' | 'disabled',
    InstanceMetadataTags: row.instance_metadata_tags as 'enabled' | 'disabled',
  };
}

export function renderInstance(
  row: InstanceRow,
  association: AssociationRow | undefined,
  shownState = row.state,
): Instance {
  const dns = privateDnsName(row.private_ip, row.region);
  const tags = parseTags(row.tags);
  const groups = JSON.parse(row.security_groups) as { GroupId: string; GroupName: string }[];
  const stopped =
    shownState === 'stopped' ||
    shownState === 'stopping' ||
    shownState === 'terminated' ||
    shownState === 'shutting-down';
  const instance: Instance = {
    InstanceId: row.instance_id,
    ImageId: row.image_id,
    State: stateOf(shownState),
    PrivateDnsName: dns,
    PublicDnsName: '',
    StateTransitionReason: row.state_reason,
    AmiLaunchIndex: row.launch_index,
    ProductCodes: [],
    InstanceType: row.instance_type as NonNullable<Instance['InstanceType']>,
    LaunchTime: new Date(row.launched_at),
    Placement: { AvailabilityZone: row.availability_zone, GroupName: '', Tenancy: 'default' },
    Monitoring: { State: 'disabled' },
    SubnetId: row.subnet_id,
    VpcId: row.vpc_id,
    PrivateIpAddress: row.private_ip,
    Architecture: 'x86_64',
    BlockDeviceMappings: [],
    EbsOptimized: false,
    EnaSupport: true,
    Hypervisor: 'xen',
    NetworkInterfaces: [
      {
        Attachment: {
          AttachTime: new Date(row.created_at),
          AttachmentId: `eni-attach-${row.instance_id.slice(2)}`,
          DeleteOnTermination: true,
          DeviceIndex: 0,
          Status: shownState === 'terminated' ? 'detached' : 'attached',
          NetworkCardIndex: 0,
        },
        Description: '',
        Groups: groups,
        Ipv6Addresses: [],
        MacAddress: row.mac,
        NetworkInterfaceId: `eni-${row.instance_id.slice(2)}`,
        OwnerId: row.account_id,
        PrivateDnsName: dns,
        PrivateIpAddress: row.private_ip,
        PrivateIpAddresses: [{ Primary: true, PrivateDnsName: dns, PrivateIpAddress: row.private_ip }],
        SourceDestCheck: true,
        Status: 'in-use',
        SubnetId: row.subnet_id,
        VpcId: row.vpc_id,
        InterfaceType: 'interface',
      },
    ],
    RootDeviceName: '/dev/xvda',
    RootDeviceType: 'ebs',
    SecurityGroups: groups,
    SourceDestCheck: true,
    VirtualizationType: 'hvm',
    MetadataOptions: metadataOptions(row),
    PlatformDetails: 'Linux/UNIX',
    UsageOperation: 'RunInstances',
    UsageOperationUpdateTime: new Date(row.created_at),
    CurrentInstanceBootMode: 'legacy-bios',
  };
  if (shownState === 'terminated') delete instance.NetworkInterfaces;
  if (row.key_name !== null) instance.KeyName = row.key_name;
  if (row.client_token !== null) instance.ClientToken = row.client_token;
  if (tags.length > 0) instance.Tags = tags;
  if (association) instance.IamInstanceProfile = { Arn: association.profile_arn, Id: association.profile_id };
  if (stopped && row.state_reason !== '') {
    instance.StateReason = {
      Code: 'Client.UserInitiatedShutdown',
      Message: 'Client.UserInitiatedShutdown: User initiated shutdown',
    };
  }
  return instance;
}

/** Groups instances (in order) into their reservations, as RunInstances and DescribeInstances answer. */
export function reservations(
  rows: readonly InstanceRow[],
  render: (row: InstanceRow) => Instance,
): Reservation[] {
  const out: Reservation[] = [];
  const byId = new Map<string, Reservation>();
  for (const row of rows) {
    let r = byId.get(row.reservation_id);
    if (!r) {
      r = { ReservationId: row.reservation_id, OwnerId: row.account_id, Groups: [], Instances: [] };
      byId.set(row.reservation_id, r);
      out.push(r);
    }
    r.Instances!.push(render(row));
  }
  return out;
}

export function renderAssociation(
  a: AssociationRow,
  state: NonNullable<IamInstanceProfileAssociation['State']>,
): IamInstanceProfileAssociation {
  return {
    AssociationId: a.association_id,
    InstanceId: a.instance_id,
    IamInstanceProfile: { Arn: a.profile_arn, Id: a.profile_id },
    State: state,
    Timestamp: new Date(a.associated_at),
  };
}
