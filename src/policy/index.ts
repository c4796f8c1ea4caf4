// The policy engine's public surface (DESIGN.md: the policy engine row; README.md in this folder).
//
// Everything the rest of latchkey may use, by name. Pure: no I/O, no clock, no randomness.
// Imports only this folder.

export type { PolicyKind } from './policy-kinds.js';
export { POLICY_KINDS } from './policy-kinds.js';
export type { PolicyErrorCode } from './errors.js';
export { PolicyValidationError } from './errors.js';
export type { ValidateOptions } from './validate.js';
export type { PolicyCacheStats } from './load.js';
export { compilePolicy, policyCacheStats, resetPolicyCache, validatePolicy } from './load.js';
export type { PolicyVersion } from './grammar.js';
export type {
  CompiledPolicy,
  CompiledStatement,
  Effect,
  StatementSource,
  TextPosition,
} from './compiled-policy.js';
export { INLINE_POLICY_LIMITS, policySize, SIZE_QUOTAS } from './size.js';
export { QUOTA_MSG } from './messages.js';

export type { ContextScalar, ContextValueInput } from './context.js';
export { RequestContext } from './context.js';
export type { ConditionKeyInfo, ConditionKeyType, GlobalContextInput } from './global-context.js';
export { buildRequestContext, GLOBAL_CONDITION_KEYS } from './global-context.js';
export type { AuthzPrincipal, PrincipalType } from './principal.js';
export {
  ANONYMOUS_PRINCIPAL,
  federatedUserPrincipal,
  principalArnKey,
  rootPrincipal,
  roleSessionPrincipal,
  servicePrincipal,
  userPrincipal,
} from './principal.js';
export type { PrincipalEntry } from './principal-matcher.js';

export type { AuthzRequest, LabeledPolicy, PolicySet, ResourcePolicyInput } from './request.js';
export type { TrustPolicies } from './evaluate.js';
export { evaluate, evaluateTrust } from './evaluate.js';
export type {
  Decision,
  DecisionResult,
  DenialReason,
  DenialRule,
  EvaluateOptions,
  Explanation,
  GrantName,
  MatchedStatement,
  PolicyExplanation,
  PolicyType,
  StatementExplanation,
} from './decision.js';
export type { ClauseExplanation } from './conditions/condition-clause.js';
export type { SimulationResult } from './render.js';
export {
  accessDeniedMessage,
  denialSuffix,
  ROOT_ASSUME_ROLE_MESSAGE,
  toAuthorizationMessage,
  toSimulationResult,
} from './render.js';
