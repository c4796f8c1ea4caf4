// Resource and action format checks (reference §8.1 checks 4, 8a–8f, 9–9c).
//
// Owns: the per-string rules behind the resource and action messages, each returning AWS's
// text or undefined. Behaviour re-derived from the LocalStack recordings of real AWS (cases in
// test-vectors/validation-create-policy.json) and moto's reading of them:
//   - a resource is `*` or has a colon; the field after the first colon is the partition (the
//     first field itself is not checked: `aws:s3:::x` is read as partition "s3");
//   - unknown partition → `Partition "p" is not valid for resource "arn:p:…"` with missing
//     fields shown as `*`; no field after the partition → "vendor must be fully qualified";
//   - iam and s3 resources may not carry a region (s3 access points may); an iam resource id
//     must be `*`, `root`, or start with a known type;
//   - "legacy parsing": a `::` in a resource with fewer than five colons, or an empty service.
// Imports messages.

import { MSG } from './messages.js';

export const PARTITIONS: ReadonlySet<string> = new Set([
  'aws',
  'aws-cn',
  'aws-us-gov',
  'aws-iso',
  'aws-iso-b',
  'aws-iso-e',
  'aws-iso-f',
  'aws-eusc',
  '*',
]);

const IAM_PATH_PREFIXES = [
  'user/',
  'federated-user/',
  'role/',
  'group/',
  'instance-profile/',
  'mfa/',
  'server-certificate/',
  'policy/',
  'sms-mfa/',
  'saml-provider/',
  'oidc-provider/',
  'report/',
  'access-report/',
];

/** AWS's message for a malformed resource string, or undefined when the format is acceptable. */
export function resourceFormatError(r: string): string | undefined {
  if (r === '*') return undefined;
  const first = r.indexOf(':');
  if (first < 0) return MSG.resourceNotArn(r);
  const parts = r.slice(first + 1).split(':');
  const partition = parts[0] ?? '';
  if (!PARTITIONS.has(partition)) {
    const rest = parts.slice(1);
    const f = (i: number): string => rest[i] ?? '*';
    const a1 = rest.length === 1 && rest[0] === '' ? '*' : f(0);
    const a4 = rest.length > 3 ? rest.slice(3).join(':') : '*';
    return MSG.partitionInvalid(partition, `arn:${partition}:${a1}:${f(1)}:${f(2)}:${a4}`);
  }
  if (parts.length < 2) return MSG.vendorNotQualified;
  const service = parts[1] ?? '';
  const region = parts[2];
  const resourceId = parts.length > 4 ? parts.slice(4).join(':') : '';
  if (region !== undefined && region !== '') {
    if (service === 'iam') return MSG.iamRegion(r);
    if (service === 's3' && !resourceId.startsWith('accesspoint/')) return MSG.s3Region(r);
  }
  if (service === 'iam') {
    const ok =
      resourceId === '*' || resourceId === 'root' || IAM_PATH_PREFIXES.some((p) => resourceId.startsWith(p));
    if (!ok) return MSG.iamPath;
  }
  return undefined;
}

/** True when the resource fails AWS's "legacy parsing". */
export function failsLegacyResourceParse(r: string): boolean {
  if (r === '*') return false;
  const parts = r.split(':');
  if (parts.length - 1 < 5 && r.includes('::')) return true;
  return parts.length >= 3 && parts[2] === '';
}

const VENDOR = /^[a-zA-Z0-9\-.]*$/;

/** AWS's message for a malformed action string, or undefined. */
export function actionFormatError(a: string): string | undefined {
  const parts = a.split(':');
  if (parts.length === 1 && a !== '*') return MSG.actionNoVendor;
  if (parts.length > 2) return MSG.actionTwoColons;
  const vendor = parts[0] ?? '';
  if (vendor !== '*' && !VENDOR.test(vendor)) return MSG.vendorInvalid(vendor);
  return undefined;
}
