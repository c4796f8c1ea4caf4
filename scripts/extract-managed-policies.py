#!/usr/bin/env python3
"""Regenerates src/services/iam/data/aws-managed-policies.json: a curated set of AWS managed policies
(name, path, default version, dates and the default version's document), taken from the snapshot of
AWS's published managed policies that moto ships on this machine (AWS's data, not moto's code).
    python3 scripts/extract-managed-policies.py
"""
import json, pathlib
from moto.iam.aws_managed_policies import aws_managed_policies_data

NAMES = [
    'AdministratorAccess', 'PowerUserAccess', 'ReadOnlyAccess', 'ViewOnlyAccess', 'SecurityAudit',
    'IAMFullAccess', 'IAMReadOnlyAccess', 'IAMUserChangePassword',
    'AmazonS3FullAccess', 'AmazonS3ReadOnlyAccess',
    'AmazonEC2FullAccess', 'AmazonEC2ReadOnlyAccess', 'AmazonEC2RoleforSSM',
    'AmazonSSMManagedInstanceCore', 'AmazonSSMReadOnlyAccess',
    'AWSCloudTrail_ReadOnlyAccess', 'AWSCloudTrail_FullAccess',
    'IAMAccessAnalyzerReadOnlyAccess', 'IAMAccessAnalyzerFullAccess',
    'CloudWatchAgentServerPolicy',
]

data = json.loads(aws_managed_policies_data)
out = []
for name in NAMES:
    p = data.get(name)
    if p is None:
        raise SystemExit(f'no AWS managed policy {name} in the snapshot')
    out.append({
        'name': name,
        'path': p['Path'],
        'defaultVersionId': p['DefaultVersionId'],
        'createDate': p['CreateDate'],
        'updateDate': p['UpdateDate'],
        'document': json.dumps(p['Document'], indent=4),
    })
target = pathlib.Path(__file__).resolve().parent.parent / 'src/services/iam/data/aws-managed-policies.json'
target.write_text(json.dumps(out, indent=1) + '\n')
print(f'{len(out)} policies -> {target}')
