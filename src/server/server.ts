// The composition root (DESIGN.md, server layer): opens the store, loads keys, builds the services,
// the verifier and the pipeline, and runs one HTTP listener with a graceful stop — on SIGTERM it stops
// accepting, finishes in-flight requests, closes the store.

import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { systemClock, type Clock } from '../aws/clock.js';
import { AwsQueryProtocol } from '../aws/protocols/query.js';
import { SigV4Verifier } from '../aws/sigv4/verify.js';
import { checkRegistry, type ServiceDefinition } from '../services/service.js';
import { openStore, type Store } from '../store/store.js';
import { bootstrap, loadMasterKey, type Bootstrapped } from './bootstrap.js';
import type { ServerConfig } from './config.js';
import { ServiceRouter } from './edge.js';
import { createLogOutput, type Logger } from './logging.js';
import { Metrics } from './metrics.js';
import { Pipeline } from './pipeline.js';
import { composeServices, type Composed } from './services.js';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** The instance metadata listener's port (each instance answers on its own 127.x.y.z address). */
  readonly imdsPort: number;
  readonly accountId: string;
  readonly boot: Bootstrapped;
  readonly store: Store;
  readonly logger: Logger;
  /** Stops accepting, waits for in-flight requests (up to `graceMs`), closes the store. */
  close(graceMs?: number): Promise<void>;
}

/** Refuses to start with a service whose registry disagrees with its model (STYLE.md §3). */
export function assertRegistries(services: readonly ServiceDefinition[]): void {
  for (const s of services) {
    const { orphans, undeclared } = checkRegistry(s);
    if (orphans.length > 0)
      throw new Error(`${s.name}: handlers without a model entry: ${orphans.join(', ')}`);
    if (undeclared.length > 0)
      throw new Error(`${s.name}: operations without an IAM action: ${undeclared.join(', ')}`);
  }
}

export async function startServer(
  config: ServerConfig,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningServer> {
  const clock: Clock = config.clock ?? systemClock;
  const log = createLogOutput(config.logLevel, config.logDestination);
  const logger = log.logger;
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const secrets = loadMasterKey(config.dataDir, env);
  const store = await openStore(
    config.databaseUrl
      ? { kind: 'postgres', url: config.databaseUrl }
      : { kind: 'sqlite', path: join(config.dataDir, 'latchkey.db') },
  );
  let boot: Bootstrapped;
  try {
    boot = await bootstrap({
      store,
      secrets,
      clock,
      accountId: config.accountId,
      env,
      rootCredentialsShown: existsSync(join(config.dataDir, 'root-credentials')),
    });
  } catch (e) {
    await store.close();
    throw e;
  }

  let composed: Composed;
  try {
    composed = await composeServices({
      store,
      secrets,
      clock,
      logger,
      dataDir: config.dataDir,
      ...(config.quotas ? { quotas: config.quotas } : {}),
      ec2: {
        region: config.region,
        imdsHost: config.imdsHost,
        imdsPorts: config.imdsPorts,
        instanceDriver: config.instanceDriver,
        credentialTtl: config.instanceCredentialTtl,
        credentialRefreshBefore: config.instanceCredentialRefreshBefore,
      },
    });
  } catch (e) {
    await store.close();
    throw e;
  }
  const { services } = composed;
  assertRegistries(services);
  const upkeep = setInterval(
    () => composed.maintain().catch((err: unknown) => logger.warn({ err }, 'key rotation failed')),
    3600_000,
  );
  upkeep.unref();

  const metrics = new Metrics();
  const pipeline = new Pipeline({
    router: new ServiceRouter(services),
    verifier: new SigV4Verifier(composed.resolver),
    authorizer: composed.authorizer,
    clock,
    log,
    metrics,
    region: config.region,
    maxBodyBytes: config.maxBodyBytes,
    observers: composed.observers,
    fallbackProtocol: new AwsQueryProtocol({ xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/' }),
  });

  let inFlight = 0;
  let idle: (() => void) | undefined;
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    res.on('close', () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
    if (isInternal(req)) {
      void internal(req, res, metrics, store, composed);
      return;
    }
    pipeline.handle(req, res).catch((err: unknown) => {
      logger.error({ err }, 'unhandled pipeline failure');
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  };
  const server: Server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 300_000 }, onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  logger.info({ url, accountId: boot.accountId, store: store.dialect, dataDir: config.dataDir }, 'listening');
  try {
    await composed.ec2.start(url);
  } catch (e) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await composed.ec2.stop().catch(() => undefined);
    await store.close();
    throw e;
  }

  let closing: Promise<void> | undefined;
  const close = (graceMs = 10_000): Promise<void> =>
    (closing ??= (async () => {
      logger.info({ inFlight }, 'stopping');
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => (idle = resolve)),
          new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref()),
        ]);
      }
      server.closeAllConnections();
      await stopped;
      clearInterval(upkeep);
      await composed.ec2.stop();
      await store.close();
      logger.info('stopped');
      log.flush();
    })());

  return {
    url,
    port,
    imdsPort: composed.ec2.metadata.port,
    accountId: boot.accountId,
    boot,
    store,
    logger,
    close,
  };
}

/** Unsigned GETs of /health and /metrics are latchkey's own; everything else is an AWS API call. */
function isInternal(req: IncomingMessage): boolean {
  if (req.method !== 'GET') return false;
  const path = (req.url ?? '').split('?')[0];
  if (
    path !== '/health' &&
    path !== '/metrics' &&
    path !== '/_latchkey/health' &&
    path !== '/_latchkey/metrics' &&
    !path?.startsWith('/_latchkey/ec2/')
  )
    return false;
  return req.headers.authorization === undefined && !(req.url ?? '').includes('X-Amz-Signature=');
}

async function internal(
  req: IncomingMessage,
  res: ServerResponse,
  metrics: Metrics,
  store: Store,
  composed: Composed,
): Promise<void> {
  const path = (req.url ?? '').split('?')[0]!;
  try {
    if (path.startsWith('/_latchkey/ec2/')) {
      const a = (await composed.ec2.internal(path)) ?? {
        status: 404,
        contentType: 'application/json',
        body: '{"message":"not found"}',
      };
      res.writeHead(a.status, { 'content-type': a.contentType }).end(a.body);
      return;
    }
    if (path.endsWith('/metrics')) {
      const body = await metrics.registry.metrics();
      res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body);
      return;
    }
    await store.read.settings.get('default_account_id');
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ status: 'ok', store: store.dialect }));
  } catch (err) {
    res
      .writeHead(503, { 'content-type': 'application/json' })
      .end(JSON.stringify({ status: 'unavailable', reason: String(err) }));
  }
}
