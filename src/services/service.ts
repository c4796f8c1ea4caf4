// The contract between the request pipeline (src/server/pipeline.ts) and each AWS service
// (STYLE.md §2–§3): a service is its model, its protocol, how it words auth and access failures, and a
// registry of operations. An operation declares the IAM action and resource ARNs it needs; the
// pipeline asks the authorizer; the handler only does the work.

import type { Caller } from '../aws/caller.js';
import type { Clock } from '../aws/clock.js';
import type { AwsError } from '../aws/errors.js';
import type { ServiceModel } from '../aws/model/shapes.js';
import type { Protocol, ShapeObject } from '../aws/protocols/protocol.js';
import type { WireRequest } from '../aws/protocols/wire.js';
import type { AuthErrorMapper } from '../aws/sigv4/auth-errors.js';

/** What a handler knows about the request it serves. */
export interface RequestContext {
  readonly requestId: string;
  readonly caller: Caller;
  /** The region the request was signed for (the server's region for unsigned requests). */
  readonly region: string;
  /** Arrival time, epoch ms, from the server clock. */
  readonly now: number;
  readonly clock: Clock;
  readonly sourceIp: string;
  readonly secureTransport: boolean;
  readonly userAgent: string | undefined;
  readonly wire: WireRequest;
  /**
   * Asks the authorizer about further requests while handling, for operations whose items are
   * authorized one by one (S3 DeleteObjects answers AccessDenied per key, the rest succeed).
   */
  readonly authorize: (requests: readonly AccessRequest[]) => Promise<Denial | undefined>;
}

export type ContextValue = string | readonly string[];

/** What an operation asks the authorizer to allow. */
export interface AccessRequest {
  /** `service:Action`, e.g. `iam:CreateRole`. */
  readonly action: string;
  /** The ARNs the action touches; `*` for actions that take no resource. Every one must be allowed. */
  readonly resources: readonly string[];
  /** Request-specific condition keys (`aws:RequestTag/…`, `iam:PassedToService`, `s3:prefix`, …). */
  readonly context?: Readonly<Record<string, ContextValue>>;
  /** The account that owns the resources, when it is not the caller's (cross-account access). */
  readonly resourceAccount?: string;
  /** A resource-based policy that applies (bucket policy, trust policy), as JSON text. */
  readonly resourcePolicy?: string;
  /**
   * The resource policy is a role's trust policy (sts:AssumeRole, sts:TagSession, …): AWS's trust rules
   * apply, and without one (no such role) the request is denied.
   */
  readonly trust?: boolean;
}

export interface OperationDefinition<I = ShapeObject, O = ShapeObject | void> {
  /** The IAM action this operation is authorized as. */
  readonly action: string;
  /** The resources (and context keys) to authorize; may read the store. */
  access(input: I, ctx: RequestContext): AccessRequest[] | Promise<AccessRequest[]>;
  /**
   * Allowed for every authenticated caller, whatever the policies say (AWS: sts:GetCallerIdentity
   * "succeeds even under an explicit deny", reference iam-sts-policy.md §4.2).
   */
  readonly alwaysAllowed?: boolean;
  handler(input: I, ctx: RequestContext): O | Promise<O>;
}

/** A registry entry as the pipeline stores it (input/output types erased). */
export type AnyOperation = OperationDefinition<never, unknown>;

/** Declares an operation with its typed input and output. */
export const operation = <I, O>(def: OperationDefinition<I, O>): OperationDefinition<I, O> => def;

/** The decision the pipeline got from the authorizer, for a service to word as its own AccessDenied. */
export interface Denial {
  readonly caller: Caller;
  readonly action: string;
  readonly resource: string;
  /** AWS's reason suffix, e.g. `because no identity-based policy allows the iam:CreateRole action`. */
  readonly reason: string;
  /** The engine's explanation, encoded for sts:DecodeAuthorizationMessage (EC2 puts it in its message). */
  readonly encodedMessage?: string;
  /** A rule rather than a policy decided (AWS words it on its own: "Roles may not be assumed by root accounts."). */
  readonly rule?: 'root-cannot-assume-role';
}

export interface ServiceDefinition {
  /** The SigV4 signing name, also the IAM action prefix: `sts`, `iam`, `ec2`, `s3`. */
  readonly name: string;
  readonly model: ServiceModel;
  readonly protocol: Protocol;
  readonly authErrors: AuthErrorMapper;
  /** How this service words a denial (IAM/STS AccessDenied, EC2 UnauthorizedOperation, S3 AccessDenied). */
  accessDenied(denial: Denial): AwsError;
  /**
   * SigV4 S3 rules (no path normalisation; UNSIGNED-PAYLOAD presigned; x-amz-content-sha256 required),
   * and S3's legacy V2 presigned URLs.
   */
  readonly s3Signing?: boolean;
  /** S3: the bucket a virtual-hosted request names in its Host (V2 signatures sign it). */
  hostBucket?(wire: WireRequest): string | undefined;
  /** The body is streamed to the handler instead of read by the edge (S3 uploads). */
  readonly streamingBody?: boolean;
  /**
   * Unsigned requests are admitted as the Anonymous caller (S3: objects made public by a bucket
   * policy); the authorizer decides what they may do. Otherwise they get the service's auth error.
   */
  readonly anonymous?: boolean;
  /** Every operation latchkey implements; the model's other operations answer NotImplemented. */
  readonly operations: ReadonlyMap<string, AnyOperation>;
  /**
   * Refuses callers whose kind of credentials may not call this service or operation at all, before
   * any policy is read (e.g. GetFederationToken sessions calling IAM). Undefined: everyone is admitted.
   */
  admit?(operation: string, ctx: RequestContext): AwsError | undefined;
}

/** The model's operations a service does not implement, and handlers with no model entry. */
export function checkRegistry(service: ServiceDefinition): {
  missing: string[];
  orphans: string[];
  undeclared: string[];
} {
  const missing = [...service.model.operations.keys()].filter((op) => !service.operations.has(op));
  const orphans = [...service.operations.keys()].filter((op) => !service.model.operations.has(op));
  const undeclared = [...service.operations.entries()]
    .filter(
      ([, op]) =>
        typeof op.action !== 'string' ||
        !/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(op.action) ||
        typeof op.access !== 'function',
    )
    .map(([name]) => name);
  return { missing, orphans, undeclared };
}

/** Decides whether a caller may do what an operation asks. The policy engine sits behind it. */
export interface Authorizer {
  /** undefined when every request is allowed; otherwise the first denial. */
  authorize(
    requests: readonly AccessRequest[],
    ctx: RequestContext,
  ): Promise<Denial | undefined> | Denial | undefined;
}
