// Wires EC2, the instance runtime and the metadata service together (issue 5): EC2's committed changes
// reach the metadata service (which reloads the instance before answering its next query) and the
// runtime (which starts and stops workloads); IAM changes reach the metadata service's caches; the
// metadata listener starts and stops with the server. Also answers latchkey's own EC2 routes on the
// main listener: `GET /_latchkey/ec2/certificates/REGION` (the PEM that verifies identity documents) and
// `GET /_latchkey/ec2/instances/ID` (an instance's metadata endpoint and the environment of programs run
// on it, for `latchkey instance env|exec` — never credentials).
import { metadataUrl } from '../instances/driver.js';
import { join } from 'node:path';
import type { Clock } from '../aws/clock.js';
import type { Sealer } from '../aws/crypto/sealer.js';
import { MetadataService } from '../imds/service.js';
import type { InstanceDriver } from '../instances/driver.js';
import { NetnsDriver } from '../instances/netns.js';
import { ProcessDriver, VirtualDriver } from '../instances/process.js';
import { InstanceRuntime } from '../instances/runtime.js';
import type { Ec2Change } from '../services/ec2/deps.js';
import { createEc2Service } from '../services/ec2/service.js';
import type { ServiceDefinition } from '../services/service.js';
import type { SessionKeyring } from '../services/sts/keyring.js';
import type { Store } from '../store/store.js';
import { ConfigError } from './config.js';
import type { Logger } from './logging.js';

export interface Ec2Options {
  readonly region: string;
  readonly imdsHost: string;
  readonly imdsPorts: readonly number[];
  readonly instanceDriver: string;
  readonly credentialTtl: number;
  readonly credentialRefreshBefore: number;
}

export interface InternalAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export interface Ec2Composition {
  readonly service: ServiceDefinition;
  readonly metadata: MetadataService;
  readonly runtime: InstanceRuntime;
  iamChanged(): void;
  /** Starts the metadata listener and the workloads of running instances. */
  start(apiUrl: string): Promise<void>;
  stop(): Promise<void>;
  /** Answers `/_latchkey/ec2/…`; undefined when the path is not one of them. */
  internal(path: string): Promise<InternalAnswer | undefined>;
}

const ORIGIN = Math.random().toString(36).slice(2);

export function composeEc2(opts: {
  store: Store;
  secrets: Sealer;
  clock: Clock;
  logger: Logger;
  keyring: SessionKeyring;
  dataDir: string;
  options: Ec2Options;
}): Ec2Composition {
  const { store, logger, options } = opts;
  const all: InstanceDriver[] = [
    new VirtualDriver(),
    new ProcessDriver(join(opts.dataDir, 'instances')),
    new NetnsDriver(join(opts.dataDir, 'instances')),
  ];
  const chosen = all.find((d) => d.name === options.instanceDriver);
  if (!chosen) throw new ConfigError(`--instance-driver must be one of ${all.map((d) => d.name).join(', ')}`);
  const why = chosen.unavailable();
  if (why) throw new ConfigError(`--instance-driver ${chosen.name}: ${why}`);
  const usable = [chosen, ...all.filter((d) => d !== chosen && d.unavailable() === undefined)];

  if (options.credentialRefreshBefore < 1500) {
    // Reference imds-ec2.md §B.4: botocore stretches credentials that have less than 17–25 minutes
    // left, and may then use them past their expiry until its next refresh.
    logger.warn(
      { credentialTtl: options.credentialTtl, credentialRefreshBefore: options.credentialRefreshBefore },
      'instance credentials are served with less than 25 minutes left; long-running boto3 processes may use them after they expire',
    );
  }
  let apiUrl = '';
  const metadata = new MetadataService({
    store,
    keyring: opts.keyring,
    master: opts.secrets,
    clock: opts.clock,
    host: options.imdsHost,
    ports: options.imdsPorts,
    credentialTtl: options.credentialTtl,
    credentialRefreshBefore: options.credentialRefreshBefore,
    onError: (err) => logger.error({ err }, 'instance metadata failure'),
  });
  const runtime = new InstanceRuntime({
    store,
    drivers: new Map(usable.map((d) => [d.name, d])),
    metadataPort: () => metadata.port,
    apiUrl: () => apiUrl,
    onError: (err, instanceId) => logger.warn({ err, instanceId }, 'instance runtime failure'),
  });

  const local = (change: Ec2Change) => {
    metadata.changed(change);
    runtime.changed(change);
  };
  // Other nodes sharing the store hear of changes too (their metadata caches; runtimes are per host).
  store.changes.subscribe('ec2', (payload) => {
    const [origin, kind, ids] = payload.split('|');
    if (origin === ORIGIN) return;
    if (ids === undefined || ids === '*' || payload === '*') void metadata.reloadAll();
    else metadata.changed({ kind: kind as Ec2Change['kind'], instanceIds: ids.split(',') });
  });

  const service = createEc2Service(
    {
      store,
      drivers: usable.map((d) => d.name),
      events: {
        changed: (change) => {
          try {
            local(change);
          } catch (err) {
            logger.error({ err }, 'could not apply an EC2 change');
          }
          const ids = change.instanceIds.join(',');
          store.changes.publish('ec2', `${ORIGIN}|${change.kind}|${ids.length > 7000 ? '*' : ids}`);
        },
        consoleOutput: (row) => runtime.consoleOutput(row),
      },
    },
    options.region,
  );

  return {
    service,
    metadata,
    runtime,
    iamChanged: () => metadata.iamChanged(),
    async start(url: string) {
      apiUrl = url;
      await metadata.start();
      await runtime.start();
      logger.info({ port: metadata.port, driver: chosen.name }, 'instance metadata listening');
    },
    async stop() {
      await runtime.close();
      await metadata.stop();
    },
    async internal(path: string) {
      const cert = /^\/_latchkey\/ec2\/certificates\/([a-z0-9-]{1,32})$/.exec(path);
      if (cert)
        return {
          status: 200,
          contentType: 'application/x-pem-file',
          body: await metadata.certificate(cert[1]!),
        };
      const inst = /^\/_latchkey\/ec2\/instances\/(i-[0-9a-f]{8,17})$/.exec(path);
      if (inst) {
        const found = await runtime.plan(inst[1]!);
        if (!found || found.row.live !== 1) {
          return {
            status: 404,
            contentType: 'application/json',
            body: JSON.stringify({ message: `no instance ${inst[1]}` }),
          };
        }
        const { row, plan } = found;
        return {
          status: 200,
          contentType: 'application/json',
          body: JSON.stringify({
            instanceId: row.instance_id,
            state: row.state,
            driver: row.driver,
            metadataEndpoint: metadataUrl(row.imds_address, metadata.port),
            environment: plan.set,
            unset: plan.unset,
            prefix: plan.prefix,
          }),
        };
      }
      return undefined;
    },
  };
}
