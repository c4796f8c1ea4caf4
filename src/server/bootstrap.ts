// First start and every start: the master key, the default account and its root access key.
// - Master key: LATCHKEY_MASTER_KEY (64 hex or base64 of 32 bytes) or <data-dir>/master.key (0600,
//   made on first start). Every long-term secret in the store is sealed under it.
// - Root key: LATCHKEY_ROOT_ACCESS_KEY_ID / LATCHKEY_ROOT_SECRET_ACCESS_KEY when set (format
//   checked), otherwise generated once, printed once and written to <data-dir>/root-credentials (0600).

import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../aws/clock.js';
import { parseKey, Sealer } from '../aws/crypto/sealer.js';
import {
  accessKeyId,
  LONG_TERM_ACCESS_KEY_ID,
  randomAccountId,
  SECRET_ACCESS_KEY,
  secretAccessKey,
} from '../aws/ids.js';
import type { Store } from '../store/store.js';
import { ConfigError } from './config.js';

const DEFAULT_ACCOUNT = 'default_account_id';
const MASTER_KEY_CHECK = 'master_key_check';

export function loadMasterKey(dataDir: string, env: NodeJS.ProcessEnv): Sealer {
  const fromEnv = env.LATCHKEY_MASTER_KEY;
  if (fromEnv !== undefined && fromEnv !== '') {
    const key = parseKey(fromEnv);
    if (!key) throw new ConfigError('LATCHKEY_MASTER_KEY must be 32 bytes as 64 hex characters or base64');
    return Sealer.single(key);
  }
  const file = join(dataDir, 'master.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  }
  const key = parseKey(readFileSync(file, 'utf8'));
  if (!key) throw new ConfigError(`${file} does not hold a 32-byte key (64 hex characters)`);
  return Sealer.single(key);
}

export interface Bootstrapped {
  readonly accountId: string;
  readonly rootAccessKeyId: string;
  /** Set only when this start created the root key: the secret, to print once. */
  readonly newRootSecret?: string;
}

export async function bootstrap(opts: {
  store: Store;
  secrets: Sealer;
  clock: Clock;
  accountId: string | undefined;
  env: NodeJS.ProcessEnv;
  /** True when the root credentials have been shown and kept (the root-credentials file exists). */
  rootCredentialsShown?: boolean;
}): Promise<Bootstrapped> {
  const { store, secrets, clock, env } = opts;

  // A store sealed under another master key would fail every authentication later; say so now.
  const check = await store.read.settings.get(MASTER_KEY_CHECK);
  if (check !== undefined && secrets.open(check, MASTER_KEY_CHECK)?.toString() !== 'ok') {
    throw new ConfigError(
      'the master key does not open this store (LATCHKEY_MASTER_KEY or master.key changed)',
    );
  }

  const envKeyId = env.LATCHKEY_ROOT_ACCESS_KEY_ID;
  const envSecret = env.LATCHKEY_ROOT_SECRET_ACCESS_KEY;
  if ((envKeyId === undefined) !== (envSecret === undefined)) {
    throw new ConfigError(
      'set both LATCHKEY_ROOT_ACCESS_KEY_ID and LATCHKEY_ROOT_SECRET_ACCESS_KEY, or neither',
    );
  }
  if (envKeyId !== undefined && !LONG_TERM_ACCESS_KEY_ID.test(envKeyId)) {
    throw new ConfigError('LATCHKEY_ROOT_ACCESS_KEY_ID must be AKIA followed by 16 characters A–Z and 2–7');
  }
  if (envSecret !== undefined && !SECRET_ACCESS_KEY.test(envSecret)) {
    throw new ConfigError('LATCHKEY_ROOT_SECRET_ACCESS_KEY must be 40 characters of A–Z, a–z, 0–9, / and +');
  }

  return store.transaction(async (tx) => {
    const now = clock.now();
    if (check === undefined) await tx.settings.set(MASTER_KEY_CHECK, secrets.seal('ok', MASTER_KEY_CHECK));

    let accountId = await tx.settings.get(DEFAULT_ACCOUNT);
    if (accountId === undefined) {
      accountId = opts.accountId ?? randomAccountId();
      await tx.accounts.insert({ id: accountId, created_at: now });
      await tx.settings.set(DEFAULT_ACCOUNT, accountId);
    } else if (opts.accountId !== undefined && opts.accountId !== accountId) {
      throw new ConfigError(
        `this data already belongs to account ${accountId}; --account-id ${opts.accountId} applies only on first start`,
      );
    }

    const rootKeys = await tx.accessKeys.listFor(accountId, null);
    if (envKeyId !== undefined && envSecret !== undefined) {
      const existing = rootKeys.find((k) => k.access_key_id === envKeyId);
      const sameSecret = existing && secrets.open(existing.secret_sealed, envKeyId)?.toString() === envSecret;
      if (!sameSecret) {
        for (const k of rootKeys) await tx.accessKeys.delete(k.access_key_id);
        await tx.accessKeys.insert(rootKeyRow(accountId, envKeyId, secrets.seal(envSecret, envKeyId), now));
      }
      return { accountId, rootAccessKeyId: envKeyId };
    }
    const active = rootKeys.find((k) => k.status === 'Active');
    if (active) {
      // A start that made the key but failed before showing it: show it now, once.
      const unshown =
        opts.rootCredentialsShown === false
          ? secrets.open(active.secret_sealed, active.access_key_id)?.toString()
          : undefined;
      return {
        accountId,
        rootAccessKeyId: active.access_key_id,
        ...(unshown !== undefined ? { newRootSecret: unshown } : {}),
      };
    }
    const id = accessKeyId('AKIA', accountId);
    const secret = secretAccessKey();
    await tx.accessKeys.insert(rootKeyRow(accountId, id, secrets.seal(secret, id), now));
    return { accountId, rootAccessKeyId: id, newRootSecret: secret };
  });
}

function rootKeyRow(accountId: string, id: string, sealed: string, now: number) {
  return {
    access_key_id: id,
    account_id: accountId,
    user_name: null,
    secret_sealed: sealed,
    status: 'Active',
    created_at: now,
    last_used_at: null,
    last_used_service: null,
    last_used_region: null,
  };
}

/** The ready-to-paste snippet, printed once and kept (0600) in the data dir. */
export function rootCredentialsSnippet(
  keyId: string,
  secret: string,
  endpoint: string,
  region: string,
): string {
  return [
    `export AWS_ACCESS_KEY_ID=${keyId}`,
    `export AWS_SECRET_ACCESS_KEY=${secret}`,
    `export AWS_DEFAULT_REGION=${region}`,
    `export AWS_ENDPOINT_URL=${endpoint}`,
  ].join('\n');
}

export function writeRootCredentials(dataDir: string, snippet: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, 'root-credentials');
  writeFileSync(file, snippet + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}
