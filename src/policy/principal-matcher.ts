// Principal / NotPrincipal matching (reference §6.4, §7.4; UG reference_policies_elements_principal,
// reference_policies_elements_notprincipal).
//
// Owns: compiling a statement's principal element and deciding whether, and *how*, it names
// the caller. A caller is a set of identities, from most to least specific:
//   root:          {account}
//   IAM user:      {user ARN or AIDA id, account}
//   role session:  {session ARN, role ARN or AROA id, account}
//   federated:     {federated-user ARN, the IAM user who federated, account}
//   service:       {service principal}
// Principal matches when it lists *any* of the caller's identities; which one decides how the
// grant interacts with boundaries and session policies (GrantKind, §7.4). NotPrincipal exempts a
// caller only when it lists *every* identity (the docs' "also list the account and the role").
// No partial wildcards in principals: an ARN is compared exactly. Imports principal only.

import type { AuthzPrincipal } from './principal.js';

/** How a resource-policy Allow names the caller, weakest to strongest (§7.4). */
export const GrantKind = {
  None: 0,
  /** Named by account: the account's identity policies must allow too. */
  Account: 1,
  /** Named by role ARN or by the federating user's ARN: boundary and session policies still limit. */
  Role: 2,
  /** Named by the caller's own ARN, by `*`, or as a service: nothing else needs to allow (same account). */
  Direct: 3,
} as const;
export type GrantKind = (typeof GrantKind)[keyof typeof GrantKind];

export interface PrincipalEntry {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser`, or `*` for the bare wildcard. */
  readonly key: string;
  readonly value: string;
}

const ACCOUNT_ID = /^\d{12}$/;
const ROOT_ARN = /^arn:[^:]+:iam::(\d{12}):root$/;
const UNIQUE_ID = /^A[A-Z0-9]{3}[A-Z0-9]{12,}$/;

export class PrincipalMatcher {
  private readonly accounts = new Set<string>();
  private readonly arns = new Set<string>();
  private readonly ids = new Set<string>();
  private readonly services = new Set<string>();
  private anyone = false;

  private constructor(
    readonly entries: readonly PrincipalEntry[],
    readonly negated: boolean,
  ) {
    for (const { key, value } of entries) {
      if (key === '*' || (key === 'AWS' && value === '*')) this.anyone = true;
      else if (key === 'AWS') {
        const root = ROOT_ARN.exec(value);
        if (ACCOUNT_ID.test(value)) this.accounts.add(value);
        else if (root?.[1] !== undefined) this.accounts.add(root[1]);
        else if (UNIQUE_ID.test(value)) this.ids.add(value);
        else this.arns.add(value);
      } else if (key === 'Service') this.services.add(value.toLowerCase());
      // Federated and CanonicalUser name callers latchkey does not model; they never match.
    }
  }

  static compile(entries: readonly PrincipalEntry[], negated: boolean): PrincipalMatcher {
    return new PrincipalMatcher(entries, negated);
  }

  /** How strongly a Principal element names `p` (GrantKind.None: not at all). */
  grant(p: AuthzPrincipal): GrantKind {
    if (this.anyone) return GrantKind.Direct;
    switch (p.type) {
      case 'Service':
        return this.services.has(p.arn.toLowerCase()) ? GrantKind.Direct : GrantKind.None;
      case 'Anonymous':
        return GrantKind.None;
      case 'User':
        if (this.arns.has(p.arn) || this.ids.has(p.userId)) return GrantKind.Direct;
        break;
      case 'AssumedRole':
        if (this.arns.has(p.arn)) return GrantKind.Direct;
        if (
          (p.roleArn !== undefined && this.arns.has(p.roleArn)) ||
          (p.roleId !== undefined && this.ids.has(p.roleId))
        )
          return GrantKind.Role;
        break;
      case 'FederatedUser':
        if (this.arns.has(p.arn)) return GrantKind.Direct;
        if (p.sourceUserArn !== undefined && this.arns.has(p.sourceUserArn)) return GrantKind.Role;
        break;
      case 'Account':
        break;
    }
    return p.accountId !== '' && this.accounts.has(p.accountId) ? GrantKind.Account : GrantKind.None;
  }

  /** NotPrincipal: true when every identity of `p` is listed, i.e. the statement skips `p`. */
  exempts(p: AuthzPrincipal): boolean {
    if (this.anyone) return true;
    const account = p.accountId !== '' && this.accounts.has(p.accountId);
    switch (p.type) {
      case 'Account':
        return account;
      case 'User':
        return account && (this.arns.has(p.arn) || this.ids.has(p.userId));
      case 'AssumedRole':
        return (
          account &&
          this.arns.has(p.arn) &&
          ((p.roleArn !== undefined && this.arns.has(p.roleArn)) ||
            (p.roleId !== undefined && this.ids.has(p.roleId)))
        );
      case 'FederatedUser':
        return account && this.arns.has(p.arn);
      case 'Service':
        return this.services.has(p.arn.toLowerCase());
      case 'Anonymous':
        return false;
    }
  }
}
