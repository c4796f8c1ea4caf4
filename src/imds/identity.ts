// The instance identity document and its signatures (reference imds-ec2.md §A.4 "Dynamic data";
// EC2UG-iid, verify-pkcs7.md, verify-rsa2048.md, verify-signature.md).
// - document: the JSON AWS serves (version 2017-09-30), pretty-printed as EC2 prints it; pendingTime is
//   the instance's last start, so the document changes on stop/start as AWS's does.
// - signature: base64 RSA-SHA256 (PKCS #1 v1.5) over the document's bytes;
// - pkcs7 and rsa2048: base64 DER of a detached PKCS #7 SignedData (SHA-256, RSA) over the document,
//   without the BEGIN/END lines, so `openssl smime -verify -in f -inform PEM -content document
//   -certfile certificate -noverify` works exactly as AWS documents it. AWS signs `pkcs7` with DSA/SHA-1;
//   latchkey uses its RSA key for both (the reference allows a clone its own key).
// One RSA-2048 key and self-signed certificate per region, made on first use and kept in the store
// (the private key sealed under the master key), published at GET /_latchkey/ec2/certificates/REGION.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  type KeyObject,
} from 'node:crypto';
import type { Clock } from '../aws/clock.js';
import type { Sealer } from '../aws/crypto/sealer.js';
import type { Store } from '../store/store.js';
import { algorithm, bits, explicit, int, name, octets, oid, OID, seq, set, time, wrap64 } from './der.js';

export interface IdentityKey {
  readonly region: string;
  readonly privateKey: KeyObject;
  readonly certificatePem: string;
  /** The certificate's issuer Name and serial (DER), for the SignerInfo. */
  readonly issuer: Buffer;
  readonly serial: Buffer;
}

interface Stored {
  readonly key: string;
  readonly certificate: string;
  readonly serial: string;
}

const settingKey = (region: string) => `ec2.identity-key.${region}`;
const aad = (region: string) => `ec2-identity-key:${region}`;

const issuerOf = (region: string) =>
  name([
    [OID.countryName, 'US'],
    [OID.stateOrProvince, 'Washington State'],
    [OID.locality, 'Seattle'],
    [OID.organization, 'latchkey'],
    [OID.commonName, `latchkey EC2 instance identity (${region})`],
  ]);

/** A self-signed X.509 v3 certificate for `publicKey`, valid 30 years from yesterday. */
function selfSigned(
  privateKey: KeyObject,
  publicKey: KeyObject,
  issuer: Buffer,
  serial: Buffer,
  now: number,
): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const validity = seq(time(new Date(now - 86_400_000)), time(new Date(now + 30 * 365 * 86_400_000)));
  const extensions = explicit(3, seq(seq(oid(OID.basicConstraints), octets(seq()))));
  const tbs = seq(
    explicit(0, int(2)),
    int(serial),
    algorithm(OID.sha256WithRsa),
    issuer,
    validity,
    issuer,
    spki,
    extensions,
  );
  const signature = sign('sha256', tbs, privateKey);
  return seq(tbs, algorithm(OID.sha256WithRsa), bits(signature));
}

export class IdentityKeys {
  readonly #keys = new Map<string, Promise<IdentityKey>>();

  constructor(
    private readonly store: Store,
    private readonly master: Sealer,
    private readonly clock: Clock,
  ) {}

  /** The region's key, made and stored on first use (the first writer wins across nodes). */
  forRegion(region: string): Promise<IdentityKey> {
    let p = this.#keys.get(region);
    if (!p) {
      p = this.#load(region);
      p.catch(() => this.#keys.delete(region));
      this.#keys.set(region, p);
    }
    return p;
  }

  async #load(region: string): Promise<IdentityKey> {
    let text = await this.store.read.settings.get(settingKey(region));
    if (text === undefined) {
      const made = this.#make(region);
      text = await this.store.transaction(async (tx) => {
        const existing = await tx.settings.get(settingKey(region));
        if (existing !== undefined) return existing;
        await tx.settings.set(settingKey(region), made);
        return made;
      });
    }
    const stored = JSON.parse(text) as Stored;
    const der = this.master.open(stored.key, aad(region));
    if (!der) throw new Error(`the identity key of ${region} cannot be opened with this master key`);
    return {
      region,
      privateKey: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
      certificatePem: stored.certificate,
      issuer: issuerOf(region),
      serial: Buffer.from(stored.serial, 'hex'),
    };
  }

  #make(region: string): string {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const serial = randomBytes(16);
    serial[0] = serial[0]! & 0x7f;
    const cert = selfSigned(privateKey, publicKey, issuerOf(region), serial, this.clock.now());
    const stored: Stored = {
      key: this.master.seal(privateKey.export({ type: 'pkcs8', format: 'der' }), aad(region)),
      certificate: `-----BEGIN CERTIFICATE-----\n${wrap64(cert)}\n-----END CERTIFICATE-----\n`,
      serial: serial.toString('hex'),
    };
    return JSON.stringify(stored);
  }

  async certificate(region: string): Promise<string> {
    return (await this.forRegion(region)).certificatePem;
  }
}

export interface IdentityFacts {
  readonly accountId: string;
  readonly availabilityZone: string;
  readonly imageId: string;
  readonly instanceId: string;
  readonly instanceType: string;
  /** Epoch ms of the last start. */
  readonly pendingTime: number;
  readonly privateIp: string;
  readonly region: string;
}

export interface SignedIdentity {
  readonly document: string;
  readonly signature: string;
  readonly pkcs7: string;
  readonly rsa2048: string;
}

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The document, field for field and in AWS's order (EC2UG-iid sample). */
export function identityDocument(f: IdentityFacts): string {
  const fields: [string, string | null][] = [
    ['accountId', f.accountId],
    ['architecture', 'x86_64'],
    ['availabilityZone', f.availabilityZone],
    ['billingProducts', null],
    ['devpayProductCodes', null],
    ['marketplaceProductCodes', null],
    ['imageId', f.imageId],
    ['instanceId', f.instanceId],
    ['instanceType', f.instanceType],
    ['kernelId', null],
    ['pendingTime', isoSeconds(f.pendingTime)],
    ['privateIp', f.privateIp],
    ['ramdiskId', null],
    ['region', f.region],
    ['version', '2017-09-30'],
  ];
  return `{\n${fields.map(([k, v]) => `  "${k}" : ${JSON.stringify(v)}`).join(',\n')}\n}`;
}

/** A detached PKCS #7 SignedData over `content` (RFC 2315 §9), without signed attributes. */
export function pkcs7Detached(content: Buffer, key: IdentityKey): Buffer {
  const signature = sign('sha256', content, key.privateKey);
  const signerInfo = seq(
    int(1),
    seq(key.issuer, int(key.serial)),
    algorithm(OID.sha256),
    algorithm(OID.rsaEncryption),
    octets(signature),
  );
  const signedData = seq(int(1), set(algorithm(OID.sha256)), seq(oid(OID.pkcs7Data)), set(signerInfo));
  return seq(oid(OID.pkcs7SignedData), explicit(0, signedData));
}

export function signIdentity(facts: IdentityFacts, key: IdentityKey): SignedIdentity {
  const document = identityDocument(facts);
  const bytes = Buffer.from(document, 'utf8');
  const pkcs7 = wrap64(pkcs7Detached(bytes, key));
  return { document, signature: wrap64(sign('sha256', bytes, key.privateKey)), pkcs7, rsa2048: pkcs7 };
}

/** The public key of a PEM certificate (tests and the CLI verify with it). */
export const certificatePublicKey = (pem: string): KeyObject => createPublicKey(pem);
