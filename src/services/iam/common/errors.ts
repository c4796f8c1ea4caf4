// IAM's errors with AWS's codes, statuses and texts (reference iam-sts-policy.md §3.0–§3.11; each
// text is recorded from AWS unless marked otherwise there).
import { AwsError } from '../../../aws/errors.js';

const e = (code: string, status: number) => (message: string) => new AwsError(code, message, status);

export const noSuchEntity = e('NoSuchEntity', 404);
export const entityAlreadyExists = e('EntityAlreadyExists', 409);
export const deleteConflict = e('DeleteConflict', 409);
export const limitExceeded = e('LimitExceeded', 409);
export const malformedPolicyDocument = e('MalformedPolicyDocument', 400);
export const invalidInput = e('InvalidInput', 400);
export const validationError = e('ValidationError', 400);
export const unmodifiableEntity = e('UnmodifiableEntity', 400);
export const policyNotAttachable = e('PolicyNotAttachable', 400);

export const IamErrors = {
  noSuchRole: (name: string) => noSuchEntity(`The role with name ${name} cannot be found.`),
  noSuchUser: (name: string) => noSuchEntity(`The user with name ${name} cannot be found.`),
  noSuchGroup: (name: string) => noSuchEntity(`The group with name ${name} cannot be found.`),
  noSuchInstanceProfile: (name: string) => noSuchEntity(`Instance Profile ${name} cannot be found.`),
  noSuchPolicy: (arn: string) => noSuchEntity(`Policy ${arn} was not found.`),
  policyNotAttachableOrMissing: (arn: string) =>
    noSuchEntity(`Policy ${arn} does not exist or is not attachable.`),
  noSuchPolicyVersion: (arn: string, version: string) =>
    noSuchEntity(`Policy ${arn} version ${version} does not exist or is not attachable.`),
  noSuchInlinePolicy: (kind: 'role' | 'user' | 'group', name: string) =>
    noSuchEntity(`The ${kind} policy with name ${name} cannot be found.`),
  noSuchAccessKey: (id: string) => noSuchEntity(`The Access Key with id ${id} cannot be found.`),
  noSuchLoginProfile: (user: string) => noSuchEntity(`Login Profile for User ${user} cannot be found.`),
  scopeArnMissing: (arn: string) => noSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`),
  roleExists: (name: string) => entityAlreadyExists(`Role with name ${name} already exists.`),
  userExists: (name: string) => entityAlreadyExists(`User with name ${name} already exists.`),
  groupExists: (name: string) => entityAlreadyExists(`Group with name ${name} already exists.`),
  instanceProfileExists: (name: string) => entityAlreadyExists(`Instance Profile ${name} already exists.`),
  policyExists: (name: string) =>
    entityAlreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`),
  loginProfileExists: (user: string) => entityAlreadyExists(`Login Profile for user ${user} already exists.`),
  invalidArn: (arn: string) => invalidInput(`ARN ${arn} is not valid.`),
  quota: (name: string, max: number) => limitExceeded(`Cannot exceed quota for ${name}: ${max}`),
  duplicateTagKeys: (caseInsensitive: boolean) =>
    invalidInput(
      caseInsensitive
        ? 'Duplicate tag keys found. Please note that Tag keys are case insensitive.'
        : 'Duplicate tag keys found.',
    ),
};
