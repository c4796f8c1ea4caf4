// Bool and BinaryEquals condition operators (reference §6.6 Bool and BinaryEquals rows).
//
// Owns:
//   - Bool: `true`/`false`, case-insensitive on both sides; JSON booleans arrive as strings.
//     Policy variables are allowed ("You can use a policy variable with the Boolean condition
//     operator" [UG]). Any other text simply never equals.
//   - BinaryEquals: base64 values compared byte for byte (so `QQ==` equals `QQ`); a value that
//     is not base64 is an ERROR. No variables.
// Imports the operator interface and variables.

import type { ContextEntry, RequestContext } from '../context.js';
import { valueParser } from '../context.js';
import type { TemplateToken } from '../variables.js';
import { hasVariables, resolveTemplate } from '../variables.js';
import type { ConditionOperator, Tri } from './operator.js';
import { ERROR, FALSE, TRUE } from './operator.js';

interface BoolValue {
  readonly literal: string | undefined;
  readonly tokens: readonly TemplateToken[] | undefined;
}

const LOWER = valueParser((v) => v.toLowerCase());

export const Bool: ConditionOperator<BoolValue> = {
  name: 'Bool',
  negated: false,
  variables: true,
  compile(value, tokens) {
    if (tokens && hasVariables(tokens)) return { literal: undefined, tokens };
    return { literal: value.toLowerCase(), tokens: undefined };
  },
  test(entry: ContextEntry, i: number, value: BoolValue, ctx: RequestContext): Tri {
    const want = value.literal ?? resolveTemplate(value.tokens ?? [], ctx)?.toLowerCase();
    return want !== undefined && entry.parsedAs(LOWER)[i] === want ? TRUE : FALSE;
  },
};

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes base64 into a byte string (one char per byte), or undefined when malformed. */
export function decodeBase64(text: string): string | undefined {
  if (!B64.test(text)) return undefined;
  const body = text.replace(/=+$/, '');
  if (body.length % 4 === 1) return undefined;
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const ch of body) {
    acc = (acc << 6) | ALPHABET.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 0xff);
    }
  }
  return out;
}

const BYTES = valueParser(decodeBase64);

export const BinaryEquals: ConditionOperator<string> = {
  name: 'BinaryEquals',
  negated: false,
  variables: false,
  compile: (value) => decodeBase64(value),
  test(entry: ContextEntry, i: number, value: string, _ctx: RequestContext): Tri {
    const v = entry.parsedAs(BYTES)[i];
    if (v === undefined) return ERROR;
    return v === value ? TRUE : FALSE;
  },
};

export const BOOL_BINARY_OPERATORS: readonly ConditionOperator[] = [
  Bool,
  BinaryEquals,
] as readonly ConditionOperator[];
