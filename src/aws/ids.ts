// Identifier and key formats (reference iam-sts-policy.md §2.1–§2.2): unique ids are a four-letter
// prefix plus 17 base32 characters (21 in all); access key ids are AKIA/ASIA plus 16 base32 characters
// with the account id encoded in characters 5–12 as AWS does, so `sts:GetAccessKeyInfo` can answer
// from the key id alone; secrets are 40 characters of [A-Za-z0-9/+].

import { randomBytes, randomInt } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+';

export function randomBase32(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += BASE32[bytes[i]! & 31];
  return out;
}

export type UniqueIdPrefix = 'AIDA' | 'AROA' | 'AIPA' | 'ANPA' | 'ANVA' | 'AGPA' | 'APKA' | 'ASCA';

export const uniqueId = (prefix: UniqueIdPrefix): string => prefix + randomBase32(17);

function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

function base32Decode(text: string): Buffer | undefined {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text) {
    const v = BASE32.indexOf(ch);
    if (v === -1) return undefined;
    value = ((value << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/**
 * An access key id for an account: prefix, then 10 base32 characters carrying 48 bits in which the
 * account id sits at bits 7–46 (AWS's layout, reverse-engineered publicly), then random characters.
 */
export function accessKeyId(prefix: 'AKIA' | 'ASIA', accountId: string): string {
  const n = BigInt(accountId) << 7n;
  const rand = BigInt(randomInt(0, 128));
  const v = n | rand | (1n << 47n);
  const bytes = Buffer.alloc(6);
  bytes.writeUIntBE(Number(v & 0xffffffffffffn), 0, 6);
  return prefix + base32Encode(bytes).slice(0, 10) + randomBase32(6);
}

/** The account id encoded in an access key id (AWS's GetAccessKeyInfo), or undefined if it isn't one. */
export function accountOfAccessKeyId(keyId: string): string | undefined {
  if (!ACCESS_KEY_ID.test(keyId)) return undefined;
  const bytes = base32Decode(keyId.slice(4, 14));
  if (!bytes || bytes.length < 6) return undefined;
  const v = BigInt(bytes.readUIntBE(0, 6));
  return ((v & 0x7fffffffff80n) >> 7n).toString().padStart(12, '0');
}

export function secretAccessKey(): string {
  const bytes = randomBytes(40);
  let out = '';
  for (let i = 0; i < 40; i++) out += SECRET_ALPHABET[bytes[i]! & 63];
  return out;
}

export const ACCESS_KEY_ID = /^(AKIA|ASIA)[A-Z2-7]{16}$/;
export const LONG_TERM_ACCESS_KEY_ID = /^AKIA[A-Z2-7]{16}$/;
export const SECRET_ACCESS_KEY = /^[A-Za-z0-9/+]{40}$/;
export const ACCOUNT_ID = /^\d{12}$/;

/** A fresh 12-digit account id (not starting with 0, like most real ones). */
export function randomAccountId(): string {
  return String(randomInt(1, 10)) + Array.from({ length: 11 }, () => randomInt(0, 10)).join('');
}

/** An AWS request id: a UUID v4. */
export const requestId = (): string => crypto.randomUUID();
