// Object bytes on disk, under `<dataDir>/objects/`:
//   tmp/<id>          a blob being received; never named by the store
//   data/<xx>/<id>    a durable blob (xx = the id's first two hex digits; the 256 folders exist from start)
// A blob is written to tmp/, flushed (fdatasync), renamed into data/ and the folder fsynced — only then
// may a store row name it (DESIGN.md: acknowledged data is never lost). A crash leaves at worst a file
// in tmp/ or an unnamed file in data/; `collect` removes both at the next start. Blobs are immutable:
// replacing an object writes a new blob and drops the old one after the store no longer names it.
// Readers lease the blobs they stream, so a blob dropped while being read is unlinked when the last
// reader finishes (an overwrite never cuts a download short).

import { randomBytes } from 'node:crypto';
import {
  close as closeCb,
  constants,
  createReadStream,
  mkdirSync,
  open as openCb,
  read as readCb,
} from 'node:fs';
import { access, copyFile, open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';

/** A blob: one file of an object's bytes, `[id, size]` as the store keeps it. */
export type Segment = readonly [id: string, size: number];

/** A received blob not yet in data/: commit it once its digests check out, discard it otherwise. */
export interface PendingBlob {
  readonly id: string;
  readonly size: number;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

const WRITE_BATCH = 1 << 20;
/** Blobs up to this size are kept in memory once read or written (they never change: no invalidation). */
const CACHE_ITEM = 64 * 1024;
const CACHE_BUDGET = 32 * 1024 * 1024;

/** Small blobs by id, least recently used first; bounded by total bytes. */
class SmallBlobCache {
  readonly #entries = new Map<string, Buffer>();
  #bytes = 0;

  get(id: string): Buffer | undefined {
    const b = this.#entries.get(id);
    if (b) {
      this.#entries.delete(id);
      this.#entries.set(id, b);
    }
    return b;
  }

  set(id: string, b: Buffer): void {
    if (b.length > CACHE_ITEM || this.#entries.has(id)) return;
    this.#entries.set(id, b);
    this.#bytes += b.length;
    for (const [old, ob] of this.#entries) {
      if (this.#bytes <= CACHE_BUDGET) break;
      this.#entries.delete(old);
      this.#bytes -= ob.length;
    }
  }

  delete(id: string): void {
    const b = this.#entries.get(id);
    if (!b) return;
    this.#entries.delete(id);
    this.#bytes -= b.length;
  }
}

export class BlobStore {
  readonly #leases = new Map<string, number>();
  readonly #doomed = new Set<string>();
  readonly #small = new SmallBlobCache();
  readonly #data: string;
  readonly #tmp: string;

  constructor(readonly root: string) {
    this.#data = join(root, 'data');
    this.#tmp = join(root, 'tmp');
  }

  /** Creates the folders (once, at start-up, so that no upload waits for a mkdir). */
  init(): void {
    mkdirSync(this.#tmp, { recursive: true, mode: 0o700 });
    for (let i = 0; i < 256; i++)
      mkdirSync(join(this.#data, i.toString(16).padStart(2, '0')), { recursive: true, mode: 0o700 });
  }

  path(id: string): string {
    return join(this.#data, id.slice(0, 2), id);
  }

  /**
   * Writes `source` to a new pending blob, showing each chunk to `observe` (digests) on the way.
   * `limit` bounds the size; past it `tooLarge()` is thrown. Writes are batched and overlapped with
   * reading: one batch is written while the next is received.
   */
  async receive(
    source: AsyncIterable<Buffer> | undefined,
    observe: (chunk: Buffer) => void,
    limit: number,
    tooLarge: (size: number) => Error,
  ): Promise<PendingBlob> {
    const id = randomBytes(16).toString('hex');
    const tmp = join(this.#tmp, id);
    const fh = await open(tmp, 'wx', 0o600);
    let size = 0;
    let small: Buffer | undefined;
    try {
      let batch: Buffer[] = [];
      let batchBytes = 0;
      let writing: Promise<unknown> | undefined;
      if (source) {
        for await (const chunk of source) {
          size += chunk.length;
          if (size > limit) throw tooLarge(size);
          observe(chunk);
          batch.push(chunk);
          batchBytes += chunk.length;
          if (batchBytes >= WRITE_BATCH) {
            if (writing) await writing;
            writing = writeAll(fh, batch);
            batch = [];
            batchBytes = 0;
          }
        }
      }
      if (writing) await writing;
      // A copy: request chunks are slices of larger socket buffers the cache must not keep alive.
      if (size <= CACHE_ITEM) small = Buffer.concat(batch, size);
      if (batch.length > 0) await writeAll(fh, batch);
      await fh.datasync();
    } catch (e) {
      await fh.close().catch(() => undefined);
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
    await fh.close();
    return this.#pending(id, size, small);
  }

  /** A new pending blob with a copy of `length` bytes from `offset` of an object's segments. */
  async copy(
    segments: readonly Segment[],
    offset: number,
    length: number,
    observe: (chunk: Buffer) => void,
  ): Promise<PendingBlob> {
    // A whole single-segment copy can share the file system's copy (a reflink where supported).
    if (segments.length === 1 && offset === 0 && length === segments[0]![1]) {
      const id = randomBytes(16).toString('hex');
      const tmp = join(this.#tmp, id);
      await copyFile(this.path(segments[0]![0]), tmp, constants.COPYFILE_FICLONE);
      try {
        const fh = await open(tmp, 'r+');
        try {
          for await (const chunk of fh.createReadStream({ highWaterMark: WRITE_BATCH, autoClose: false }))
            observe(chunk as Buffer);
          await fh.datasync();
        } finally {
          await fh.close();
        }
      } catch (e) {
        await unlink(tmp).catch(() => undefined);
        throw e;
      }
      return this.#pending(id, length);
    }
    return this.receive(
      this.read(segments, offset, length),
      observe,
      Number.MAX_SAFE_INTEGER,
      () => new Error('copy'),
    );
  }

  #pending(id: string, size: number, content?: Buffer): PendingBlob {
    const tmp = join(this.#tmp, id);
    return {
      id,
      size,
      commit: async () => {
        const dir = join(this.#data, id.slice(0, 2));
        await rename(tmp, join(dir, id));
        await syncDir(dir);
        if (content) this.#small.set(id, content);
      },
      discard: () => unlink(tmp).catch(() => undefined),
    };
  }

  /** Keeps the blobs from being unlinked until `release` (call it exactly once). */
  lease(segments: readonly Segment[]): () => void {
    for (const [id] of segments) this.#leases.set(id, (this.#leases.get(id) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const [id] of segments) {
        const n = (this.#leases.get(id) ?? 1) - 1;
        if (n > 0) {
          this.#leases.set(id, n);
          continue;
        }
        this.#leases.delete(id);
        if (this.#doomed.delete(id)) void unlink(this.path(id)).catch(() => undefined);
      }
    };
  }

  /** Drops blobs the store no longer names (after the transaction that stopped naming them). */
  remove(ids: Iterable<string>): void {
    for (const id of ids) {
      this.#small.delete(id);
      if (this.#leases.has(id)) this.#doomed.add(id);
      else void unlink(this.path(id)).catch(() => undefined);
    }
  }

  /** Rejects with ENOENT when the blob holding `offset` is gone (a reader that lost a race to a delete). */
  async exists(segments: readonly Segment[], offset: number): Promise<void> {
    const first = slices(segments, offset, 1)[0];
    if (first) await access(this.path(first.id));
  }

  /** `length` bytes from `offset` of the concatenated segments, read with one open/read/close each. */
  async readSmall(segments: readonly Segment[], offset: number, length: number): Promise<Buffer> {
    if (segments.length === 1 && segments[0]![1] <= CACHE_ITEM) {
      const [id, size] = segments[0]!;
      let whole = this.#small.get(id);
      if (!whole) {
        whole = Buffer.allocUnsafe(size);
        if ((await readRange(this.path(id), whole, 0, 0, size)) !== size)
          throw new Error('blob shorter than recorded');
        this.#small.set(id, whole);
      }
      return offset === 0 && length === size ? whole : whole.subarray(offset, offset + length);
    }
    const out = Buffer.allocUnsafe(length);
    let filled = 0;
    for (const { id, start, count } of slices(segments, offset, length)) {
      filled += await readRange(this.path(id), out, filled, start, count);
    }
    if (filled !== length) throw new Error(`blob shorter than recorded (${filled} of ${length} bytes)`);
    return out;
  }

  /** A stream of `length` bytes from `offset` of the concatenated segments. */
  read(segments: readonly Segment[], offset: number, length: number): Readable {
    const paths = slices(segments, offset, length).map((s) => ({ ...s, path: this.path(s.id) }));
    // One file: node's own file stream, the fastest path (no generator between the reads and the socket).
    if (paths.length === 1 && paths[0]!.count > 0) {
      const only = paths[0]!;
      return createReadStream(only.path, {
        start: only.start,
        end: only.start + only.count - 1,
        highWaterMark: WRITE_BATCH,
      });
    }
    async function* chunks(): AsyncGenerator<Buffer> {
      for (const s of paths) {
        if (s.count === 0) continue;
        const fh = await open(s.path, 'r');
        try {
          let pos = s.start;
          let left = s.count;
          while (left > 0) {
            const buf = Buffer.allocUnsafe(Math.min(WRITE_BATCH, left));
            const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
            if (bytesRead === 0) throw new Error('blob shorter than recorded');
            pos += bytesRead;
            left -= bytesRead;
            yield bytesRead === buf.length ? buf : buf.subarray(0, bytesRead);
          }
        } finally {
          await fh.close();
        }
      }
    }
    return Readable.from(chunks(), { objectMode: false, highWaterMark: 2 * WRITE_BATCH });
  }

  /**
   * Removes what a crash left behind: files in tmp/, and blobs in data/ that no row names. Only files
   * older than `before` (the service's start) are touched, so nothing being written now is.
   */
  async collect(referenced: ReadonlySet<string>, before: number): Promise<{ removed: number }> {
    let removed = 0;
    const old = async (p: string) => (await stat(p).catch(() => undefined))?.mtimeMs ?? Infinity;
    for (const name of await readdir(this.#tmp)) {
      const p = join(this.#tmp, name);
      if (
        (await old(p)) < before &&
        (await unlink(p).then(
          () => true,
          () => false,
        ))
      )
        removed++;
    }
    for (let i = 0; i < 256; i++) {
      const dir = join(this.#data, i.toString(16).padStart(2, '0'));
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        if (referenced.has(name) || this.#leases.has(name)) continue;
        const p = join(dir, name);
        if (
          (await old(p)) < before &&
          (await unlink(p).then(
            () => true,
            () => false,
          ))
        )
          removed++;
      }
    }
    return { removed };
  }
}

async function writeAll(fh: FileHandle, chunks: Buffer[]): Promise<void> {
  let total = 0;
  for (const c of chunks) total += c.length;
  let written = (await fh.writev(chunks)).bytesWritten;
  // writev may write less than asked (rare, on some file systems); finish the rest.
  if (written < total) {
    const all = Buffer.concat(chunks);
    while (written < total) written += (await fh.write(all, written, total - written)).bytesWritten;
  }
}

async function syncDir(dir: string): Promise<void> {
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

function slices(
  segments: readonly Segment[],
  offset: number,
  length: number,
): { id: string; start: number; count: number }[] {
  const out: { id: string; start: number; count: number }[] = [];
  let pos = 0;
  let left = length;
  for (const [id, size] of segments) {
    if (left <= 0) break;
    const end = pos + size;
    if (offset < end) {
      const start = Math.max(0, offset - pos);
      const count = Math.min(size - start, left);
      out.push({ id, start, count });
      left -= count;
      offset += count;
    }
    pos = end;
  }
  return out;
}

/** One positioned read into `out`, with callback-style fs calls (fewer promise hops for small objects). */
function readRange(path: string, out: Buffer, at: number, start: number, count: number): Promise<number> {
  return new Promise((resolve, reject) => {
    openCb(path, 'r', (err, fd) => {
      if (err) return reject(err);
      let done = 0;
      const step = (): void => {
        readCb(fd, out, at + done, count - done, start + done, (e, n) => {
          if (e || n === 0) {
            closeCb(fd, () => (e ? reject(e) : resolve(done)));
            return;
          }
          done += n;
          if (done < count) step();
          else closeCb(fd, () => resolve(done));
        });
      };
      if (count === 0) closeCb(fd, () => resolve(0));
      else step();
    });
  });
}
