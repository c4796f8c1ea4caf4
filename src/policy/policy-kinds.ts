// Which policy elements each kind of policy allows or requires (reference §6.1, §8.2, §8.3, §6.4).
//
// Owns: PolicyKind and the per-kind rule table consulted by validation. Adding a kind means
// adding a row here, not editing the validator. Imports only messages.

import { MSG } from './messages.js';

export type PolicyKind = 'identity' | 'resource' | 'trust' | 'boundary' | 'session' | 'scp';

export const POLICY_KINDS: readonly PolicyKind[] = [
  'identity',
  'resource',
  'trust',
  'boundary',
  'session',
  'scp',
];

export type ElementRule = 'required' | 'optional' | 'forbidden';

export interface KindRules {
  /** Message when the text is not JSON (CreateRole words it differently from CreatePolicy). */
  readonly invalidJsonMessage: string;
  readonly principal: ElementRule;
  /** Message when Principal/NotPrincipal is present but forbidden, or absent but required. */
  readonly principalForbiddenMessage: string;
  readonly principalMissingMessage: string;
  readonly notPrincipal: 'allowed' | 'forbidden';
  readonly resource: ElementRule;
  /** Trust policies accept only the STS "assume" family of actions. */
  readonly stsAssumeActionsOnly: boolean;
  /** IAM checks Sid characters; S3 bucket policies do not. */
  readonly alphanumericSid: boolean;
  /** Policy variables are resolved in Resource and conditions (all kinds; only under 2012-10-17). */
  readonly variables: boolean;
}

const IAM_IDENTITY: KindRules = {
  invalidJsonMessage: MSG.syntax,
  principal: 'forbidden',
  principalForbiddenMessage: MSG.identityPrincipal,
  principalMissingMessage: MSG.identityPrincipal,
  notPrincipal: 'forbidden',
  resource: 'required',
  stsAssumeActionsOnly: false,
  alphanumericSid: true,
  variables: true,
};

export const KIND_RULES: Readonly<Record<PolicyKind, KindRules>> = {
  identity: IAM_IDENTITY,
  boundary: IAM_IDENTITY,
  session: IAM_IDENTITY,
  // SCPs: same element rules as identity policies; Organizations does not enforce IAM's Sid charset.
  scp: { ...IAM_IDENTITY, alphanumericSid: false },
  trust: {
    invalidJsonMessage: MSG.trustInvalidJson,
    principal: 'required',
    principalForbiddenMessage: MSG.trustNoPrincipal,
    principalMissingMessage: MSG.trustNoPrincipal,
    notPrincipal: 'forbidden',
    resource: 'forbidden',
    stsAssumeActionsOnly: true,
    alphanumericSid: true,
    variables: true,
  },
  resource: {
    invalidJsonMessage: MSG.syntax,
    principal: 'required',
    principalForbiddenMessage: MSG.resourceNoPrincipal,
    principalMissingMessage: MSG.resourceNoPrincipal,
    notPrincipal: 'allowed',
    resource: 'required',
    stsAssumeActionsOnly: false,
    alphanumericSid: false,
    variables: true,
  },
};

/**
 * Actions a trust policy may name (lower-cased). `sts:SetContext` is the 2024 addition for
 * trusted identity propagation. Anything else: `AssumeRole policy may only specify STS AssumeRole actions.`
 */
export const TRUST_ACTIONS: ReadonlySet<string> = new Set([
  'sts:assumerole',
  'sts:assumerolewithsaml',
  'sts:assumerolewithwebidentity',
  'sts:tagsession',
  'sts:setsourceidentity',
  'sts:setcontext',
]);
