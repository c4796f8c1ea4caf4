// ec2:StartInstances, StopInstances, RebootInstances, TerminateInstances (EC2 UG "Instance state
// changes"). Every instance named must exist and be in a state the change allows, or the whole call
// fails with IncorrectInstanceState and nothing changes. Transitions are stored at their end state and
// answered as AWS answers the call: Start → pending, Stop → stopping, Terminate → shutting-down.
// Stopping keeps the instance's association; terminating ends it (reference imds-ec2.md §C.4).
import type { InstanceRow } from '../../../store/repos/ec2/index.js';
import type { AwsError } from '../../../aws/errors.js';
import { operation } from '../../service.js';
import { onInstances } from '../access.js';
import type { Ec2ChangeKind, Ec2Deps } from '../deps.js';
import { Ec2Errors } from '../errors.js';
import { stateOf, userInitiated } from '../render.js';
import type {
  InstanceStateChange,
  RebootInstancesRequest,
  StartInstancesRequest,
  StartInstancesResult,
  StopInstancesRequest,
  StopInstancesResult,
  TerminateInstancesRequest,
  TerminateInstancesResult,
} from '../shapes.js';
import { requireInstances } from './describe-instances.js';

interface Transition {
  /** States from which the change applies (others that are allowed are no-ops). */
  readonly from: readonly string[];
  /** States in which the call succeeds without a change. */
  readonly unchanged: readonly string[];
  readonly refuse: (id: string) => AwsError;
  readonly patch: (row: InstanceRow, now: number) => Partial<InstanceRow>;
  /** The state the response shows for a changed instance. */
  readonly shown: string;
  readonly event: Ec2ChangeKind;
}

const START: Transition = {
  from: ['stopped'],
  unchanged: ['running', 'pending'],
  refuse: Ec2Errors.cannotStart,
  patch: (row, now) => ({ state: 'running', state_reason: '', launched_at: now, boot: row.boot + 1 }),
  shown: 'pending',
  event: 'started',
};

const STOP: Transition = {
  from: ['running', 'pending'],
  unchanged: ['stopped'],
  refuse: Ec2Errors.cannotStop,
  patch: (_row, now) => ({ state: 'stopped', state_reason: userInitiated(now) }),
  shown: 'stopping',
  event: 'stopped',
};

const TERMINATE: Transition = {
  from: ['running', 'pending', 'stopped', 'stopping'],
  unchanged: ['terminated', 'shutting-down'],
  refuse: Ec2Errors.cannotStop,
  patch: (_row, now) => ({
    state: 'terminated',
    state_reason: userInitiated(now),
    terminated_at: now,
    live: 0,
  }),
  shown: 'shutting-down',
  event: 'terminated',
};

async function transition(
  deps: Ec2Deps,
  ids: readonly string[],
  t: Transition,
  account: string,
  region: string,
  now: number,
  dryRun: boolean | undefined,
): Promise<InstanceStateChange[]> {
  const rows = await requireInstances(deps, account, region, now, ids);
  for (const row of rows)
    if (!t.from.includes(row.state) && !t.unchanged.includes(row.state)) throw t.refuse(row.instance_id);
  if (dryRun) throw Ec2Errors.dryRun();
  const changed: string[] = [];
  const out: InstanceStateChange[] = [];
  await deps.store.transaction(async (tx) => {
    for (const row of rows) {
      if (!t.from.includes(row.state)) continue;
      // Conditional: a concurrent change since the read refuses this one.
      if (!(await tx.ec2Instances.update(row.instance_id, t.patch(row, now), t.from)))
        throw t.refuse(row.instance_id);
      if (t === TERMINATE) await tx.ec2Associations.endForInstance(row.instance_id, now);
      changed.push(row.instance_id);
    }
  });
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.instance_id)) continue;
    seen.add(row.instance_id);
    const didChange = changed.includes(row.instance_id);
    out.push({
      InstanceId: row.instance_id,
      CurrentState: stateOf(didChange ? t.shown : row.state),
      PreviousState: stateOf(row.state),
    });
  }
  if (changed.length > 0) deps.events.changed({ kind: t.event, instanceIds: changed });
  return out;
}

export const startInstances = (deps: Ec2Deps) =>
  operation<StartInstancesRequest, StartInstancesResult>({
    action: 'ec2:StartInstances',
    access: (input, ctx) => onInstances(deps, ctx, 'ec2:StartInstances', input.InstanceIds),
    handler: async (input, ctx) => ({
      StartingInstances: await transition(
        deps,
        input.InstanceIds,
        START,
        ctx.caller.accountId,
        ctx.region,
        ctx.now,
        input.DryRun,
      ),
    }),
  });

export const stopInstances = (deps: Ec2Deps) =>
  operation<StopInstancesRequest, StopInstancesResult>({
    action: 'ec2:StopInstances',
    access: (input, ctx) => onInstances(deps, ctx, 'ec2:StopInstances', input.InstanceIds),
    handler: async (input, ctx) => ({
      StoppingInstances: await transition(
        deps,
        input.InstanceIds,
        STOP,
        ctx.caller.accountId,
        ctx.region,
        ctx.now,
        input.DryRun,
      ),
    }),
  });

export const terminateInstances = (deps: Ec2Deps) =>
  operation<TerminateInstancesRequest, TerminateInstancesResult>({
    action: 'ec2:TerminateInstances',
    access: (input, ctx) => onInstances(deps, ctx, 'ec2:TerminateInstances', input.InstanceIds),
    handler: async (input, ctx) => ({
      TerminatingInstances: await transition(
        deps,
        input.InstanceIds,
        TERMINATE,
        ctx.caller.accountId,
        ctx.region,
        ctx.now,
        input.DryRun,
      ),
    }),
  });

export const rebootInstances = (deps: Ec2Deps) =>
  operation<RebootInstancesRequest, void>({
    action: 'ec2:RebootInstances',
    access: (input, ctx) => onInstances(deps, ctx, 'ec2:RebootInstances', input.InstanceIds),
    handler: async (input, ctx) => {
      const rows = await requireInstances(deps, ctx.caller.accountId, ctx.region, ctx.now, input.InstanceIds);
      for (const row of rows)
        if (row.state !== 'running' && row.state !== 'pending') throw Ec2Errors.cannotReboot(row.instance_id);
      if (input.DryRun) throw Ec2Errors.dryRun();
      deps.events.changed({ kind: 'rebooted', instanceIds: rows.map((r) => r.instance_id) });
    },
  });
