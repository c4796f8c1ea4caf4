// Server configuration: what `latchkey serve` accepts, with defaults and validation. Environment
// variables carry what should not be on a command line (keys, database URLs with passwords).

import { resolve } from 'node:path';
import { ACCOUNT_ID } from '../aws/ids.js';
import type { Clock } from '../aws/clock.js';
import type { IamQuotas } from '../services/iam/deps.js';

export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** The default account's id; only used when the store has no default account yet. */
  readonly accountId: string | undefined;
  readonly region: string;
  /** PostgreSQL connection string; undefined means the embedded SQLite store in dataDir. */
  readonly databaseUrl: string | undefined;
  readonly logLevel: string;
  /** Largest request body accepted by the RPC protocols (IAM, STS, EC2). */
  readonly maxBodyBytes: number;
  readonly clock?: Clock;
  /** IAM quotas raised or lowered from AWS's defaults (`--quota RolesPerAccount=20000`). */
  readonly quotas?: Partial<IamQuotas>;
  /** Where the request logs go: a file descriptor (default stdout) or a stream (tests). */
  readonly logDestination?: NodeJS.WritableStream | number;
  /** The instance metadata listener (src/imds): the wildcard address, a port of its own. */
  readonly imdsHost: string;
  /**
   * Ports to try for it, in order: an explicit --imds-port; else 80, where SDKs expect IMDS and where an
   * endpoint needs no port (some SDKs ignore a port in AWS_EC2_METADATA_SERVICE_ENDPOINT), then --port + 1.
   */
  readonly imdsPorts: readonly number[];
  /** The driver new instances run with: virtual, process or netns (src/instances). */
  readonly instanceDriver: string;
  /** Lifetime of instance-role credentials, seconds, and how long before expiry new ones are served. */
  readonly instanceCredentialTtl: number;
  readonly instanceCredentialRefreshBefore: number;
}

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 4580,
  dataDir: './.latchkey',
  region: 'us-east-1',
  logLevel: 'info',
  maxBodyBytes: 2 * 1024 * 1024,
  imdsHost: '0.0.0.0',
  instanceDriver: 'virtual',
  /** About what EC2 hands out (reference imds-ec2.md §A.5: observed lifetimes ≈ 6 h). */
  instanceCredentialTtl: 21_600,
  /** Well before botocore's 17–25 min expiry stretch and the JS SDK's 5 min refresh (§B.4). */
  instanceCredentialRefreshBefore: 3_600,
} as const;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function makeConfig(
  input: Partial<Omit<ServerConfig, 'imdsPorts'>> & { env?: NodeJS.ProcessEnv; imdsPort?: number },
): ServerConfig {
  const env = input.env ?? process.env;
  const port = input.port ?? DEFAULTS.port;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`--port must be 0–65535, got ${port}`);
  const accountId = input.accountId ?? env.LATCHKEY_ACCOUNT_ID;
  if (accountId !== undefined && !ACCOUNT_ID.test(accountId)) {
    throw new ConfigError(`--account-id must be 12 digits, got '${accountId}'`);
  }
  const region = input.region ?? DEFAULTS.region;
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region))
    throw new ConfigError(`--region must look like us-east-1, got '${region}'`);
  const databaseUrl = input.databaseUrl ?? env.LATCHKEY_DATABASE_URL;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('LATCHKEY_DATABASE_URL / --database-url must be a postgres:// URL');
  }
  // The metadata port: as given; a free one when the API port is picked freely (tests); else 80 when this
  // process may bind it, falling back to the API port + 1 (4581). Not 80 with the netns driver, whose
  // forwarders take 169.254.169.254:80 on each instance's veth (a wildcard listener on 80 would collide).
  const imdsPort = input.imdsPort;
  if (imdsPort !== undefined && (!Number.isInteger(imdsPort) || imdsPort < 0 || imdsPort > 65535))
    throw new ConfigError(`--imds-port must be 0–65535, got ${imdsPort}`);
  const driver = input.instanceDriver ?? DEFAULTS.instanceDriver;
  const imdsPorts =
    imdsPort !== undefined
      ? [imdsPort]
      : port === 0
        ? [0]
        : process.getuid?.() === 0 && driver !== 'netns'
          ? [80, port + 1]
          : [port + 1];
  const ttl = input.instanceCredentialTtl ?? DEFAULTS.instanceCredentialTtl;
  if (!Number.isInteger(ttl) || ttl < 2 || ttl > 43_200)
    throw new ConfigError(`--instance-credential-ttl must be 2–43200 seconds, got ${ttl}`);
  const refreshBefore =
    input.instanceCredentialRefreshBefore ??
    Math.min(DEFAULTS.instanceCredentialRefreshBefore, Math.floor(ttl / 2));
  if (!Number.isInteger(refreshBefore) || refreshBefore < 1 || refreshBefore >= ttl)
    throw new ConfigError(
      `--instance-credential-refresh-before must be at least 1 and less than the credential TTL (${ttl}), got ${refreshBefore}`,
    );
  return {
    host: input.host ?? DEFAULTS.host,
    port,
    dataDir: resolve(input.dataDir ?? DEFAULTS.dataDir),
    accountId,
    region,
    databaseUrl,
    logLevel: input.logLevel ?? env.LATCHKEY_LOG_LEVEL ?? DEFAULTS.logLevel,
    maxBodyBytes: input.maxBodyBytes ?? DEFAULTS.maxBodyBytes,
    ...(input.clock ? { clock: input.clock } : {}),
    ...(input.quotas ? { quotas: input.quotas } : {}),
    ...(input.logDestination !== undefined ? { logDestination: input.logDestination } : {}),
    imdsHost: input.imdsHost ?? DEFAULTS.imdsHost,
    imdsPorts,
    instanceDriver: input.instanceDriver ?? DEFAULTS.instanceDriver,
    instanceCredentialTtl: ttl,
    instanceCredentialRefreshBefore: refreshBefore,
  };
}
