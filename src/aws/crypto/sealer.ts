// AES-256-GCM sealing with key ids, for secrets at rest (sealed under the master key) and for
// self-contained session tokens (sealed under a rotating keyring, DESIGN.md "Stateless session
// credentials"). A sealed value names its key, so old keys keep opening what they sealed until retired.
//   sealed = <keyId> "." base64url(iv[12] | ciphertext | tag[16])

import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export class Sealer {
  readonly #keys = new Map<string, Buffer>();
  #current: string;

  /** keys: id → 32-byte key; `current` seals, every key opens. */
  constructor(keys: ReadonlyMap<string, Buffer>, current: string) {
    for (const [id, key] of keys) {
      if (key.length !== 32) throw new Error(`sealer: key ${id} is ${key.length} bytes, expected 32`);
      if (id.includes('.')) throw new Error(`sealer: key id ${id} may not contain '.'`);
      this.#keys.set(id, key);
    }
    if (!this.#keys.has(current)) throw new Error(`sealer: current key ${current} is not in the keyring`);
    this.#current = current;
  }

  /** A sealer with one key, whose id is derived from the key itself (so a wrong key is recognised). */
  static single(key: Buffer): Sealer {
    const id = keyFingerprint(key);
    return new Sealer(new Map([[id, key]]), id);
  }

  get currentKeyId(): string {
    return this.#current;
  }

  addKey(id: string, key: Buffer, makeCurrent = false): void {
    this.#keys.set(id, key);
    if (makeCurrent) this.#current = id;
  }

  removeKey(id: string): void {
    if (id === this.#current) throw new Error('sealer: cannot remove the current key');
    this.#keys.delete(id);
  }

  hasKey(id: string): boolean {
    return this.#keys.has(id);
  }

  /** `aad` binds the sealed value to its context (e.g. the access key id it belongs to). */
  seal(plaintext: string | Buffer, aad?: string): string {
    const key = this.#keys.get(this.#current)!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return `${this.#current}.${Buffer.concat([iv, ct, cipher.getAuthTag()]).toString('base64url')}`;
  }

  /** The plaintext, or undefined when the value is malformed, its key unknown, or it was altered. */
  open(sealed: string, aad?: string): Buffer | undefined {
    const dot = sealed.indexOf('.');
    if (dot <= 0) return undefined;
    const key = this.#keys.get(sealed.slice(0, dot));
    if (!key) return undefined;
    const raw = Buffer.from(sealed.slice(dot + 1), 'base64url');
    if (raw.length < 12 + 16) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(raw.subarray(raw.length - 16));
      return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
    } catch {
      return undefined;
    }
  }
}

export const keyFingerprint = (key: Buffer): string =>
  'k' + createHash('sha256').update(key).digest('hex').slice(0, 12);

/** Parses a 32-byte key given as 64 hex characters or base64 (LATCHKEY_MASTER_KEY). */
export function parseKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  const b = Buffer.from(t, 'base64');
  return b.length === 32 ? b : undefined;
}
