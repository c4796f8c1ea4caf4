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
}

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 4580,
  dataDir: './.latchkey',
  region: 'us-east-1',
  logLevel: 'info',
  maxBodyBytes: 2 * 1024 * 1024,
} as const;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function makeConfig(input: Partial<ServerConfig> & { env?: NodeJS.ProcessEnv }): ServerConfig {
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
  };
}
