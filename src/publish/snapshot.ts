/**
 * The published snapshot: what the writer has committed, readable from any thread without locks.
 *
 * Fields (each a safe integer stored as two int32 halves):
 * ```
 * highWatermark   records below it are committed and readable
 * logEndOffset    next offset to be assigned
 * logStartOffset  first readable offset
 * hwSegmentBase   base offset of the segment that holds the high watermark (the active segment)
 * hwPosition      committed byte length of that segment: readers never read at or past it
 * generation      changes on roll, retention and truncation (readers re-list segments)
 * flags           bit 0: the writer is gone (closed); set by the owner on close
 * truncationEpoch  counts truncations over the life of the directory (kept across writer restarts)
 * truncationOffset the log end the latest truncation left (readers past it diverged from history)
 * writerId         identifies the writer that published (random per writer, never 0)
 * rewriteEpoch     counts compaction swaps by this writer (files replaced below the active segment)
 * ```
 *
 * Sequence lock (seqlock). `seq` is even when the snapshot is stable, odd while the writer is
 * storing it. The writer (one thread only, the lock holder):
 *   1. `seq ← seq + 1` (odd)         Atomics.store: orders the field stores after it
 *   2. store every field             Atomics.store each
 *   3. `seq ← seq + 1` (even)        Atomics.store: publishes the fields stored before it
 *   4. `Atomics.notify(seq)`         wakes followers blocked in Atomics.wait / waitAsync on `seq`
 *                                    (`wake()`; the publisher may defer it, see publisher.ts)
 * A reader:
 *   1. `s1 ← seq`; retry if odd
 *   2. load every field
 *   3. `s2 ← seq`; the snapshot is consistent iff s1 === s2
 * All accesses are `Atomics` operations, which are sequentially consistent in the JS memory model, so
 * a reader whose two loads of `seq` agree (and are even) observed no store of steps 1–3 in between:
 * every field it loaded belongs to one publication. A reader that raced a publication retries; the
 * writer never waits for readers, so publishing is wait-free.
 *
 * The same layout backs the cross-process state file (`state-file.ts`), whose bytes are copied from
 * this buffer after each publication.
 */

const SEQ = 0
const FIELDS = [
  'highWatermark',
  'logEndOffset',
  'logStartOffset',
  'hwSegmentBase',
  'hwPosition',
  'generation',
  'flags',
  'truncationEpoch',
  'truncationOffset',
  'writerId',
  'rewriteEpoch',
] as const
/** The int32 slot of `writerId`'s high half (its low half follows): a takeover check reads only these. */
export const WRITER_ID_SLOT = 1 + FIELDS.indexOf('writerId') * 2
/** Int32 slots: seq, then two per field. */
export const SNAPSHOT_INTS = 1 + FIELDS.length * 2
/** Bytes of a snapshot. */
export const SNAPSHOT_BYTES = SNAPSHOT_INTS * 4

const TWO_32 = 4294967296

/** One consistent reading of the snapshot. */
export interface SnapshotState {
  highWatermark: number
  logEndOffset: number
  logStartOffset: number
  hwSegmentBase: number
  hwPosition: number
  generation: number
  flags: number
  truncationEpoch: number
  truncationOffset: number
  /**
   * Random per writer (never 0): a view whose snapshot came from one writer notices when another
   * has taken over the directory (a worker's shared buffer stops at its writer's end).
   */
  writerId: number
  /**
   * Moves when compaction replaced segment files below the active segment: views then check every
   * segment's file identity (see `log-view.ts`).
   */
  rewriteEpoch: number
}

/** Flag: the writer closed the log; followers stop waiting for new records from it. */
export const FLAG_WRITER_CLOSED = 1

/** A view over a snapshot buffer. Construct one per thread over the same `SharedArrayBuffer`. */
export class Snapshot {
  readonly ints: Int32Array

  constructor(buffer: SharedArrayBuffer | ArrayBuffer = new SharedArrayBuffer(SNAPSHOT_BYTES), byteOffset = 0) {
    this.ints = new Int32Array(buffer, byteOffset, SNAPSHOT_INTS)
  }

  /** The backing buffer (structured-cloneable when shared). */
  get buffer(): ArrayBufferLike {
    return this.ints.buffer
  }

  /**
   * Writer only: publishes `state` under the sequence lock and, unless `wake` is false (the caller
   * wakes them later with {@link Snapshot.wake}), wakes waiters.
   */
  publish(state: SnapshotState, wake = true): void {
    const ints = this.ints
    const seq = Atomics.load(ints, SEQ)
    Atomics.store(ints, SEQ, seq + 1)
    let i = 1
    for (const f of FIELDS) {
      const v = state[f]
      const hi = Math.floor(v / TWO_32)
      Atomics.store(ints, i++, hi)
      Atomics.store(ints, i++, (v - hi * TWO_32) | 0)
    }
    Atomics.store(ints, SEQ, seq + 2)
    if (wake) this.wake()
  }

  /**
   * Writer only: wakes the followers parked on `seq` (`Atomics.notify`), after a publication. A
   * follower parks only while `seq` equals the value it last read, so one that checks after the
   * publication's stores does not park at all; a later wake finds every earlier one's waiters.
   */
  wake(): void {
    // Only a SharedArrayBuffer can have waiters; notify on a plain buffer would throw.
    if (this.ints.buffer instanceof SharedArrayBuffer) Atomics.notify(this.ints, SEQ)
  }

  /**
   * Writer only, before its first publication: continues the sequence of the writer that published
   * `seq` into the state file before it. A follower in another process waits for the sequence to
   * differ from the last one it saw; a new writer restarting at 0 could publish that very number
   * again (say its fourth commit) and leave the follower asleep with records to read.
   */
  continueFrom(seq: number): void {
    Atomics.store(this.ints, SEQ, seq & ~1)
  }

  /** The current sequence number (even when stable). Followers wait for it to change. */
  sequence(): number {
    return Atomics.load(this.ints, SEQ)
  }

  /** Reads a consistent snapshot, retrying while a publication is in progress. */
  read(): SnapshotState & { seq: number } {
    const ints = this.ints
    for (;;) {
      const s1 = Atomics.load(ints, SEQ)
      if ((s1 & 1) !== 0) continue
      // The fields in FIELDS order (slots 1, 3, 5, ...), straight into the object: a follower reads
      // the snapshot several times per wake-up.
      const state = {
        seq: s1,
        highWatermark: field(ints, 1),
        logEndOffset: field(ints, 3),
        logStartOffset: field(ints, 5),
        hwSegmentBase: field(ints, 7),
        hwPosition: field(ints, 9),
        generation: field(ints, 11),
        flags: field(ints, 13),
        truncationEpoch: field(ints, 15),
        truncationOffset: field(ints, 17),
        writerId: field(ints, 19),
        rewriteEpoch: field(ints, 21),
      }
      if (Atomics.load(ints, SEQ) !== s1) continue
      return state
    }
  }

  /**
   * Resolves when `seq` differs from `seen` or after `timeoutMs`, without polling:
   * `Atomics.waitAsync` parks on the writer's `Atomics.notify`.
   */
  async waitForChange(seen: number, timeoutMs: number): Promise<void> {
    const r = Atomics.waitAsync(this.ints, SEQ, seen, timeoutMs)
    if (r.async) await r.value
  }
}

/** The field whose two halves start at `slot` (Atomics loads: see the module doc). */
function field(ints: Int32Array, slot: number): number {
  return Atomics.load(ints, slot) * TWO_32 + (Atomics.load(ints, slot + 1) >>> 0)
}

/** A state as published, with the sequence number it was published under. */
export type Published = SnapshotState & { seq: number }

/** What readers see before any writer has published: an empty log, generation -1. */
export const NOTHING_PUBLISHED: Readonly<Published> = Object.freeze({
  seq: 0,
  highWatermark: 0,
  logEndOffset: 0,
  logStartOffset: 0,
  hwSegmentBase: 0,
  hwPosition: 0,
  generation: -1,
  flags: 0,
  truncationEpoch: 0,
  truncationOffset: 0,
  writerId: 0,
  rewriteEpoch: 0,
})
