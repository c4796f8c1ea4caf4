// Strict JSON reader for policy documents (reference §8.1 check 1, §3.10 statement positions).
//
// Owns: turning policy text into JSON values while keeping what JSON.parse throws away:
//   - the byte span of every object, so SimulatePrincipalPolicy can report a statement's
//     StartPosition/EndPosition;
//   - duplicate keys (JSON.parse silently keeps the last one; a policy that says "Effect"
//     twice is ambiguous, so the grammar rejects it);
//   - the lexeme of numbers, so a condition value written `5.0` is compared as "5.0".
// Imports nothing. Never throws anything but JsonSyntaxError.

/** A JSON number, kept as written. */
export class JsonNumber {
  constructor(readonly raw: string) {}
}

/** A JSON object: entries in document order plus its span in the source text. */
export interface JsonObject {
  readonly kind: 'object';
  readonly entries: ReadonlyMap<string, JsonValue>;
  /** Offset of the opening brace. */
  readonly start: number;
  /** Offset just past the closing brace. */
  readonly end: number;
  /** True when a key appeared more than once (the map keeps the first). */
  readonly duplicateKey: boolean;
}

export type JsonValue = string | boolean | null | JsonNumber | readonly JsonValue[] | JsonObject;

export class JsonSyntaxError extends Error {
  constructor(readonly offset: number) {
    super(`invalid JSON at offset ${offset}`);
    this.name = 'JsonSyntaxError';
  }
}

/** Nesting deeper than this is not a policy; refusing it keeps the reader's stack bounded. */
const MAX_DEPTH = 64;

export function isJsonObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof JsonNumber);
}

export function isJsonArray(v: JsonValue | undefined): v is readonly JsonValue[] {
  return Array.isArray(v);
}

/** Parses `text` as one JSON value (RFC 8259, no extensions). */
export function readJson(text: string): JsonValue {
  const r = new Reader(text);
  r.skipWs();
  const v = r.value(0);
  r.skipWs();
  if (r.pos !== text.length) r.fail();
  return v;
}

/** Converts an offset into a 1-based line and column. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

class Reader {
  pos = 0;
  constructor(private readonly s: string) {}

  fail(): never {
    throw new JsonSyntaxError(this.pos);
  }

  skipWs(): void {
    const s = this.s;
    let p = this.pos;
    while (p < s.length) {
      const c = s.charCodeAt(p);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
      else break;
    }
    this.pos = p;
  }

  value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail();
    const c = this.s.charCodeAt(this.pos);
    switch (c) {
      case 0x7b: // {
        return this.object(depth);
      case 0x5b: // [
        return this.array(depth);
      case 0x22: // "
        return this.string();
      case 0x74: // t
        return this.literal('true', true);
      case 0x66: // f
        return this.literal('false', false);
      case 0x6e: // n
        return this.literal('null', null);
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
        return this.fail();
    }
  }

  private literal<T>(word: string, v: T): T {
    if (!this.s.startsWith(word, this.pos)) this.fail();
    this.pos += word.length;
    return v;
  }

  private object(depth: number): JsonObject {
    const start = this.pos;
    this.pos++; // {
    const entries = new Map<string, JsonValue>();
    let duplicateKey = false;
    this.skipWs();
    if (this.s.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return { kind: 'object', entries, start, end: this.pos, duplicateKey };
    }
    for (;;) {
      this.skipWs();
      if (this.s.charCodeAt(this.pos) !== 0x22) this.fail();
      const key = this.string();
      this.skipWs();
      if (this.s.charCodeAt(this.pos) !== 0x3a) this.fail(); // :
      this.pos++;
      this.skipWs();
      const v = this.value(depth + 1);
      if (entries.has(key)) duplicateKey = true;
      else entries.set(key, v);
      this.skipWs();
      const c = this.s.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        continue;
      }
      if (c === 0x7d) {
        this.pos++;
        return { kind: 'object', entries, start, end: this.pos, duplicateKey };
      }
      this.fail();
    }
  }

  private array(depth: number): JsonValue[] {
    this.pos++; // [
    const out: JsonValue[] = [];
    this.skipWs();
    if (this.s.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWs();
      out.push(this.value(depth + 1));
      this.skipWs();
      const c = this.s.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        continue;
      }
      if (c === 0x5d) {
        this.pos++;
        return out;
      }
      this.fail();
    }
  }

  private string(): string {
    const s = this.s;
    let p = this.pos + 1;
    let out = '';
    let chunk = p;
    for (;;) {
      if (p >= s.length) {
        this.pos = p;
        this.fail();
      }
      const c = s.charCodeAt(p);
      if (c === 0x22) {
        out += s.slice(chunk, p);
        this.pos = p + 1;
        return out;
      }
      if (c < 0x20) {
        this.pos = p;
        this.fail();
      }
      if (c !== 0x5c) {
        p++;
        continue;
      }
      out += s.slice(chunk, p);
      const e = s.charCodeAt(p + 1);
      switch (e) {
        case 0x22:
          out += '"';
          break;
        case 0x5c:
          out += '\\';
          break;
        case 0x2f:
          out += '/';
          break;
        case 0x62:
          out += '\b';
          break;
        case 0x66:
          out += '\f';
          break;
        case 0x6e:
          out += '\n';
          break;
        case 0x72:
          out += '\r';
          break;
        case 0x74:
          out += '\t';
          break;
        case 0x75: {
          const hex = s.slice(p + 2, p + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            this.pos = p;
            this.fail();
          }
          out += String.fromCharCode(parseInt(hex, 16));
          p += 4;
          break;
        }
        default:
          this.pos = p;
          this.fail();
      }
      p += 2;
      chunk = p;
    }
  }

  private number(): JsonNumber {
    const s = this.s;
    const start = this.pos;
    let p = start;
    if (s.charCodeAt(p) === 0x2d) p++;
    const digitsAt = (q: number): number => {
      let n = q;
      while (n < s.length && s.charCodeAt(n) >= 0x30 && s.charCodeAt(n) <= 0x39) n++;
      return n;
    };
    if (s.charCodeAt(p) === 0x30) p++;
    else {
      const q = digitsAt(p);
      if (q === p) {
        this.pos = p;
        this.fail();
      }
      p = q;
    }
    if (s.charCodeAt(p) === 0x2e) {
      const q = digitsAt(p + 1);
      if (q === p + 1) {
        this.pos = p;
        this.fail();
      }
      p = q;
    }
    const e = s.charCodeAt(p);
    if (e === 0x65 || e === 0x45) {
      p++;
      const sign = s.charCodeAt(p);
      if (sign === 0x2b || sign === 0x2d) p++;
      const q = digitsAt(p);
      if (q === p) {
        this.pos = p;
        this.fail();
      }
      p = q;
    }
    this.pos = p;
    return new JsonNumber(s.slice(start, p));
  }
}
