// The one error type the policy engine throws (reference §8; STYLE.md item 6).
//
// Owns: PolicyValidationError. Its message is AWS's exact text; `code` says which AWS error
// the calling service should answer with (MalformedPolicyDocument 400, or LimitExceeded 409 for
// the size quotas of §3.11). The engine knows no HTTP. Imports nothing.

export type PolicyErrorCode = 'MalformedPolicyDocument' | 'LimitExceeded';

export class PolicyValidationError extends Error {
  readonly code: PolicyErrorCode;

  constructor(message: string, code: PolicyErrorCode = 'MalformedPolicyDocument') {
    super(message);
    this.name = 'PolicyValidationError';
    this.code = code;
  }
}
