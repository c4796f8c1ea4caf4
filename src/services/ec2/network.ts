// Regions, availability zones and each account's default VPC as latchkey models them: every account
// has a default VPC 172.31.0.0/16 per region with one /20 default subnet per zone (172.31.0.0/20 for
// the first zone, 172.31.16.0/20 for the second, …), as AWS's default VPCs do (EC2 UG "Default VPCs").
// Private DNS names follow EC2's IP-based naming: `ip-172-31-5-9.ec2.internal` in us-east-1,
// `ip-….REGION.compute.internal` elsewhere (EC2 UG "Amazon EC2 instance hostname types").
import { randomInt } from 'node:crypto';
import { derivedId } from './ids.js';

/** Commercial regions and their zone letters; `optIn` regions are listed only with AllRegions. */
const REGIONS: Readonly<Record<string, { zones: string; optIn?: boolean }>> = {
  'us-east-1': { zones: 'abcdef' },
  'us-east-2': { zones: 'abc' },
  'us-west-1': { zones: 'bc' },
  'us-west-2': { zones: 'abcd' },
  'ca-central-1': { zones: 'abd' },
  'sa-east-1': { zones: 'abc' },
  'eu-west-1': { zones: 'abc' },
  'eu-west-2': { zones: 'abc' },
  'eu-west-3': { zones: 'abc' },
  'eu-central-1': { zones: 'abc' },
  'eu-north-1': { zones: 'abc' },
  'eu-south-1': { zones: 'abc', optIn: true },
  'ap-south-1': { zones: 'abc' },
  'ap-northeast-1': { zones: 'acd' },
  'ap-northeast-2': { zones: 'abcd' },
  'ap-northeast-3': { zones: 'abc' },
  'ap-southeast-1': { zones: 'abc' },
  'ap-southeast-2': { zones: 'abc' },
  'ap-east-1': { zones: 'abc', optIn: true },
  'af-south-1': { zones: 'abc', optIn: true },
  'me-south-1': { zones: 'abc', optIn: true },
};

export interface RegionInfo {
  readonly name: string;
  readonly optIn: boolean;
}

/** Every region latchkey knows, plus the server's own region if it is not among them. */
export function regions(serverRegion: string): RegionInfo[] {
  const out = Object.entries(REGIONS).map(([name, r]) => ({ name, optIn: r.optIn === true }));
  if (!REGIONS[serverRegion]) out.push({ name: serverRegion, optIn: false });
  return out;
}

export const regionEndpoint = (region: string): string => `ec2.${region}.amazonaws.com`;

/** `use1` for us-east-1, `apne1` for ap-northeast-1: the prefix of EC2's zone ids. */
function zoneIdPrefix(region: string): string {
  const [geo = '', direction = '', n = '1'] = region.split('-');
  const dir = /^(north|south)(east|west)$/.test(direction)
    ? direction[0]! + direction[5]!
    : direction.slice(0, 1);
  return `${geo}${dir}${n}`;
}

export interface Zone {
  readonly name: string;
  readonly id: string;
  /** Position in the region's zones: the default subnet is 172.31.(16·index).0/20. */
  readonly index: number;
}

export function zones(region: string): Zone[] {
  const letters = REGIONS[region]?.zones ?? 'abc';
  return [...letters].map((l, i) => ({
    name: region + l,
    id: `${zoneIdPrefix(region)}-az${i + 1}`,
    index: i,
  }));
}

export const findZone = (region: string, name: string): Zone | undefined =>
  zones(region).find((z) => z.name === name);

/** The account's default VPC in a region, its default subnets and security group. */
export const defaultVpcId = (account: string, region: string): string => derivedId('vpc', account, region);
export const defaultSubnetId = (account: string, region: string, zone: string): string =>
  derivedId('subnet', account, region, zone);
export const defaultSecurityGroupId = (account: string, region: string): string =>
  derivedId('sg', account, region, 'default');

/** The zone of a subnet id latchkey did not make: a stable choice, so the same subnet stays in one zone. */
export function zoneForSubnet(account: string, region: string, subnetId: string): Zone {
  const all = zones(region);
  const own = all.find((z) => defaultSubnetId(account, region, z.name) === subnetId);
  if (own) return own;
  const h = [...subnetId].reduce((a, c) => (a * 31 + c.charCodeAt(0)) >>> 0, 7);
  return all[h % all.length]!;
}

/** A random host address in the zone's /20, skipping the first four and the last (AWS reserves them). */
export function randomPrivateIp(zone: Zone): string {
  const base = 16 * zone.index; // third octet of the /20's first address
  const host = randomInt(4, 4095); // 4 … 4094 within the /20
  return `172.31.${base + (host >> 8)}.${host & 255}`;
}

export function privateDnsName(ip: string, region: string): string {
  const name = `ip-${ip.replaceAll('.', '-')}`;
  return region === 'us-east-1' ? `${name}.ec2.internal` : `${name}.${region}.compute.internal`;
}

/**
 * A loopback address for an instance's metadata endpoint, from 127.64.0.0/10 (four million addresses:
 * Linux routes all of 127.0.0.0/8 to the loopback interface). Never 127.0.0.1.
 */
export function randomMetadataAddress(): string {
  const n = randomInt(0, 1 << 14); // 14 bits for the second and third octets, the fourth 1 … 254
  return `127.${64 + (n >> 8)}.${n & 255}.${randomInt(1, 255)}`;
}
