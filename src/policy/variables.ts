// Policy variables (reference §6.8; UG reference_policies_variables).
//
// Owns: splitting a policy string into raw text, escaped characters and `${key}` references,
// and resolving references against a request context. Rules:
//   - `${aws:username}`: replaced by the single-valued context value (key name case-insensitive);
//   - `${aws:PrincipalTag/team, 'company-wide'}`: the default when the key is absent;
//   - `${*}`, `${?}`, `${$}`: a literal `*`, `?`, `$` (never a wildcard);
//   - a substituted value is literal: its own `*` and `?` never act as wildcards;
//   - a reference to an absent (or multi-valued) key without a default is unresolved: the
//     policy value it sits in matches nothing (so positive operators fail, negated ones pass);
//   - only under Version 2012-10-17; otherwise callers do not call this and `${…}` is literal text.
// Imports only context (for the resolver type).

import type { RequestContext } from './context.js';

/** Raw policy text: wildcards in it, if any, are wildcards. */
export interface RawToken {
  readonly t: 'raw';
  readonly text: string;
}
/** A character from `${*}`, `${?}` or `${$}`: always literal. */
export interface LiteralToken {
  readonly t: 'lit';
  readonly text: string;
}
export interface VarToken {
  readonly t: 'var';
  /** The key as written, for explanations. */
  readonly key: string;
  /** Lower-cased key, for lookup. */
  readonly keyLower: string;
  readonly defaultValue: string | undefined;
}
export type TemplateToken = RawToken | LiteralToken | VarToken;

const VARIABLE = /\$\{([^}]*)\}/g;
const WITH_DEFAULT = /^\s*([^,\s][^,]*?)\s*,\s*'([^']*)'\s*$/;

/** Splits `text` into tokens. Without a `${`, the result is one raw token. */
export function tokenize(text: string): TemplateToken[] {
  if (!text.includes('${')) return [{ t: 'raw', text }];
  const out: TemplateToken[] = [];
  let last = 0;
  for (const m of text.matchAll(VARIABLE)) {
    const at = m.index;
    const body = m[1] ?? '';
    if (at > last) out.push({ t: 'raw', text: text.slice(last, at) });
    last = at + m[0].length;
    if (body === '*' || body === '?' || body === '$') {
      out.push({ t: 'lit', text: body });
      continue;
    }
    const d = WITH_DEFAULT.exec(body);
    const key = (d ? d[1] : body)?.trim() ?? '';
    if (key === '') {
      // `${}` is not a variable; keep it as text.
      out.push({ t: 'raw', text: m[0] });
      continue;
    }
    out.push({ t: 'var', key, keyLower: key.toLowerCase(), defaultValue: d ? d[2] : undefined });
  }
  if (last < text.length) out.push({ t: 'raw', text: text.slice(last) });
  return out;
}

export function hasVariables(tokens: readonly TemplateToken[]): boolean {
  return tokens.some((t) => t.t === 'var');
}

/** The value a reference stands for in this request, or undefined when unresolved. */
export function resolveVar(v: VarToken, ctx: RequestContext): string | undefined {
  const e = ctx.getLower(v.keyLower);
  if (e !== undefined && !e.multi) return e.values[0];
  return v.defaultValue;
}

/** Resolves a whole template to a string (undefined when any reference is unresolved). */
export function resolveTemplate(tokens: readonly TemplateToken[], ctx: RequestContext): string | undefined {
  let out = '';
  for (const t of tokens) {
    if (t.t === 'var') {
      const v = resolveVar(t, ctx);
      if (v === undefined) return undefined;
      out += v;
    } else out += t.text;
  }
  return out;
}

/** The keys a template refers to (as written). */
export function variableKeys(tokens: readonly TemplateToken[]): string[] {
  const out: string[] = [];
  for (const t of tokens) if (t.t === 'var') out.push(t.key);
  return out;
}
