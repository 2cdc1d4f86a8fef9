/**
 * The `.log` files the writer's thread keeps mapped for point reads (`get`, `getSync`) and its
 * readers' small reads: sealed segments over their size, the active one over the power of two at or
 * above the bytes read (at least {@link MIN_ACTIVE_MAPPING}), mapped again
 * when reads pass it, a few times over a segment's life ({@link activeMappingLength}).
 * At most {@link MAX_READ_MAPPINGS} segments stay mapped, least recently used first out, which keeps
 * the process well below `vm.max_map_count` whatever the number of segments.
 *
 * Owner thread only (views map nothing: they read through descriptors).
 */
import type { Segment } from '../segment/segment.js'

/** Most `.log` files mapped for point reads at once. */
export const MAX_READ_MAPPINGS = 8

/** The smallest mapping of an active segment. */
export const MIN_ACTIVE_MAPPING = 1 << 20

/**
 * How much of the active segment to map for reads below `maxPosition`. Not `segmentBytes` (1 GiB by
 * default) at once: V8 counts a mapping's whole length as external memory, and each 1 GiB mapping
 * set off garbage collections; 300 logs read once each counted 300 GiB and ran 620 collections, a
 * `get()` costing 370 µs instead of 50. A power of two at most twice the bytes read keeps the count
 * near the memory really touched.
 */
export function activeMappingLength(maxPosition: number): number {
  let length = MIN_ACTIVE_MAPPING
  while (length < maxPosition) length *= 2
  return length
}

/** The LRU of mapped `.log` files (see the module doc). */
export class ReadMappings {
  readonly #mapped: Segment[] = []

  /**
   * The mapping of `seg` over `length` bytes, or `undefined` when `maxPosition` lies beyond it (or
   * the file cannot be mapped: reads then go through the descriptor). `existingOnly`: `undefined`
   * too when `seg` is not mapped now (a reader's scan maps nothing and evicts nothing).
   */
  mapped(seg: Segment, length: number, maxPosition: number, existingOnly = false): Buffer | undefined {
    if (maxPosition > length) return undefined
    // The segment used last is already the most recent: point reads mostly hit one segment in a row.
    if (this.#mapped[this.#mapped.length - 1] === seg) return seg.logFile.mapped(length)
    const i = this.#mapped.indexOf(seg)
    if (i < 0 && existingOnly) return undefined
    const buf = seg.logFile.mapped(length)
    if (i >= 0) this.#mapped.splice(i, 1)
    this.#mapped.push(seg)
    if (this.#mapped.length > MAX_READ_MAPPINGS) this.#mapped.shift()!.logFile.unmap()
    return buf
  }

  /** Forgets segments that left the log (their descriptors and mappings close with them). */
  forget(gone: readonly Segment[]): void {
    for (let i = this.#mapped.length - 1; i >= 0; i--) if (gone.includes(this.#mapped[i]!)) this.#mapped.splice(i, 1)
  }
}
