// Who is calling: the principal a verified signature stands for. Built by the credential resolvers
// (long-term keys in services/iam, session tokens in services/sts) and read by the pipeline, the
// authorizer and the handlers. Reference: iam-sts-policy.md §4.2 (Arn/UserId per caller type), §6.9.

/** `Anonymous`: an unsigned request, admitted only by services that opt in (S3, for public objects). */
export type CallerType = 'Root' | 'User' | 'AssumedRole' | 'FederatedUser' | 'Anonymous';

/** Facts carried by temporary credentials (sealed into the session token). */
export interface SessionFacts {
  /** Session token issue time, epoch ms (`aws:TokenIssueTime`). */
  readonly issuedAt: number;
  /** Expiry, epoch ms. */
  readonly expiresAt: number;
  /** Role sessions: the role. */
  readonly roleArn?: string;
  readonly roleName?: string;
  readonly roleId?: string;
  readonly sessionName?: string;
  /** Inline session policy (JSON text) and managed session policy ARNs. */
  readonly policy?: string;
  readonly policyArns?: readonly string[];
  /** Session tags, case preserved; transitive keys lower-cased. */
  readonly tags?: Readonly<Record<string, string>>;
  readonly transitiveTagKeys?: readonly string[];
  readonly sourceIdentity?: string;
  /** True when this session was made from another session (role chaining: 1 hour cap). */
  readonly chained?: boolean;
  /** For GetSessionToken/GetFederationToken: the long-term identity behind the session. */
  readonly parentArn?: string;
  readonly mfa?: boolean;
  /** EC2 instance-role sessions: instance facts for `ec2:SourceInstanceARN` and friends. */
  readonly instance?: {
    readonly arn: string;
    readonly privateIp?: string;
    readonly vpcId?: string;
    /** How the credentials were delivered: 1 = IMDSv1, 2 = IMDSv2 (`ec2:RoleDelivery`). */
    readonly delivery?: 1 | 2;
  };
  readonly kind: 'assumed-role' | 'session-token' | 'federation' | 'instance-role';
}

export interface Caller {
  readonly type: CallerType;
  readonly accountId: string;
  /** The ARN GetCallerIdentity answers. */
  readonly arn: string;
  /** `aws:userid` / GetCallerIdentity UserId. */
  readonly userId: string;
  readonly accessKeyId: string;
  /** IAM users: name and path. */
  readonly userName?: string;
  readonly path?: string;
  /** Present for temporary credentials. */
  readonly session?: SessionFacts;
}

export const rootArn = (accountId: string, partition = 'aws'): string =>
  `arn:${partition}:iam::${accountId}:root`;

/**
 * The caller of an unsigned request. It has no account and no key; the authorizer decides what, if
 * anything, it may do (a bucket policy granting `"Principal": "*"`). ARN and user id as AWS records
 * anonymous requests (`aws:userid` is `anonymous`, reference iam-sts-policy.md §6.9).
 */
export const ANONYMOUS_CALLER: Caller = {
  type: 'Anonymous',
  accountId: '',
  arn: 'anonymous',
  userId: 'anonymous',
  accessKeyId: '',
};
