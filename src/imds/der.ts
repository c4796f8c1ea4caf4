// A minimal ASN.1 DER encoder: just what a self-signed X.509 certificate and a detached PKCS #7
// SignedData need (RFC 5280, RFC 2315). Node signs and parses certificates but cannot build one.

const tlv = (tag: number, content: Buffer): Buffer => {
  const n = content.length;
  let len: Buffer;
  if (n < 0x80) len = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    len = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), len, content]);
};

export const seq = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
export const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
export const nul = (): Buffer => Buffer.from([0x05, 0x00]);
export const octets = (b: Buffer): Buffer => tlv(0x04, b);
export const bits = (b: Buffer): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), b]));
export const printable = (s: string): Buffer => tlv(0x13, Buffer.from(s, 'ascii'));
export const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'));
/** `[n] EXPLICIT`. */
export const explicit = (n: number, content: Buffer): Buffer => tlv(0xa0 + n, content);

/** A non-negative INTEGER from big-endian bytes (a leading 0 keeps it positive). */
export function int(value: number | Buffer): Buffer {
  let b: Buffer;
  if (typeof value === 'number') {
    const hex = value.toString(16);
    b = Buffer.from(hex.length % 2 === 1 ? '0' + hex : hex, 'hex');
  } else b = value;
  while (b.length > 1 && b[0] === 0 && b[1]! < 0x80) b = b.subarray(1);
  if (b[0]! >= 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out = [40 * parts[0]! + parts[1]!];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime (years before 2050) or GeneralizedTime, as RFC 5280 §4.1.2.5 requires. */
export function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  return d.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(iso.slice(2), 'ascii'))
    : tlv(0x18, Buffer.from(iso, 'ascii'));
}

export const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  pkcs7Data: '1.2.840.113549.1.7.1',
  pkcs7SignedData: '1.2.840.113549.1.7.2',
  countryName: '2.5.4.6',
  stateOrProvince: '2.5.4.8',
  locality: '2.5.4.7',
  organization: '2.5.4.10',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
} as const;

/** An X.500 Name of (attribute OID, value) pairs, each in its own RDN. */
export function name(attrs: readonly (readonly [string, string])[]): Buffer {
  return seq(...attrs.map(([o, v]) => set(seq(oid(o), o === OID.countryName ? printable(v) : utf8(v)))));
}

export const algorithm = (o: string): Buffer => seq(oid(o), nul());

/** Base64 in lines of 64 characters, as PEM bodies are written. */
export function wrap64(b: Buffer): string {
  return (b.toString('base64').match(/.{1,64}/g) ?? []).join('\n');
}
