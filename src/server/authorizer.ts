// The authorizer the foundation ships with: the account's root user may do everything in its own
// account (AWS: root is implicitly allowed), anyone else is denied. The policy engine replaces it.
import type { AccessRequest, Authorizer, Denial, RequestContext } from '../services/service.js';

export class RootOnlyAuthorizer implements Authorizer {
  authorize(requests: readonly AccessRequest[], ctx: RequestContext): Denial | undefined {
    for (const r of requests) {
      const own = r.resourceAccount === undefined || r.resourceAccount === ctx.caller.accountId;
      if (ctx.caller.type === 'Root' && own) continue;
      return {
        caller: ctx.caller,
        action: r.action,
        resource: r.resources[0] ?? '*',
        reason: `because no identity-based policy allows the ${r.action} action`,
      };
    }
    return undefined;
  }
}
