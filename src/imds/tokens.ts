// IMDSv2 session tokens (reference imds-ec2.md §A.2). A token is 40 bytes, base64url with padding like
// AWS's (`AQAAAPm_…g==`, 56 characters): version, expiry (epoch seconds), a random nonce, and a MAC (192 bits) over
// those bytes and the instance it was issued to — so a token is valid only at its own instance's
// endpoint ("The token is not valid on other EC2 instances and will be rejected") and only for that
// boot of the instance. Stateless: no table of tokens; the key is kept sealed in the store, so tokens
// survive a restart of the server. TTL 1–21600 s.
import { createHmac, randomBytes, randomFillSync, timingSafeEqual } from 'node:crypto';

export const MIN_TTL = 1;
export const MAX_TTL = 21_600;

const VERSION = 1;
const LENGTH = 40;
/** Version 1 and three reserved zero bytes (so tokens start `AQAAA` like AWS's), expiry 4, nonce 8. */
const SIGNED = 16;
const MAC_LENGTH = LENGTH - SIGNED;

export interface TokenCheck {
  readonly valid: boolean;
  /** Whole seconds left, for the X-Aws-Ec2-Metadata-Token-Ttl-Seconds response header. */
  readonly remaining: number;
}

/** Tokens already verified: SDKs reuse a token for its lifetime, so most checks are a lookup. */
const VERIFIED_LIMIT = 50_000;

export class TokenIssuer {
  readonly #verified = new Map<string, { binding: string; exp: number }>();
  readonly #pool = Buffer.alloc(4096);
  #poolAt = this.#pool.length;

  constructor(private readonly key: Buffer) {}

  /** Eight random bytes from a pool refilled 4 KB at a time (one getrandom per 512 tokens). */
  #nonce(into: Buffer, at: number): void {
    if (this.#poolAt + 8 > this.#pool.length) {
      randomFillSync(this.#pool);
      this.#poolAt = 0;
    }
    this.#pool.copy(into, at, this.#poolAt, this.#poolAt + 8);
    this.#poolAt += 8;
  }

  #mac(signed: Buffer, binding: string): Buffer {
    return createHmac('sha256', this.key).update(signed).update(binding).digest().subarray(0, MAC_LENGTH);
  }

  /** A token for `binding` (the instance id and boot) valid `ttl` seconds from `nowMs`. */
  issue(binding: string, ttl: number, nowMs: number): string {
    const out = Buffer.alloc(LENGTH);
    out[0] = VERSION;
    out.writeUInt32BE(Math.floor(nowMs / 1000) + ttl, 4);
    this.#nonce(out, 8);
    this.#mac(out.subarray(0, SIGNED), binding).copy(out, SIGNED);
    return out.toString('base64url') + '==';
  }

  check(token: string, binding: string, nowMs: number): TokenCheck {
    const now = Math.floor(nowMs / 1000);
    const known = this.#verified.get(token);
    if (known) {
      const remaining = known.exp - now;
      return known.binding === binding && remaining > 0 ? { valid: true, remaining } : INVALID;
    }
    if (token.length !== 56 || !token.endsWith('==')) return INVALID;
    const raw = Buffer.from(token.slice(0, 54), 'base64url');
    if (raw.length !== LENGTH || raw.readUInt32BE(0) !== VERSION << 24) return INVALID;
    const mac = this.#mac(raw.subarray(0, SIGNED), binding);
    if (!timingSafeEqual(mac, raw.subarray(SIGNED))) return INVALID;
    const exp = raw.readUInt32BE(4);
    if (exp - now <= 0) return INVALID;
    if (this.#verified.size >= VERIFIED_LIMIT) this.#verified.clear();
    this.#verified.set(token, { binding, exp });
    return { valid: true, remaining: exp - now };
  }
}

const INVALID: TokenCheck = { valid: false, remaining: 0 };

/** The TTL header's value if it is an integer in 1–21600; undefined otherwise (400). */
export function parseTtl(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,5}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= MIN_TTL && n <= MAX_TTL ? n : undefined;
}

export const newTokenKey = (): Buffer => randomBytes(32);
