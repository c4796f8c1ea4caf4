// The `latchkey` command line. `serve` runs the server; later issues add `instance`, `demo`,
// `policy` and `audit` commands here.
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, DEFAULTS, makeConfig } from '../server/config.js';
import { rootCredentialsSnippet, writeRootCredentials } from '../server/bootstrap.js';
import { startServer } from '../server/server.js';
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
      }) => {
        const config = makeConfig({
          host: opts.host,
          port: opts.port,
          dataDir: opts.dataDir,
          region: opts.region,
          logLevel: opts.logLevel,
          quotas: opts.quota,
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

  return program;
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
