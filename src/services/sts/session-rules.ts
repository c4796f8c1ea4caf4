// Rules shared by the operations that make sessions (reference iam-sts-policy.md §4.1, §4.4, §3.11):
// session policies (inline ≤ 2,048 characters, ≤ 10 ARNs), session tags (≤ 50, case-insensitive
// duplicates refused, transitive keys a subset), and the packed size they take.
import { AwsError } from '../../aws/errors.js';
import { PolicyValidationError, validatePolicy } from '../../policy/index.js';
import type { PolicyDescriptorType, Tag } from './shapes.js';

export const invalidParameterValue = (message: string) => new AwsError('InvalidParameterValue', message, 400);
export const stsValidationError = (message: string) => new AwsError('ValidationError', message, 400);

/** Validates an inline session policy: MalformedPolicyDocument for a bad one (reference §4.1). */
export function checkSessionPolicy(policy: string | undefined): void {
  if (policy === undefined) return;
  if (policy.length > 2048) {
    throw stsValidationError(
      `1 validation error detected: Value '${policy}' at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048`,
    );
  }
  try {
    validatePolicy(policy, 'session');
  } catch (e) {
    if (e instanceof PolicyValidationError) throw new AwsError('MalformedPolicyDocument', e.message, 400);
    throw e;
  }
}

/** Refuses duplicate tag keys (any case) and transitive keys that are not among the tags. */
export function checkSessionTags(
  tags: readonly Tag[] | undefined,
  transitive: readonly string[] | undefined,
): void {
  const keys = new Set<string>();
  for (const t of tags ?? []) {
    const k = t.Key.toLowerCase();
    if (keys.has(k))
      throw invalidParameterValue(
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      );
    keys.add(k);
  }
  for (const k of transitive ?? []) {
    if (!keys.has(k.toLowerCase()))
      throw invalidParameterValue('The specified transitive tag key must be included in the requested tags.');
  }
}

/**
 * PackedPolicySize: the percentage of the packed budget the session policies and tags use. AWS's
 * compression is undocumented; latchkey counts the policy's non-whitespace characters, each policy
 * ARN and each tag key and value against a 2,048-character budget (decision pinned in tests).
 */
export function packedPolicySize(
  policy: string | undefined,
  arns: readonly PolicyDescriptorType[] | undefined,
  tags: readonly Tag[] | undefined,
): number {
  const chars =
    (policy ?? '').replace(/\s+/g, '').length +
    (arns ?? []).reduce((n, a) => n + (a.arn?.length ?? 0), 0) +
    (tags ?? []).reduce((n, t) => n + t.Key.length + t.Value.length, 0);
  return Math.ceil((chars * 100) / 2048);
}

export function checkPackedSize(size: number, hasTags: boolean): void {
  if (size > 100) {
    throw new AwsError(
      'PackedPolicyTooLarge',
      `Packed size of ${hasTags ? 'session tags' : 'session policies'} consumes ${size}% of allotted space.`,
      400,
    );
  }
}

/** Tags as a record; later keys win, case-insensitively, keeping the newest spelling. */
export function mergeSessionTags(
  ...layers: (Readonly<Record<string, string>> | undefined)[]
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer ?? {})) {
      for (const existing of Object.keys(out))
        if (existing.toLowerCase() === k.toLowerCase()) delete out[existing];
      out[k] = v;
    }
  }
  return out;
}

/**
 * latchkey has no MFA devices yet, so no serial number names one and no code can be validated: AWS
 * answers such a request with AccessDenied rather than a session that claims MFA it never checked.
 */
export function refuseMfa(input: { SerialNumber?: string; TokenCode?: string }): void {
  if (input.SerialNumber !== undefined || input.TokenCode !== undefined) {
    throw new AwsError(
      'AccessDenied',
      'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
      403,
    );
  }
}
