// The `latchkey` command line. `serve` runs the server; later issues add `instance`, `demo`,
// `policy` and `audit` commands here.
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, DEFAULTS, makeConfig } from '../server/config.js';
import { rootCredentialsSnippet, writeRootCredentials } from '../server/bootstrap.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SigningCredentials } from '../aws/sigv4/sign.js';
import { startServer } from '../server/server.js';
import { AwsClient } from './aws-client.js';
import { runDemo } from './demo.js';
import { instanceCommand } from './instance.js';
import { DEFAULT_QUOTAS, type IamQuotas } from '../services/iam/deps.js';

const int = (v: string) => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('expected a whole number');
  return Number(v);
};

function quota(value: string, previous: Partial<IamQuotas>): Partial<IamQuotas> {
  const m = /^(\w+)=(\d+)$/.exec(value);
  if (!m || !(m[1]! in DEFAULT_QUOTAS)) {
    throw new InvalidArgumentError(
      `expected NAME=NUMBER with NAME one of ${Object.keys(DEFAULT_QUOTAS).join(', ')}`,
    );
  }
  return { ...previous, [m[1]!]: Number(m[2]) };
}

export function buildProgram(): Command {
  const program = new Command('latchkey')
    .description('Self-hosted, AWS-compatible IAM roles for compute instances')
    .showHelpAfterError();

  program
    .command('serve')
    .description('run the server: IAM, STS and the other AWS APIs on one HTTP listener')
    .option('--host <host>', 'address to listen on', DEFAULTS.host)
    .option('--port <port>', 'port to listen on (0 picks a free one)', int, DEFAULTS.port)
    .option('--data-dir <dir>', 'where the embedded store, master key and objects live', DEFAULTS.dataDir)
    .option('--account-id <id>', 'the default account id (12 digits), used on first start')
    .option('--region <region>', 'the region this server answers for', DEFAULTS.region)
    .option(
      '--database-url <url>',
      'PostgreSQL connection string instead of the embedded store (or LATCHKEY_DATABASE_URL)',
    )
    .option('--log-level <level>', 'trace, debug, info, warn, error', DEFAULTS.logLevel)
    .option(
      '--quota <name=value>',
      `raise or lower an IAM quota (repeatable): ${Object.keys(DEFAULT_QUOTAS).join(', ')}`,
      quota,
      {} as Partial<IamQuotas>,
    )
    .option(
      '--imds-host <host>',
      'address the instance metadata listener binds (each instance answers on its own 127.x.y.z)',
      DEFAULTS.imdsHost,
    )
    .option(
      '--imds-port <port>',
      'port of the instance metadata listener (default: --port + 1; 0 picks a free one)',
      int,
    )
    .option(
      '--instance-driver <driver>',
      'how instances run: virtual, process (user data as a host process) or netns (Linux, root)',
      DEFAULTS.instanceDriver,
    )
    .option(
      '--instance-credential-ttl <seconds>',
      'lifetime of instance-role credentials',
      int,
      DEFAULTS.instanceCredentialTtl,
    )
    .option(
      '--instance-credential-refresh-before <seconds>',
      'serve new instance credentials this long before the old expire (default 3600, at most half the TTL)',
      int,
    )
    .action(
      async (opts: {
        host: string;
        port: number;
        dataDir: string;
        accountId?: string;
        region: string;
        databaseUrl?: string;
        logLevel: string;
        quota: Partial<IamQuotas>;
        imdsHost: string;
        imdsPort?: number;
        instanceDriver: string;
        instanceCredentialTtl: number;
        instanceCredentialRefreshBefore?: number;
      }) => {
        const config = makeConfig({
          host: opts.host,
          port: opts.port,
          dataDir: opts.dataDir,
          region: opts.region,
          logLevel: opts.logLevel,
          quotas: opts.quota,
          imdsHost: opts.imdsHost,
          instanceDriver: opts.instanceDriver,
          instanceCredentialTtl: opts.instanceCredentialTtl,
          ...(opts.imdsPort !== undefined ? { imdsPort: opts.imdsPort } : {}),
          ...(opts.instanceCredentialRefreshBefore !== undefined
            ? { instanceCredentialRefreshBefore: opts.instanceCredentialRefreshBefore }
            : {}),
          ...(opts.accountId !== undefined ? { accountId: opts.accountId } : {}),
          ...(opts.databaseUrl !== undefined ? { databaseUrl: opts.databaseUrl } : {}),
        });
        const server = await startServer(config);
        const out = process.stderr;
        if (server.boot.newRootSecret !== undefined) {
          const snippet = rootCredentialsSnippet(
            server.boot.rootAccessKeyId,
            server.boot.newRootSecret,
            server.url,
            config.region,
          );
          const file = writeRootCredentials(config.dataDir, snippet);
          out.write(
            `\nCreated the root access key of account ${server.accountId}. Its secret is shown once; a copy is in ${file} (mode 0600).\n` +
              `Point the AWS CLI at latchkey:\n\n${snippet}\n\n  aws sts get-caller-identity\n\n`,
          );
        } else {
          out.write(
            `Root access key ${server.boot.rootAccessKeyId}; credentials: ${config.dataDir}/root-credentials (if generated here).\n`,
          );
          out.write(`Point the AWS CLI at latchkey: export AWS_ENDPOINT_URL=${server.url}\n`);
        }
        // Last, so that whoever waits for this line has everything above it.
        out.write(
          `latchkey listening on ${server.url} (account ${server.accountId}, ${server.store.dialect} store)\n`,
        );

        let stopping = false;
        const stop = (signal: string) => {
          if (stopping) return;
          stopping = true;
          out.write(`latchkey: ${signal}, finishing in-flight requests\n`);
          server.close().then(
            () => process.exit(0),
            (err: unknown) => {
              out.write(`latchkey: stop failed: ${String(err)}\n`);
              process.exit(1);
            },
          );
        };
        process.on('SIGTERM', () => stop('SIGTERM'));
        process.on('SIGINT', () => stop('SIGINT'));
      },
    );

  program
    .command('demo')
    .description(
      'set up the seed scenario on a running server: the images bucket, a read-only role, its instance profile and an instance',
    )
    .option('--endpoint-url <url>', 'the server (default: AWS_ENDPOINT_URL, else http://127.0.0.1:4580)')
    .option(
      '--data-dir <dir>',
      'where to find root-credentials when AWS_ACCESS_KEY_ID is not set',
      DEFAULTS.dataDir,
    )
    .action(async (opts: { endpointUrl?: string; dataDir: string }) => {
      const endpoint =
        opts.endpointUrl ?? process.env.AWS_ENDPOINT_URL ?? `http://${DEFAULTS.host}:${DEFAULTS.port}`;
      const credentials = demoCredentials(opts.dataDir);
      const client = new AwsClient(
        endpoint,
        credentials,
        process.env.AWS_DEFAULT_REGION ?? process.env.AWS_REGION ?? DEFAULTS.region,
      );
      try {
        await runDemo(client, (line) => process.stdout.write(line + '\n'));
      } catch (e) {
        process.stderr.write(`latchkey demo: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
      }
    });

  program.addCommand(instanceCommand());

  return program;
}

/** Credentials from the environment, else the root credentials the server wrote on first start. */
function demoCredentials(dataDir: string): SigningCredentials {
  const env = process.env;
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      sessionToken: env.AWS_SESSION_TOKEN,
    };
  }
  const file = join(dataDir, 'root-credentials');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(
      `no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run from the directory holding ${file}`,
    );
  }
  const get = (name: string) => new RegExp(`export ${name}=(\\S+)`).exec(text)?.[1];
  const accessKeyId = get('AWS_ACCESS_KEY_ID');
  const secretAccessKey = get('AWS_SECRET_ACCESS_KEY');
  if (!accessKeyId || !secretAccessKey)
    throw new ConfigError(`${file} does not hold AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`);
  return { accessKeyId, secretAccessKey };
}

export async function main(argv = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`latchkey: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
}

await main();
