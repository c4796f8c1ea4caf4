// Resource / NotResource matching (reference §6.5; UG reference_policies_elements_resource).
//
// Owns: compiling one Resource pattern and testing it against a request resource.
// Rules (README.md "Decisions" pins the undocumented ones):
//   - `*` matches every resource, including the `*` of wildcard-only actions;
//   - an ARN is six fields: partition…account are the first five colon-separated fields, the
//     resource id is everything after the fifth colon (it may itself contain `:` and `/`);
//   - the first five fields are matched field by field and case-insensitively; a wildcard there
//     stays inside its field;
//   - the resource id is matched case-sensitively and `*` spans `/` and `:` in it;
//   - a pattern with fewer than six fields whose last character is `*` lets that final `*`
//     swallow the remaining fields ("if the * wildcard is the last character of a resource ARN
//     segment, it can expand to match beyond the colon boundaries", e.g. `arn:aws:iam::*`);
//     any other short pattern matches nothing;
//   - policy variables only in the resource id ("after the fifth colon"); elsewhere `${…}` is text.
// Imports glob, variables, context.

import type { RequestContext } from './context.js';
import { Glob } from './glob.js';
import { tokenize } from './variables.js';

/**
 * A request resource. Splitting at colons and folding the head's case are done lazily: most
 * patterns have a plain-text head and are checked with two string comparisons that need
 * neither.
 */
export class PreparedResource {
  private offsets: number[] | undefined;
  private count = 0;
  private foldedText: string | undefined;

  constructor(readonly text: string) {}

  private split(): void {
    const text = this.text;
    const colons = [-1, -1, -1, -1, -1];
    let n = 0;
    let at = text.indexOf(':');
    while (at >= 0 && n < 5) {
      colons[n++] = at;
      if (n < 5) at = text.indexOf(':', at + 1);
    }
    const headEnd = n === 5 ? (colons[4] ?? 0) : text.length;
    const head = text.slice(0, headEnd);
    const lower = head.toLowerCase();
    this.foldedText = lower === head ? text : lower + text.slice(headEnd);
    this.offsets = colons;
    this.count = n;
  }

  /** Offsets of the first five colons; entries past colonCount are -1. */
  get colons(): readonly number[] {
    if (this.offsets === undefined) this.split();
    return this.offsets as number[];
  }

  get colonCount(): number {
    if (this.offsets === undefined) this.split();
    return this.count;
  }

  /** The text with its first five fields lower-cased (same length and offsets). */
  get folded(): string {
    if (this.offsets === undefined) this.split();
    return this.foldedText as string;
  }
}

export function prepareResource(text: string): PreparedResource {
  return new PreparedResource(text);
}

const enum Shape {
  All,
  Full,
  Short,
  Never,
}

function fieldStart(r: PreparedResource, i: number): number {
  return i === 0 ? 0 : (r.colons[i - 1] ?? 0) + 1;
}

function fieldEnd(r: PreparedResource, i: number): number {
  return i < r.colonCount ? (r.colons[i] ?? r.text.length) : r.text.length;
}

/** Offset of the third field (the service) in a head prefix, when the prefix reaches it. */
function serviceStart(prefix: string): number {
  const a = prefix.indexOf(':');
  const b = a < 0 ? -1 : prefix.indexOf(':', a + 1);
  return b >= 0 && b + 1 < prefix.length ? b + 1 : -1;
}

/** The leading plain-text fields (lower-cased, each with its colon): a cheap first comparison. */
function plainPrefix(fields: readonly string[]): string {
  let out = '';
  for (const f of fields) {
    if (f.includes('*') || f.includes('?')) break;
    out += f.toLowerCase() + ':';
  }
  return out;
}

/** Field indices with plain-text fields first, the service field leading them. */
function fieldOrder(fields: readonly string[]): number[] {
  const plain = (f: string): boolean => !f.includes('*') && !f.includes('?');
  const idx = fields.map((_, i) => i);
  const rank = (i: number): number => (plain(fields[i] ?? '') ? (i === 2 ? 0 : 1) : 2);
  return idx.sort((a, b) => rank(a) - rank(b) || a - b);
}

export class ResourcePattern {
  private constructor(
    readonly source: string,
    private readonly shape: Shape,
    /** Head fields (lower-cased), five for Full, k for Short. */
    private readonly head: readonly Glob[],
    /** Indices of the head fields, plain-text fields first (cheapest rejection first). */
    private readonly order: readonly number[],
    /** When all five head fields are plain text: the head with its trailing colon. */
    private readonly headLiteral: string | undefined,
    /** With headLiteral: the plain text the resource id starts with; `tail` matches what follows. */
    private readonly idLead: string,
    /** Without headLiteral: the plain-text head fields before the first wildcard, with colons. */
    private readonly headPrefix: string,
    /** Full: the resource id pattern (after idLead). Short: the final field's pattern. */
    private readonly tail: Glob | undefined,
  ) {
    this.probeAt = serviceStart(headPrefix);
  }

  /** Where in headPrefix the service field starts (a cheap first probe), or -1. */
  private readonly probeAt: number;

  static compile(pattern: string, variables: boolean): ResourcePattern {
    if (/^\*+$/.test(pattern))
      return new ResourcePattern(pattern, Shape.All, [], [], undefined, '', '', undefined);
    const fields: string[] = [];
    let rest = pattern;
    while (fields.length < 5) {
      const i = rest.indexOf(':');
      if (i < 0) break;
      fields.push(rest.slice(0, i));
      rest = rest.slice(i + 1);
    }
    if (fields.length === 5) {
      const head = fields.map((f) => Glob.of(f, true));
      const literal = fields.every((f) => !f.includes('*') && !f.includes('?'))
        ? fields.join(':').toLowerCase() + ':'
        : undefined;
      const tail = Glob.fromTokens(variables ? tokenize(rest) : [{ t: 'raw', text: rest }], rest);
      if (literal === undefined)
        return new ResourcePattern(
          pattern,
          Shape.Full,
          head,
          fieldOrder(fields),
          undefined,
          '',
          plainPrefix(fields),
          tail,
        );
      const idLead = /^[^*?$]*/.exec(rest)?.[0] ?? '';
      const after = rest.slice(idLead.length);
      const restGlob = Glob.fromTokens(variables ? tokenize(after) : [{ t: 'raw', text: after }], after);
      return new ResourcePattern(
        pattern,
        Shape.Full,
        head,
        fieldOrder(fields),
        literal,
        idLead,
        '',
        restGlob,
      );
    }
    if (!rest.endsWith('*'))
      return new ResourcePattern(pattern, Shape.Never, [], [], undefined, '', '', undefined);
    return new ResourcePattern(
      pattern,
      Shape.Short,
      fields.map((f) => Glob.of(f, true)),
      fieldOrder(fields),
      undefined,
      '',
      plainPrefix(fields),
      Glob.of(rest),
    );
  }

  matches(r: PreparedResource, ctx: RequestContext): boolean {
    switch (this.shape) {
      case Shape.All:
        return true;
      case Shape.Never:
        return false;
      case Shape.Full: {
        const head = this.headLiteral;
        if (head !== undefined) {
          // Plain-text head: compare the id's lead first (it is where resources differ), then
          // the head, folding the request's case only if the raw comparison fails.
          const t = r.text;
          const lead = this.idLead;
          const at = head.length;
          // Probe the lead's first and last characters before comparing it whole: charCodeAt is
          // inlined by the JIT, startsWith is a call, and most patterns differ right there.
          if (lead.length > 0) {
            const last = lead.length - 1;
            if (t.charCodeAt(at) !== lead.charCodeAt(0) || t.charCodeAt(at + last) !== lead.charCodeAt(last))
              return false;
          }
          if (!t.startsWith(lead, at)) return false;
          if (!t.startsWith(head) && (r.folded === t || !r.folded.startsWith(head))) return false;
          return this.tail?.matches(t, head.length + this.idLead.length, t.length, ctx) ?? false;
        }
        const pre = this.headPrefix;
        if (pre !== '') {
          const t = r.text;
          const k = this.probeAt;
          if (k >= 0) {
            // The service's first letter (ASCII-folded): rejects other services without a call.
            const c = t.charCodeAt(k);
            const pc = pre.charCodeAt(k);
            if (c !== pc && (c | 0x20) !== pc) return false;
          }
          if (!t.startsWith(pre) && (r.folded === t || !r.folded.startsWith(pre))) return false;
        }
        if (r.colonCount < 5) return false;
        const idStart = (r.colons[4] ?? 0) + 1;
        for (const i of this.order) {
          if (!this.head[i]?.matches(r.folded, fieldStart(r, i), fieldEnd(r, i), ctx)) return false;
        }
        return this.tail?.matches(r.text, idStart, r.text.length, ctx) ?? false;
      }
      case Shape.Short: {
        const k = this.head.length;
        if (r.colonCount < k) return false;
        for (const i of this.order) {
          if (!this.head[i]?.matches(r.folded, fieldStart(r, i), fieldEnd(r, i), ctx)) return false;
        }
        return this.tail?.matches(r.text, fieldStart(r, k), r.text.length, ctx) ?? false;
      }
    }
  }
}

/** A statement's Resource or NotResource element. */
export class ResourceMatcher {
  constructor(
    readonly patterns: readonly ResourcePattern[],
    readonly negated: boolean,
  ) {}

  static compile(patterns: readonly string[], negated: boolean, variables: boolean): ResourceMatcher {
    return new ResourceMatcher(
      patterns.map((p) => ResourcePattern.compile(p, variables)),
      negated,
    );
  }

  /** Does the statement's resource element cover this resource? */
  covers(r: PreparedResource, ctx: RequestContext): boolean {
    const list = this.patterns;
    for (let i = 0; i < list.length; i++) {
      if ((list[i] as ResourcePattern).matches(r, ctx)) return !this.negated;
    }
    return this.negated;
  }
}
