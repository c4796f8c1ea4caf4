// Policy documents at IAM's door: validated by the policy engine with the options each API needs
// (reference iam-sts-policy.md §8), mapped to IAM's errors, and URL-encoded on the way out
// (RFC 3986, every policyDocumentType member: reference §1 — botocore decodes them).
import {
  type CompiledPolicy,
  type PolicyKind,
  PolicyValidationError,
  SIZE_QUOTAS,
  validatePolicy,
  type ValidateOptions,
} from '../../../policy/index.js';
import { limitExceeded, malformedPolicyDocument } from './errors.js';

/** Validates and compiles, answering AWS's MalformedPolicyDocument (400) or LimitExceeded (409). */
export function checkPolicy(text: string, kind: PolicyKind, opts: ValidateOptions = {}): CompiledPolicy {
  try {
    return validatePolicy(text, kind, opts);
  } catch (e) {
    if (e instanceof PolicyValidationError) {
      throw e.code === 'LimitExceeded' ? limitExceeded(e.message) : malformedPolicyDocument(e.message);
    }
    throw e;
  }
}

/** CreatePolicy / CreatePolicyVersion: Version 2012-10-17 required, 6,144 characters. */
export const checkManagedPolicy = (text: string): CompiledPolicy =>
  checkPolicy(text, 'identity', { requireVersion2012: true, sizeQuota: SIZE_QUOTAS.managedPolicy });

/**
 * A trust policy: grammar first, then the IAM users and roles it names must exist (looked up by
 * `exists`, which maps each ARN to its unique id). Returns the compiled policy and that map, which is
 * stored so that a principal deleted and re-created under the same name no longer matches.
 */
export async function checkTrustPolicy(
  text: string,
  exists: (arn: string) => Promise<string | undefined>,
): Promise<{ compiled: CompiledPolicy; principals: Record<string, string> }> {
  const first = checkPolicy(text, 'trust', { sizeQuota: SIZE_QUOTAS.trustPolicy });
  const principals: Record<string, string> = {};
  for (const arn of first.principalArns) {
    if (!/^arn:aws:iam::\d{12}:(user|role)\//.test(arn)) continue;
    const id = await exists(arn);
    if (id !== undefined) principals[arn] = id;
  }
  const compiled = checkPolicy(text, 'trust', {
    sizeQuota: SIZE_QUOTAS.trustPolicy,
    principalExists: (arn) => principals[arn] !== undefined,
  });
  return { compiled, principals };
}

/** RFC 3986 percent-encoding: everything but A–Z a–z 0–9 - . _ ~ (a literal % becomes %25). */
export function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

/** The output shapes whose strings IAM URL-encodes. */
export const IAM_STRING_ENCODERS: ReadonlyMap<string, (value: string) => string> = new Map([
  ['policyDocumentType', encodeRfc3986],
]);
