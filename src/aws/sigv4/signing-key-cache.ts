// Derived SigV4 signing keys, cached: deriving one costs four HMACs, and a client signs thousands of
// requests with the same key, date, region and service. Bounded; the oldest entries go first.

import { createHmac } from 'node:crypto';

/** A derived signing key; HMAC-SHA256 with it signs a string to sign. */
export class SigningKey {
  constructor(readonly key: Buffer) {}

  /** HMAC-SHA256(key, message) as lower-case hex. */
  signHex(message: string): string {
    return createHmac('sha256', this.key).update(message).digest('hex');
  }
}

export function deriveSigningKey(secret: string, date: string, region: string, service: string): Buffer {
  const kDate = createHmac('sha256', 'AWS4' + secret)
    .update(date)
    .digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kService = createHmac('sha256', kRegion).update(service).digest();
  return createHmac('sha256', kService).update('aws4_request').digest();
}

export class SigningKeyCache {
  readonly #entries = new Map<string, { secret: string; key: SigningKey }>();
  constructor(private readonly capacity = 10_000) {}

  get(accessKeyId: string, secret: string, date: string, region: string, service: string): SigningKey {
    const id = `${accessKeyId}/${date}/${region}/${service}`;
    const hit = this.#entries.get(id);
    // The secret is compared too: a key id is never reused with another secret, but be sure.
    if (hit && hit.secret === secret) return hit.key;
    const key = new SigningKey(deriveSigningKey(secret, date, region, service));
    if (this.#entries.size >= this.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(id, { secret, key });
    return key;
  }

  get size(): number {
    return this.#entries.size;
  }
}
