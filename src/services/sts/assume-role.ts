// sts:AssumeRole (reference iam-sts-policy.md §4.1, §5.4, §5.5, §7.6). The role's trust policy is the
// resource policy (evaluated with AWS's trust rules; a role that does not exist is AccessDenied, never
// NoSuchEntity); sts:TagSession and sts:SetSourceIdentity are authorized too when used. Durations:
// default 3600, at most the role's MaxSessionDuration, and 1 hour when the caller is itself a role
// session (role chaining) or a GetSessionToken session. Transitive tags and the source identity of
// the calling session carry over.
import { operation, type AccessRequest } from '../service.js';
import { effectiveTrustPolicy } from '../iam/common/trust.js';
import type { StsDeps } from './deps.js';
import { credentialsShape, mintSession } from './session-tokens.js';
import {
  checkPackedSize,
  checkSessionPolicy,
  checkSessionTags,
  invalidParameterValue,
  mergeSessionTags,
  packedPolicySize,
  refuseMfa,
  stsValidationError,
} from './session-rules.js';
import type { AssumeRoleRequest, AssumeRoleResponse } from './shapes.js';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[^/]+\/)*([\w+=,.@-]+)$/;

function parseRoleArn(arn: string): { account: string; name: string } {
  const m = ROLE_ARN.exec(arn);
  // Recorded from AWS: "nothing-valid-in-here is invalid" (reference §4.1).
  if (!m) throw stsValidationError(`${arn} is invalid`);
  return { account: m[1]!, name: m[2]! };
}

export const assumeRole = (deps: StsDeps) =>
  operation<AssumeRoleRequest, AssumeRoleResponse>({
    action: 'sts:AssumeRole',
    access: async (input, ctx) => {
      const { account, name } = parseRoleArn(input.RoleArn);
      // Malformed parameters are answered before any permission is checked, as AWS does.
      checkSessionTags(input.Tags, input.TransitiveTagKeys);
      checkSessionPolicy(input.Policy);
      refuseMfa(input);
      const role = await deps.store.read.roles.get(account, name);
      const trust = role ? await effectiveTrustPolicy(deps.store.read, role) : undefined;
      const incoming = ctx.caller.session;
      const tags = mergeSessionTags(
        Object.fromEntries(
          Object.entries(incoming?.tags ?? {}).filter(([k]) =>
            incoming?.transitiveTagKeys?.some((t) => t.toLowerCase() === k.toLowerCase()),
          ),
        ),
        Object.fromEntries((input.Tags ?? []).map((t) => [t.Key, t.Value])),
      );
      const context: Record<string, string | string[]> = { 'sts:RoleSessionName': input.RoleSessionName };
      if (input.ExternalId !== undefined) context['sts:ExternalId'] = input.ExternalId;
      if (input.SourceIdentity !== undefined) context['sts:SourceIdentity'] = input.SourceIdentity;
      if (input.TransitiveTagKeys) context['sts:TransitiveTagKeys'] = input.TransitiveTagKeys;
      for (const [k, v] of Object.entries(tags)) context[`aws:RequestTag/${k}`] = v;
      if (Object.keys(tags).length > 0) context['aws:TagKeys'] = Object.keys(tags);
      const base = {
        resources: [input.RoleArn],
        context,
        resourceAccount: account,
        trust: true,
        ...(trust !== undefined ? { resourcePolicy: trust } : {}),
      };
      const requests: AccessRequest[] = [{ action: 'sts:AssumeRole', ...base }];
      if (Object.keys(tags).length > 0) requests.push({ action: 'sts:TagSession', ...base });
      if (input.SourceIdentity !== undefined) requests.push({ action: 'sts:SetSourceIdentity', ...base });
      return requests;
    },
    handler: async (input, ctx) => {
      const { account, name } = parseRoleArn(input.RoleArn);
      const role = (await deps.store.read.roles.get(account, name))!;
      const incoming = ctx.caller.session;
      const chained =
        incoming !== undefined && (ctx.caller.type === 'AssumedRole' || incoming.kind === 'session-token');
      const duration = input.DurationSeconds ?? 3600;
      if (chained && duration > 3600) {
        throw stsValidationError(
          'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
        );
      }
      if (duration > role.max_session_duration)
        throw stsValidationError(
          'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
        );
      checkSessionPolicy(input.Policy);
      checkSessionTags(input.Tags, input.TransitiveTagKeys);
      if (input.SourceIdentity?.toLowerCase().startsWith('aws:'))
        throw stsValidationError('SourceIdentity cannot start with the prefix aws:.');

      // Transitive tags of the calling session carry over and may not be set again (reference §4.1).
      const inherited: Record<string, string> = {};
      for (const k of incoming?.transitiveTagKeys ?? []) {
        const entry = Object.entries(incoming?.tags ?? {}).find(([t]) => t.toLowerCase() === k.toLowerCase());
        if (entry) inherited[entry[0]] = entry[1];
        if (
          (input.TransitiveTagKeys ?? []).some((t) => t.toLowerCase() === k.toLowerCase()) ||
          (input.Tags ?? []).some((t) => t.Key.toLowerCase() === k.toLowerCase())
        ) {
          throw invalidParameterValue(
            "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.",
          );
        }
      }
      const tags = mergeSessionTags(
        inherited,
        Object.fromEntries((input.Tags ?? []).map((t) => [t.Key, t.Value])),
      );
      const transitive = [...Object.keys(inherited), ...(input.TransitiveTagKeys ?? [])];
      const passed =
        input.Policy !== undefined || (input.PolicyArns?.length ?? 0) > 0 || (input.Tags?.length ?? 0) > 0;
      const packed = packedPolicySize(input.Policy, input.PolicyArns, input.Tags);
      checkPackedSize(packed, (input.Tags?.length ?? 0) > 0);
      const sourceIdentity = incoming?.sourceIdentity ?? input.SourceIdentity;

      const creds = mintSession(deps.keyring, {
        kind: 'assumed-role',
        account,
        iat: ctx.now,
        exp: ctx.now + duration * 1000,
        roleArn: role.arn,
        roleId: role.role_id,
        session: input.RoleSessionName,
        ...(input.Policy !== undefined ? { policy: input.Policy } : {}),
        ...(input.PolicyArns?.length
          ? { policyArns: input.PolicyArns.map((p) => p.arn!).filter((a) => a !== undefined) }
          : {}),
        ...(Object.keys(tags).length > 0 ? { tags } : {}),
        ...(transitive.length > 0 ? { transitive } : {}),
        ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
        ...(chained ? { chained: true } : {}),
      });
      return {
        Credentials: credentialsShape(creds),
        AssumedRoleUser: {
          AssumedRoleId: `${role.role_id}:${input.RoleSessionName}`,
          Arn: `arn:aws:sts::${account}:assumed-role/${role.name}/${input.RoleSessionName}`,
        },
        ...(passed ? { PackedPolicySize: packed } : {}),
        ...(sourceIdentity !== undefined ? { SourceIdentity: sourceIdentity } : {}),
      };
    },
  });
