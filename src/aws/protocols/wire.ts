// The HTTP request and response as the protocols see them: plain data, independent of node:http,
// so codecs and the SigV4 verifier are tested without a server.

import type { Readable } from 'node:stream';

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer | Readable;
}

export class WireRequest {
  readonly method: string;
  /** The request target as received: path and query. */
  readonly target: string;
  /** The path exactly as received, still percent-encoded, without the query. */
  readonly path: string;
  /** The query string exactly as received, without the `?`. */
  readonly rawQuery: string;
  #headers: Record<string, string> | undefined;
  /** Every value of each header in arrival order (SigV4 trims each one before joining). */
  readonly headerValues: Readonly<Record<string, readonly string[]>>;
  /** The whole body for RPC protocols; empty for requests whose body is streamed (S3). */
  readonly body: Buffer;
  /**
   * The body as it arrives, for operations that stream their input (S3 PutObject, UploadPart): already
   * checked against the signature as it is read (src/aws/sigv4/payload.ts). Undefined otherwise.
   */
  readonly stream: Readable | undefined;
  #query: URLSearchParams | undefined;
  #params: Map<string, string> | undefined;

  constructor(init: {
    method: string;
    target: string;
    headers: Record<string, readonly string[]>;
    body?: Buffer;
    stream?: Readable;
  }) {
    this.method = init.method.toUpperCase();
    const q = init.target.indexOf('?');
    this.path = q === -1 ? init.target : init.target.slice(0, q);
    this.rawQuery = q === -1 ? '' : init.target.slice(q + 1);
    this.target = init.target;
    this.headerValues = init.headers;
    this.body = init.body ?? Buffer.alloc(0);
    this.stream = init.stream;
  }

  /** The same request with its body read (the edge reads it only once it knows the protocol wants it). */
  withBody(body: Buffer): WireRequest {
    return new WireRequest({ method: this.method, target: this.target, headers: this.headerValues, body });
  }

  /** The same request with its body left to be read from `stream` by the handler. */
  withStream(stream: Readable): WireRequest {
    return new WireRequest({ method: this.method, target: this.target, headers: this.headerValues, stream });
  }

  /** The same request at another target (S3 virtual-host addressing rewritten to path style). */
  withTarget(target: string): WireRequest {
    return new WireRequest({
      method: this.method,
      target,
      headers: this.headerValues,
      body: this.body,
      ...(this.stream ? { stream: this.stream } : {}),
    });
  }

  /** Lower-case header names; repeated headers joined with `,`. */
  get headers(): Readonly<Record<string, string>> {
    if (!this.#headers) {
      const joined: Record<string, string> = {};
      for (const k in this.headerValues) {
        const v = this.headerValues[k]!;
        joined[k] = v.length === 1 ? v[0]! : v.join(',');
      }
      this.#headers = joined;
    }
    return this.#headers;
  }

  header(name: string): string | undefined {
    const v = this.headerValues[name];
    return v === undefined ? undefined : v.length === 1 ? v[0] : v.join(',');
  }

  /** The query string decoded (form rules: `+` is a space). */
  get query(): URLSearchParams {
    return (this.#query ??= new URLSearchParams(this.rawQuery));
  }

  get isFormEncoded(): boolean {
    return (this.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
  }

  /**
   * AWS Query parameters: the query string plus, for form-encoded bodies, the body. A parameter in the
   * body wins over one of the same name in the query string. The SigV4 presign parameters are left out.
   */
  get params(): ReadonlyMap<string, string> {
    if (!this.#params) {
      const params = new Map<string, string>();
      if (this.rawQuery !== '')
        for (const [k, v] of this.query) if (!k.startsWith('X-Amz-')) params.set(k, v);
      if (this.isFormEncoded && this.body.length > 0) parseForm(this.body.toString('utf8'), params);
      this.#params = params;
    }
    return this.#params;
  }
}

/** application/x-www-form-urlencoded, as URLSearchParams reads it (`+` is a space; bad escapes kept). */
function parseForm(text: string, into: Map<string, string>): void {
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('&', start);
    if (end === -1) end = text.length;
    if (end > start) {
      const pair = text.slice(start, end);
      const eq = pair.indexOf('=');
      const k = eq === -1 ? pair : pair.slice(0, eq);
      const v = eq === -1 ? '' : pair.slice(eq + 1);
      into.set(decodeFormPart(k), decodeFormPart(v));
    }
    start = end + 1;
  }
}

function decodeFormPart(s: string): string {
  const plus = s.includes('+') ? s.replace(/\+/g, ' ') : s;
  if (!plus.includes('%')) return plus;
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus.replace(/%[0-9A-Fa-f]{2}/g, (m) => {
      try {
        return decodeURIComponent(m);
      } catch {
        return m;
      }
    });
  }
}
