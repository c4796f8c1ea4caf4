// The `process` driver, and the workload runner the `netns` driver shares: on each start the instance's
// user data, when it is a script (starts with `#!`, as cloud-init runs it), is written to a private
// file and run as a process group with the instance's environment; its output is the console output.
// Stopping kills the group (SIGTERM, then SIGKILL after a grace period). Other user data is kept for
// the metadata service only.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  metadataUrl,
  type ConsoleSink,
  type ExecPlan,
  type InstanceDriver,
  type InstanceSpec,
} from './driver.js';
import { applyPlan, instanceEnvironment } from './env.js';

const GRACE_MS = 3_000;

export class WorkloadRunner {
  readonly #children = new Map<string, ChildProcess>();

  constructor(private readonly workDir: string) {}

  /** Runs the user-data script with `plan`; nothing when the user data is not a script. */
  run(spec: InstanceSpec, plan: ExecPlan, console: ConsoleSink): void {
    if (!spec.userData || !spec.userData.subarray(0, 2).equals(Buffer.from('#!'))) {
      console.write(`latchkey: no user-data script to run on ${spec.instanceId}\n`);
      return;
    }
    const dir = join(this.workDir, spec.instanceId);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const script = join(dir, 'user-data');
    writeFileSync(script, spec.userData, { mode: 0o700 });
    chmodSync(script, 0o700);
    const [cmd, ...args] = [...plan.prefix, script];
    const child = spawn(cmd!, args, {
      cwd: dir,
      env: applyPlan(hostEnvironment(), plan),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#children.set(spec.instanceId, child);
    console.write(`latchkey: running user data of ${spec.instanceId} (pid ${child.pid ?? '?'})\n`);
    child.stdout?.on('data', (d: Buffer) => console.write(d.toString('utf8')));
    child.stderr?.on('data', (d: Buffer) => console.write(d.toString('utf8')));
    child.on('error', (err) => console.write(`latchkey: user data failed to start: ${err.message}\n`));
    child.on('exit', (code, signal) => {
      if (this.#children.get(spec.instanceId) === child) this.#children.delete(spec.instanceId);
      console.write(`latchkey: user data exited (${signal ?? code})\n`);
    });
  }

  async stop(instanceId: string): Promise<void> {
    const child = this.#children.get(instanceId);
    this.#children.delete(instanceId);
    if (child && child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      killGroup(child.pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child.pid!, 'SIGKILL'), GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
    rmSync(join(this.workDir, instanceId), { recursive: true, force: true });
  }
}

/** The server's environment without its own secrets (the master key, the root key, the database URL). */
export function hostEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LATCHKEY_')));
}

/** Signals the process group the child leads (it was spawned detached), or the child alone. */
function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

export class ProcessDriver implements InstanceDriver {
  readonly name = 'process';
  readonly #runner: WorkloadRunner;

  constructor(workDir: string) {
    this.#runner = new WorkloadRunner(workDir);
  }

  unavailable(): string | undefined {
    return undefined;
  }

  plan(spec: InstanceSpec): ExecPlan {
    return instanceEnvironment({
      metadataEndpoint: metadataUrl(spec.metadataAddress, spec.metadataPort),
      metadataHost: spec.metadataAddress,
      apiUrl: spec.apiUrl,
      region: spec.region,
    });
  }

  async start(spec: InstanceSpec, console: ConsoleSink): Promise<void> {
    await this.#runner.stop(spec.instanceId);
    this.#runner.run(spec, this.plan(spec), console);
  }

  stop(instanceId: string): Promise<void> {
    return this.#runner.stop(instanceId);
  }
}

export class VirtualDriver implements InstanceDriver {
  readonly name = 'virtual';

  unavailable(): string | undefined {
    return undefined;
  }

  plan(spec: InstanceSpec): ExecPlan {
    return instanceEnvironment({
      metadataEndpoint: metadataUrl(spec.metadataAddress, spec.metadataPort),
      metadataHost: spec.metadataAddress,
      apiUrl: spec.apiUrl,
      region: spec.region,
    });
  }

  /** Nothing runs; the runtime words the console output of virtual instances itself. */
  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }
}
