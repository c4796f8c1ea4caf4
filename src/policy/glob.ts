// Wildcard matching, compiled once (reference §6.3, §6.5, §6.6 StringLike, §6.8).
//
// Owns: the `*` / `?` matcher used by actions, resources, StringLike and ArnLike.
//   `*` matches any run of characters (including none, including `/` and `:`), `?` exactly one.
// A pattern is compiled once into segments split at `*`; matching walks them left to right,
// taking the leftmost fit of each middle segment, which is exact for this pattern language and
// linear in practice: no RegExp, no backtracking blow-up, no allocation for patterns without
// variables. Common shapes (`*`, `abc`, `abc*`, `*abc`) get dedicated fast paths.
// Variables (variables.ts) are matched as literal text: their values never act as wildcards.
// Matching is case-sensitive; callers that need case-insensitivity lower-case both sides.
// Imports variables (tokens) and context (resolver) only.

import type { RequestContext } from './context.js';
import type { TemplateToken, VarToken } from './variables.js';
import { resolveVar } from './variables.js';

/** A run of pattern characters; `wild[k] === 1` marks a `?` at position k. */
interface Piece {
  readonly s: string;
  readonly wild: Uint8Array | null;
  readonly v: -1;
}

/** A variable reference: its value is looked up per match and taken literally. */
interface VarRef {
  readonly s: '';
  readonly wild: null;
  /** Ordinal among the pattern's variables (index into the scratch array). */
  readonly v: number;
  readonly token: VarToken;
}

type Item = Piece | VarRef;

const enum Kind {
  All,
  Exact,
  Prefix,
  Suffix,
  General,
}

/**
 * Resolved variable values for the match in progress. Matching is synchronous and never
 * re-enters itself, so one scratch array serves every Glob without allocating.
 */
let scratch: string[] = [];

function text(item: Item): string {
  return item.v < 0 ? item.s : (scratch[item.v] ?? '');
}

export class Glob {
  private constructor(
    private readonly kind: Kind,
    private readonly lit: string,
    private readonly segs: readonly (readonly Item[])[],
    private readonly vars: readonly VarToken[],
    private readonly hasStar: boolean,
    /** The pattern as written (for explanations). */
    readonly source: string,
    /** General kind: the literal text every match must start with (a cheap first test). */
    private readonly prefix = '',
  ) {}

  /** A glob over raw text (no variables). */
  static of(pattern: string, lower = false): Glob {
    return Glob.fromTokens([{ t: 'raw', text: pattern }], pattern, lower);
  }

  /** A glob over tokens from variables.tokenize (raw text may hold wildcards; the rest is literal). */
  static fromTokens(tokens: readonly TemplateToken[], source: string, lower = false): Glob {
    const segs: Item[][] = [[]];
    const vars: VarToken[] = [];
    let buf = '';
    let mask: number[] = [];
    let anyWild = false;
    const flush = (): void => {
      if (buf === '') return;
      segs[segs.length - 1]?.push({ s: buf, wild: anyWild ? Uint8Array.from(mask) : null, v: -1 });
      buf = '';
      mask = [];
      anyWild = false;
    };
    let hasStar = false;
    for (const t of tokens) {
      if (t.t === 'var') {
        flush();
        segs[segs.length - 1]?.push({ s: '', wild: null, v: vars.length, token: t });
        vars.push(t);
        continue;
      }
      const chars = lower ? t.text.toLowerCase() : t.text;
      for (const ch of chars) {
        if (t.t === 'raw' && ch === '*') {
          flush();
          segs.push([]);
          hasStar = true;
        } else {
          const q = t.t === 'raw' && ch === '?';
          // A '?' stands for one UTF-16 unit of text; surrogate pairs are rare enough in ARNs to ignore.
          buf += q ? '?' : ch;
          for (let k = 0; k < (q ? 1 : ch.length); k++) mask.push(q ? 1 : 0);
          anyWild ||= q;
        }
      }
    }
    flush();
    const lead = segs[0]?.[0];
    let prefix = '';
    if (lead && lead.v < 0) {
      const w = lead.wild;
      const cut = w === null ? lead.s.length : w.indexOf(1);
      prefix = lead.s.slice(0, cut < 0 ? lead.s.length : cut);
    }
    const general = new Glob(Kind.General, '', segs, vars, hasStar, source, prefix);
    if (vars.length > 0) return general;
    const only = (seg: Item[] | undefined): Item | undefined => (seg?.length === 1 ? seg[0] : undefined);
    if (hasStar && segs.every((seg) => seg.length === 0)) return new Glob(Kind.All, '', [], [], true, source);
    if (!hasStar) {
      const p = only(segs[0]);
      if (segs[0]?.length === 0) return new Glob(Kind.Exact, '', [], [], false, source);
      if (p && p.wild === null) return new Glob(Kind.Exact, p.s, [], [], false, source);
    } else if (segs.length === 2) {
      const [a, b] = segs;
      const pa = only(a);
      const pb = only(b);
      if (b?.length === 0 && pa && pa.wild === null) return new Glob(Kind.Prefix, pa.s, [], [], true, source);
      if (a?.length === 0 && pb && pb.wild === null) return new Glob(Kind.Suffix, pb.s, [], [], true, source);
    }
    return general;
  }

  /** True when the pattern is only stars (matches everything). */
  get matchesEverything(): boolean {
    return this.kind === Kind.All;
  }

  /** Matches text[start, end). `ctx` resolves variables; an unresolved variable never matches. */
  matches(text: string, start: number, end: number, ctx: RequestContext): boolean {
    switch (this.kind) {
      case Kind.All:
        return true;
      case Kind.Exact:
        return end - start === this.lit.length && text.startsWith(this.lit, start);
      case Kind.Prefix:
        return end - start >= this.lit.length && text.startsWith(this.lit, start);
      case Kind.Suffix:
        return end - start >= this.lit.length && text.startsWith(this.lit, end - this.lit.length);
      case Kind.General: {
        if (end - start < this.prefix.length || !text.startsWith(this.prefix, start)) return false;
        const vars = this.vars;
        if (vars.length > 0) {
          if (scratch.length < vars.length) scratch = new Array<string>(vars.length).fill('');
          for (let i = 0; i < vars.length; i++) {
            const v = resolveVar(vars[i] as VarToken, ctx);
            if (v === undefined) return false;
            scratch[i] = v;
          }
        }
        return matchSegments(text, start, end, this.segs, this.hasStar);
      }
    }
  }

  /** Whole-string convenience. */
  test(text: string, ctx: RequestContext): boolean {
    return this.matches(text, 0, text.length, ctx);
  }
}

function segLength(seg: readonly Item[]): number {
  let n = 0;
  for (let i = 0; i < seg.length; i++) n += text(seg[i] as Item).length;
  return n;
}

function matchAt(str: string, q: number, seg: readonly Item[]): boolean {
  for (let i = 0; i < seg.length; i++) {
    const item = seg[i] as Item;
    const s = text(item);
    const w = item.wild;
    if (w === null) {
      if (!str.startsWith(s, q)) return false;
    } else {
      for (let k = 0; k < s.length; k++) {
        if (w[k] === 0 && str.charCodeAt(q + k) !== s.charCodeAt(k)) return false;
      }
    }
    q += s.length;
  }
  return true;
}

/** Leftmost position in [from, last] where `seg` fits, or -1. */
function findAt(str: string, from: number, last: number, seg: readonly Item[]): number {
  const first = seg[0];
  if (seg.length === 1 && first && first.wild === null) {
    const i = str.indexOf(text(first), from);
    return i >= 0 && i <= last ? i : -1;
  }
  for (let q = from; q <= last; q++) if (matchAt(str, q, seg)) return q;
  return -1;
}

function matchSegments(
  str: string,
  start: number,
  end: number,
  segs: readonly (readonly Item[])[],
  hasStar: boolean,
): boolean {
  const head = segs[0] ?? [];
  const headLen = segLength(head);
  if (!hasStar) return end - start === headLen && matchAt(str, start, head);
  const tail = segs[segs.length - 1] ?? [];
  const tailLen = segLength(tail);
  if (end - start < headLen + tailLen) return false;
  if (!matchAt(str, start, head)) return false;
  const tailAt = end - tailLen;
  if (!matchAt(str, tailAt, tail)) return false;
  let pos = start + headLen;
  for (let i = 1; i < segs.length - 1; i++) {
    const seg = segs[i] ?? [];
    const len = segLength(seg);
    if (len === 0) continue;
    const q = findAt(str, pos, tailAt - len, seg);
    if (q < 0) return false;
    pos = q + len;
  }
  return true;
}
