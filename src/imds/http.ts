// A small HTTP/1.1 server for the metadata endpoints, on `node:net`. IMDS requests are tiny GETs and
// PUTs; node:http's general machinery costs more than the work (measured: it answers pipelined
// requests at a quarter of this server's rate, docs/benchmarks.md). What this server does:
// - one listener; each connection belongs to the endpoint address it arrived on (`socket.localAddress`),
//   never to anything the client sends — the caller resolves that address to an instance;
// - strict request parsing: request line, headers up to 8 KB, bodies (Content-Length or chunked, as
//   Node's http client sends with PUT) read and discarded up to 64 KB; anything else is 400 and close;
// - keep-alive (HTTP/1.1 by default, HTTP/1.0 on request) and pipelining, answers in request order;
// - idle connections close after a while; a connection the handler refuses is destroyed unanswered.
// Owns no IMDS semantics: ./service.ts answers the requests.
import { createServer, type Server, type Socket } from 'node:net';

export interface ImdsRequest {
  readonly method: string;
  /** The request target as sent (path and query). */
  readonly target: string;
  /** `1.0` or `1.1`. */
  readonly version: string;
  /** Lower-case names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface ImdsResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
  /** Close the connection after this response. */
  readonly close?: boolean;
}

/** undefined: no endpoint answers here — the connection is dropped without a response. */
export type ImdsHandler = (
  localAddress: string,
  req: ImdsRequest,
) => ImdsResponse | undefined | Promise<ImdsResponse | undefined>;

const MAX_HEAD = 8 * 1024;
const MAX_BODY = 64 * 1024;
/** Unparsed bytes held while a response is awaited before the socket is paused. */
const MAX_BUFFERED = 256 * 1024;
const CRLFCRLF = Buffer.from('\r\n\r\n');

const REASONS: Readonly<Record<number, string>> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  411: 'Length Required',
  413: 'Payload Too Large',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface ImdsHttpOptions {
  readonly handler: ImdsHandler;
  /** Close connections idle this long (ms); EC2 itself closes after every answer. */
  readonly idleMs?: number;
  /** For responses the handler could not produce (an exception): logged, never sent. */
  readonly onError?: (err: unknown) => void;
  /** The `Date` header value (cached by second by the caller). */
  readonly date: () => string;
}

type Parsed =
  | { kind: 'request'; req: ImdsRequest; consumed: number }
  | { kind: 'incomplete' }
  | { kind: 'bad'; status: number };

/** Parses one request from the front of `buf`. */
export function parseRequest(buf: Buffer): Parsed {
  const end = buf.indexOf(CRLFCRLF);
  if (end === -1) return buf.length > MAX_HEAD ? { kind: 'bad', status: 431 } : { kind: 'incomplete' };
  if (end > MAX_HEAD) return { kind: 'bad', status: 431 };
  const head = buf.toString('latin1', 0, end);
  const lines = head.split('\r\n');
  const m = /^([A-Z]{1,16}) (\S{1,4096}) HTTP\/1\.([01])$/.exec(lines[0]!);
  if (!m) return { kind: 'bad', status: 400 };
  const headers: Record<string, string> = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    // No obsolete line folding, no spaces before the colon (RFC 9112 §5.1: reject both).
    if (
      colon <= 0 ||
      line.charCodeAt(0) === 32 ||
      line.charCodeAt(0) === 9 ||
      /[\s]/.test(line.slice(0, colon))
    ) {
      return { kind: 'bad', status: 400 };
    }
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  let at = end + 4;
  const te = headers['transfer-encoding'];
  const cl = headers['content-length'];
  if (te !== undefined) {
    if (cl !== undefined || te.toLowerCase() !== 'chunked') return { kind: 'bad', status: 400 };
    const done = skipChunked(buf, at);
    if (done === 'incomplete') return { kind: 'incomplete' };
    if (done === 'bad') return { kind: 'bad', status: 400 };
    at = done;
  } else if (cl !== undefined) {
    if (!/^\d{1,9}$/.test(cl)) return { kind: 'bad', status: 400 };
    const n = Number(cl);
    if (n > MAX_BODY) return { kind: 'bad', status: 413 };
    if (buf.length < at + n) return { kind: 'incomplete' };
    at += n;
  }
  return {
    kind: 'request',
    req: { method: m[1]!, target: m[2]!, version: `1.${m[3]}`, headers },
    consumed: at,
  };
}

/** The offset after a chunked body starting at `from`, skipping its content (trailers allowed). */
function skipChunked(buf: Buffer, from: number): number | 'incomplete' | 'bad' {
  let at = from;
  let total = 0;
  for (;;) {
    const eol = buf.indexOf('\r\n', at, 'latin1');
    if (eol === -1) return buf.length - at > 64 ? 'bad' : 'incomplete';
    const sizeText = buf.toString('latin1', at, eol).split(';')[0]!.trim();
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) return 'bad';
    const size = parseInt(sizeText, 16);
    total += size;
    if (total > MAX_BODY) return 'bad';
    at = eol + 2;
    if (size === 0) {
      // Trailers, then an empty line.
      for (;;) {
        const t = buf.indexOf('\r\n', at, 'latin1');
        if (t === -1) return 'incomplete';
        if (t === at) return t + 2;
        if (t - at > MAX_HEAD) return 'bad';
        at = t + 2;
      }
    }
    if (buf.length < at + size + 2) return 'incomplete';
    if (buf[at + size] !== 13 || buf[at + size + 1] !== 10) return 'bad';
    at += size + 2;
  }
}

/** The bytes of a response (HEAD: headers only, with the length a GET would have). */
export function serialize(
  res: ImdsResponse,
  head: boolean,
  keepAlive: boolean,
  date: string,
): (string | Buffer)[] {
  const len = typeof res.body === 'string' ? Buffer.byteLength(res.body) : res.body.length;
  let text = `HTTP/1.1 ${res.status} ${REASONS[res.status] ?? 'Unknown'}\r\n`;
  for (const k in res.headers) text += `${k}: ${res.headers[k]}\r\n`;
  text += `Date: ${date}\r\nContent-Length: ${len}\r\n`;
  if (!keepAlive) text += 'Connection: close\r\n';
  text += '\r\n';
  if (head || len === 0) return [text];
  if (typeof res.body === 'string') return [text + res.body];
  return [text, res.body];
}

class Connection {
  #buf: Buffer = Buffer.alloc(0);
  #busy = false;
  #closing = false;
  readonly #local: string;

  constructor(
    private readonly socket: Socket,
    private readonly opts: ImdsHttpOptions,
  ) {
    const a = socket.localAddress ?? '';
    this.#local = a.startsWith('::ffff:') ? a.slice(7) : a;
    socket.setNoDelay(true);
    socket.setTimeout(opts.idleMs ?? 5_000, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', () => socket.destroy());
  }

  #onData(chunk: Buffer): void {
    this.#buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk]);
    if (this.#busy) {
      if (this.#buf.length > MAX_BUFFERED) this.socket.pause();
      return;
    }
    this.#drain();
  }

  #drain(): void {
    const out: (string | Buffer)[] = [];
    while (!this.#closing && !this.#busy) {
      const parsed = parseRequest(this.#buf);
      if (parsed.kind === 'incomplete') break;
      if (parsed.kind === 'bad') {
        out.push(
          ...serialize(
            { status: parsed.status, headers: { 'Content-Type': 'text/plain', Server: 'EC2ws' }, body: '' },
            false,
            false,
            this.opts.date(),
          ),
        );
        this.#closing = true;
        break;
      }
      this.#buf = this.#buf.subarray(parsed.consumed);
      const req = parsed.req;
      let result: ImdsResponse | undefined | Promise<ImdsResponse | undefined>;
      try {
        result = this.opts.handler(this.#local, req);
      } catch (err) {
        this.opts.onError?.(err);
        result = {
          status: 500,
          headers: { 'Content-Type': 'text/plain', Server: 'EC2ws' },
          body: '',
          close: true,
        };
      }
      if (result instanceof Promise) {
        this.#busy = true;
        this.#flush(out);
        out.length = 0;
        result.then(
          (r) => this.#answered(req, r),
          (err: unknown) => {
            this.opts.onError?.(err);
            this.#answered(req, {
              status: 500,
              headers: { 'Content-Type': 'text/plain', Server: 'EC2ws' },
              body: '',
              close: true,
            });
          },
        );
        return;
      }
      if (!this.#push(out, req, result)) break;
    }
    this.#flush(out);
  }

  /** Appends the response; false when the connection ends with it. */
  #push(out: (string | Buffer)[], req: ImdsRequest, res: ImdsResponse | undefined): boolean {
    if (res === undefined) {
      this.#closing = true;
      this.socket.destroy();
      return false;
    }
    const connection = (req.headers.connection ?? '').toLowerCase();
    const keepAlive =
      !res.close &&
      (req.version === '1.1' ? !connection.includes('close') : connection.includes('keep-alive'));
    out.push(...serialize(res, req.method === 'HEAD', keepAlive, this.opts.date()));
    if (!keepAlive) this.#closing = true;
    return keepAlive;
  }

  #answered(req: ImdsRequest, res: ImdsResponse | undefined): void {
    this.#busy = false;
    if (this.socket.destroyed) return;
    const out: (string | Buffer)[] = [];
    const more = this.#push(out, req, res);
    // This response goes out before any that follow it on the connection.
    this.#flush(out);
    if (more) {
      this.socket.resume();
      this.#drain();
    }
  }

  #flush(out: (string | Buffer)[]): void {
    if (out.length > 0 && !this.socket.destroyed) {
      // One write per batch: a joined string costs far less than corked writes of each piece.
      if (out.every((o) => typeof o === 'string'))
        this.socket.write(out.length === 1 ? (out[0] as string) : out.join(''));
      else
        this.socket.write(
          Buffer.concat(out.map((o) => (typeof o === 'string' ? Buffer.from(o, 'utf8') : o))),
        );
    }
    if (this.#closing && !this.socket.destroyed) this.socket.end();
  }
}

export interface ImdsHttpServer {
  readonly server: Server;
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

export function createImdsHttpServer(opts: ImdsHttpOptions): ImdsHttpServer {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    new Connection(socket, opts);
  });
  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port, host, backlog: 4096 }, () => {
          server.off('error', reject);
          const a = server.address();
          resolve(typeof a === 'object' && a ? a.port : port);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        if (!server.listening) return resolve();
        server.close(() => resolve());
      }),
  };
}
