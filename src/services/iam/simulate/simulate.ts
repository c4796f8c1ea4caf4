// SimulatePrincipalPolicy and SimulateCustomPolicy (reference iam-sts-policy.md §3.10), and the
// GetContextKeysFor… companions: the policy engine's own evaluation, in explain mode, rendered as
// AWS renders it (SourcePolicyType "IAM Policy", OrganizationsDecisionDetail, MissingContextValues).
import {
  buildRequestContext,
  compilePolicy,
  evaluate,
  PolicyValidationError,
  roleSessionPrincipal,
  toSimulationResult,
  userPrincipal,
  validatePolicy,
  type AuthzPrincipal,
  type CompiledPolicy,
  type LabeledPolicy,
  type PolicyKind,
} from '../../../policy/index.js';
import type { ContextValueInput } from '../../../policy/index.js';
import { operation } from '../../service.js';
import { onAccount } from '../common/access.js';
import { parseIamArn } from '../common/arns.js';
import { invalidInput, malformedPolicyDocument, noSuchEntity } from '../common/errors.js';
import { findManagedPolicy, managedPolicyDocument } from '../common/lookups.js';
import type { OwnerKind } from '../common/owners.js';
import { pageInMemory } from '../common/pagination.js';
import type { IamDeps } from '../deps.js';
import type {
  ContextEntry,
  EvaluationResult,
  GetContextKeysForCustomPolicyRequest,
  GetContextKeysForPolicyResponse,
  GetContextKeysForPrincipalPolicyRequest,
  SimulateCustomPolicyRequest,
  SimulatePolicyResponse,
  SimulatePrincipalPolicyRequest,
} from '../shapes.js';

/** The caller a simulation evaluates for when none is named: an IAM user, never root (root is allowed everything). */
const simulatedCaller = (accountId: string): AuthzPrincipal =>
  userPrincipal({ arn: `arn:aws:iam::${accountId}:user/SimulatedCaller`, userId: 'AIDASIMULATEDCALLERXX' });

function compileInput(text: string, kind: PolicyKind, id: string): LabeledPolicy {
  try {
    return { label: id, sourceId: id, sourceType: 'IAM Policy', policy: validatePolicy(text, kind) };
  } catch (e) {
    if (e instanceof PolicyValidationError) throw malformedPolicyDocument(e.message);
    throw e;
  }
}

/** ContextEntries as engine values: lists stay lists, single types take the first value. */
function contextValues(entries: readonly ContextEntry[] | undefined): Record<string, ContextValueInput> {
  const out: Record<string, ContextValueInput> = {};
  for (const e of entries ?? []) {
    if (!e.ContextKeyName) continue;
    const values = e.ContextKeyValues ?? [];
    out[e.ContextKeyName] = e.ContextKeyType?.endsWith('List') ? values : (values[0] ?? '');
  }
  return out;
}

interface Subject {
  readonly principal: AuthzPrincipal;
  readonly identity: LabeledPolicy[];
  readonly boundary: LabeledPolicy | undefined;
}

async function subjectOf(deps: IamDeps, accountId: string, arn: string): Promise<Subject> {
  const parsed = parseIamArn(arn);
  const r = deps.store.read;
  const policiesOf = async (kind: OwnerKind, name: string): Promise<LabeledPolicy[]> => {
    const owner = { accountId, kind, name };
    const out: LabeledPolicy[] = [];
    for (const p of await r.inlinePolicies.list(owner))
      out.push({
        label: p.policy_name,
        sourceId: p.policy_name,
        sourceType: 'IAM Policy',
        policy: compilePolicy(p.document, 'identity'),
      });
    for (const a of await r.attachments.list(owner)) {
      const ref = await findManagedPolicy(r, deps.catalogue, accountId, a.policy_arn);
      const name = a.policy_arn.slice(a.policy_arn.lastIndexOf('/') + 1);
      if (ref)
        out.push({
          label: name,
          sourceId: name,
          sourceType: 'IAM Policy',
          policy: compilePolicy(await managedPolicyDocument(r, ref), 'identity'),
        });
    }
    return out;
  };
  const boundaryOf = async (boundaryArn: string | null): Promise<LabeledPolicy | undefined> => {
    if (boundaryArn === null) return undefined;
    const ref = await findManagedPolicy(r, deps.catalogue, accountId, boundaryArn);
    if (!ref) return undefined;
    const name = boundaryArn.slice(boundaryArn.lastIndexOf('/') + 1);
    return {
      label: name,
      sourceId: name,
      sourceType: 'IAM Policy',
      policy: compilePolicy(await managedPolicyDocument(r, ref), 'boundary'),
    };
  };
  if (parsed?.type === 'user') {
    const user = await r.users.getByArn(arn);
    if (!user) throw noSuchEntity(`The user with name ${parsed.name} cannot be found.`);
    const identity = await policiesOf('user', user.name);
    for (const g of await r.groupMembers.groupsOf(accountId, user.name))
      identity.push(...(await policiesOf('group', g)));
    return {
      principal: userPrincipal({ arn: user.arn, userId: user.user_id }),
      identity,
      boundary: await boundaryOf(user.boundary_arn),
    };
  }
  if (parsed?.type === 'role') {
    const role = await r.roles.getByArn(arn);
    if (!role) throw noSuchEntity(`The role with name ${parsed.name} cannot be found.`);
    return {
      principal: roleSessionPrincipal({
        roleArn: role.arn,
        roleId: role.role_id,
        sessionName: 'SimulatePrincipalPolicy',
      }),
      identity: await policiesOf('role', role.name),
      boundary: await boundaryOf(role.boundary_arn),
    };
  }
  if (parsed?.type === 'group') {
    const group = await r.groups.getByArn(arn);
    if (!group) throw noSuchEntity(`The group with name ${parsed.name} cannot be found.`);
    return {
      principal: simulatedCaller(accountId),
      identity: await policiesOf('group', group.name),
      boundary: undefined,
    };
  }
  throw invalidInput(`Invalid ARN ${arn}. PolicySourceArn must be the ARN of an IAM user, group or role.`);
}

function simulate(
  subject: Subject,
  input: {
    ActionNames: string[];
    ResourceArns?: string[];
    ResourcePolicy?: string;
    ResourceOwner?: string;
    ContextEntries?: ContextEntry[];
  },
  now: number,
): EvaluationResult[] {
  const resourcePolicy =
    input.ResourcePolicy !== undefined
      ? compileInput(input.ResourcePolicy, 'resource', 'ResourcePolicy')
      : undefined;
  const extra = contextValues(input.ContextEntries);
  const results: EvaluationResult[] = [];
  for (const action of input.ActionNames) {
    for (const resource of input.ResourceArns?.length ? input.ResourceArns : ['*']) {
      const context = buildRequestContext({ principal: subject.principal, time: now, extra });
      const owner = input.ResourceOwner?.split(':')[4] ?? subject.principal.accountId;
      const decision = evaluate(
        { principal: subject.principal, action, resource, resourceAccount: owner, context },
        {
          identity: subject.identity,
          boundary: subject.boundary,
          ...(resourcePolicy ? { resource: { policy: resourcePolicy, ownerAccount: owner } } : {}),
        },
        { explain: true },
      );
      results.push(toSimulationResult(decision) as unknown as EvaluationResult);
    }
  }
  return results;
}

function pageResults(
  results: EvaluationResult[],
  marker: string | undefined,
  maxItems: number | undefined,
): SimulatePolicyResponse {
  const p = pageInMemory(results, marker, maxItems);
  return {
    EvaluationResults: p.items,
    IsTruncated: p.IsTruncated,
    ...(p.Marker !== undefined ? { Marker: p.Marker } : {}),
  };
}

export const simulatePrincipalPolicy = (deps: IamDeps) =>
  operation<SimulatePrincipalPolicyRequest, SimulatePolicyResponse>({
    action: 'iam:SimulatePrincipalPolicy',
    access: (input) => [{ action: 'iam:SimulatePrincipalPolicy', resources: [input.PolicySourceArn] }],
    handler: async (input, ctx) => {
      const subject = await subjectOf(deps, ctx.caller.accountId, input.PolicySourceArn);
      const extra = (input.PolicyInputList ?? []).map((t, i) =>
        compileInput(t, 'identity', `PolicyInputList.${i + 1}`),
      );
      const boundaryInput = input.PermissionsBoundaryPolicyInputList?.[0];
      const boundary =
        boundaryInput !== undefined
          ? compileInput(boundaryInput, 'boundary', 'PermissionsBoundaryPolicyInputList.1')
          : subject.boundary;
      return pageResults(
        simulate({ ...subject, identity: [...subject.identity, ...extra], boundary }, input, ctx.now),
        input.Marker,
        input.MaxItems,
      );
    },
  });

export const simulateCustomPolicy = () =>
  operation<SimulateCustomPolicyRequest, SimulatePolicyResponse>({
    action: 'iam:SimulateCustomPolicy',
    access: () => onAccount('iam:SimulateCustomPolicy'),
    handler: (input, ctx) => {
      const identity = input.PolicyInputList.map((t, i) =>
        compileInput(t, 'identity', `PolicyInputList.${i + 1}`),
      );
      const boundaryInput = input.PermissionsBoundaryPolicyInputList?.[0];
      const boundary =
        boundaryInput !== undefined
          ? compileInput(boundaryInput, 'boundary', 'PermissionsBoundaryPolicyInputList.1')
          : undefined;
      const caller = input.CallerArn !== undefined ? parseIamArn(input.CallerArn) : undefined;
      const principal =
        caller?.type === 'user' && input.CallerArn !== undefined
          ? userPrincipal({ arn: input.CallerArn, userId: 'AIDASIMULATEDCALLER' })
          : simulatedCaller(ctx.caller.accountId);
      return pageResults(
        simulate({ principal, identity, boundary }, input, ctx.now),
        input.Marker,
        input.MaxItems,
      );
    },
  });

const keysOf = (policies: readonly CompiledPolicy[]): string[] =>
  [...new Set(policies.flatMap((p) => p.conditionKeys))].sort();

export const getContextKeysForCustomPolicy = () =>
  operation<GetContextKeysForCustomPolicyRequest, GetContextKeysForPolicyResponse>({
    action: 'iam:GetContextKeysForCustomPolicy',
    access: () => onAccount('iam:GetContextKeysForCustomPolicy'),
    handler: (input) => ({
      ContextKeyNames: keysOf(
        input.PolicyInputList.map((t, i) => compileInput(t, 'identity', `PolicyInputList.${i + 1}`).policy),
      ),
    }),
  });

export const getContextKeysForPrincipalPolicy = (deps: IamDeps) =>
  operation<GetContextKeysForPrincipalPolicyRequest, GetContextKeysForPolicyResponse>({
    action: 'iam:GetContextKeysForPrincipalPolicy',
    access: (input) => [
      { action: 'iam:GetContextKeysForPrincipalPolicy', resources: [input.PolicySourceArn] },
    ],
    handler: async (input, ctx) => {
      const subject = await subjectOf(deps, ctx.caller.accountId, input.PolicySourceArn);
      const extra = (input.PolicyInputList ?? []).map((t, i) =>
        compileInput(t, 'identity', `PolicyInputList.${i + 1}`),
      );
      return { ContextKeyNames: keysOf([...subject.identity, ...extra].map((p) => p.policy)) };
    },
  });
