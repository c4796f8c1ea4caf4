// The instance runtime drivers' contract (DESIGN.md "instances" row). An instance is a record in the
// store; a driver makes it something that runs:
// - `virtual`: nothing runs; the instance exists for its API state and its metadata endpoint. The
//   workload is whatever the user starts with `latchkey instance exec`.
// - `process`: the instance's user data, when it is a script (`#!…`), runs as a host process on each
//   start, with the instance's environment (./env.ts); its output is the console output.
// - `netns`: as `process`, inside a network namespace of its own where the metadata service is the
//   literal http://169.254.169.254/ (./netns.ts).
// May import: aws, store (and policy). Knows nothing of IMDS or EC2's API: it is told what to run.

export interface InstanceSpec {
  readonly instanceId: string;
  readonly region: string;
  readonly imageId: string;
  readonly launchedAt: number;
  /** Decoded user data, if any. */
  readonly userData: Buffer | undefined;
  /** The instance's metadata endpoint on the host: its loopback address and the metadata port. */
  readonly metadataAddress: string;
  readonly metadataPort: number;
  /** The AWS API endpoint (latchkey's main listener) as seen from the host. */
  readonly apiUrl: string;
}

/** What a program run "on" the instance gets: its environment, and a command prefix (netns). */
export interface ExecPlan {
  /** Variables to set (no credentials, ever). */
  readonly set: Readonly<Record<string, string>>;
  /** Variables to remove (every source of credentials an SDK would prefer over IMDS). */
  readonly unset: readonly string[];
  /** Prepended to the command, e.g. `ip netns exec lk-…`; empty for host processes. */
  readonly prefix: readonly string[];
}

export interface InstanceDriver {
  readonly name: string;
  /** Why this driver cannot run here (missing privileges or tools), or undefined. */
  unavailable(): string | undefined;
  /** Starts (or restarts) the instance's workload. */
  start(spec: InstanceSpec, console: ConsoleSink): Promise<void>;
  /** Stops it and releases what it holds (processes, namespaces); idempotent. */
  stop(instanceId: string): Promise<void>;
  /** How to run a program on the instance. */
  plan(spec: InstanceSpec): ExecPlan;
}

export interface ConsoleSink {
  write(text: string): void;
}

/** The endpoint URL of an instance's metadata service; on port 80 without a port, as on EC2. */
export const metadataUrl = (address: string, port: number): string =>
  port === 80 ? `http://${address}` : `http://${address}:${port}`;
