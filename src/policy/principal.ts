// The request principal (reference §2.3 ARN formats, §4.2 GetCallerIdentity table, §6.9).
//
// Owns: AuthzPrincipal, the caller as the engine sees it, and small builders that derive the
// session ARN and aws:userid exactly as AWS forms them, so every service describes a caller the
// same way. Imports nothing.

export type PrincipalType = 'Account' | 'User' | 'AssumedRole' | 'FederatedUser' | 'Service' | 'Anonymous';

export interface AuthzPrincipal {
  readonly type: PrincipalType;
  /**
   * Account: `arn:aws:iam::A:root`; User: the user ARN (with path); AssumedRole:
   * `arn:aws:sts::A:assumed-role/ROLE/SESSION` (no path); FederatedUser:
   * `arn:aws:sts::A:federated-user/NAME`; Service: the service principal (`ec2.amazonaws.com`);
   * Anonymous: `anonymous`.
   */
  readonly arn: string;
  /** The principal's account; empty for Service and Anonymous. */
  readonly accountId: string;
  /** aws:userid: account id (root), AIDA… (user), AROA…:session, ACCOUNT:name, `anonymous`. */
  readonly userId: string;
  /** IAM users only (aws:username is absent for everyone else). */
  readonly userName?: string | undefined;
  /** Role sessions: the role ARN with its path (aws:PrincipalArn). */
  readonly roleArn?: string | undefined;
  /** Role sessions: the role's unique id (AROA…). */
  readonly roleId?: string | undefined;
  readonly sessionName?: string | undefined;
  /** GetFederationToken sessions: the IAM user who federated. */
  readonly sourceUserArn?: string | undefined;
  /** aws:PrincipalTag/*: user tags, or role tags overlaid with session tags. */
  readonly tags?: Readonly<Record<string, string>> | undefined;
}

/** Fields of an ARN: `arn:partition:service:region:account:resource`. */
export function arnFields(arn: string): { partition: string; account: string; resource: string } | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return { partition: parts[1] ?? 'aws', account: parts[4] ?? '', resource: parts.slice(5).join(':') };
}

export function rootPrincipal(accountId: string, partition = 'aws'): AuthzPrincipal {
  return { type: 'Account', arn: `arn:${partition}:iam::${accountId}:root`, accountId, userId: accountId };
}

export function userPrincipal(u: {
  arn: string;
  userId: string;
  tags?: Readonly<Record<string, string>>;
}): AuthzPrincipal {
  const f = arnFields(u.arn);
  const name = u.arn.slice(u.arn.lastIndexOf('/') + 1);
  return {
    type: 'User',
    arn: u.arn,
    accountId: f?.account ?? '',
    userId: u.userId,
    userName: name,
    tags: u.tags,
  };
}

/** A role session; for EC2 instance roles the session name is the instance id (§5.3). */
export function roleSessionPrincipal(s: {
  roleArn: string;
  roleId: string;
  sessionName: string;
  tags?: Readonly<Record<string, string>>;
}): AuthzPrincipal {
  const f = arnFields(s.roleArn);
  const roleName = s.roleArn.slice(s.roleArn.lastIndexOf('/') + 1);
  const partition = f?.partition ?? 'aws';
  const account = f?.account ?? '';
  return {
    type: 'AssumedRole',
    arn: `arn:${partition}:sts::${account}:assumed-role/${roleName}/${s.sessionName}`,
    accountId: account,
    userId: `${s.roleId}:${s.sessionName}`,
    roleArn: s.roleArn,
    roleId: s.roleId,
    sessionName: s.sessionName,
    tags: s.tags,
  };
}

export function federatedUserPrincipal(f: {
  accountId: string;
  name: string;
  sourceUserArn?: string;
  partition?: string;
  tags?: Readonly<Record<string, string>>;
}): AuthzPrincipal {
  return {
    type: 'FederatedUser',
    arn: `arn:${f.partition ?? 'aws'}:sts::${f.accountId}:federated-user/${f.name}`,
    accountId: f.accountId,
    userId: `${f.accountId}:${f.name}`,
    sourceUserArn: f.sourceUserArn,
    tags: f.tags,
  };
}

/** An AWS service acting as itself (e.g. EC2 assuming an instance role). */
export function servicePrincipal(service: string): AuthzPrincipal {
  return { type: 'Service', arn: service, accountId: '', userId: service };
}

export const ANONYMOUS_PRINCIPAL: AuthzPrincipal = {
  type: 'Anonymous',
  arn: 'anonymous',
  accountId: '',
  userId: 'anonymous',
};

/**
 * The ARN aws:PrincipalArn carries: the role ARN for role sessions, the principal's own ARN
 * otherwise; undefined for services and anonymous callers (§6.9).
 */
export function principalArnKey(p: AuthzPrincipal): string | undefined {
  if (p.type === 'AssumedRole') return p.roleArn ?? p.arn;
  if (p.type === 'Service' || p.type === 'Anonymous') return undefined;
  return p.arn;
}
