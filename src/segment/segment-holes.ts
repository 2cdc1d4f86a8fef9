/**
 * SegmentHoles: whether compaction's holes are accepted in one segment's `.log` (the segment's
 * answer to the header walk's `HoleCheck`; docs/guarantees.md, "Compaction holes and damage").
 *
 * - Below the hint (the compacted-until checkpoint, set by whoever loads the segment), a hole is
 *   accepted without a walk.
 * - Above it, a hole is accepted once THE batch walk vouched for the segment's whole structure
 *   against its known end (`holesVouched`): then every hole below that end is accepted. The verdict,
 *   either way, is taken once per content of the segment (the owning segment passes its content
 *   generation, which a truncation, a rollback or a view's reload moves).
 * - The end is the one the owner knows (`size`, `nextOffset`), or one declared: by a view (the next
 *   segment's base, or the published high watermark), or by recovery (the end the previous writer
 *   published). Without a known end, no hole above the hint is accepted.
 *
 * Used from the segment's thread only (as the segment is).
 */
import { holesVouched, type VouchedEnd } from './batch-walk.js'

/** What a judgement needs from the owning segment. */
export interface JudgedFile {
  /** The `.log`'s descriptor (reopened if it was closed). */
  readonly fd: number
  /** Where the segment's whole batches end, when known (a declared end takes precedence). */
  knownEnd(): VouchedEnd | undefined
  /** Remembers that the batch at `position` passed its CRC check. */
  verified(position: number): void
}

/** The hole rule of one segment (see the module doc). */
export class SegmentHoles {
  readonly #baseOffset: number
  /** Holes are accepted below this hint. */
  #hint = 0
  /** Holes the segment's own batches vouched for lie below this. */
  #vouchedBelow = 0
  /** The content generation whose holes were judged; -1 before any. */
  #judged = -1
  #declaredEnd: VouchedEnd | undefined

  constructor(baseOffset: number) {
    this.#baseOffset = baseOffset
  }

  /** Sets the hint (see the module doc). */
  allowBelow(offset: number): void {
    this.#hint = offset
  }

  /** Holes the segment's own batches vouched for lie below this (0 when none did, or not yet asked). */
  get vouchedBelow(): number {
    return this.#vouchedBelow
  }

  /** Holes below this offset are accepted without a walk. */
  get below(): number {
    return Math.max(this.#hint, this.#vouchedBelow)
  }

  /** The end declared by a view or by recovery, if any. */
  get declaredEnd(): VouchedEnd | undefined {
    return this.#declaredEnd
  }

  /** Declares where the segment's whole batches end (see the module doc); `undefined` forgets it. */
  declareEnd(position: number | undefined, offset = 0): void {
    if (position === undefined) {
      this.#declaredEnd = undefined
      return
    }
    const d = this.#declaredEnd
    if (d !== undefined && d.position === position && d.offset === offset) return
    this.#declaredEnd = { baseOffset: this.#baseOffset, position, offset }
    // A view's active segment grows: a refusal against a shorter end is judged again when asked.
    if (this.#vouchedBelow === 0) this.#judged = -1
  }

  /** The content changed (bytes removed or replaced): what was vouched for no longer holds. */
  contentChanged(): void {
    this.#vouchedBelow = 0
  }

  /**
   * Whether a batch at `baseOffset`, where `expectedBase` was expected, is a compaction hole in the
   * segment's content `generation` (see the module doc).
   */
  allows(expectedBase: number, baseOffset: number, generation: number, file: JudgedFile): boolean {
    if (baseOffset <= expectedBase) return false
    if (expectedBase < this.below) return true
    if (this.#judged !== generation) {
      this.#judged = generation
      const end = this.#declaredEnd ?? file.knownEnd()
      // The walk checks every CRC on the way: reads of those batches need not check them again.
      if (end !== undefined && holesVouched(file.fd, end, (b) => file.verified(b.position))) this.#vouchedBelow = end.offset
    }
    return expectedBase < this.#vouchedBelow
  }
}
