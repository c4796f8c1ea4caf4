// ec2:ModifyInstanceMetadataOptions (reference imds-ec2.md §C.3, §F.11): options the request omits keep
// their current value ("If no parameter is specified, the existing state is maintained" — moto resets
// them to defaults, §D); a running instance answers `pending` (a later DescribeInstances shows
// `applied`); the metadata service applies the change at once. Enabling tags in metadata requires every
// existing tag key to be one the metadata tree can carry (EC2 UG "Work with instance tags in metadata").
import { operation } from '../../service.js';
import { instanceArn, instanceContext, ownInstances, parseTags } from '../access.js';
import type { Ec2Deps } from '../deps.js';
import { Ec2Errors } from '../errors.js';
import { metadataOptions } from '../render.js';
import type { ModifyInstanceMetadataOptionsRequest, ModifyInstanceMetadataOptionsResult } from '../shapes.js';
import { isMetadataSafeKey } from '../tags/tag-rules.js';
import { requireInstances } from './describe-instances.js';
import { checkHopLimit } from './launch-spec.js';

export const modifyInstanceMetadataOptions = (deps: Ec2Deps) =>
  operation<ModifyInstanceMetadataOptionsRequest, ModifyInstanceMetadataOptionsResult>({
    action: 'ec2:ModifyInstanceMetadataOptions',
    access: async (input, ctx) => {
      const row = (await ownInstances(deps, ctx, [input.InstanceId])).get(input.InstanceId);
      const requested: Record<string, string> = {};
      if (input.HttpTokens !== undefined) requested['ec2:MetadataHttpTokens'] = input.HttpTokens;
      if (input.HttpEndpoint !== undefined) requested['ec2:MetadataHttpEndpoint'] = input.HttpEndpoint;
      if (input.HttpPutResponseHopLimit !== undefined)
        requested['ec2:MetadataHttpPutResponseHopLimit'] = String(input.HttpPutResponseHopLimit);
      if (input.InstanceMetadataTags !== undefined)
        requested['ec2:InstanceMetadataTags'] = input.InstanceMetadataTags;
      return [
        {
          action: 'ec2:ModifyInstanceMetadataOptions',
          resources: [instanceArn(ctx.region, ctx.caller.accountId, input.InstanceId)],
          context: { ...(row ? instanceContext(row) : {}), ...requested },
        },
      ];
    },
    handler: async (input, ctx) => {
      checkHopLimit(input.HttpPutResponseHopLimit);
      const [row] = await requireInstances(deps, ctx.caller.accountId, ctx.region, ctx.now, [
        input.InstanceId,
      ]);
      if (row!.state === 'terminated' || row!.state === 'shutting-down')
        throw Ec2Errors.terminated(row!.instance_id);
      const patch = {
        http_tokens: input.HttpTokens ?? row!.http_tokens,
        http_put_response_hop_limit: input.HttpPutResponseHopLimit ?? row!.http_put_response_hop_limit,
        http_endpoint: input.HttpEndpoint ?? row!.http_endpoint,
        http_protocol_ipv6: input.HttpProtocolIpv6 ?? row!.http_protocol_ipv6,
        instance_metadata_tags: input.InstanceMetadataTags ?? row!.instance_metadata_tags,
      };
      if (patch.instance_metadata_tags === 'enabled') {
        const bad = parseTags(row!.tags).find((t) => !isMetadataSafeKey(t.Key ?? ''));
        if (bad) throw Ec2Errors.metadataTagKey(bad.Key ?? '');
      }
      if (input.DryRun) throw Ec2Errors.dryRun();
      if (
        !(await deps.store.transaction((tx) =>
          tx.ec2Instances.update(row!.instance_id, patch, ['pending', 'running', 'stopping', 'stopped']),
        ))
      ) {
        throw Ec2Errors.terminated(row!.instance_id);
      }
      deps.events.changed({ kind: 'metadata-options', instanceIds: [row!.instance_id] });
      const running = row!.state === 'running' || row!.state === 'pending';
      return {
        InstanceId: row!.instance_id,
        InstanceMetadataOptions: metadataOptions({ ...row!, ...patch }, running ? 'pending' : 'applied'),
      };
    },
  });
