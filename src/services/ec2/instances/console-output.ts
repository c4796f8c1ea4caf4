// ec2:GetConsoleOutput: the instance's console as base64 (API reference: "The console output,
// base64-encoded"). The runtime driver supplies it — the output of the instance's user-data script for
// the process and netns drivers, a short boot log for virtual instances. Terminated instances have none.
import { operation } from '../../service.js';
import { onInstances } from '../access.js';
import type { Ec2Deps } from '../deps.js';
import { Ec2Errors } from '../errors.js';
import type { GetConsoleOutputRequest, GetConsoleOutputResult } from '../shapes.js';
import { requireInstances } from './describe-instances.js';

export const getConsoleOutput = (deps: Ec2Deps) =>
  operation<GetConsoleOutputRequest, GetConsoleOutputResult>({
    action: 'ec2:GetConsoleOutput',
    access: (input, ctx) => onInstances(deps, ctx, 'ec2:GetConsoleOutput', [input.InstanceId]),
    handler: async (input, ctx) => {
      const [row] = await requireInstances(deps, ctx.caller.accountId, ctx.region, ctx.now, [
        input.InstanceId,
      ]);
      if (input.DryRun) throw Ec2Errors.dryRun();
      const text = row!.state === 'terminated' ? undefined : deps.events.consoleOutput(row!);
      return {
        InstanceId: row!.instance_id,
        Timestamp: new Date(ctx.now),
        ...(text !== undefined ? { Output: Buffer.from(text, 'utf8').toString('base64') } : {}),
      };
    },
  });
