// Builds the AWS services and what they share — the credential resolvers (long-term keys and session
// tokens), the session keyring, the policy authorizer and its caches — from the store and the master
// key. The composition root (server.ts) wires the result into the pipeline.
import type { Clock } from '../aws/clock.js';
import type { Sealer } from '../aws/crypto/sealer.js';
import type { CredentialResolver } from '../aws/sigv4/verify.js';
import { AccessKeyResolver } from '../services/iam/access-key-resolver.js';
import { PolicyAuthorizer } from '../services/iam/authz/authorizer.js';
import { PrincipalPolicies } from '../services/iam/authz/principal-policies.js';
import { ManagedPolicyCatalogue } from '../services/iam/common/catalogue.js';
import { DEFAULT_QUOTAS, type IamDeps, type IamQuotas } from '../services/iam/deps.js';
import { UsageRecorder } from '../services/iam/usage.js';
import { createIamService } from '../services/iam/service.js';
import { createS3Service } from '../services/s3/service.js';
import type { Authorizer, ServiceDefinition } from '../services/service.js';
import { SealedAuthorizationMessages } from '../services/sts/authorization-messages.js';
import type { StsDeps } from '../services/sts/deps.js';
import { SessionKeyring } from '../services/sts/keyring.js';
import { createStsService } from '../services/sts/service.js';
import { SessionResolver } from '../services/sts/session-tokens.js';
import { EVERYTHING } from '../store/changes.js';
import type { Store } from '../store/store.js';
import { composeEc2, type Ec2Composition, type Ec2Options } from './ec2.js';
import type { Logger } from './logging.js';
import type { RequestObserver } from './pipeline.js';

export interface Composed {
  readonly services: ServiceDefinition[];
  readonly resolver: CredentialResolver;
  readonly authorizer: Authorizer;
  readonly keyring: SessionKeyring;
  /** Told about every answered request (last-used times of keys and roles). */
  readonly observers: RequestObserver[];
  /** Periodic upkeep (key rotation); the server runs it on a timer. */
  maintain(): Promise<void>;
  /** EC2, the instance runtime and the metadata service (started by the server once it listens). */
  readonly ec2: Ec2Composition;
}

export async function composeServices(opts: {
  store: Store;
  secrets: Sealer;
  clock: Clock;
  logger: Logger;
  quotas?: Partial<IamQuotas>;
  /** The server's data directory (S3 keeps object bytes under it). */
  dataDir: string;
  ec2: Ec2Options;
}): Promise<Composed> {
  const { store, secrets, clock, logger } = opts;
  const keyring = new SessionKeyring(store, secrets, clock);
  await keyring.load();
  const catalogue = ManagedPolicyCatalogue.load();
  const accessKeys = new AccessKeyResolver(store, secrets, clock);
  const sessions = new SessionResolver(keyring);
  const principals = new PrincipalPolicies(store, catalogue, clock);
  const messages = new SealedAuthorizationMessages(keyring);
  const usage = new UsageRecorder(store, (err) => logger.warn({ err }, 'could not record key or role use'));

  const iamDeps: IamDeps = {
    store,
    catalogue,
    secrets,
    quotas: { ...DEFAULT_QUOTAS, ...opts.quotas },
    changed(change) {
      // Here at once (the next request on this node must see it), then on every other node.
      forget(change?.accessKeyId);
      store.changes.publish('iam', change?.accessKeyId ?? '');
    },
  };
  const ec2 = composeEc2({
    store,
    secrets,
    clock,
    logger,
    keyring,
    dataDir: opts.dataDir,
    options: opts.ec2,
  });
  function forget(accessKeyId: string | undefined): void {
    principals.invalidate();
    ec2.iamChanged();
    if (accessKeyId === EVERYTHING) accessKeys.invalidate();
    else if (accessKeyId) accessKeys.invalidate(accessKeyId);
  }
  store.changes.subscribe('iam', (payload) => forget(payload === '' ? undefined : payload));
  const stsDeps: StsDeps = { store, keyring, catalogue };

  return {
    services: [
      createStsService(stsDeps, messages),
      createIamService(iamDeps),
      createS3Service({ store, dataDir: opts.dataDir, clock, log: logger }),
      ec2.service,
    ],
    resolver: {
      resolve: (accessKeyId, token, now) =>
        accessKeyId.startsWith('ASIA')
          ? sessions.resolve(accessKeyId, token, now)
          : accessKeys.resolve(accessKeyId),
    },
    authorizer: new PolicyAuthorizer(principals, messages),
    keyring,
    observers: [usage],
    maintain: () => keyring.maintain(),
    ec2,
  };
}
