// The authorization request and policy inputs of evaluate() (reference §7.1).
//
// Owns: AuthzRequest (who, what action, which resource, which context), LabeledPolicy and
// PolicySet (which policies apply — loading them is the services' job), and the per-call
// preparation that splits the action and resource once. Imports the context, principal and
// matcher preparation helpers.

import type { PreparedAction } from './action-matcher.js';
import { prepareAction } from './action-matcher.js';
import type { CompiledPolicy } from './compiled-policy.js';
import type { RequestContext } from './context.js';
import type { AuthzPrincipal } from './principal.js';
import type { PreparedResource } from './resource-matcher.js';
import { prepareResource } from './resource-matcher.js';

export interface AuthzRequest {
  readonly principal: AuthzPrincipal;
  /** `service:Action`, e.g. `s3:GetObject` (any case). */
  readonly action: string;
  /** The resource ARN, or `*` for actions that take no resource (iam:ListRoles, sts:GetCallerIdentity). */
  readonly resource: string;
  /**
   * The account that owns the resource. When it differs from the principal's account the request
   * is cross-account (§7.5). Defaults to the resource policy's ownerAccount, else same-account.
   */
  readonly resourceAccount?: string | undefined;
  /** Condition keys (see global-context.ts for the keys every service fills). */
  readonly context: RequestContext;
}

/** A compiled policy with the name explanations use. */
export interface LabeledPolicy {
  /** Human label: a policy ARN, or `role/NAME inline policy NAME`. */
  readonly label: string;
  readonly policy: CompiledPolicy;
  /** SimulatePrincipalPolicy's SourcePolicyId (defaults to the label). */
  readonly sourceId?: string | undefined;
  /** SimulatePrincipalPolicy's SourcePolicyType (AWS sends "IAM Policy" for identity policies). */
  readonly sourceType?: string | undefined;
}

export interface ResourcePolicyInput {
  readonly policy: LabeledPolicy;
  /** The account that owns the resource the policy is attached to. */
  readonly ownerAccount: string;
}

export interface PolicySet {
  /** Identity policies: the user's (plus its groups'), or the role's, inline and managed. */
  readonly identity?: readonly LabeledPolicy[] | undefined;
  /** The user's or role's permissions boundary. */
  readonly boundary?: LabeledPolicy | undefined;
  /**
   * Session policies passed when the session was created. Undefined or empty: none were passed
   * (a role session is then not limited; a GetFederationToken session has no permissions).
   */
  readonly session?: readonly LabeledPolicy[] | undefined;
  /** The resource-based policy of the resource (a role's trust policy for sts:AssumeRole). */
  readonly resource?: ResourcePolicyInput | undefined;
  /** SCPs by level of the organization, root first; each level must allow (§7.2). */
  readonly scps?: readonly (readonly LabeledPolicy[])[] | undefined;
}

/** The request split once per evaluation. */
export interface PreparedRequest {
  readonly request: AuthzRequest;
  readonly principal: AuthzPrincipal;
  readonly action: PreparedAction;
  readonly resource: PreparedResource;
  readonly ctx: RequestContext;
  /** NotPrincipal+Deny always applies to a principal that has a permissions boundary (§6.4). */
  readonly hasBoundary: boolean;
}

export function prepare(request: AuthzRequest, policies: PolicySet): PreparedRequest {
  return {
    request,
    principal: request.principal,
    action: prepareAction(request.action),
    resource: prepareResource(request.resource),
    ctx: request.context,
    hasBoundary: policies.boundary !== undefined,
  };
}
