// AWS's MalformedPolicyDocument texts, in one catalogue (reference §8, §8.2, §8.3, §6.4, §3.11).
//
// Owns: every policy-validation string latchkey returns, verbatim, with where it was seen.
// "V" strings were recorded from real AWS (LocalStack snapshots recorded 2026-02, or quoted in
// GitHub issues); strings marked "ours" are latchkey decisions where AWS's text is unknown
// (README.md, "Decisions"). Imports nothing.

export const MSG = {
  /** CreatePolicy/PutRolePolicy, any unparsable or non-object document. V [LS invalid-0]. */
  syntax: 'Syntax errors in policy.',
  /** CreateRole / UpdateAssumeRolePolicy when the text is not JSON. V [LS test_update_assume_role_policy_errors]. */
  trustInvalidJson: 'This policy contains invalid Json',
  /** CreatePolicy / CreatePolicyVersion with Version missing or 2008-10-17. V [LS invalid-1, -2]. */
  versionTooOld: 'Policy document must be version 2012-10-17 or greater.',
  /** Effect not exactly Allow/Deny, bad Date value, `::` resource with < 5 colons. V [LS invalid-36, -63, -64]. */
  legacyParsing: 'The policy failed legacy parsing',
  /** V [LS invalid-59]. */
  sidNotUnique: 'Statement IDs (SID) in a single policy must be unique.',
  /** V [O aws-cloudformation/cfn-lint#708]. Position in the order of checks is ours (after uniqueness). */
  sidNotAlphanumeric:
    'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  /** V [LS invalid-30, -32]. */
  noActions: 'Policy statement must contain actions.',
  /** V [LS invalid-27, -29]. */
  noResources: 'Policy statement must contain resources.',
  /** V [LS invalid-11, -12]. */
  actionNoVendor: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  /** V [LS invalid-14]. */
  actionTwoColons: 'Actions/Condition can contain only one colon.',
  /** V [LS invalid-13]: `Vendor a a is not valid`. */
  vendorInvalid: (vendor: string): string => `Vendor ${vendor} is not valid`,
  /** V [LS invalid-16, -20] (two spaces when the resource is empty). */
  resourceNotArn: (r: string): string => `Resource ${r} must be in ARN format or "*".`,
  /** V [LS invalid-21..25]. */
  partitionInvalid: (p: string, shown: string): string =>
    `Partition "${p}" is not valid for resource "${shown}".`,
  /** V [LS invalid-38]. */
  vendorNotQualified: 'Resource vendor must be fully qualified and cannot contain regexes.',
  /** V [LS invalid-55]. */
  iamRegion: (r: string): string => `IAM resource ${r} cannot contain region information.`,
  /** V [LS invalid-56]. */
  s3Region: (r: string): string => `Resource ${r} can not contain region information.`,
  /** V [LS invalid-35] (current text, with `root, `). */
  iamPath:
    'IAM resource path must either be "*", root, or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.',
  /** PutRolePolicy with a Principal. V [O hashicorp/terraform#13449]. */
  identityPrincipal: 'Policy document should not specify a principal.',
  /** Trust policy with a non-STS action. V [LS test_update_assume_role_policy_errors]. */
  trustActions: 'AssumeRole policy may only specify STS AssumeRole actions.',
  /** Trust policy with a Resource. V [LS] (no final period). */
  prohibitedField: (field: string): string => `Has prohibited field ${field}`,
  /** Trust statement without Principal. V [O terraform-aws-modules/terraform-aws-iam#47]. */
  trustNoPrincipal:
    'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!',
  /**
   * Malformed or unknown principal. V [O terraform-provider-aws#8905] (`"AWS":"arn:…"`),
   * [O hashicorp/terraform#35086] (`"SERVICE":"tagging.amazonaws.com"`, service key upper-cased).
   */
  invalidPrincipal: (key: string, value: string): string =>
    `Invalid principal in policy: "${key === 'Service' ? 'SERVICE' : key}":"${value}"`,
  /** Resource-based policy statement without Principal: S3's text (latchkey's resource policies are bucket policies). */
  resourceNoPrincipal: 'Missing required field Principal',
} as const;

/** LimitExceeded texts for the size quotas of §3.11. */
export const QUOTA_MSG = {
  /** CreatePolicy / CreatePolicyVersion. V [O ministryofjustice#14473]. */
  managedPolicySize: (max: number): string => `Cannot exceed quota for PolicySize: ${max}`,
  /** CreateRole / UpdateAssumeRolePolicy. V [O kubeflow#6687]. */
  trustPolicySize: (max: number): string => `Cannot exceed quota for ACLSizePerRole: ${max}`,
  /** PutRolePolicy / PutUserPolicy / PutGroupPolicy, aggregate per entity. V [O aws-amplify#2615]. */
  inlinePolicySize: (max: number, entity: 'user' | 'role' | 'group', name: string): string =>
    `Maximum policy size of ${max} bytes exceeded for ${entity} ${name}`,
} as const;
