// sts:GetCallerIdentity — who the caller is. Needs no permission and succeeds even under an explicit
// deny (reference iam-sts-policy.md §4.2): Arn, UserId and Account per caller type come from the Caller
// the verifier resolved.
import { operation } from '../service.js';
import type { GetCallerIdentityRequest, GetCallerIdentityResponse } from './shapes.js';

export const getCallerIdentity = operation<GetCallerIdentityRequest, GetCallerIdentityResponse>({
  action: 'sts:GetCallerIdentity',
  alwaysAllowed: true,
  access: () => [{ action: 'sts:GetCallerIdentity', resources: ['*'] }],
  handler: (_input, ctx) => ({
    UserId: ctx.caller.userId,
    Account: ctx.caller.accountId,
    Arn: ctx.caller.arn,
  }),
});
