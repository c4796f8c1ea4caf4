// The request-context contract: the global condition keys every service fills, in one place
// (reference §6.9, §5.3; UG reference_policies_condition-keys).
//
// Owns: GLOBAL_CONDITION_KEYS (name, type, when present, value) and buildRequestContext(), the
// one function services call so every request carries the same keys with the same spelling:
//   - time comes from the caller (the engine never reads a clock): aws:CurrentTime as ISO-8601
//     UTC without milliseconds, aws:EpochTime in seconds;
//   - aws:PrincipalArn is the role ARN for role sessions; aws:username only for IAM users;
//   - aws:MultiFactorAuthPresent and aws:TokenIssueTime only for temporary credentials;
//   - ec2:SourceInstanceARN, ec2:RoleDelivery ("1.0"/"2.0"), aws:Ec2InstanceSourceVpc and
//     aws:Ec2InstanceSourcePrivateIPv4 only for EC2 instance-role credentials;
//   - aws:TagKeys is multi-valued; the tag-key suffixes keep the caller's spelling (keys are
//     matched case-insensitively anyway).
// Imports context and principal.

import type { ContextValueInput } from './context.js';
import { RequestContext } from './context.js';
import type { AuthzPrincipal } from './principal.js';
import { principalArnKey } from './principal.js';

export type ConditionKeyType = 'String' | 'ARN' | 'Date' | 'Numeric' | 'Bool' | 'IPAddress' | 'ArrayOfString';

export interface ConditionKeyInfo {
  readonly key: string;
  readonly type: ConditionKeyType;
  /** When the key is in the request context. */
  readonly present: string;
  /** What the value is. */
  readonly value: string;
}

export const GLOBAL_CONDITION_KEYS: readonly ConditionKeyInfo[] = [
  { key: 'aws:CurrentTime', type: 'Date', present: 'always', value: 'request time, ISO-8601 UTC' },
  { key: 'aws:EpochTime', type: 'Numeric', present: 'always', value: 'request time, epoch seconds' },
  { key: 'aws:SourceIp', type: 'IPAddress', present: 'when the caller address is known', value: 'caller IP' },
  { key: 'aws:SecureTransport', type: 'Bool', present: 'always', value: 'true when TLS was used' },
  {
    key: 'aws:RequestedRegion',
    type: 'String',
    present: 'when given',
    value: 'region of the endpoint (IAM: us-east-1)',
  },
  {
    key: 'aws:PrincipalArn',
    type: 'ARN',
    present: 'signed requests',
    value: 'user / role (for sessions) / federated-user / root ARN',
  },
  { key: 'aws:PrincipalAccount', type: 'String', present: 'signed requests', value: 'caller account id' },
  {
    key: 'aws:PrincipalType',
    type: 'String',
    present: 'always',
    value: 'Account | User | FederatedUser | AssumedRole | Anonymous',
  },
  {
    key: 'aws:PrincipalIsAWSService',
    type: 'Bool',
    present: 'signed requests',
    value: 'true when a service principal acts',
  },
  {
    key: 'aws:userid',
    type: 'String',
    present: 'always',
    value: 'account id | AIDA… | AROA…:session | ACCOUNT:name | anonymous',
  },
  { key: 'aws:username', type: 'String', present: 'IAM users only', value: 'user name' },
  {
    key: 'aws:PrincipalTag/<key>',
    type: 'String',
    present: 'principal has the tag',
    value: 'user tags; role tags + session tags',
  },
  {
    key: 'aws:RequestTag/<key>',
    type: 'String',
    present: 'request carries tags',
    value: 'tag value in the request',
  },
  {
    key: 'aws:TagKeys',
    type: 'ArrayOfString',
    present: 'request carries tags',
    value: 'tag keys in the request',
  },
  {
    key: 'aws:ResourceTag/<key>',
    type: 'String',
    present: 'resource has the tag',
    value: 'tag value on the resource',
  },
  {
    key: 'aws:ResourceAccount',
    type: 'String',
    present: 'when the resource owner is known',
    value: 'resource account id',
  },
  {
    key: 'aws:TokenIssueTime',
    type: 'Date',
    present: 'temporary credentials only',
    value: 'session issue time',
  },
  {
    key: 'aws:MultiFactorAuthPresent',
    type: 'Bool',
    present: 'temporary credentials only',
    value: 'MFA used',
  },
  {
    key: 'aws:MultiFactorAuthAge',
    type: 'Numeric',
    present: 'when MFA was used',
    value: 'seconds since MFA',
  },
  {
    key: 'aws:SourceIdentity',
    type: 'String',
    present: 'session has a source identity',
    value: 'source identity',
  },
  { key: 'aws:ViaAWSService', type: 'Bool', present: 'always', value: 'false for direct calls' },
  {
    key: 'ec2:SourceInstanceARN',
    type: 'ARN',
    present: 'EC2 instance-role credentials',
    value: 'arn:aws:ec2:REGION:ACCOUNT:instance/ID',
  },
  {
    key: 'ec2:RoleDelivery',
    type: 'Numeric',
    present: 'EC2 instance-role credentials',
    value: '1.0 (IMDSv1) or 2.0 (IMDSv2)',
  },
  {
    key: 'aws:Ec2InstanceSourceVpc',
    type: 'String',
    present: 'EC2 instance-role credentials',
    value: 'VPC id of the instance',
  },
  {
    key: 'aws:Ec2InstanceSourcePrivateIPv4',
    type: 'IPAddress',
    present: 'EC2 instance-role credentials',
    value: 'primary private IPv4',
  },
  {
    key: 'iam:PassedToService',
    type: 'String',
    present: 'iam:PassRole only',
    value: 'service principal the role is passed to',
  },
];

export interface GlobalContextInput {
  readonly principal: AuthzPrincipal;
  /** Request time: a Date or epoch milliseconds. */
  readonly time: Date | number;
  readonly sourceIp?: string | undefined;
  /** Defaults to true. */
  readonly secureTransport?: boolean | undefined;
  readonly requestedRegion?: string | undefined;
  /** Defaults to false. */
  readonly viaAwsService?: boolean | undefined;
  /** Set for temporary credentials (role sessions, federation, GetSessionToken). */
  readonly session?:
    | {
        readonly tokenIssueTime: Date | number;
        readonly mfaPresent?: boolean | undefined;
        readonly mfaAgeSeconds?: number | undefined;
        readonly sourceIdentity?: string | undefined;
      }
    | undefined;
  /** Set for EC2 instance-role credentials (§5.3). */
  readonly ec2?:
    | {
        readonly sourceInstanceArn: string;
        readonly roleDelivery: 1 | 2;
        readonly sourceVpc?: string | undefined;
        readonly sourcePrivateIpv4?: string | undefined;
      }
    | undefined;
  readonly requestTags?: Readonly<Record<string, string>> | undefined;
  readonly resourceTags?: Readonly<Record<string, string>> | undefined;
  readonly resourceAccount?: string | undefined;
  /** iam:PassRole: the service the role is passed to. */
  readonly passedToService?: string | undefined;
  /** Service-specific keys (s3:prefix, sts:ExternalId, iam:AssociatedResourceArn…). */
  readonly extra?: Readonly<Record<string, ContextValueInput | undefined>> | undefined;
}

function ms(t: Date | number): number {
  return typeof t === 'number' ? t : t.getTime();
}

// Formatting dates is slow and requests arrive many per second (and share token issue times):
// remember the last few seconds formatted.
const isoMemo = new Map<number, string>();

/** ISO-8601 UTC without milliseconds, e.g. 2024-05-01T12:00:00Z. */
export function isoSeconds(t: Date | number): string {
  const second = Math.floor(ms(t) / 1000);
  let iso = isoMemo.get(second);
  if (iso === undefined) {
    iso = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
    if (isoMemo.size >= 64) isoMemo.clear();
    isoMemo.set(second, iso);
  }
  return iso;
}

const bool = (b: boolean): string => (b ? 'true' : 'false');

export function buildRequestContext(input: GlobalContextInput): RequestContext {
  const p = input.principal;
  const b = RequestContext.builder();
  const second = Math.floor(ms(input.time) / 1000);
  b.setString('aws:currenttime', 'aws:CurrentTime', isoSeconds(input.time));
  b.setString('aws:epochtime', 'aws:EpochTime', String(second));
  b.setString('aws:sourceip', 'aws:SourceIp', input.sourceIp);
  b.setString('aws:securetransport', 'aws:SecureTransport', bool(input.secureTransport ?? true));
  b.setString('aws:requestedregion', 'aws:RequestedRegion', input.requestedRegion);
  b.setString('aws:principalarn', 'aws:PrincipalArn', principalArnKey(p));
  b.setString('aws:principalaccount', 'aws:PrincipalAccount', p.accountId === '' ? undefined : p.accountId);
  b.setString('aws:principaltype', 'aws:PrincipalType', p.type);
  if (p.type !== 'Anonymous')
    b.setString('aws:principalisawsservice', 'aws:PrincipalIsAWSService', bool(p.type === 'Service'));
  b.setString('aws:userid', 'aws:userid', p.userId);
  if (p.type === 'User') b.setString('aws:username', 'aws:username', p.userName);
  b.setString('aws:viaawsservice', 'aws:ViaAWSService', bool(input.viaAwsService ?? false));
  b.setString('aws:resourceaccount', 'aws:ResourceAccount', input.resourceAccount);
  b.setString('iam:passedtoservice', 'iam:PassedToService', input.passedToService);
  if (p.tags) for (const k in p.tags) b.set(`aws:PrincipalTag/${k}`, p.tags[k]);
  if (input.requestTags) {
    const keys: string[] = [];
    for (const k in input.requestTags) {
      b.set(`aws:RequestTag/${k}`, input.requestTags[k]);
      keys.push(k);
    }
    if (keys.length > 0) b.set('aws:TagKeys', keys);
  }
  if (input.resourceTags)
    for (const k in input.resourceTags) b.set(`aws:ResourceTag/${k}`, input.resourceTags[k]);
  const s = input.session;
  if (s) {
    b.setString('aws:tokenissuetime', 'aws:TokenIssueTime', isoSeconds(s.tokenIssueTime));
    b.setString('aws:multifactorauthpresent', 'aws:MultiFactorAuthPresent', bool(s.mfaPresent ?? false));
    if (s.mfaPresent && s.mfaAgeSeconds !== undefined) b.set('aws:MultiFactorAuthAge', s.mfaAgeSeconds);
    b.setString('aws:sourceidentity', 'aws:SourceIdentity', s.sourceIdentity);
  }
  const e = input.ec2;
  if (e) {
    b.setString('ec2:sourceinstancearn', 'ec2:SourceInstanceARN', e.sourceInstanceArn);
    b.setString('ec2:roledelivery', 'ec2:RoleDelivery', e.roleDelivery === 2 ? '2.0' : '1.0');
    b.setString('aws:ec2instancesourcevpc', 'aws:Ec2InstanceSourceVpc', e.sourceVpc);
    b.setString('aws:ec2instancesourceprivateipv4', 'aws:Ec2InstanceSourcePrivateIPv4', e.sourcePrivateIpv4);
  }
  if (input.extra) for (const k in input.extra) b.set(k, input.extra[k]);
  return b.build();
}
