// The `netns` driver (Linux, root, iproute2 and socat): each running instance gets a network namespace
// `lk-<id>` joined to the host by a veth pair, and inside it the metadata service is the literal
// http://169.254.169.254/ — the SDKs' default, no environment needed — as on EC2.
//
//   namespace: lo up; veth `lkn…` with 169.254.x.y/32 and a route to 169.254.169.254/32 over it
//   host:      veth `lkh…` with 169.254.169.254/32 and a route back to 169.254.x.y/32
//   forwarders (socat, on the host, each bound to this instance's veth with SO_BINDTODEVICE):
//     169.254.169.254:80      → the instance's own metadata address 127.a.b.c:PORT
//     169.254.169.254:APIPORT → latchkey's API listener (AWS_ENDPOINT_URL inside the namespace)
//
// Identity still comes from where a request arrives: a forwarder accepts only connections that came in
// on its instance's veth and delivers them to that instance's address. From inside a namespace — even
// as root — other instances' addresses are unreachable (127.0.0.0/8 is the namespace's own loopback;
// the host drops loopback destinations arriving on other interfaces). The hop-limit of IMDSv2 is not
// emulated (the forwarder answers the namespace). Everything is removed when the instance stops.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { ConsoleSink, ExecPlan, InstanceDriver, InstanceSpec } from './driver.js';
import { instanceEnvironment } from './env.js';
import { WorkloadRunner } from './process.js';

export const IMDS_IP = '169.254.169.254';

const run = (cmd: string, args: string[]): Promise<string> =>
  new Promise((resolve, reject) =>
    execFile(cmd, args, { timeout: 10_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${cmd} ${args.join(' ')}: ${stderr.trim() || err.message}`)) : resolve(stdout),
    ),
  );

/** Names for an instance: the namespace and both ends of its veth pair (interface names ≤ 15 chars). */
export function netnsNames(instanceId: string): { namespace: string; host: string; inner: string } {
  const tail = instanceId.slice(-9);
  return { namespace: `lk-${instanceId}`, host: `lkh${tail}`, inner: `lkn${tail}` };
}

/** The namespace side's address, 169.254.x.y from the instance's metadata address (never .169.254). */
export function innerAddress(metadataAddress: string): string {
  const [, , c = '1', d = '1'] = metadataAddress.split('.');
  const x = Number(c) === 169 ? 170 : Number(c);
  return `169.254.${x}.${d}`;
}

function apiPort(apiUrl: string): number {
  const u = new URL(apiUrl);
  return Number(u.port || (u.protocol === 'https:' ? 443 : 80));
}

function apiHost(apiUrl: string): string {
  const h = new URL(apiUrl).hostname;
  return h === '0.0.0.0' || h === 'localhost' ? '127.0.0.1' : h;
}

interface Running {
  readonly forwarders: ChildProcess[];
}

export class NetnsDriver implements InstanceDriver {
  readonly name = 'netns';
  readonly #runner: WorkloadRunner;
  readonly #running = new Map<string, Running>();

  constructor(workDir: string) {
    this.#runner = new WorkloadRunner(workDir);
  }

  unavailable(): string | undefined {
    if (process.platform !== 'linux') return 'the netns driver needs Linux';
    if (process.getuid?.() !== 0) return 'the netns driver needs root (ip netns, veth, SO_BINDTODEVICE)';
    for (const tool of ['/usr/sbin/ip', '/usr/bin/socat']) {
      if (!existsSync(tool) && !existsSync(tool.replace('/usr', '')))
        return `the netns driver needs ${tool.split('/').pop()}`;
    }
    return undefined;
  }

  plan(spec: InstanceSpec): ExecPlan {
    return instanceEnvironment(
      {
        metadataEndpoint: undefined,
        metadataHost: IMDS_IP,
        apiUrl: `http://${IMDS_IP}:${apiPort(spec.apiUrl)}`,
        region: spec.region,
      },
      ['ip', 'netns', 'exec', netnsNames(spec.instanceId).namespace],
    );
  }

  async start(spec: InstanceSpec, console: ConsoleSink): Promise<void> {
    await this.stop(spec.instanceId);
    const n = netnsNames(spec.instanceId);
    const inner = innerAddress(spec.metadataAddress);
    const steps: string[][] = [
      ['netns', 'add', n.namespace],
      ['link', 'add', n.host, 'type', 'veth', 'peer', 'name', n.inner],
      ['link', 'set', n.inner, 'netns', n.namespace],
      ['addr', 'add', `${IMDS_IP}/32`, 'dev', n.host],
      ['link', 'set', n.host, 'up'],
      ['netns', 'exec', n.namespace, 'ip', 'link', 'set', 'lo', 'up'],
      ['netns', 'exec', n.namespace, 'ip', 'link', 'set', n.inner, 'up'],
      ['netns', 'exec', n.namespace, 'ip', 'addr', 'add', `${inner}/32`, 'dev', n.inner],
      ['netns', 'exec', n.namespace, 'ip', 'route', 'add', `${IMDS_IP}/32`, 'dev', n.inner],
      ['route', 'add', `${inner}/32`, 'dev', n.host],
    ];
    try {
      for (const s of steps) await run('ip', s);
    } catch (e) {
      await this.stop(spec.instanceId);
      throw e;
    }
    const forward = (port: number, target: string) =>
      spawn(
        'socat',
        [`TCP-LISTEN:${port},bind=${IMDS_IP},so-bindtodevice=${n.host},reuseaddr,fork`, `TCP:${target}`],
        { stdio: 'ignore' },
      );
    const port = apiPort(spec.apiUrl);
    const forwarders = [
      forward(80, `${spec.metadataAddress}:${spec.metadataPort}`),
      forward(port, `${apiHost(spec.apiUrl)}:${port}`),
    ];
    for (const f of forwarders)
      f.on('error', (err) => console.write(`latchkey: forwarder failed: ${err.message}\n`));
    this.#running.set(spec.instanceId, { forwarders });
    await waitForListener(n.namespace);
    console.write(
      `latchkey: instance ${spec.instanceId} in network namespace ${n.namespace}; metadata at http://${IMDS_IP}/\n`,
    );
    this.#runner.run(spec, this.plan(spec), console);
  }

  async stop(instanceId: string): Promise<void> {
    await this.#runner.stop(instanceId);
    const r = this.#running.get(instanceId);
    this.#running.delete(instanceId);
    for (const f of r?.forwarders ?? []) {
      if (f.exitCode === null && f.signalCode === null) {
        const exited = new Promise<void>((resolve) => f.once('exit', () => resolve()));
        f.kill('SIGTERM');
        await exited;
      }
    }
    const n = netnsNames(instanceId);
    // Deleting the namespace removes its end of the veth, which removes the pair and its routes.
    await run('ip', ['netns', 'del', n.namespace]).catch(() => undefined);
    await run('ip', ['link', 'del', n.host]).catch(() => undefined);
  }
}

/** Waits (briefly) until the metadata forwarder accepts connections from inside the namespace. */
async function waitForListener(namespace: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const ok = await run('ip', [
      'netns',
      'exec',
      namespace,
      'socat',
      '-t',
      '0.05',
      '/dev/null',
      `TCP:${IMDS_IP}:80,connect-timeout=0.2`,
    ]).then(
      () => true,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
