// What EC2's operations need from the server: the store, which instance drivers this server runs, and
// a way to tell the instance runtime and the metadata service that an instance changed. EC2 may not
// import those layers (DESIGN.md: services sit below instances and imds), so the server wires them in
// through Ec2Events after each committed change.
import type { InstanceRow } from '../../store/repos/ec2/index.js';
import type { Store } from '../../store/store.js';

export type Ec2ChangeKind =
  | 'launched'
  | 'started'
  | 'stopped'
  | 'rebooted'
  | 'terminated'
  | 'association'
  | 'metadata-options'
  | 'tags';

export interface Ec2Change {
  readonly kind: Ec2ChangeKind;
  readonly instanceIds: readonly string[];
}

export interface Ec2Events {
  /** Called after a change is committed; must not throw. */
  changed(change: Ec2Change): void;
  /** The instance's console output so far (GetConsoleOutput), or undefined when there is none yet. */
  consoleOutput(instance: InstanceRow): string | undefined;
}

export interface Ec2Deps {
  readonly store: Store;
  /** The instance drivers this server can run; the first is the default. */
  readonly drivers: readonly string[];
  readonly events: Ec2Events;
}

/** Tag that picks an instance's driver at launch (`latchkey:driver` = virtual | process | netns). */
export const DRIVER_TAG = 'latchkey:driver';

/** At most this many instances per RunInstances call. */
export const MAX_INSTANCES_PER_CALL = 1000;
