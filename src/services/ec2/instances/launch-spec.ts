// What RunInstances asks for, checked and with EC2's defaults filled in (reference imds-ec2.md §C.3):
// the AMI, counts, user data (base64, at most 16 KB decoded), tags from TagSpecifications, placement
// (a zone, a subnet, or a zone picked at random), security groups (the default group when none),
// metadata options (optional / 1 / enabled / disabled / disabled).
import { randomInt } from 'node:crypto';
import { DRIVER_TAG, MAX_INSTANCES_PER_CALL } from '../deps.js';
import { Ec2Errors } from '../errors.js';
import { AMI_ID, derivedId, SUBNET_ID } from '../ids.js';
import {
  defaultSecurityGroupId,
  defaultSubnetId,
  defaultVpcId,
  findZone,
  zoneForSubnet,
  zones,
  type Zone,
} from '../network.js';
import type { RunInstancesRequest, Tag } from '../shapes.js';
import { checkTags, instanceTags } from '../tags/tag-rules.js';

export interface MetadataSettings {
  readonly httpTokens: string;
  readonly hopLimit: number;
  readonly httpEndpoint: string;
  readonly httpProtocolIpv6: string;
  readonly metadataTags: string;
}

export interface LaunchSpec {
  readonly imageId: string;
  readonly instanceType: string;
  readonly count: number;
  readonly userData: string | null;
  readonly tags: Tag[];
  readonly zone: Zone;
  readonly subnetId: string;
  readonly vpcId: string;
  readonly securityGroups: { GroupId: string; GroupName: string }[];
  readonly metadata: MetadataSettings;
  readonly driver: string | undefined;
}

const MAX_USER_DATA = 16 * 1024;

/** The checks that need no store, in the order AWS reports them (parameters before resources). */
export function checkCounts(input: RunInstancesRequest): void {
  if (input.ImageId === undefined || input.ImageId === '') throw Ec2Errors.missingParameter('ImageId');
  if (!AMI_ID.test(input.ImageId)) throw Ec2Errors.amiMalformed(input.ImageId);
  if (input.MinCount < 1)
    throw Ec2Errors.invalidParameterValue(
      `Value (${input.MinCount}) for parameter minCount is invalid. Expected a value greater than 0.`,
    );
  if (input.MaxCount < input.MinCount)
    throw Ec2Errors.invalidParameterValue(
      `Value (${input.MaxCount}) for parameter maxCount is invalid. Expected a value greater than or equal to minCount (${input.MinCount}).`,
    );
  if (input.MinCount > MAX_INSTANCES_PER_CALL) throw Ec2Errors.tooManyInstances(MAX_INSTANCES_PER_CALL);
  if (input.SubnetId !== undefined && !SUBNET_ID.test(input.SubnetId))
    throw Ec2Errors.subnetMalformed(input.SubnetId);
}

/** HttpPutResponseHopLimit is 1–64 (botocore model documentation). */
export function checkHopLimit(value: number | undefined): void {
  if (value !== undefined && (value < 1 || value > 64)) throw Ec2Errors.hopLimit(value);
}

export function metadataSettings(input: RunInstancesRequest): MetadataSettings {
  const m = input.MetadataOptions ?? {};
  checkHopLimit(m.HttpPutResponseHopLimit);
  return {
    httpTokens: m.HttpTokens ?? 'optional',
    hopLimit: m.HttpPutResponseHopLimit ?? 1,
    httpEndpoint: m.HttpEndpoint ?? 'enabled',
    httpProtocolIpv6: m.HttpProtocolIpv6 ?? 'disabled',
    metadataTags: m.InstanceMetadataTags ?? 'disabled',
  };
}

/** The tags of TagSpecifications with ResourceType `instance` (other resource types have nothing to tag here). */
export function launchTags(input: RunInstancesRequest): Tag[] {
  return (input.TagSpecifications ?? [])
    .filter((s) => s.ResourceType === 'instance')
    .flatMap((s) => s.Tags ?? []);
}

function decodeUserData(text: string | undefined): string | null {
  if (text === undefined || text === '') return null;
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) throw Ec2Errors.userDataEncoding();
  if (Buffer.from(compact, 'base64').length > MAX_USER_DATA) throw Ec2Errors.userDataTooLarge();
  return compact;
}

export function launchSpec(
  input: RunInstancesRequest,
  account: string,
  region: string,
  drivers: readonly string[],
): LaunchSpec {
  checkCounts(input);
  const tags = launchTags(input);
  const metadata = metadataSettings(input);
  checkTags(instanceTags([], tags), metadata.metadataTags === 'enabled');
  const driverTag = tags.find((t) => t.Key === DRIVER_TAG)?.Value;
  if (driverTag !== undefined && !drivers.includes(driverTag)) {
    throw Ec2Errors.invalidParameterValue(
      `The tag ${DRIVER_TAG} must name a driver this server runs: ${drivers.join(', ')}.`,
    );
  }

  let zone: Zone;
  let subnetId: string;
  const asked = input.Placement?.AvailabilityZone;
  if (input.SubnetId !== undefined) {
    zone = zoneForSubnet(account, region, input.SubnetId);
    subnetId = input.SubnetId;
  } else if (asked !== undefined && asked !== '') {
    const z = findZone(region, asked);
    if (!z) throw Ec2Errors.unknownAvailabilityZone(asked);
    zone = z;
    subnetId = defaultSubnetId(account, region, z.name);
  } else {
    const all = zones(region);
    zone = all[randomInt(0, all.length)]!;
    subnetId = defaultSubnetId(account, region, zone.name);
  }

  const groups = [
    ...(input.SecurityGroupIds ?? []).map((id) => ({
      GroupId: id,
      GroupName: id === defaultSecurityGroupId(account, region) ? 'default' : id,
    })),
    ...(input.SecurityGroups ?? []).map((name) => ({
      GroupId:
        name === 'default' ? defaultSecurityGroupId(account, region) : derivedId('sg', account, region, name),
      GroupName: name,
    })),
  ];

  return {
    imageId: input.ImageId!,
    instanceType: input.InstanceType ?? 'm1.small',
    count: Math.min(input.MaxCount, MAX_INSTANCES_PER_CALL),
    userData: decodeUserData(input.UserData),
    tags,
    zone,
    subnetId,
    vpcId: defaultVpcId(account, region),
    securityGroups:
      groups.length > 0
        ? groups
        : [{ GroupId: defaultSecurityGroupId(account, region), GroupName: 'default' }],
    metadata,
    driver: driverTag,
  };
}
