// `latchkey instance env <id>` and `latchkey instance exec <id> -- cmd…`: run a program "on" an
// instance. The server says what that means (GET /_latchkey/ec2/instances/ID): the environment that
// points SDKs at the instance's own metadata endpoint and clears every other source of credentials
// (src/instances/env.ts), and for netns instances the `ip netns exec` prefix. No credentials are ever
// printed or passed: the program gets them from the metadata service, as on EC2.
import { spawn } from 'node:child_process';
import { Command } from 'commander';
import type { ExecPlan } from '../instances/driver.js';
import { applyPlan, shellLines } from '../instances/env.js';
import { DEFAULTS } from '../server/config.js';

interface InstanceInfo {
  readonly instanceId: string;
  readonly state: string;
  readonly driver: string;
  readonly metadataEndpoint: string;
  readonly environment: Record<string, string>;
  readonly unset: string[];
  readonly prefix: string[];
}

class InstanceCommandError extends Error {}

const serverUrl = (given: string | undefined): string =>
  given ??
  process.env.LATCHKEY_URL ??
  process.env.AWS_ENDPOINT_URL ??
  `http://${DEFAULTS.host}:${DEFAULTS.port}`;

async function info(server: string, instanceId: string): Promise<InstanceInfo> {
  if (!/^i-[0-9a-f]{8,17}$/.test(instanceId))
    throw new InstanceCommandError(`'${instanceId}' is not an instance id (i-…)`);
  let res: Response;
  try {
    res = await fetch(new URL(`/_latchkey/ec2/instances/${instanceId}`, server));
  } catch (e) {
    throw new InstanceCommandError(
      `cannot reach latchkey at ${server} (${(e as Error).message}); pass --endpoint-url`,
    );
  }
  if (res.status === 404) throw new InstanceCommandError(`no instance ${instanceId} on ${server}`);
  if (!res.ok) throw new InstanceCommandError(`latchkey at ${server} answered ${res.status}`);
  return (await res.json()) as InstanceInfo;
}

const planOf = (i: InstanceInfo): ExecPlan => ({ set: i.environment, unset: i.unset, prefix: i.prefix });

export function instanceCommand(): Command {
  const cmd = new Command('instance').description(
    'run programs on an instance, with its role from the metadata service',
  );
  const endpoint = [
    '--endpoint-url <url>',
    'the latchkey server (default: LATCHKEY_URL, AWS_ENDPOINT_URL, else http://127.0.0.1:4580)',
  ] as const;

  cmd
    .command('env')
    .description(
      'print the environment of programs on the instance (shell syntax: eval "$(latchkey instance env i-…)")',
    )
    .argument('<instance-id>')
    .option(...endpoint)
    .action(async (id: string, opts: { endpointUrl?: string }) => {
      await report(async () => {
        const i = await info(serverUrl(opts.endpointUrl), id);
        if (i.prefix.length > 0)
          process.stdout.write(
            `# ${i.driver} instance: run programs with: ${i.prefix.join(' ')} <command>\n`,
          );
        process.stdout.write(shellLines(planOf(i)));
      });
    });

  cmd
    .command('exec')
    .description('run a command on the instance (its metadata endpoint, no other credentials)')
    .argument('<instance-id>')
    .argument('<command...>')
    .option(...endpoint)
    .action(async (id: string, command: string[], opts: { endpointUrl?: string }) => {
      await report(async () => {
        const i = await info(serverUrl(opts.endpointUrl), id);
        if (i.state !== 'running' && i.state !== 'pending')
          throw new InstanceCommandError(`instance ${id} is ${i.state}; start it first`);
        const plan = planOf(i);
        const [program, ...args] = [...plan.prefix, ...command];
        const child = spawn(program!, args, {
          stdio: 'inherit',
          env: applyPlan(withoutLatchkey(process.env), plan),
        });
        const code = await new Promise<number>((resolve) => {
          child.on('error', (err) => {
            process.stderr.write(`latchkey instance exec: ${err.message}\n`);
            resolve(127);
          });
          child.on('exit', (c, signal) => resolve(c ?? (signal ? 128 + 15 : 1)));
        });
        process.exitCode = code;
      });
    });
  return cmd;
}

/** The caller's environment without latchkey's own settings (never handed to the workload). */
function withoutLatchkey(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('LATCHKEY_')));
}

async function report(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    if (!(e instanceof InstanceCommandError)) throw e;
    process.stderr.write(`latchkey instance: ${e.message}\n`);
    process.exitCode = 2;
  }
}
