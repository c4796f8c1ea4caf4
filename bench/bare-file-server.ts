// A baseline for S3 throughput: a bare node:http server that streams a file on GET and writes the
// body of a PUT to a new file and fdatasyncs it — what any Node.js object store does at the least,
// with no parsing, signing, hashing or store. Run as a child process, like latchkey.
import { createReadStream } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';

const file = process.env.BARE_FILE!;
const dir = process.env.BARE_DIR!;
let n = 0;
const server = createServer(async (req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-length': String(Number(process.env.BARE_SIZE)) });
    createReadStream(file, { highWaterMark: 1 << 20 }).pipe(res);
    return;
  }
  const path = join(dir, `bare-put-${n++}`);
  const fh = await open(path, 'wx');
  for await (const chunk of req) await fh.write(chunk as Buffer);
  await fh.datasync();
  await fh.close();
  await unlink(path);
  res.writeHead(200, { 'content-length': '0' }).end();
});
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.stderr.write(`listening on http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
