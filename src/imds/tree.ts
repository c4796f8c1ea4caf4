// The metadata tree of one instance (reference imds-ec2.md §A.3, §A.4; EC2UG-categories): directories
// list their children one per line, sub-directories with a trailing `/`, no newline after the last;
// a directory asked without its slash still lists (`/latest/meta-data/iam`, IAMUG-trouble); a leaf asked
// with a trailing slash still answers (botocore asks `placement/availability-zone/`). Items that do not
// apply are absent (404): `iam/` without a profile, `tags/` unless InstanceMetadataTags is enabled,
// public addresses (instances here have none), user-data when there is none.
// The static part is built once per instance view; `iam/` and the signed identity documents are
// answered by ./service.ts because they change without the instance changing.

export type Node =
  | { readonly kind: 'leaf'; readonly value: string }
  | { readonly kind: 'dir'; readonly entries: ReadonlyMap<string, Node> }
  /** Answered by the service: the `iam/` subtree, the identity signatures, identity credentials. */
  | { readonly kind: 'dynamic'; readonly name: DynamicName };

export type DynamicName = 'iam' | 'document' | 'signature' | 'pkcs7' | 'rsa2048' | 'identity-credentials';

export const leaf = (value: string): Node => ({ kind: 'leaf', value });
export const dir = (entries: readonly (readonly [string, Node])[]): Node => ({
  kind: 'dir',
  entries: new Map(entries),
});
const dynamic = (name: DynamicName): Node => ({ kind: 'dynamic', name });

/** The versions `GET /` lists (EC2UG-retrieval example 1); each serves the same tree as `latest`. */
export const VERSIONS = [
  '1.0',
  '2007-01-19',
  '2007-03-01',
  '2007-08-29',
  '2007-10-10',
  '2007-12-15',
  '2008-02-01',
  '2008-09-01',
  '2009-04-04',
  '2011-01-01',
  '2011-05-01',
  '2012-01-12',
  '2014-02-25',
  '2014-11-05',
  '2015-10-20',
  '2016-04-19',
  '2016-06-30',
  '2016-09-02',
  '2018-03-28',
  '2018-08-17',
  '2018-09-24',
  '2019-10-01',
  '2020-10-27',
  '2021-01-03',
  '2021-03-23',
  'latest',
] as const;

export const isVersion = (s: string): boolean => (VERSIONS as readonly string[]).includes(s);

export interface TreeFacts {
  readonly instanceId: string;
  readonly amiId: string;
  readonly launchIndex: number;
  readonly instanceType: string;
  readonly hostname: string;
  readonly privateIp: string;
  readonly mac: string;
  readonly reservationId: string;
  readonly securityGroups: readonly { GroupId: string; GroupName: string }[];
  readonly availabilityZone: string;
  readonly availabilityZoneId: string;
  readonly region: string;
  readonly accountId: string;
  readonly subnetId: string;
  readonly vpcId: string;
  readonly associated: boolean;
  /** Present when InstanceMetadataTags is enabled. */
  readonly tags: readonly { Key?: string; Value?: string }[] | undefined;
}

/** `meta-data/` of an instance (EC2UG-retrieval example 2 for the order). */
export function metaData(f: TreeFacts): Node {
  const [a, b, c] = f.privateIp.split('.');
  const subnetCidr = `${a}.${b}.${Number(c) & 0xf0}.0/20`;
  const macDir = dir([
    ['device-number', leaf('0')],
    ['interface-id', leaf(`eni-${f.instanceId.slice(2)}`)],
    ['local-hostname', leaf(f.hostname)],
    ['local-ipv4s', leaf(f.privateIp)],
    ['mac', leaf(f.mac)],
    ['owner-id', leaf(f.accountId)],
    ['security-group-ids', leaf(f.securityGroups.map((g) => g.GroupId).join('\n'))],
    ['security-groups', leaf(f.securityGroups.map((g) => g.GroupName).join('\n'))],
    ['subnet-id', leaf(f.subnetId)],
    ['subnet-ipv4-cidr-block', leaf(subnetCidr)],
    ['vpc-id', leaf(f.vpcId)],
    ['vpc-ipv4-cidr-block', leaf('172.31.0.0/16')],
    ['vpc-ipv4-cidr-blocks', leaf('172.31.0.0/16')],
  ]);
  const entries: [string, Node][] = [
    ['ami-id', leaf(f.amiId)],
    ['ami-launch-index', leaf(String(f.launchIndex))],
    ['ami-manifest-path', leaf('(unknown)')],
    [
      'block-device-mapping',
      dir([
        ['ami', leaf('/dev/xvda')],
        ['root', leaf('/dev/xvda')],
      ]),
    ],
    [
      'events',
      dir([
        [
          'maintenance',
          dir([
            ['history', leaf('[]')],
            ['scheduled', leaf('[]')],
          ]),
        ],
      ]),
    ],
    ['hostname', leaf(f.hostname)],
  ];
  if (f.associated) entries.push(['iam', dynamic('iam')]);
  entries.push(
    ['identity-credentials', dynamic('identity-credentials')],
    ['instance-action', leaf('none')],
    ['instance-id', leaf(f.instanceId)],
    ['instance-life-cycle', leaf('on-demand')],
    ['instance-type', leaf(f.instanceType)],
    ['local-hostname', leaf(f.hostname)],
    ['local-ipv4', leaf(f.privateIp)],
    ['mac', leaf(f.mac)],
    ['metrics', dir([['vhostmd', leaf('<?xml version="1.0" encoding="UTF-8"?>')]])],
    ['network', dir([['interfaces', dir([['macs', dir([[f.mac, macDir]])]])]])],
    [
      'placement',
      dir([
        ['availability-zone', leaf(f.availabilityZone)],
        ['availability-zone-id', leaf(f.availabilityZoneId)],
        ['region', leaf(f.region)],
      ]),
    ],
    ['profile', leaf('default-hvm')],
    ['reservation-id', leaf(f.reservationId)],
    ['security-groups', leaf(f.securityGroups.map((g) => g.GroupName).join('\n'))],
    [
      'services',
      dir([
        ['domain', leaf('amazonaws.com')],
        ['partition', leaf('aws')],
      ]),
    ],
  );
  if (f.tags) {
    const instanceTags = dir(f.tags.map((t) => [t.Key ?? '', leaf(t.Value ?? '')] as const));
    entries.push(['tags', dir([['instance', instanceTags]])]);
  }
  return dir(entries);
}

export function dynamicData(): Node {
  return dir([
    ['fws', dir([['instance-monitoring', leaf('disabled')]])],
    [
      'instance-identity',
      dir([
        ['document', dynamic('document')],
        ['pkcs7', dynamic('pkcs7')],
        ['rsa2048', dynamic('rsa2048')],
        ['signature', dynamic('signature')],
      ]),
    ],
  ]);
}

/** `/latest/` of an instance: `dynamic`, `meta-data`, and `user-data` when there is some. */
export function versionRoot(f: TreeFacts, hasUserData: boolean): Node {
  const entries: [string, Node][] = [
    ['dynamic', dynamicData()],
    ['meta-data', metaData(f)],
  ];
  if (hasUserData) entries.push(['user-data', leaf('')]);
  return dir(entries);
}

/** A directory's listing: names, sub-directories with `/`, joined by LF, no final LF. */
export function listing(node: Extract<Node, { kind: 'dir' }>): string {
  let out = '';
  for (const [name, child] of node.entries) {
    if (out !== '') out += '\n';
    out +=
      child.kind === 'dir' ||
      (child.kind === 'dynamic' && (child.name === 'iam' || child.name === 'identity-credentials'))
        ? `${name}/`
        : name;
  }
  return out;
}

/** The node at `segments` below `root` (a dynamic node with the segments left under it), or undefined (404). */
export function walk(root: Node, segments: readonly string[]): { node: Node; rest: string[] } | undefined {
  let node = root;
  for (let i = 0; i < segments.length; i++) {
    if (node.kind === 'dynamic') return { node, rest: segments.slice(i) };
    if (node.kind !== 'dir') return undefined;
    const next = node.entries.get(segments[i]!);
    if (!next) return undefined;
    node = next;
  }
  return { node, rest: [] };
}
