// The CRCs S3 checksums use, as incremental hashers, and CRC combination (the CRC of A‖B from the CRCs
// of A and B and B's length) for full-object checksums of multipart uploads.
//   CRC32      zlib's CRC-32 (reflected 0xEDB88320): node:zlib's crc32, native.
//   CRC32C     Castagnoli (reflected 0x82F63B78), slicing-by-8 tables.
//   CRC64NVME  the NVMe CRC-64 (reflected 0x9A6C9329AC4BC9B5), slicing-by-8 over 32-bit halves, as
//              JavaScript has no fast 64-bit integers.
// All three start from all ones and are complemented at the end. Check values of "123456789":
// CBF43926, E3069283, AE8B14860A799888 (the CRC catalogue; AWS's checksum docs name the algorithms).
// Combination follows zlib's crc32_combine (GF(2) multiplication by x^(8·len) modulo the polynomial),
// in BigInt: it runs once per part, never per byte.

import { crc32 as zlibCrc32 } from 'node:zlib';

export interface Hasher {
  update(data: Buffer): void;
  digest(): Buffer;
}

export class Crc32 implements Hasher {
  #crc = 0;
  update(data: Buffer): void {
    this.#crc = zlibCrc32(data, this.#crc);
  }
  digest(): Buffer {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(this.#crc >>> 0);
    return out;
  }
}

function tables32(poly: number): Uint32Array[] {
  const t: Uint32Array[] = [new Uint32Array(256)];
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t[0]![n] = c >>> 0;
  }
  for (let k = 1; k < 8; k++) {
    const prev = t[k - 1]!;
    const cur = new Uint32Array(256);
    for (let n = 0; n < 256; n++) cur[n] = (prev[n]! >>> 8) ^ t[0]![prev[n]! & 0xff]!;
    t.push(cur);
  }
  return t;
}

const C = tables32(0x82f63b78);

export class Crc32c implements Hasher {
  #crc = 0xffffffff;
  update(data: Buffer): void {
    const [t0, t1, t2, t3, t4, t5, t6, t7] = C as [
      Uint32Array,
      Uint32Array,
      Uint32Array,
      Uint32Array,
      Uint32Array,
      Uint32Array,
      Uint32Array,
      Uint32Array,
    ];
    let crc = this.#crc;
    let i = 0;
    const end8 = data.length - (data.length % 8);
    for (; i < end8; i += 8) {
      const a = crc ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24));
      crc =
        t7[a & 0xff]! ^
        t6[(a >>> 8) & 0xff]! ^
        t5[(a >>> 16) & 0xff]! ^
        t4[a >>> 24]! ^
        t3[data[i + 4]!]! ^
        t2[data[i + 5]!]! ^
        t1[data[i + 6]!]! ^
        t0[data[i + 7]!]!;
    }
    for (; i < data.length; i++) crc = t0[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
    this.#crc = crc >>> 0;
  }
  digest(): Buffer {
    const out = Buffer.alloc(4);
    out.writeUInt32BE((this.#crc ^ 0xffffffff) >>> 0);
    return out;
  }
}

/** CRC-64/NVME tables as (hi, lo) 32-bit halves, slicing-by-8. */
const NVME_POLY = 0x9a6c9329ac4bc9b5n;
const N = (() => {
  const hi: Uint32Array[] = [];
  const lo: Uint32Array[] = [];
  const base: bigint[] = [];
  for (let n = 0; n < 256; n++) {
    let c = BigInt(n);
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ NVME_POLY : c >> 1n;
    base.push(c);
  }
  let prev = base;
  for (let k = 0; k < 8; k++) {
    const h = new Uint32Array(256);
    const l = new Uint32Array(256);
    const next: bigint[] = [];
    for (let n = 0; n < 256; n++) {
      const v = k === 0 ? base[n]! : (prev[n]! >> 8n) ^ base[Number(prev[n]! & 0xffn)]!;
      next.push(v);
      h[n] = Number(v >> 32n);
      l[n] = Number(v & 0xffffffffn);
    }
    hi.push(h);
    lo.push(l);
    prev = next;
  }
  return { hi, lo };
})();

export class Crc64Nvme implements Hasher {
  #hi = 0xffffffff;
  #lo = 0xffffffff;
  update(data: Buffer): void {
    const H = N.hi as Uint32Array[];
    const L = N.lo as Uint32Array[];
    const [h0, h1, h2, h3, h4, h5, h6, h7] = H as [
      Uint32Array,
      Uint32Array,
      Uint32Array,
      Uint32Array,
      Uint32Array,
      Uint32Array,
      Uint32Array,
      Uint32Array,
    ];
    const [l0, l1, l2, l3, l4, l5, l6, l7] = L as [
      Uint32Array,
      Uint32Array,
      Uint32Array,
      Uint32Array,
      Uint32Array,
      Uint32Array,
      Uint32Array,
      Uint32Array,
    ];
    let hi = this.#hi;
    let lo = this.#lo;
    let i = 0;
    const end8 = data.length - (data.length % 8);
    for (; i < end8; i += 8) {
      const a = lo ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24));
      const b = hi ^ (data[i + 4]! | (data[i + 5]! << 8) | (data[i + 6]! << 16) | (data[i + 7]! << 24));
      const i0 = a & 0xff;
      const i1 = (a >>> 8) & 0xff;
      const i2 = (a >>> 16) & 0xff;
      const i3 = a >>> 24;
      const i4 = b & 0xff;
      const i5 = (b >>> 8) & 0xff;
      const i6 = (b >>> 16) & 0xff;
      const i7 = b >>> 24;
      hi = h7[i0]! ^ h6[i1]! ^ h5[i2]! ^ h4[i3]! ^ h3[i4]! ^ h2[i5]! ^ h1[i6]! ^ h0[i7]!;
      lo = l7[i0]! ^ l6[i1]! ^ l5[i2]! ^ l4[i3]! ^ l3[i4]! ^ l2[i5]! ^ l1[i6]! ^ l0[i7]!;
    }
    for (; i < data.length; i++) {
      const idx = (lo ^ data[i]!) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ l0[idx]!;
      hi = (hi >>> 8) ^ h0[idx]!;
    }
    this.#hi = hi >>> 0;
    this.#lo = lo >>> 0;
  }
  digest(): Buffer {
    const out = Buffer.alloc(8);
    out.writeUInt32BE((this.#hi ^ 0xffffffff) >>> 0, 0);
    out.writeUInt32BE((this.#lo ^ 0xffffffff) >>> 0, 4);
    return out;
  }
}

/** The reflected polynomials, by width, for combination. */
export const CRC_POLYS = {
  CRC32: { width: 32, poly: 0xedb88320n },
  CRC32C: { width: 32, poly: 0x82f63b78n },
  CRC64NVME: { width: 64, poly: NVME_POLY },
} as const;

function multModP(a: bigint, b: bigint, width: number, poly: bigint): bigint {
  let m = 1n << BigInt(width - 1);
  let p = 0n;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1n)) === 0n) break;
    }
    m >>= 1n;
    b = b & 1n ? (b >> 1n) ^ poly : b >> 1n;
    if (m === 0n) break;
  }
  return p;
}

/** x^(2^k · 8 · n)-style power of x modulo the polynomial: x^(8·n) here, by repeated squaring. */
function xPow8n(n: number, width: number, poly: bigint): bigint {
  let p = 1n << BigInt(width - 1); // x^0
  let sq = 1n << BigInt(width - 2); // x^1
  for (let k = 0; k < 3; k++) sq = multModP(sq, sq, width, poly); // x^8
  let e = BigInt(n);
  while (e > 0n) {
    if (e & 1n) p = multModP(sq, p, width, poly);
    sq = multModP(sq, sq, width, poly);
    e >>= 1n;
  }
  return p;
}

/** The CRC of A‖B from crc(A), crc(B) and B's length in bytes (values as big-endian bytes). */
export function combineCrc(algorithm: keyof typeof CRC_POLYS, a: Buffer, b: Buffer, lengthB: number): Buffer {
  const { width, poly } = CRC_POLYS[algorithm];
  const bytes = width / 8;
  const crcA = BigInt('0x' + a.toString('hex'));
  const crcB = BigInt('0x' + b.toString('hex'));
  const v = multModP(xPow8n(lengthB, width, poly), crcA, width, poly) ^ crcB;
  return Buffer.from(v.toString(16).padStart(bytes * 2, '0'), 'hex');
}
