// Temporary credentials (reference iam-sts-policy.md §2.2, §4): an ASIA access key id, a 40-character
// secret, and a session token that carries everything about the session — principal, session
// policies, tags, issue and expiry times, the secret itself — sealed under the session keyring with
// the access key id as associated data. Any node verifies a temporary key by opening the token: no
// database read (DESIGN.md "Stateless session credentials").
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Caller, SessionFacts } from '../../aws/caller.js';
import { accessKeyId, secretAccessKey } from '../../aws/ids.js';
import type { CredentialResolution } from '../../aws/sigv4/verify.js';
import type { SessionKeyring } from './keyring.js';

/** The parent of a GetSessionToken or GetFederationToken session: the long-term identity. */
export interface ParentIdentity {
  readonly type: 'Root' | 'User';
  readonly arn: string;
  readonly userId: string;
  readonly userName?: string;
  readonly path?: string;
}

/** What a session token seals (compact keys: tokens travel in every request). */
export interface SessionClaims {
  readonly v: 1;
  readonly kind: SessionFacts['kind'];
  readonly account: string;
  readonly akid: string;
  readonly secret: string;
  readonly iat: number;
  readonly exp: number;
  /** Role sessions. */
  readonly roleArn?: string;
  readonly roleId?: string;
  readonly session?: string;
  /** Session policies. */
  readonly policy?: string;
  readonly policyArns?: readonly string[];
  readonly tags?: Readonly<Record<string, string>>;
  readonly transitive?: readonly string[];
  readonly sourceIdentity?: string;
  readonly chained?: boolean;
  /** GetSessionToken / GetFederationToken. */
  readonly parent?: ParentIdentity;
  readonly name?: string;
  readonly mfa?: boolean;
  /** EC2 instance-role sessions. */
  readonly instance?: SessionFacts['instance'];
}

export interface MintedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
  readonly claims: SessionClaims;
}

export type ClaimsInput = Omit<SessionClaims, 'v' | 'akid' | 'secret'>;

/** Mints credentials for a session described by `input`. */
export function mintSession(keyring: SessionKeyring, input: ClaimsInput): MintedCredentials {
  const akid = accessKeyId('ASIA', input.account);
  const secret = secretAccessKey();
  const claims: SessionClaims = { v: 1, akid, secret, ...input };
  const sealed = keyring.seal(deflateRawSync(Buffer.from(JSON.stringify(claims), 'utf8')), akid);
  return {
    accessKeyId: akid,
    secretAccessKey: secret,
    sessionToken: sealed,
    expiration: new Date(input.exp),
    claims,
  };
}

/** Minted credentials as STS's Credentials member. */
export const credentialsShape = (c: MintedCredentials) => ({
  AccessKeyId: c.accessKeyId,
  SecretAccessKey: c.secretAccessKey,
  SessionToken: c.sessionToken,
  Expiration: c.expiration,
});

/** The principal a session stands for, as GetCallerIdentity and the authorizer see it. */
export function callerOf(c: SessionClaims): Caller {
  const facts: SessionFacts = {
    kind: c.kind,
    issuedAt: c.iat,
    expiresAt: c.exp,
    ...(c.roleArn !== undefined
      ? { roleArn: c.roleArn, roleName: c.roleArn.slice(c.roleArn.lastIndexOf('/') + 1) }
      : {}),
    ...(c.roleId !== undefined ? { roleId: c.roleId } : {}),
    ...(c.session !== undefined ? { sessionName: c.session } : {}),
    ...(c.policy !== undefined ? { policy: c.policy } : {}),
    ...(c.policyArns !== undefined ? { policyArns: c.policyArns } : {}),
    ...(c.tags !== undefined ? { tags: c.tags } : {}),
    ...(c.transitive !== undefined ? { transitiveTagKeys: c.transitive } : {}),
    ...(c.sourceIdentity !== undefined ? { sourceIdentity: c.sourceIdentity } : {}),
    ...(c.chained ? { chained: true } : {}),
    ...(c.parent !== undefined ? { parentArn: c.parent.arn } : {}),
    ...(c.mfa ? { mfa: true } : {}),
    ...(c.instance !== undefined ? { instance: c.instance } : {}),
  };
  if (c.kind === 'assumed-role' || c.kind === 'instance-role') {
    const roleName = facts.roleName!;
    return {
      type: 'AssumedRole',
      accountId: c.account,
      arn: `arn:aws:sts::${c.account}:assumed-role/${roleName}/${c.session}`,
      userId: `${c.roleId}:${c.session}`,
      accessKeyId: c.akid,
      session: facts,
    };
  }
  if (c.kind === 'federation') {
    return {
      type: 'FederatedUser',
      accountId: c.account,
      arn: `arn:aws:sts::${c.account}:federated-user/${c.name}`,
      userId: `${c.account}:${c.name}`,
      accessKeyId: c.akid,
      session: facts,
    };
  }
  // GetSessionToken: the same identity as the long-term credentials behind it (reference §4.2).
  const p = c.parent!;
  return {
    type: p.type,
    accountId: c.account,
    arn: p.arn,
    userId: p.userId,
    accessKeyId: c.akid,
    ...(p.userName !== undefined ? { userName: p.userName } : {}),
    ...(p.path !== undefined ? { path: p.path } : {}),
    session: facts,
  };
}

/** Resolves ASIA keys for the SigV4 verifier; opened tokens are cached (bounded) by token text. */
export class SessionResolver {
  readonly #cache = new Map<string, { claims: SessionClaims; caller: Caller }>();

  constructor(
    private readonly keyring: SessionKeyring,
    private readonly capacity = 20_000,
  ) {}

  resolve(
    accessKeyId: string,
    token: string | undefined,
    now: number,
  ): CredentialResolution | Promise<CredentialResolution> {
    if (token === undefined) return { ok: false, reason: 'invalid-token' };
    const hit = this.#cache.get(token);
    if (hit) return this.#check(hit.claims, hit.caller, accessKeyId, now);
    return this.#open(accessKeyId, token, now);
  }

  async #open(accessKeyId: string, token: string, now: number): Promise<CredentialResolution> {
    const opened = await this.keyring.open(token, accessKeyId);
    if (!opened) return { ok: false, reason: 'invalid-token' };
    let claims: SessionClaims;
    try {
      claims = JSON.parse(inflateRawSync(opened).toString('utf8')) as SessionClaims;
    } catch {
      return { ok: false, reason: 'invalid-token' };
    }
    const caller = callerOf(claims);
    if (this.#cache.size >= this.capacity) this.#cache.clear();
    this.#cache.set(token, { claims, caller });
    return this.#check(claims, caller, accessKeyId, now);
  }

  #check(claims: SessionClaims, caller: Caller, accessKeyId: string, now: number): CredentialResolution {
    if (claims.akid !== accessKeyId) return { ok: false, reason: 'invalid-token' };
    if (now >= claims.exp) return { ok: false, reason: 'expired-token' };
    return { ok: true, secretAccessKey: claims.secret, caller };
  }
}
