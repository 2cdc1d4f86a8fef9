/**
 * Small file-system helpers shared by segments, recovery and metadata: positional reads that loop
 * until done, fsync wrappers that return promises. The atomic small-file write built on them is
 * `io/atomic-file.ts`.
 */
import fs from 'node:fs'

/** Reads up to `length` bytes at `position` into `buf[offset]`; returns bytes read (short at EOF). */
export function readAt(fd: number, buf: Buffer, offset: number, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let done = 0
    const step = (): void => {
      fs.read(fd, buf, offset + done, length - done, position + done, (err, n) => {
        if (err) return reject(err)
        done += n
        if (n === 0 || done >= length) resolve(done)
        else step()
      })
    }
    step()
  })
}

/** Synchronous {@link readAt}. */
export function readAtSync(fd: number, buf: Buffer, offset: number, length: number, position: number): number {
  let done = 0
  while (done < length) {
    const n = fs.readSync(fd, buf, offset + done, length - done, position + done)
    if (n === 0) break
    done += n
  }
  return done
}

/** Writes all of `buf[offset, offset+length)` at `position`. */
export function writeAtSync(fd: number, buf: Buffer, offset: number, length: number, position: number): void {
  let done = 0
  while (done < length) done += fs.writeSync(fd, buf, offset + done, length - done, position + done)
}

/** `fdatasync(fd)` as a promise (data and the metadata needed to read it back, e.g. size). */
export function datasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())))
}

/**
 * `fdatasync(fd)` on the calling thread, as a promise settled when it returns (see
 * `storage/inline-sync.ts`: the thread is held for the sync).
 */
export function datasyncHere(fd: number): Promise<void> {
  try {
    fs.fdatasyncSync(fd)
    return Promise.resolve()
  } catch (err) {
    return Promise.reject(err)
  }
}

/** fsyncs a directory so that entries created, renamed or removed in it survive an OS crash. */
export function fsyncDirSync(dir: string): void {
  if (process.platform === 'win32') return // directories cannot be fsynced on Windows (KAFKA-13391)
  const fd = fs.openSync(dir, 'r')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

/** Async {@link fsyncDirSync}. */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  const fh = await fs.promises.open(dir, 'r')
  try {
    await fh.sync()
  } finally {
    await fh.close()
  }
}

/** Removes a file, ignoring "does not exist". */
export function unlinkQuiet(file: string): void {
  try {
    fs.unlinkSync(file)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
}

/** The contents of `file`, or an empty buffer when it does not exist. */
export function readIfExists(file: string): Buffer {
  try {
    return fs.readFileSync(file)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0)
    throw err
  }
}

/**
 * close(2) that does not throw. Linux releases the descriptor even when close reports an error (it
 * must not be retried: the number may already be reused), and what it could report (EIO of a
 * deferred write-back) concerns data the writer already fsynced before closing, or a read-only
 * descriptor. Throwing here would only leave the segment's other descriptors and the lock behind.
 */
export function closeFd(fd: number): void {
  if (fd < 0) return
  try {
    fs.closeSync(fd)
  } catch {
    // See above: the descriptor is gone either way.
  }
}

/** `writev` of `buffers` minus their first `skip` bytes (the rest of a short write), at `position`. */
export function writevRest(fd: number, buffers: readonly Buffer[], skip: number, position: number): number {
  const rest: Buffer[] = []
  for (const b of buffers) {
    if (skip >= b.length) {
      skip -= b.length
      continue
    }
    rest.push(skip > 0 ? b.subarray(skip) : b)
    skip = 0
  }
  return fs.writevSync(fd, rest, position)
}
