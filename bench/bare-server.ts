// The baseline: a bare node:http server answering every request with the same bytes latchkey answers
// GetCallerIdentity with. Run as a child process by the benchmarks, so it gets a core of its own, as
// latchkey does.
import { createServer } from 'node:http';

const body = process.env.BARE_BODY ?? 'ok';
const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, {
      'content-type': 'text/xml',
      'x-amzn-requestid': crypto.randomUUID(),
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.stderr.write(`listening on http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
