#!/usr/bin/env node
// Regenerates src/aws/model/data/<service>.json from botocore's service models on this machine:
// keeps only the operations latchkey serves (OPERATIONS below) and the shapes they reach, and strips
// the documentation. The output is committed as data; run this only to add an operation.
//   node scripts/trim-models.js
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';

const OPERATIONS = {
  'sts/2011-06-15': [
    'AssumeRole',
    'GetCallerIdentity',
    'GetSessionToken',
    'GetFederationToken',
    'DecodeAuthorizationMessage',
    'GetAccessKeyInfo',
  ],
  'iam/2010-05-08': [
    'CreateRole',
    'GetRole',
    'ListRoles',
    'UpdateRole',
    'UpdateRoleDescription',
    'UpdateAssumeRolePolicy',
    'DeleteRole',
    'TagRole',
    'UntagRole',
    'ListRoleTags',
    'PutRolePermissionsBoundary',
    'DeleteRolePermissionsBoundary',
    'PutRolePolicy',
    'GetRolePolicy',
    'ListRolePolicies',
    'DeleteRolePolicy',
    'CreatePolicy',
    'GetPolicy',
    'ListPolicies',
    'DeletePolicy',
    'CreatePolicyVersion',
    'GetPolicyVersion',
    'ListPolicyVersions',
    'SetDefaultPolicyVersion',
    'DeletePolicyVersion',
    'TagPolicy',
    'UntagPolicy',
    'ListPolicyTags',
    'AttachRolePolicy',
    'DetachRolePolicy',
    'ListAttachedRolePolicies',
    'ListEntitiesForPolicy',
    'CreateInstanceProfile',
    'GetInstanceProfile',
    'ListInstanceProfiles',
    'DeleteInstanceProfile',
    'AddRoleToInstanceProfile',
    'RemoveRoleFromInstanceProfile',
    'ListInstanceProfilesForRole',
    'TagInstanceProfile',
    'UntagInstanceProfile',
    'ListInstanceProfileTags',
    'CreateUser',
    'GetUser',
    'ListUsers',
    'UpdateUser',
    'DeleteUser',
    'TagUser',
    'UntagUser',
    'ListUserTags',
    'PutUserPermissionsBoundary',
    'DeleteUserPermissionsBoundary',
    'CreateAccessKey',
    'ListAccessKeys',
    'UpdateAccessKey',
    'DeleteAccessKey',
    'GetAccessKeyLastUsed',
    'PutUserPolicy',
    'GetUserPolicy',
    'ListUserPolicies',
    'DeleteUserPolicy',
    'AttachUserPolicy',
    'DetachUserPolicy',
    'ListAttachedUserPolicies',
    'CreateGroup',
    'GetGroup',
    'ListGroups',
    'DeleteGroup',
    'AddUserToGroup',
    'RemoveUserFromGroup',
    'ListGroupsForUser',
    'PutGroupPolicy',
    'GetGroupPolicy',
    'ListGroupPolicies',
    'DeleteGroupPolicy',
    'AttachGroupPolicy',
    'DetachGroupPolicy',
    'ListAttachedGroupPolicies',
    'CreateLoginProfile',
    'GetLoginProfile',
    'UpdateLoginProfile',
    'DeleteLoginProfile',
    'SimulatePrincipalPolicy',
    'SimulateCustomPolicy',
    'GetContextKeysForPrincipalPolicy',
    'GetContextKeysForCustomPolicy',
    'GetAccountAuthorizationDetails',
  ],
  'ec2/2016-11-15': [
    'RunInstances',
    'DescribeInstances',
    'StartInstances',
    'StopInstances',
    'RebootInstances',
    'TerminateInstances',
    'DescribeInstanceStatus',
    'CreateTags',
    'DeleteTags',
    'DescribeTags',
    'GetConsoleOutput',
    'ModifyInstanceMetadataOptions',
    'DescribeRegions',
    'DescribeAvailabilityZones',
    'AssociateIamInstanceProfile',
    'ReplaceIamInstanceProfileAssociation',
    'DisassociateIamInstanceProfile',
    'DescribeIamInstanceProfileAssociations',
  ],
  's3/2006-03-01': [
    'ListBuckets',
    'CreateBucket',
    'HeadBucket',
    'DeleteBucket',
    'GetBucketLocation',
    'PutBucketPolicy',
    'GetBucketPolicy',
    'DeleteBucketPolicy',
    'GetBucketPolicyStatus',
    'PutBucketTagging',
    'GetBucketTagging',
    'DeleteBucketTagging',
    'PutObject',
    'GetObject',
    'HeadObject',
    'DeleteObject',
    'DeleteObjects',
    'CopyObject',
    'ListObjectsV2',
    'ListObjects',
    'GetObjectTagging',
    'PutObjectTagging',
    'DeleteObjectTagging',
    'CreateMultipartUpload',
    'UploadPart',
    'UploadPartCopy',
    'CompleteMultipartUpload',
    'AbortMultipartUpload',
    'ListParts',
    'ListMultipartUploads',
  ],
};

const DROP_KEYS = new Set(['documentation', 'documentationUrl', 'examples', 'deprecatedMessage']);

function strip(value) {
  if (Array.isArray(value)) return value.map(strip);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) if (!DROP_KEYS.has(k)) out[k] = strip(v);
    return out;
  }
  return value;
}

const botocore = execFileSync('python3', [
  '-c',
  'import botocore, os; print(os.path.dirname(botocore.__file__))',
])
  .toString()
  .trim();

for (const [path, ops] of Object.entries(OPERATIONS)) {
  const model = JSON.parse(
    gunzipSync(readFileSync(join(botocore, 'data', path, 'service-2.json.gz'))).toString(),
  );
  const shapes = {};
  const visit = (name) => {
    if (shapes[name]) return;
    const shape = model.shapes[name];
    if (!shape) throw new Error(`${path}: missing shape ${name}`);
    shapes[name] = strip(shape);
    for (const m of Object.values(shape.members ?? {})) visit(m.shape);
    if (shape.member) visit(shape.member.shape);
    if (shape.key) visit(shape.key.shape);
    if (shape.value) visit(shape.value.shape);
  };
  const operations = {};
  for (const op of ops) {
    const o = model.operations[op];
    if (!o) throw new Error(`${path}: no operation ${op}`);
    operations[op] = strip(o);
    if (o.input) visit(o.input.shape);
    if (o.output) visit(o.output.shape);
    for (const e of o.errors ?? []) visit(e.shape);
  }
  const sorted = Object.fromEntries(
    Object.keys(shapes)
      .sort()
      .map((k) => [k, shapes[k]]),
  );
  const out = { metadata: strip(model.metadata), operations, shapes: sorted };
  const service = path.split('/')[0];
  const file = new URL(`../src/aws/model/data/${service}.json`, import.meta.url);
  writeFileSync(file, JSON.stringify(out) + '\n');
  console.log(`${service}: ${ops.length} operations, ${Object.keys(sorted).length} shapes`);
}
