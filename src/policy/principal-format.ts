// Principal element checks for trust and resource policies (reference §6.4, §8.3).
//
// Owns: deciding whether a principal value is well-formed, and which principal ARNs must name
// existing IAM entities.
//   - AWS: `*`, a 12-digit account, `arn:P:iam::ACCOUNT:root|user/…|role/…`,
//     `arn:P:sts::ACCOUNT:assumed-role/ROLE/SESSION|federated-user/NAME`, or a unique id
//     (AIDA…/AROA…, how IAM stores a trust principal). No wildcards inside an ARN: "You cannot
//     use a wildcard to match part of a principal name or ARN" [UG principal].
//   - Service: a service principal name (`ec2.amazonaws.com`). AWS also refuses services it does
//     not know (`Invalid principal in policy: "SERVICE":"tagging.amazonaws.com"`
//     [O hashicorp/terraform#35086]); the engine checks the shape and asks the caller's
//     `serviceExists` for the rest.
//   - Federated and CanonicalUser: any non-empty string.
// IAM user and role ARNs in a trust policy must name entities that exist; the engine cannot
// know, so validation asks `principalExists` and compiled policies list them (principalArns).
// Imports messages and the principal entry type.

import { MSG } from './messages.js';
import type { PrincipalEntry } from './principal-matcher.js';

const ACCOUNT = /^\d{12}$/;
const UNIQUE_ID = /^A[A-Z0-9]{3}[A-Z0-9]{12,}$/;
const IAM_ARN = /^arn:[a-z-]+:iam::\d{12}:(root|(user|role)\/[^*?]+)$/;
const STS_ARN = /^arn:[a-z-]+:sts::\d{12}:(assumed-role\/[^/*?]+\/[^*?]+|federated-user\/[^*?]+)$/;
const SERVICE =
  /^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*\.(amazonaws\.com(\.cn)?|amazon\.com|aws\.internal)$/;

/** Entries whose value is an IAM user or role ARN (what IAM turns into unique ids on save). */
export function iamEntityArns(entries: readonly PrincipalEntry[]): string[] {
  const out: string[] = [];
  for (const e of entries)
    if (e.key === 'AWS' && /^arn:[^:]+:iam::\d{12}:(user|role)\//.test(e.value)) out.push(e.value);
  return out;
}

export interface PrincipalCheckOptions {
  readonly principalExists?: ((arn: string) => boolean) | undefined;
  readonly serviceExists?: ((service: string) => boolean) | undefined;
}

/** AWS's message for the first bad principal entry, or undefined. */
export function principalFormatError(
  entries: readonly PrincipalEntry[],
  opts: PrincipalCheckOptions,
): string | undefined {
  for (const { key, value } of entries) {
    if (key === '*') continue;
    if (key === 'AWS') {
      const ok =
        value === '*' ||
        ACCOUNT.test(value) ||
        UNIQUE_ID.test(value) ||
        IAM_ARN.test(value) ||
        STS_ARN.test(value);
      if (!ok) return MSG.invalidPrincipal(key, value);
      if (
        opts.principalExists &&
        /^arn:[^:]+:iam::\d{12}:(user|role)\//.test(value) &&
        !opts.principalExists(value)
      )
        return MSG.invalidPrincipal(key, value);
    } else if (key === 'Service') {
      if (!SERVICE.test(value) || (opts.serviceExists && !opts.serviceExists(value)))
        return MSG.invalidPrincipal(key, value);
    } else if (value === '') return MSG.invalidPrincipal(key, value);
  }
  return undefined;
}
