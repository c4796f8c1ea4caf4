// Policy size as IAM counts it for its quotas (reference §3.11).
//
// Owns: policySize() and the quota presets services pass to validatePolicy. "IAM does not count
// white space" [UG reference_iam-quotas]; latchkey reads that as whitespace *between* JSON tokens
// (README decision): characters inside string literals are content and count.
// Imports messages.

import { QUOTA_MSG } from './messages.js';

export function policySize(text: string): number {
  let n = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      n++;
      if (c === 0x5c) {
        // An escape: count the escaped character too and skip it.
        if (i + 1 < text.length) {
          n++;
          i++;
        }
      } else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    if (c === 0x22) inString = true;
    n++;
  }
  return n;
}

/** Size quotas as `validatePolicy` options (the defaults of §3.11). */
export const SIZE_QUOTAS = {
  managedPolicy: { max: 6144, message: QUOTA_MSG.managedPolicySize(6144) },
  trustPolicy: { max: 2048, message: QUOTA_MSG.trustPolicySize(2048) },
} as const;

/** Aggregate inline-policy limits per entity type (whitespace not counted). */
export const INLINE_POLICY_LIMITS = { user: 2048, role: 10240, group: 5120 } as const;
