/**
 * Splits a connection's byte stream into Kafka request frames (a 4-byte big-endian size, then that
 * many bytes) with bounded memory.
 *
 * What it owns: the chunks received from one socket and not yet handed out as frames.
 *
 * The bound: a frame's declared size is checked (Kafka's `socket.request.max.bytes`: negative or
 * above the limit is refused) as soon as its 4 size bytes have arrived, before anything is allocated
 * for it. Nothing is ever allocated from the declared size: the reader keeps the chunks the socket
 * delivered, and only when the whole frame has arrived does it copy them into one buffer of the
 * frame's size (or hand out a view when the frame lies inside one chunk). So a peer that declares
 * 100 MiB and sends 10 bytes costs 10 bytes, and the memory held is at most what was received:
 * one partial frame plus the complete frames the caller has not taken yet (the caller stops reading
 * the socket when those pass its own bound; see connection.ts).
 *
 * Small chunks are copied into a staging buffer ({@link STAGING_BYTES}) instead of being kept one by
 * one: a peer that sends a frame a byte per TCP segment would otherwise make the reader hold one
 * `Buffer` object (a few hundred bytes of overhead) per byte received. So the reader holds at most
 * one object per {@link SMALL_CHUNK_BYTES} received, whatever the segmentation.
 *
 * Pure: no I/O. One instance per connection, used from the connection's event handlers only.
 */

/** A chunk shorter than this is copied into the staging buffer instead of kept as it came. */
export const SMALL_CHUNK_BYTES = 16 * 1024
/** The size of a staging buffer. */
export const STAGING_BYTES = 64 * 1024

/** Why a frame's size prefix was refused. */
export type FrameSizeProblem = 'negative-size' | 'oversized'

/** A refused size prefix: the connection must be closed (Kafka's `InvalidReceiveException`). */
export class FrameSizeError extends Error {
  /** What was wrong with the size. */
  readonly problem: FrameSizeProblem
  /** The declared size. */
  readonly size: number

  /**
   * @param problem - what was wrong
   * @param size - the declared size
   * @param limit - the largest size accepted
   */
  constructor(problem: FrameSizeProblem, size: number, limit: number) {
    super(problem === 'negative-size' ? `negative frame size ${size}` : `frame of ${size} bytes exceeds the limit of ${limit} bytes`)
    this.name = 'FrameSizeError'
    this.problem = problem
    this.size = size
  }
}

/** Accumulates socket chunks and hands out whole frames (without their size prefix). */
export class FrameReader {
  readonly #maxFrameBytes: number
  // Received bytes not handed out yet: `#chunks[0]` starts at `#head`.
  readonly #chunks: Buffer[] = []
  #head = 0
  #buffered = 0
  // The size of the frame being received, once its prefix has arrived; -1 before.
  #frameSize = -1
  // Small chunks are copied here; `#staged` (the last element of `#chunks` while it is there) is the
  // view of its bytes [#stagingStart, #stagingUsed) that are still buffered.
  #staging: Buffer | undefined
  #stagingStart = 0
  #stagingUsed = 0
  #staged: Buffer | undefined

  /**
   * @param maxFrameBytes - the largest frame accepted (without the 4-byte prefix)
   */
  constructor(maxFrameBytes: number) {
    this.#maxFrameBytes = maxFrameBytes
  }

  /** Bytes received and not yet handed out as frames (a partial frame and whole frames not taken). */
  get bufferedBytes(): number {
    return this.#buffered
  }

  /**
   * How many buffers the reader holds (for diagnostics and tests): at most one per
   * {@link SMALL_CHUNK_BYTES} buffered, plus one, however the bytes were segmented.
   */
  get chunkCount(): number {
    return this.#chunks.length
  }

  /** Whether a frame has started (at least one byte of it arrived) and is not complete yet. */
  get partial(): boolean {
    return this.#buffered > 0 && !this.#hasFrame()
  }

  /**
   * Keeps a chunk from the socket. The chunk is kept as it is (not copied): the caller must not
   * reuse it (a socket's `data` chunks are never reused).
   */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return
    this.#buffered += chunk.length
    if (chunk.length >= SMALL_CHUNK_BYTES) {
      this.#staged = undefined
      this.#chunks.push(chunk)
      return
    }
    let from = 0
    while (from < chunk.length) {
      if (this.#staging === undefined || this.#stagingUsed === this.#staging.length) {
        this.#staging = Buffer.allocUnsafe(STAGING_BYTES)
        this.#stagingUsed = 0
        this.#staged = undefined
      }
      if (this.#staged === undefined) this.#stagingStart = this.#stagingUsed
      const copied = chunk.copy(this.#staging, this.#stagingUsed, from)
      from += copied
      this.#stagingUsed += copied
      // The staged view grows in place: the reader's position (#head) stays valid because the view
      // keeps its start.
      const view = this.#staging.subarray(this.#stagingStart, this.#stagingUsed)
      if (this.#staged === undefined) this.#chunks.push(view)
      else this.#chunks[this.#chunks.length - 1] = view
      this.#staged = view
    }
  }

  /**
   * The next whole frame (without its size prefix), or undefined when it has not fully arrived.
   * @throws {@link FrameSizeError} as soon as a size prefix is negative or above the limit
   */
  next(): Buffer | undefined {
    if (!this.#hasFrame()) return undefined
    const size = this.#frameSize
    this.#consume(4)
    const frame = this.#take(size)
    this.#frameSize = -1
    return frame
  }

  /** Drops everything buffered (the connection is closing). */
  clear(): void {
    this.#chunks.length = 0
    this.#head = 0
    this.#buffered = 0
    this.#frameSize = -1
    this.#staging = undefined
    this.#staged = undefined
  }

  /** Whether a whole frame is buffered; reads and checks the size prefix once it is complete. */
  #hasFrame(): boolean {
    if (this.#frameSize < 0) {
      if (this.#buffered < 4) return false
      const size = this.#peekInt32()
      if (size < 0) throw new FrameSizeError('negative-size', size, this.#maxFrameBytes)
      if (size > this.#maxFrameBytes) throw new FrameSizeError('oversized', size, this.#maxFrameBytes)
      this.#frameSize = size
    }
    return this.#buffered >= 4 + this.#frameSize
  }

  /** The big-endian int32 at the read position, which may span chunks. */
  #peekInt32(): number {
    const first = this.#chunks[0]!
    if (first.length - this.#head >= 4) return first.readInt32BE(this.#head)
    const bytes = Buffer.allocUnsafe(4)
    let filled = 0
    for (let i = 0; filled < 4; i++) {
      const chunk = this.#chunks[i]!
      const from = i === 0 ? this.#head : 0
      filled += chunk.copy(bytes, filled, from, Math.min(chunk.length, from + 4 - filled))
    }
    return bytes.readInt32BE(0)
  }

  /** Skips `n` buffered bytes. */
  #consume(n: number): void {
    this.#buffered -= n
    while (n > 0) {
      const first = this.#chunks[0]!
      const left = first.length - this.#head
      if (n < left) {
        this.#head += n
        return
      }
      n -= left
      // Once the staged view is consumed, later small chunks start a new view after it.
      if (this.#chunks.shift() === this.#staged) this.#staged = undefined
      this.#head = 0
    }
  }

  /** Takes the next `n` buffered bytes: a view when they lie in one chunk, else one copy. */
  #take(n: number): Buffer {
    const first = this.#chunks[0]
    if (n === 0 || first === undefined) return Buffer.alloc(0)
    if (first.length - this.#head >= n) {
      const view = first.subarray(this.#head, this.#head + n)
      this.#consume(n)
      return view
    }
    // Allocated only now that every byte has arrived: its size is bounded by what was received.
    const out = Buffer.allocUnsafe(n)
    let filled = 0
    while (filled < n) {
      const chunk = this.#chunks[0]!
      const copied = chunk.copy(out, filled, this.#head, Math.min(chunk.length, this.#head + n - filled))
      filled += copied
      this.#consume(copied)
    }
    return out
  }
}
