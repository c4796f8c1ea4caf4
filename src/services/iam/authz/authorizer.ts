// The authorizer every request goes through (DESIGN.md: authorize stage): the caller's policies from
// PrincipalPolicies, the request context built once per request (global keys + the operation's keys),
// and the policy engine's decision for each action and resource the operation named. A denial
// carries AWS's reason and the engine's explanation, sealed for sts:DecodeAuthorizationMessage.
import type { Caller } from '../../../aws/caller.js';
import {
  ANONYMOUS_PRINCIPAL,
  buildRequestContext,
  compilePolicy,
  denialSuffix,
  evaluate,
  evaluateTrust,
  federatedUserPrincipal,
  rootPrincipal,
  roleSessionPrincipal,
  toAuthorizationMessage,
  userPrincipal,
  type AuthzPrincipal,
  type AuthzRequest,
  type Decision,
  type PolicySet,
} from '../../../policy/index.js';
import type { AccessRequest, Authorizer, Denial, RequestContext } from '../../service.js';
import type { CallerPolicies, PrincipalPolicies } from './principal-policies.js';

/** Seals a decision's explanation into the opaque blob EC2 and DecodeAuthorizationMessage carry. */
export interface AuthorizationMessages {
  encode(document: Record<string, unknown>): string;
}

export function principalOf(caller: Caller, tags: Readonly<Record<string, string>>): AuthzPrincipal {
  const s = caller.session;
  switch (caller.type) {
    case 'Root':
      return rootPrincipal(caller.accountId);
    case 'User':
      return userPrincipal({ arn: caller.arn, userId: caller.userId, tags });
    case 'AssumedRole':
      return roleSessionPrincipal({
        roleArn: s!.roleArn!,
        roleId: s!.roleId!,
        sessionName: s!.sessionName!,
        tags,
      });
    case 'FederatedUser':
      return federatedUserPrincipal({
        accountId: caller.accountId,
        name: caller.arn.slice(caller.arn.lastIndexOf('/') + 1),
        ...(s?.parentArn !== undefined ? { sourceUserArn: s.parentArn } : {}),
        tags,
      });
    case 'Anonymous':
      return ANONYMOUS_PRINCIPAL;
  }
}

export class PolicyAuthorizer implements Authorizer {
  constructor(
    private readonly principals: PrincipalPolicies,
    private readonly messages: AuthorizationMessages,
  ) {}

  async authorize(requests: readonly AccessRequest[], ctx: RequestContext): Promise<Denial | undefined> {
    const caller = ctx.caller;
    const policies = await this.principals.forCaller(caller);
    const principal = principalOf(caller, policies.tags);
    for (const req of requests) {
      const set = this.#policySet(policies, req, caller);
      for (const resource of req.resources) {
        if (req.trust && req.resourcePolicy === undefined) {
          // No such role: AWS answers AccessDenied, never NoSuchEntity (reference §4.1, §10.1) — and a
          // root caller hears, as always, that roles may not be assumed by root accounts.
          if (caller.type === 'Root' && req.action === 'sts:AssumeRole') {
            return { caller, action: req.action, resource, reason: '', rule: 'root-cannot-assume-role' };
          }
          return { caller, action: req.action, resource, reason: '' };
        }
        const request = this.#request(principal, req, resource, ctx);
        const decision = req.trust
          ? evaluateTrust(request, this.#trust(set, req, caller))
          : evaluate(request, set);
        if (decision.result !== 'Allowed') return this.#denial(caller, req, resource, request, set, decision);
      }
    }
    return undefined;
  }

  #policySet(p: CallerPolicies, req: AccessRequest, caller: Caller): PolicySet {
    const resource =
      req.resourcePolicy !== undefined && !req.trust
        ? {
            policy: { label: 'resource-based policy', policy: compilePolicy(req.resourcePolicy, 'resource') },
            ownerAccount: req.resourceAccount ?? caller.accountId,
          }
        : undefined;
    return { identity: p.identity, boundary: p.boundary, session: p.session, resource };
  }

  #trust(set: PolicySet, req: AccessRequest, caller: Caller) {
    return {
      trust: { label: 'role trust policy', policy: compilePolicy(req.resourcePolicy!, 'trust') },
      roleAccount: req.resourceAccount ?? caller.accountId,
      identity: set.identity,
      boundary: set.boundary,
      session: set.session,
    };
  }

  #request(
    principal: AuthzPrincipal,
    req: AccessRequest,
    resource: string,
    ctx: RequestContext,
  ): AuthzRequest {
    const s = ctx.caller.session;
    const context = buildRequestContext({
      principal,
      time: ctx.now,
      sourceIp: ctx.sourceIp,
      secureTransport: ctx.secureTransport,
      requestedRegion: ctx.region,
      ...(s
        ? {
            session: {
              tokenIssueTime: s.issuedAt,
              mfaPresent: s.mfa === true,
              sourceIdentity: s.sourceIdentity,
            },
          }
        : {}),
      ...(s?.instance
        ? {
            ec2: {
              sourceInstanceArn: s.instance.arn,
              roleDelivery: s.instance.delivery ?? 2,
              sourceVpc: s.instance.vpcId,
              sourcePrivateIpv4: s.instance.privateIp,
            },
          }
        : {}),
      resourceAccount: req.resourceAccount ?? ctx.caller.accountId,
      extra: req.context,
    });
    return { principal, action: req.action, resource, resourceAccount: req.resourceAccount, context };
  }

  #denial(
    caller: Caller,
    req: AccessRequest,
    resource: string,
    request: AuthzRequest,
    set: PolicySet,
    fast: Decision,
  ): Denial {
    // Explain only denials: evaluate again, recording every statement, for the encoded message.
    const explained = req.trust
      ? evaluateTrust(request, this.#trust(set, req, caller), { explain: true })
      : evaluate(request, set, { explain: true });
    return {
      caller,
      action: req.action,
      resource,
      reason: fast.rule === 'root-cannot-assume-role' ? '' : (denialSuffix(fast) ?? ''),
      ...(fast.rule === 'root-cannot-assume-role' ? { rule: fast.rule } : {}),
      encodedMessage: this.messages.encode(toAuthorizationMessage(explained)),
    };
  }
}
