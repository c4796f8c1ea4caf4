// sts:GetSessionToken, sts:GetFederationToken, sts:DecodeAuthorizationMessage, sts:GetAccessKeyInfo
// (reference iam-sts-policy.md §4.3, §4.4, §4.6; §2.2 for the account in a key id).
import { AwsError } from '../../aws/errors.js';
import { accountOfAccessKeyId } from '../../aws/ids.js';
import { operation } from '../service.js';
import type { SealedAuthorizationMessages } from './authorization-messages.js';
import type { StsDeps } from './deps.js';
import { credentialsShape, mintSession, type ParentIdentity } from './session-tokens.js';
import {
  checkPackedSize,
  checkSessionPolicy,
  checkSessionTags,
  packedPolicySize,
  refuseMfa,
} from './session-rules.js';
import type {
  DecodeAuthorizationMessageRequest,
  DecodeAuthorizationMessageResponse,
  GetAccessKeyInfoRequest,
  GetAccessKeyInfoResponse,
  GetFederationTokenRequest,
  GetFederationTokenResponse,
  GetSessionTokenRequest,
  GetSessionTokenResponse,
} from './shapes.js';
import type { RequestContext } from '../service.js';

function parentOf(ctx: RequestContext, operation: string): ParentIdentity {
  const c = ctx.caller;
  if (c.session || (c.type !== 'Root' && c.type !== 'User')) {
    throw new AwsError('AccessDenied', `Cannot call ${operation} with session credentials`, 403);
  }
  return {
    type: c.type,
    arn: c.arn,
    userId: c.userId,
    ...(c.userName !== undefined ? { userName: c.userName } : {}),
    ...(c.path !== undefined ? { path: c.path } : {}),
  };
}

/** Users: 900–129,600 s, default 43,200; root: at most 3,600 (longer silently becomes 3,600). */
function sessionSeconds(ctx: RequestContext, requested: number | undefined): number {
  const d = requested ?? (ctx.caller.type === 'Root' ? 3600 : 43200);
  return ctx.caller.type === 'Root' ? Math.min(d, 3600) : d;
}

export const getSessionToken = (deps: StsDeps) =>
  operation<GetSessionTokenRequest, GetSessionTokenResponse>({
    action: 'sts:GetSessionToken',
    // An authentication operation: "You cannot use policies to control authentication operations".
    alwaysAllowed: true,
    access: () => [{ action: 'sts:GetSessionToken', resources: ['*'] }],
    handler: (input, ctx) => {
      const parent = parentOf(ctx, 'GetSessionToken');
      refuseMfa(input);
      const seconds = sessionSeconds(ctx, input.DurationSeconds);
      const creds = mintSession(deps.keyring, {
        kind: 'session-token',
        account: ctx.caller.accountId,
        iat: ctx.now,
        exp: ctx.now + seconds * 1000,
        parent,
      });
      return {
        Credentials: credentialsShape(creds),
      };
    },
  });

export const getFederationToken = (deps: StsDeps) =>
  operation<GetFederationTokenRequest, GetFederationTokenResponse>({
    action: 'sts:GetFederationToken',
    access: (input, ctx) => {
      parentOf(ctx, 'GetFederationToken');
      const tagContext: Record<string, string | string[]> = {};
      for (const t of input.Tags ?? []) tagContext[`aws:RequestTag/${t.Key}`] = t.Value;
      if (input.Tags?.length) tagContext['aws:TagKeys'] = input.Tags.map((t) => t.Key);
      const resource = `arn:aws:sts::${ctx.caller.accountId}:federated-user/${input.Name}`;
      const requests = [{ action: 'sts:GetFederationToken', resources: [resource], context: tagContext }];
      if (input.Tags?.length)
        requests.push({ action: 'sts:TagSession', resources: [resource], context: tagContext });
      return requests;
    },
    handler: (input, ctx) => {
      const parent = parentOf(ctx, 'GetFederationToken');
      checkSessionPolicy(input.Policy);
      checkSessionTags(input.Tags, undefined);
      const packed = packedPolicySize(input.Policy, input.PolicyArns, input.Tags);
      checkPackedSize(packed, (input.Tags?.length ?? 0) > 0);
      const seconds = sessionSeconds(ctx, input.DurationSeconds);
      const tags = Object.fromEntries((input.Tags ?? []).map((t) => [t.Key, t.Value]));
      const creds = mintSession(deps.keyring, {
        kind: 'federation',
        account: ctx.caller.accountId,
        iat: ctx.now,
        exp: ctx.now + seconds * 1000,
        parent,
        name: input.Name,
        ...(input.Policy !== undefined ? { policy: input.Policy } : {}),
        ...(input.PolicyArns?.length
          ? { policyArns: input.PolicyArns.map((p) => p.arn!).filter((a) => a !== undefined) }
          : {}),
        ...(Object.keys(tags).length > 0 ? { tags } : {}),
      });
      return {
        Credentials: credentialsShape(creds),
        FederatedUser: {
          FederatedUserId: `${ctx.caller.accountId}:${input.Name}`,
          Arn: `arn:aws:sts::${ctx.caller.accountId}:federated-user/${input.Name}`,
        },
        PackedPolicySize: packed,
      };
    },
  });

export const decodeAuthorizationMessage = (messages: SealedAuthorizationMessages) =>
  operation<DecodeAuthorizationMessageRequest, DecodeAuthorizationMessageResponse>({
    action: 'sts:DecodeAuthorizationMessage',
    access: () => [{ action: 'sts:DecodeAuthorizationMessage', resources: ['*'] }],
    handler: async (input) => {
      const decoded = await messages.decode(input.EncodedMessage);
      if (decoded === undefined) {
        throw new AwsError(
          'InvalidAuthorizationMessageException',
          'The error message provided is invalid. It might contain invalid characters, such as line breaks, or it might have expired.',
          400,
        );
      }
      return { DecodedMessage: decoded };
    },
  });

export const getAccessKeyInfo = () =>
  operation<GetAccessKeyInfoRequest, GetAccessKeyInfoResponse>({
    action: 'sts:GetAccessKeyInfo',
    access: () => [{ action: 'sts:GetAccessKeyInfo', resources: ['*'] }],
    handler: (input) => {
      const account = accountOfAccessKeyId(input.AccessKeyId);
      if (account === undefined)
        throw new AwsError(
          'InvalidParameterValue',
          `The access key ID ${input.AccessKeyId} is not valid.`,
          400,
        );
      return { Account: account };
    },
  });
