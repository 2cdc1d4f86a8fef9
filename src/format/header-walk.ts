/**
 * The one walk over batch headers of a `.log` file: every place that steps from batch to batch over
 * bytes read from disk (readers, point reads, time lookups, truncation, recovery) runs this state
 * machine, so there is exactly one loop body that decides what a header may say. Pure: no file
 * system; callers fetch the bytes (an async chunk read, a 61-byte synchronous hop, a mapping) and
 * hand them to {@link HeaderWalk.step}.
 *
 * Each step returns one of three outcomes:
 * - `Found`: a header that fits the walk: its fields are in the walk, `position` moved past the batch;
 * - `End`: the walk stands exactly at its limit (the end of the trusted bytes);
 * - `Corrupt`: the header cannot be right; `corruptPosition` and `reason` say where and why.
 *
 * What is checked, and why (a batch's first 21 bytes, base offset and length included, lie outside
 * its CRC, so the CRC cannot vouch for them; Kafka's `FileLogInputStream` checks only the length):
 * - bounds: a header must fit below the limit, its length must cover at least a header and end at or
 *   before the limit. A length of 0 therefore never loops and a length past the end never jumps into
 *   the next segment;
 * - magic 2, a non-negative `lastOffsetDelta` and `recordsCount`;
 * - offsets, by what surrounds the batch: the first batch of a segment starts at the segment's base
 *   offset; a batch reached through an index entry has that entry's last offset; every later batch
 *   starts at the previous batch's last offset + 1, or later only where the walk's {@link GapRule}
 *   accepts a compaction hole; every offset fits the segment's 32-bit relative range.
 *
 * Holes: compaction removes whole batches without renumbering, so a compacted segment has holes
 * between batches; nothing else this library writes has any. Whether a batch that starts later than
 * expected is a hole or a damaged base offset (bytes outside the CRC) is decided by the rule the walk
 * is given: a plain number (holes are accepted below it: the compacted-until checkpoint, or
 * everywhere in files another program wrote), or a {@link HoleCheck}: the segment itself, which
 * accepts holes below its checkpoint hint and otherwise only once THE batch walk has vouched for its
 * whole structure (`segment/batch-walk.ts`, `holesVouched`; docs/guarantees.md says why that tells
 * a hole from damage, and what it cannot tell).
 *
 * The CRC over the rest of the batch is checked separately, by whoever reads the whole batch.
 * Safe from any thread: a walk is a plain object owned by one call.
 */
import { BATCH_HEADER_SIZE, LOG_OVERHEAD, MAGIC, batchMaxTimestamp, int32BE, readInt64 } from './record-batch.js'
import { INT32_MAX } from '../base/limits.js'

/** Outcome of one {@link HeaderWalk.step}. */
export const enum Step {
  /** A header that fits the walk; the walk moved past its batch. */
  Found = 0,
  /** The walk stands exactly at its limit: no more batches. */
  End = 1,
  /** The header at `corruptPosition` cannot be right (see `reason`). */
  Corrupt = 2,
}

/**
 * Decides whether a batch may start later than expected: a hole compaction left, not a damaged base
 * offset. Asked only for a gap (never for a batch that starts earlier than expected: that is always
 * damage). May read the segment (a segment vouching for its holes walks itself once).
 */
export interface HoleCheck {
  /**
   * @param expectedBase - where the batch should start if there were no hole (the previous batch's
   *   last offset + 1, or the segment's base offset for its first batch)
   * @param baseOffset - where it does start (> `expectedBase`)
   * @returns whether the gap is a compaction hole
   */
  allowsHole(expectedBase: number, baseOffset: number): boolean
}

/**
 * Where holes are accepted: below an offset (a checkpoint, or `Number.MAX_SAFE_INTEGER` for files
 * another program wrote), or as a {@link HoleCheck} decides.
 */
export type GapRule = number | HoleCheck

/** Whether `rule` accepts a batch at `baseOffset` where `expectedBase` was expected. */
export function holeAllowed(rule: GapRule, expectedBase: number, baseOffset: number): boolean {
  if (baseOffset <= expectedBase) return false
  return typeof rule === 'number' ? expectedBase < rule : rule.allowsHole(expectedBase, baseOffset)
}

/** What the walk knows the first batch it meets must say. */
export interface WalkStart {
  /** File position of the first header. */
  position: number
  /** The base offset the first batch must have, or -1 when unknown. */
  expectedBase: number
  /** The last offset the first batch must have (from an index entry), or -1 when unknown. */
  expectedLast: number
  /**
   * Where compaction's holes are accepted (see {@link GapRule}): a batch may then start later than
   * expected (never earlier). @default 0 (nowhere)
   */
  gapsBelow?: GapRule
}

/** A walk over the headers of one segment's `.log`, from a start position up to a limit. */
export class HeaderWalk {
  /** File position of the next header. */
  position: number
  /** First byte past the bytes the walk may read (a published position or the file size). */
  readonly limit: number
  /** The segment's base offset (relative offsets must fit int32 from it). */
  readonly segmentBase: number
  /** The next batch's base offset must be this, or -1 when unknown. */
  expectedBase: number
  /** The next batch's last offset must be this, or -1 when unknown. */
  expectedLast: number
  /** See {@link WalkStart.gapsBelow}. */
  readonly gapsBelow: GapRule

  /** Fields of the batch of the last `Found` step. */
  batchPosition = -1
  size = 0
  baseOffset = -1
  lastOffset = -1
  maxTimestamp = -1
  recordsCount = 0

  /**
   * Whether `Found` steps read `maxTimestamp` (time lookups, index building); walks by offset turn
   * it off, since point reads hop through headers on a hot path.
   */
  readTimestamps = true

  /** Where and why the walk found corruption (after a `Corrupt` step). */
  corruptPosition = -1
  reason = ''
  /**
   * After a `Corrupt` step: whether the bytes simply end too early (a header or batch running past
   * the limit or the file: what a torn write leaves) rather than saying something impossible.
   */
  torn = false

  constructor(segmentBase: number, start: WalkStart, limit: number) {
    this.segmentBase = segmentBase
    this.position = start.position
    this.expectedBase = start.expectedBase
    this.expectedLast = start.expectedLast
    this.gapsBelow = start.gapsBelow ?? 0
    this.limit = limit
  }

  /**
   * A walk from the start of a segment (the first batch must start at the segment's base offset).
   */
  static fromStart(segmentBase: number, limit: number, gapsBelow: GapRule = 0): HeaderWalk {
    return new HeaderWalk(segmentBase, { position: 0, expectedBase: segmentBase, expectedLast: -1, gapsBelow }, limit)
  }

  /** Bytes the next step needs at `position` (a whole header, or what is left before the limit). */
  get needed(): number {
    return Math.max(0, Math.min(BATCH_HEADER_SIZE, this.limit - this.position))
  }

  /**
   * Classifies the header at file position `position`, whose bytes start at `buf[at]`; `buf` must
   * hold {@link HeaderWalk.needed} bytes there (fewer means the file ended early: corrupt).
   */
  step(buf: Buffer, at: number): Step {
    const pos = this.position
    if (pos === this.limit) return Step.End
    if (pos > this.limit) return this.corrupt(pos, `walk passed its limit ${this.limit}`)
    const avail = buf.length - at
    if (this.limit - pos < BATCH_HEADER_SIZE)
      return this.corrupt(pos, `${this.limit - pos} bytes before the end, less than a batch header`, true)
    if (avail < BATCH_HEADER_SIZE) return this.corrupt(pos, 'the file ends inside a batch header', true)
    const size = LOG_OVERHEAD + int32BE(buf, at + 8)
    if (size < BATCH_HEADER_SIZE) return this.corrupt(pos, `batch length ${size - LOG_OVERHEAD} is below the header size`)
    if (size > this.limit - pos) return this.corrupt(pos, `batch of ${size} bytes runs past the end (${this.limit})`, true)
    if (buf[at + 16] !== MAGIC) return this.corrupt(pos, `magic ${buf[at + 16]} is not ${MAGIC}`)
    const baseOffset = readInt64(buf, at)
    const lastDelta = int32BE(buf, at + 23)
    const count = int32BE(buf, at + 57)
    if (lastDelta < 0 || count < 0) return this.corrupt(pos, `lastOffsetDelta ${lastDelta} / recordsCount ${count} is negative`)
    const lastOffset = baseOffset + lastDelta
    if (baseOffset < this.segmentBase || lastOffset - this.segmentBase > INT32_MAX) {
      return this.corrupt(pos, `offsets [${baseOffset}, ${lastOffset}] do not belong to the segment based at ${this.segmentBase}`)
    }
    if (this.expectedBase >= 0 && baseOffset !== this.expectedBase) {
      // Compaction removes whole batches (offsets are never renumbered): in a compacted range the
      // next batch may start later than the previous one ended, never earlier.
      if (!holeAllowed(this.gapsBelow, this.expectedBase, baseOffset)) {
        return this.corrupt(pos, `base offset ${baseOffset} where ${this.expectedBase} was expected`)
      }
    }
    if (this.expectedLast >= 0 && lastOffset !== this.expectedLast) {
      return this.corrupt(pos, `last offset ${lastOffset} where the index entry says ${this.expectedLast}`)
    }
    this.batchPosition = pos
    this.size = size
    this.baseOffset = baseOffset
    this.lastOffset = lastOffset
    if (this.readTimestamps) this.maxTimestamp = batchMaxTimestamp(buf, at)
    this.recordsCount = count
    this.position = pos + size
    this.expectedBase = lastOffset + 1
    this.expectedLast = -1
    return Step.Found
  }

  private corrupt(position: number, reason: string, torn = false): Step {
    this.corruptPosition = position
    this.reason = reason
    this.torn = torn
    return Step.Corrupt
  }
}
