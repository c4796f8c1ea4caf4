// ec2:CreateTags, ec2:DeleteTags, ec2:DescribeTags on instances (the EC2 resources latchkey keeps).
// Tags are merged inside the transaction from the row as it is then, so concurrent tagging loses no
// tag. A resource id of another kind is InvalidID; an instance id must be well formed and exist.
// Tags are visible in instance metadata at once when InstanceMetadataTags is enabled (reference
// imds-ec2.md §A.4: "Nitro updates tags live").
import { operation } from '../../service.js';
import { instanceArn, instanceContext, ownInstances, parseTags, requestTagContext } from '../access.js';
import type { Ec2Deps } from '../deps.js';
import { Ec2Errors } from '../errors.js';
import { INSTANCE_ID } from '../ids.js';
import { checkMaxResults, compileFilters, pageOf, type FilterField } from '../listing.js';
import { visibleInstances, requireInstances } from '../instances/describe-instances.js';
import type {
  CreateTagsRequest,
  DeleteTagsRequest,
  DescribeTagsRequest,
  DescribeTagsResult,
  Tag,
  TagDescription,
} from '../shapes.js';
import { checkTags, instanceTags, removeTags } from './tag-rules.js';
import type { RequestContext } from '../../service.js';

function instanceIds(resources: readonly string[]): string[] {
  for (const id of resources) {
    if (!id.startsWith('i-')) throw Ec2Errors.invalidId(id);
    if (!INSTANCE_ID.test(id)) throw Ec2Errors.instanceMalformed(id);
  }
  return [...new Set(resources)];
}

async function tagAccess(
  deps: Ec2Deps,
  ctx: RequestContext,
  action: string,
  resources: readonly string[],
  tags: readonly Tag[],
) {
  const ids = instanceIds(resources);
  const rows = await ownInstances(deps, ctx, ids);
  const request =
    action === 'ec2:CreateTags'
      ? requestTagContext(tags)
      : tags.length > 0
        ? { 'aws:TagKeys': tags.map((t) => t.Key ?? '') }
        : {};
  return ids.map((id) => {
    const row = rows.get(id);
    return {
      action,
      resources: [instanceArn(ctx.region, ctx.caller.accountId, id)],
      context: { ...(row ? instanceContext(row) : {}), ...request },
    };
  });
}

async function retag(
  deps: Ec2Deps,
  ctx: RequestContext,
  resources: readonly string[],
  change: (tags: Tag[]) => Tag[],
  dryRun: boolean | undefined,
): Promise<void> {
  const ids = instanceIds(resources);
  await requireInstances(deps, ctx.caller.accountId, ctx.region, ctx.now, ids);
  if (dryRun) throw Ec2Errors.dryRun();
  await deps.store.transaction(async (tx) => {
    for (const id of ids) {
      const row = (await tx.ec2Instances.getForUpdate(id))!;
      const next = change(parseTags(row.tags));
      checkTags(next, row.instance_metadata_tags === 'enabled');
      await tx.ec2Instances.update(id, { tags: JSON.stringify(next) });
    }
  });
  deps.events.changed({ kind: 'tags', instanceIds: ids });
}

export const createTags = (deps: Ec2Deps) =>
  operation<CreateTagsRequest, void>({
    action: 'ec2:CreateTags',
    access: (input, ctx) => tagAccess(deps, ctx, 'ec2:CreateTags', input.Resources, input.Tags),
    handler: (input, ctx) =>
      retag(deps, ctx, input.Resources, (tags) => instanceTags(tags, input.Tags), input.DryRun),
  });

export const deleteTags = (deps: Ec2Deps) =>
  operation<DeleteTagsRequest, void>({
    action: 'ec2:DeleteTags',
    access: (input, ctx) => tagAccess(deps, ctx, 'ec2:DeleteTags', input.Resources, input.Tags ?? []),
    handler: (input, ctx) =>
      retag(deps, ctx, input.Resources, (tags) => removeTags(tags, input.Tags), input.DryRun),
  });

const TAG_FILTERS: Readonly<Record<string, FilterField<TagDescription>>> = {
  key: (t) => t.Key,
  value: (t) => t.Value,
  'resource-id': (t) => t.ResourceId,
  'resource-type': (t) => t.ResourceType,
  'tag:': (t, name) => (t.Key === name.slice(4) ? t.Value : undefined),
};

export const describeTags = (deps: Ec2Deps) =>
  operation<DescribeTagsRequest, DescribeTagsResult>({
    action: 'ec2:DescribeTags',
    access: () => [{ action: 'ec2:DescribeTags', resources: ['*'] }],
    handler: async (input, ctx) => {
      checkMaxResults(input.MaxResults, 5, 1000);
      const match = compileFilters(input.Filters, TAG_FILTERS);
      if (input.DryRun) throw Ec2Errors.dryRun();
      const rows = await visibleInstances(deps, ctx.caller.accountId, ctx.region, ctx.now);
      const all: TagDescription[] = rows
        .flatMap((r) =>
          parseTags(r.tags).map((t) => ({
            ResourceId: r.instance_id,
            ResourceType: 'instance' as const,
            Key: t.Key ?? '',
            Value: t.Value ?? '',
          })),
        )
        .filter(match);
      const page = pageOf(all, input.NextToken, input.MaxResults, 1000);
      return { Tags: page.items, ...(page.nextToken !== undefined ? { NextToken: page.nextToken } : {}) };
    },
  });
