// Rendering decisions the way AWS shows them (reference §4.5, §4.6, §3.10).
//
// Owns:
//   - denialSuffix / accessDeniedMessage: `User: ARN is not authorized to perform: ACTION on
//     resource: RESOURCE <reason>`; the reason grammar is UG troubleshoot_access-denied
//     ("with an explicit deny in a/an <type>", "because no <type> allows the <action> action";
//     an SCP denial always reads "explicit"; a trust-policy implicit deny has no reason — every
//     recorded AssumeRole denial is bare, §4.1). Decisions (README): `on resource: …` is left
//     out when the resource is `*` (the UG's wildcard-only examples), and kept before a trust
//     policy's explicit-deny reason;
//   - toAuthorizationMessage: the JSON DecodeAuthorizationMessage returns (shape of the AWS CLI
//     example and [O terraforming-aws#73]);
//   - toSimulationResult: one EvaluationResults member of SimulatePrincipalPolicy.
// Imports decision types only.

import type { Decision, MatchedStatement, PolicyType } from './decision.js';

const TYPE_TEXT: Record<PolicyType, string> = {
  identity: 'an identity-based policy',
  boundary: 'a permissions boundary',
  session: 'a session policy',
  resource: 'a resource-based policy',
  scp: 'a service control policy',
  trust: 'the role trust policy',
};

const NO_ALLOW_TEXT: Record<PolicyType, string> = {
  identity: 'identity-based policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  resource: 'resource-based policy',
  scp: 'service control policy',
  trust: 'role trust policy',
};

/** Recorded text for a root caller of AssumeRole (§4.1, [O kubeflow/testing#961]). */
export const ROOT_ASSUME_ROLE_MESSAGE = 'Roles may not be assumed by root accounts.';

/** The reason AWS appends to AccessDenied, or undefined when it adds none (or for allows). */
export function denialSuffix(d: Decision): string | undefined {
  const r = d.denial;
  if (!r || d.result === 'Allowed') return undefined;
  if (r.kind === 'explicit' || r.policyType === 'scp')
    return `with an explicit deny in ${TYPE_TEXT[r.policyType]}`;
  if (r.policyType === 'trust') return undefined;
  return `because no ${NO_ALLOW_TEXT[r.policyType]} allows the ${d.request.action} action`;
}

/** The full AccessDenied message, or undefined for an allowed decision. */
export function accessDeniedMessage(d: Decision): string | undefined {
  if (d.result === 'Allowed') return undefined;
  if (d.rule === 'root-cannot-assume-role') return ROOT_ASSUME_ROLE_MESSAGE;
  const { principal, action, resource } = d.request;
  const suffix = denialSuffix(d);
  const on = resource === '*' ? '' : ` on resource: ${resource}`;
  return `User: ${principal.arn} is not authorized to perform: ${action}${on}${suffix ? ' ' + suffix : ''}`;
}

interface Items<T> {
  items: T[];
}
const items = <T>(list: T[]): Items<T> => ({ items: list });
const values = (list: readonly string[]): Items<{ value: string }> => items(list.map((value) => ({ value })));

function statementPrincipals(d: Decision, m: MatchedStatement): string[] {
  const entries = m.statement.source.principals;
  if (entries) return entries.map((e) => e.value);
  const p = d.request.principal;
  // Identity-type statements: the entity the policy is attached to, by unique id (AWS's example
  // shows the role id for a role session).
  return [p.type === 'AssumedRole' ? (p.roleId ?? p.arn) : p.type === 'User' ? p.userId : p.arn];
}

/** DecodeAuthorizationMessage's document (STS returns it JSON-encoded as DecodedMessage). */
export function toAuthorizationMessage(d: Decision): Record<string, unknown> {
  const { principal, action, resource, context } = d.request;
  const matched = d.matchedStatements.map((m) => ({
    statementId: m.statement.sid ?? '',
    effect: m.statement.effect === 'Deny' ? 'DENY' : 'ALLOW',
    principals: values(statementPrincipals(d, m)),
    principalGroups: items([]),
    actions: values(m.statement.source.actions),
    resources: values(m.statement.source.resources ?? [resource]),
    conditions: items(
      (m.statement.conditions?.clauses ?? []).map((c) => ({
        key: c.key,
        operator: c.operator,
        values: values(c.values),
      })),
    ),
  }));
  const principalDoc: Record<string, string> = { id: principal.userId };
  if (principal.userName !== undefined) principalDoc['name'] = principal.userName;
  principalDoc['arn'] = principal.arn;
  return {
    allowed: d.result === 'Allowed',
    explicitDeny: d.result === 'ExplicitlyDenied',
    matchedStatements: items(matched),
    failures: values(d.explanation?.failures ?? []),
    context: {
      principal: principalDoc,
      action,
      resource,
      conditions: items(context.entries().map((e) => ({ key: e.key, values: values(e.values) }))),
    },
  };
}

export interface SimulationResult {
  readonly EvalActionName: string;
  readonly EvalResourceName: string;
  readonly EvalDecision: 'allowed' | 'explicitDeny' | 'implicitDeny';
  readonly MatchedStatements: readonly {
    readonly SourcePolicyId: string;
    readonly SourcePolicyType: string;
    readonly StartPosition: { readonly Line: number; readonly Column: number };
    readonly EndPosition: { readonly Line: number; readonly Column: number };
  }[];
  readonly MissingContextValues: readonly string[];
  readonly EvalDecisionDetails: Readonly<Record<string, string>>;
  readonly OrganizationsDecisionDetail: { readonly AllowedByOrganizations: boolean };
  readonly PermissionsBoundaryDecisionDetail?: { readonly AllowedByPermissionsBoundary: boolean };
}

/**
 * One SimulatePrincipalPolicy / SimulateCustomPolicy result. Real AWS reports identity policies
 * as SourcePolicyType "IAM Policy" (§3.10, [LS]); resource and trust policies use the model's
 * `resource`. Evaluate with `{ explain: true }` to get MissingContextValues.
 */
export function toSimulationResult(d: Decision): SimulationResult {
  const EvalDecision =
    d.result === 'Allowed' ? 'allowed' : d.result === 'ExplicitlyDenied' ? 'explicitDeny' : 'implicitDeny';
  const boundary = d.explanation?.typeResults.boundary;
  return {
    EvalActionName: d.request.action,
    EvalResourceName: d.request.resource,
    EvalDecision,
    MatchedStatements: d.matchedStatements.map((m) => ({
      SourcePolicyId: m.policy.sourceId ?? m.policy.label,
      SourcePolicyType:
        m.policy.sourceType ??
        (m.policyType === 'resource' || m.policyType === 'trust' ? 'resource' : 'IAM Policy'),
      StartPosition: { Line: m.statement.start.line, Column: m.statement.start.column },
      EndPosition: { Line: m.statement.end.line, Column: m.statement.end.column },
    })),
    MissingContextValues: d.explanation?.missingContextKeys ?? [],
    EvalDecisionDetails: {},
    OrganizationsDecisionDetail: { AllowedByOrganizations: d.denial?.policyType !== 'scp' },
    ...(boundary !== undefined
      ? { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: boundary === 'Allow' } }
      : {}),
  };
}
