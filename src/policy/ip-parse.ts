// IP addresses and CIDR blocks for IpAddress / NotIpAddress (reference §6.6 IpAddress row).
//
// Owns: parsing IPv4 and IPv6 addresses and CIDR ranges into fixed-width words and testing
// membership without allocation. A bare address in a policy is a /32 (or /128). An IPv4-mapped
// IPv6 request address (::ffff:a.b.c.d) is compared as the IPv4 address it carries, so a policy
// written with IPv4 ranges still applies to dual-stack listeners. Imports nothing.

/** An address: one 32-bit word for IPv4, four for IPv6 (most significant first). */
export interface IpAddr {
  readonly v6: boolean;
  readonly words: readonly number[];
}

export interface Cidr extends IpAddr {
  readonly prefix: number;
}

export function parseIp(text: string): IpAddr | undefined {
  if (text.includes(':')) {
    const words = parseV6(text);
    if (!words) return undefined;
    // ::ffff:a.b.c.d carries an IPv4 address.
    if (words[0] === 0 && words[1] === 0 && words[2] === 0xffff) return { v6: false, words: [words[3] ?? 0] };
    return { v6: true, words };
  }
  const w = parseV4(text);
  return w === undefined ? undefined : { v6: false, words: [w] };
}

export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const v6 = addrText.includes(':');
  const words = v6 ? parseV6(addrText) : wrapV4(parseV4(addrText));
  if (!words) return undefined;
  const max = v6 ? 128 : 32;
  let prefix = max;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p)) return undefined;
    prefix = Number(p);
    if (prefix > max) return undefined;
  }
  return { v6, words, prefix };
}

/** True when `addr` lies inside `range`; families must agree. */
export function cidrContains(range: Cidr, addr: IpAddr): boolean {
  if (range.v6 !== addr.v6) return false;
  let bits = range.prefix;
  for (let i = 0; i < range.words.length && bits > 0; i++) {
    const take = bits >= 32 ? 32 : bits;
    const mask = take === 32 ? 0xffffffff : ~(0xffffffff >>> take) >>> 0;
    if (((range.words[i] ?? 0) & mask) >>> 0 !== ((addr.words[i] ?? 0) & mask) >>> 0) return false;
    bits -= take;
  }
  return true;
}

function wrapV4(w: number | undefined): number[] | undefined {
  return w === undefined ? undefined : [w];
}

function parseV4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let w = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    w = w * 256 + n;
  }
  return w >>> 0;
}

/** Parses an IPv6 address (with `::` and an optional trailing dotted IPv4) into four words. */
function parseV6(text: string): number[] | undefined {
  if (text.length < 2) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const item = items[i] ?? '';
      if (i === items.length - 1 && item.includes('.')) {
        const v4 = parseV4(item);
        if (v4 === undefined) return undefined;
        out.push(v4 >>> 16, v4 & 0xffff);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(item)) return undefined;
        out.push(parseInt(item, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  let all: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return undefined;
    all = [...head, ...new Array<number>(missing).fill(0), ...tail];
  } else {
    if (head.length !== 8) return undefined;
    all = head;
  }
  const words: number[] = [];
  for (let i = 0; i < 8; i += 2) words.push((((all[i] ?? 0) << 16) | (all[i + 1] ?? 0)) >>> 0);
  return words;
}
