// The metadata HTTP server: strict parsing (request line, headers, Content-Length and chunked bodies),
// pipelining in order, keep-alive rules, and refusals that close the connection instead of hanging.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImdsHttpServer, parseRequest, type ImdsHttpServer } from './http.js';

const req = (text: string) => parseRequest(Buffer.from(text, 'latin1'));

describe('parseRequest', () => {
  it('reads the request line and headers (names lower-cased, values trimmed, repeats joined)', () => {
    const r = req(
      'GET /latest/meta-data/ HTTP/1.1\r\nHost: x\r\nX-Aws-Ec2-Metadata-Token:  abc \r\nA: 1\r\na: 2\r\n\r\n',
    );
    expect(r).toMatchObject({
      kind: 'request',
      req: {
        method: 'GET',
        target: '/latest/meta-data/',
        version: '1.1',
        headers: { host: 'x', 'x-aws-ec2-metadata-token': 'abc', a: '1, 2' },
      },
    });
  });

  it('waits for a whole head and body, and skips bodies of either framing', () => {
    expect(req('GET / HTTP/1.1\r\nHost: x\r\n')).toEqual({ kind: 'incomplete' });
    expect(req('PUT /latest/api/token HTTP/1.1\r\nContent-Length: 5\r\n\r\nab')).toEqual({
      kind: 'incomplete',
    });
    const cl = req('PUT /latest/api/token HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcdeGET');
    expect(cl.kind === 'request' && cl.consumed).toBe(
      'PUT /latest/api/token HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcde'.length,
    );
    // Node's http client sends PUT without a body as chunked.
    const chunked =
      'PUT /latest/api/token HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n';
    const c = req(chunked + 'GET');
    expect(c.kind === 'request' && c.consumed).toBe(chunked.length);
    expect(req('PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab')).toEqual({
      kind: 'incomplete',
    });
  });

  it('refuses what it cannot read safely', () => {
    expect(req('GET / HTTP/2.0\r\n\r\n')).toEqual({ kind: 'bad', status: 400 });
    expect(req('get / HTTP/1.1\r\n\r\n')).toEqual({ kind: 'bad', status: 400 });
    expect(req('GET / HTTP/1.1\r\nBad Header: x\r\n\r\n')).toEqual({ kind: 'bad', status: 400 });
    expect(req('GET / HTTP/1.1\r\nX: a\r\n folded\r\n\r\n')).toEqual({ kind: 'bad', status: 400 });
    expect(req('PUT / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n')).toEqual({
      kind: 'bad',
      status: 400,
    });
    expect(req('PUT / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n')).toEqual({ kind: 'bad', status: 400 });
    expect(req('PUT / HTTP/1.1\r\nContent-Length: -1\r\n\r\n')).toEqual({ kind: 'bad', status: 400 });
    expect(req('PUT / HTTP/1.1\r\nContent-Length: 999999\r\n\r\n')).toEqual({ kind: 'bad', status: 413 });
    expect(req('GET / HTTP/1.1\r\nX: ' + 'a'.repeat(9000))).toEqual({ kind: 'bad', status: 431 });
    expect(req('PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n')).toEqual({
      kind: 'bad',
      status: 400,
    });
  });
});

describe('the server', () => {
  let server: ImdsHttpServer;
  let port: number;
  const seen: string[] = [];
  beforeAll(async () => {
    server = createImdsHttpServer({
      date: () => 'Tue, 01 Dec 2026 00:00:00 GMT',
      handler: (local, r) => {
        seen.push(local);
        if (r.target === '/drop') return undefined;
        if (r.target === '/slow')
          return new Promise((resolve) =>
            setTimeout(() => resolve({ status: 200, headers: {}, body: 'slow' }), 20),
          );
        if (r.target === '/boom') throw new Error('boom');
        return { status: 200, headers: { 'Content-Type': 'text/plain' }, body: `${r.method} ${r.target}` };
      },
    });
    port = await server.listen(0, '127.0.0.1');
  });
  afterAll(() => server.close());

  /** Sends raw bytes, collects everything until the server closes (or 500 ms pass). */
  const exchange = (bytes: string): Promise<string> =>
    new Promise((resolve) => {
      const s = connect(port, '127.0.0.1', () => s.write(bytes));
      let out = '';
      s.on('data', (d) => (out += d.toString()));
      const done = () => resolve(out);
      s.on('close', done);
      setTimeout(() => {
        s.destroy();
        done();
      }, 500);
    });

  it('answers pipelined requests in order, a slow one included, and keeps the connection', async () => {
    const out = await exchange('GET /a HTTP/1.1\r\n\r\nGET /slow HTTP/1.1\r\n\r\nHEAD /c HTTP/1.1\r\n\r\n');
    const bodies = out.split('HTTP/1.1 200 OK').slice(1);
    expect(bodies).toHaveLength(3);
    expect(bodies[0]).toContain('Content-Length: 6\r\n\r\nGET /a');
    expect(bodies[1]).toMatch(/slow$/);
    // HEAD: the length a GET would have, no body.
    expect(bodies[2]).toMatch(/Content-Length: 7\r\n\r\n$/);
    expect(seen[0]).toBe('127.0.0.1');
  });

  it('closes after HTTP/1.0 and Connection: close, drops refused connections, and answers 400/500 then closes', async () => {
    expect(await exchange('GET /a HTTP/1.0\r\n\r\nGET /b HTTP/1.0\r\n\r\n')).toMatch(
      /^HTTP\/1\.1 200 OK[^]*Connection: close\r\n\r\nGET \/a$/,
    );
    expect(
      await exchange('GET /a HTTP/1.1\r\nConnection: close\r\n\r\nGET /b HTTP/1.1\r\n\r\n'),
    ).not.toContain('/b');
    expect(await exchange('GET /drop HTTP/1.1\r\n\r\n')).toBe('');
    expect(await exchange('NOT HTTP\r\n\r\n')).toMatch(
      /^HTTP\/1\.1 400 Bad Request\r\n[^]*Connection: close/,
    );
    expect(await exchange('GET /boom HTTP/1.1\r\n\r\n')).toMatch(/^HTTP\/1\.1 500 Internal Server Error/);
  });
});
