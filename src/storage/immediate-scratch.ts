/**
 * The encoding buffer of immediate appends, one per thread. An append that will be written
 * synchronously inside its own call (`AppendPipeline.append`: no fsync to wait for, nothing queued)
 * encodes into it; by the time `append()` returns its bytes are in the file, or (when exclusive work
 * held the pipeline after all) the append has taken a copy. So one buffer serves every log of the
 * thread, and an idle log holds none: a broker keeps one log per partition.
 *
 * Concurrency: module state, so each thread (main or worker) has its own. One JavaScript thread runs
 * one append at a time, except re-entrantly: a `diagnostics_channel` subscriber runs inside a drain
 * (a roll event) and may append to another log. While the buffer is taken, `take` hands out a
 * buffer of the append's own, so an append never encodes over bytes not yet written.
 */

/** A reusable encoding buffer that one append at a time may take (see the file comment). */
export class ImmediateScratch {
  #buf: Buffer | undefined
  /** The view of `#buf` handed out and not given back yet. */
  #lent: Buffer | undefined

  /**
   * @param initial - the size made at the first use
   * @param max - the most it grows to; a larger append gets a buffer of its own (so one huge
   *   append does not leave a huge buffer behind)
   */
  constructor(
    readonly initial: number,
    readonly max: number,
  ) {}

  /** `size` bytes to encode into: the shared buffer when free and big enough to be, else a new one. */
  take(size: number): Buffer {
    if (this.#lent !== undefined || size > this.max) return Buffer.allocUnsafe(size)
    let buf = this.#buf
    if (buf === undefined || buf.length < size) {
      this.#buf = buf = Buffer.allocUnsafe(Math.min(this.max, Math.max(size, this.initial, (buf?.length ?? 0) * 2)))
    }
    return (this.#lent = buf.subarray(0, size))
  }

  /** Whether `buf` (from `take`) is the shared buffer, not given back yet. */
  holds(buf: Buffer): boolean {
    return buf === this.#lent
  }

  /** Gives the shared buffer back once `buf`'s append no longer needs it (a no-op for a buffer of its own). */
  release(buf: Buffer): void {
    if (buf === this.#lent) this.#lent = undefined
  }
}
