// The resources and condition keys EC2 operations are authorized with (Service Authorization
// Reference, "Actions, resources, and condition keys for Amazon EC2"): instance ARNs
// `arn:aws:ec2:REGION:ACCOUNT:instance/ID` with the instance's tags as `ec2:ResourceTag/…` and
// `aws:ResourceTag/…`, the `ec2:Metadata…` keys, and `iam:PassRole` on the role of a profile that is
// handed to an instance (reference iam-sts-policy.md §5.2: iam:PassedToService and
// iam:AssociatedResourceArn).
import type { InstanceRow } from '../../store/repos/ec2/index.js';
import type { AccessRequest, ContextValue, RequestContext } from '../service.js';
import type { Ec2Deps } from './deps.js';
import type { Tag } from './shapes.js';

export const instanceArn = (region: string, account: string, id: string): string =>
  `arn:aws:ec2:${region}:${account}:instance/${id}`;

export const ec2Arn = (region: string, account: string, resource: string): string =>
  `arn:aws:ec2:${region}:${account}:${resource}`;

export const parseTags = (json: string): Tag[] => JSON.parse(json) as Tag[];

/** The condition keys an existing instance contributes. */
export function instanceContext(row: InstanceRow): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {
    'ec2:Region': row.region,
    'ec2:AvailabilityZone': row.availability_zone,
    'ec2:InstanceType': row.instance_type,
    'ec2:MetadataHttpTokens': row.http_tokens,
    'ec2:MetadataHttpEndpoint': row.http_endpoint,
    'ec2:MetadataHttpPutResponseHopLimit': String(row.http_put_response_hop_limit),
    'ec2:InstanceMetadataTags': row.instance_metadata_tags,
  };
  for (const t of parseTags(row.tags)) {
    out[`ec2:ResourceTag/${t.Key}`] = t.Value ?? '';
    out[`aws:ResourceTag/${t.Key}`] = t.Value ?? '';
  }
  return out;
}

/** The caller's instances among `ids`, by id (others are answered NotFound by the handler). */
export async function ownInstances(
  deps: Ec2Deps,
  ctx: RequestContext,
  ids: readonly string[],
): Promise<Map<string, InstanceRow>> {
  const rows = await deps.store.read.ec2Instances.list(ctx.caller.accountId, ids);
  return new Map(rows.filter((r) => r.region === ctx.region).map((r) => [r.instance_id, r]));
}

/** One request per instance: each carries its own resource tags. */
export async function onInstances(
  deps: Ec2Deps,
  ctx: RequestContext,
  action: string,
  ids: readonly string[],
  context: Record<string, ContextValue> = {},
): Promise<AccessRequest[]> {
  const rows = await ownInstances(deps, ctx, ids);
  return ids.map((id) => {
    const row = rows.get(id);
    return {
      action,
      resources: [instanceArn(ctx.region, ctx.caller.accountId, id)],
      context: { ...(row ? instanceContext(row) : {}), ...context },
    };
  });
}

/** iam:PassRole on the role handed to an instance (reference iam-sts-policy.md §5.2). */
export const passRole = (roleArn: string, associatedResource: string): AccessRequest => ({
  action: 'iam:PassRole',
  resources: [roleArn],
  context: { 'iam:PassedToService': 'ec2.amazonaws.com', 'iam:AssociatedResourceArn': associatedResource },
});

/** aws:RequestTag/… and aws:TagKeys for tags a request creates. */
export function requestTagContext(tags: readonly Tag[]): Record<string, ContextValue> {
  if (tags.length === 0) return {};
  const out: Record<string, ContextValue> = { 'aws:TagKeys': tags.map((t) => t.Key ?? '') };
  for (const t of tags) out[`aws:RequestTag/${t.Key ?? ''}`] = t.Value ?? '';
  return out;
}
