// Credential vending and rotation for instance roles (reference imds-ec2.md §A.5, §B.4, §F.5;
// iam-sts-policy.md §5.1, §5.3).
// - A session `arn:aws:sts::ACCOUNT:assumed-role/ROLE/INSTANCE_ID`, minted as a stateless session token
//   (src/services/sts/session-tokens.ts) carrying the instance's ARN, private IP, VPC and how it was
//   delivered (ec2:RoleDelivery 1.0 for IMDSv1, 2.0 for IMDSv2): so each instance keeps one set per
//   delivery. Not bounded by the role's MaxSessionDuration.
// - EC2 must be allowed by the role's trust policy (the policy engine evaluates it for the service
//   principal ec2.amazonaws.com); otherwise the document is HTTP 200 with `Code:
//   AssumeRoleUnauthorizedAccess` and no keys. The failure is remembered until IAM changes (or a minute
//   passes, for changes made on another node).
// - The same credentials answer every query until rotation; new ones are minted once fewer than
//   `refreshBefore` remain, so clients always receive credentials with at least that much life: with
//   the defaults (6 h, 1 h) botocore never stretches expiry (it does below 17–25 min) and the JS SDK
//   never refreshes in a loop (below 5 min). Issued credentials are never revoked: after detach, replace
//   or a restart they keep working until they expire.
// - Concurrent first queries share one mint.
import type { Clock } from '../aws/clock.js';
import { buildRequestContext, compilePolicy, evaluateTrust, servicePrincipal } from '../policy/index.js';
import { effectiveTrustPolicy } from '../services/iam/common/trust.js';
import type { SessionKeyring } from '../services/sts/keyring.js';
import { mintSession } from '../services/sts/session-tokens.js';
import type { Store } from '../store/store.js';
import { awsJson, isoSeconds } from './responses.js';

export interface VendorConfig {
  /** Lifetime of minted credentials (ms). */
  readonly ttlMs: number;
  /** New credentials are minted once fewer than this remain (ms). */
  readonly refreshBeforeMs: number;
  /** How long a trust failure is remembered when IAM does not change (ms). */
  readonly failureRetryMs: number;
}

export interface RoleRef {
  readonly account: string;
  readonly name: string;
  readonly arn: string;
  readonly roleId: string;
}

export interface InstanceRef {
  readonly instanceId: string;
  readonly account: string;
  readonly arn: string;
  readonly privateIp: string;
  readonly vpcId: string;
}

export interface CredentialDocument {
  /** The JSON EC2 serves. */
  readonly body: string;
  /** When these credentials (or this failure) were issued: `LastUpdated`. */
  readonly lastUpdated: number;
  /** `lastUpdated` as an HTTP date (the response's Last-Modified). */
  readonly lastModified: string;
}

interface Entry extends CredentialDocument {
  readonly roleArn: string;
  readonly roleId: string;
  /** After this instant the entry is replaced. */
  readonly staleAt: number;
  readonly failed: boolean;
  readonly generation: number;
}

/** The instance identity role's pseudo role (EC2UG-iir): no policies, usable for GetCallerIdentity. */
export const IDENTITY_ROLE_NAME = 'aws:ec2-instance';

export class CredentialVendor {
  readonly #cache = new Map<string, Entry>();
  readonly #minting = new Map<string, Promise<Entry>>();
  #generation = 0;

  constructor(
    private readonly store: Store,
    private readonly keyring: SessionKeyring,
    private readonly clock: Clock,
    private readonly config: VendorConfig,
  ) {}

  /** IAM changed: trust failures are looked at again on the next query. */
  iamChanged(): void {
    this.#generation++;
  }

  /** Drops what an instance holds (terminated). */
  forget(instanceId: string): void {
    for (const d of ['1', '2', 'i']) this.#cache.delete(`${instanceId}|${d}`);
  }

  /** The latest LastUpdated of any credentials this instance has been given, if any. */
  lastUpdated(instanceId: string): number | undefined {
    const a = this.#cache.get(`${instanceId}|2`)?.lastUpdated;
    const b = this.#cache.get(`${instanceId}|1`)?.lastUpdated;
    return a === undefined ? b : b === undefined ? a : Math.max(a, b);
  }

  /** The role credentials document; synchronous while cached credentials are fresh. */
  document(
    instance: InstanceRef,
    role: RoleRef,
    delivery: 1 | 2,
  ): CredentialDocument | Promise<CredentialDocument> {
    return this.#get(`${instance.instanceId}|${delivery}`, role, () =>
      this.#mint(instance, role, delivery, true),
    );
  }

  /** The instance identity credentials (identity-credentials/ec2/security-credentials/ec2-instance). */
  identityDocument(instance: InstanceRef, delivery: 1 | 2): CredentialDocument | Promise<CredentialDocument> {
    const role = identityRole(instance.account);
    return this.#get(`${instance.instanceId}|i`, role, () => this.#mint(instance, role, delivery, false));
  }

  #get(
    key: string,
    role: RoleRef,
    mint: () => Promise<Entry>,
  ): CredentialDocument | Promise<CredentialDocument> {
    const now = this.clock.now();
    const hit = this.#cache.get(key);
    if (
      hit &&
      hit.roleArn === role.arn &&
      hit.roleId === role.roleId &&
      now < hit.staleAt &&
      (!hit.failed || hit.generation === this.#generation)
    ) {
      return hit;
    }
    const flight = `${key}|${role.arn}|${role.roleId}`;
    let p = this.#minting.get(flight);
    if (!p) {
      p = mint().then(
        (entry) => {
          this.#cache.set(key, entry);
          this.#minting.delete(flight);
          return entry;
        },
        (err: unknown) => {
          this.#minting.delete(flight);
          throw err;
        },
      );
      this.#minting.set(flight, p);
    }
    return p;
  }

  async #mint(instance: InstanceRef, role: RoleRef, delivery: 1 | 2, checkTrust: boolean): Promise<Entry> {
    const generation = this.#generation;
    const now = this.clock.now();
    if (checkTrust && !(await this.#trusted(instance, role, now))) {
      return {
        body: awsJson([
          ['Code', 'AssumeRoleUnauthorizedAccess'],
          // The form of EC2's message (AWS forums, 2012); the link is the current troubleshooting page.
          [
            'Message',
            `EC2 cannot assume the role ${role.name}.  Please see documentation at https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_iam-ec2.html.`,
          ],
          ['LastUpdated', isoSeconds(now)],
        ]),
        lastUpdated: now,
        lastModified: new Date(now).toUTCString(),
        roleArn: role.arn,
        roleId: role.roleId,
        staleAt: now + this.config.failureRetryMs,
        failed: true,
        generation,
      };
    }
    const exp = now + this.config.ttlMs;
    const creds = mintSession(this.keyring, {
      kind: 'instance-role',
      account: role.account,
      iat: now,
      exp,
      roleArn: role.arn,
      roleId: role.roleId,
      session: instance.instanceId,
      instance: { arn: instance.arn, privateIp: instance.privateIp, vpcId: instance.vpcId, delivery },
    });
    return {
      body: awsJson([
        ['Code', 'Success'],
        ['LastUpdated', isoSeconds(now)],
        ['Type', 'AWS-HMAC'],
        ['AccessKeyId', creds.accessKeyId],
        ['SecretAccessKey', creds.secretAccessKey],
        ['Token', creds.sessionToken],
        ['Expiration', isoSeconds(exp)],
      ]),
      lastUpdated: now,
      lastModified: new Date(now).toUTCString(),
      roleArn: role.arn,
      roleId: role.roleId,
      staleAt: exp - this.config.refreshBeforeMs,
      failed: false,
      generation,
    };
  }

  /** Whether the role's trust policy lets ec2.amazonaws.com call sts:AssumeRole for this instance. */
  async #trusted(instance: InstanceRef, role: RoleRef, now: number): Promise<boolean> {
    const row = await this.store.read.roles.get(role.account, role.name);
    if (!row || row.role_id !== role.roleId) return false;
    const principal = servicePrincipal('ec2.amazonaws.com');
    const context = buildRequestContext({
      principal,
      time: now,
      resourceAccount: role.account,
      extra: { 'aws:SourceAccount': instance.account, 'aws:SourceArn': instance.arn },
    });
    try {
      const trust = compilePolicy(await effectiveTrustPolicy(this.store.read, row), 'trust');
      const decision = evaluateTrust(
        { principal, action: 'sts:AssumeRole', resource: role.arn, resourceAccount: role.account, context },
        { trust: { label: 'role trust policy', policy: trust }, roleAccount: role.account },
      );
      return decision.result === 'Allowed';
    } catch {
      // A trust policy the engine cannot read trusts no one (STYLE.md §10).
      return false;
    }
  }
}

/** The pseudo role behind identity credentials; its unique id is derived from the account. */
export function identityRole(account: string): RoleRef {
  let h = 0;
  for (const c of account) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const suffix = h
    .toString(32)
    .toUpperCase()
    .replace(/[^A-Z2-7]/g, 'Z')
    .padEnd(17, 'Q')
    .slice(0, 17);
  return {
    account,
    name: IDENTITY_ROLE_NAME,
    arn: `arn:aws:iam::${account}:role/${IDENTITY_ROLE_NAME}`,
    roleId: `AROA${suffix}`,
  };
}
