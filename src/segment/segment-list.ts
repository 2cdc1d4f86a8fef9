/**
 * Sorted base offset → Segment, with the floor / higher lookups reads need. The writer (or a view's
 * reload) replaces the array; readers on the same thread only read it.
 */
import type { Segment } from './segment.js'

/** The log's segments in base-offset order, with floor and successor lookups. */
export class SegmentList {
  private items: Segment[] = []

  /** All segments, oldest first. Do not mutate. */
  get all(): readonly Segment[] {
    return this.items
  }

  get size(): number {
    return this.items.length
  }

  /** The newest segment. */
  get last(): Segment | undefined {
    return this.items[this.items.length - 1]
  }

  get first(): Segment | undefined {
    return this.items[0]
  }

  /** Replaces the whole list (sorted by base offset). */
  reset(segments: Segment[]): void {
    this.items = segments.slice().sort((a, b) => a.baseOffset - b.baseOffset)
  }

  /** Appends a segment with a base offset above every other. */
  push(seg: Segment): void {
    this.items.push(seg)
  }

  /** The segment with the largest base offset ≤ `offset`. */
  floor(offset: number): Segment | undefined {
    const a = this.items
    let lo = 0
    let hi = a.length - 1
    if (hi < 0 || a[0]!.baseOffset > offset) return undefined
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if (a[mid]!.baseOffset <= offset) lo = mid
      else hi = mid - 1
    }
    return a[lo]
  }

  /** The segment right after the one based at `baseOffset`. */
  higher(baseOffset: number): Segment | undefined {
    const a = this.items
    let lo = 0
    let hi = a.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (a[mid]!.baseOffset <= baseOffset) lo = mid + 1
      else hi = mid
    }
    return a[lo]
  }

  /** Removes and returns the `n` oldest segments. */
  removeHead(n: number): Segment[] {
    return this.items.splice(0, n)
  }

  /** Removes and returns every segment with base offset > `offset`. */
  removeAbove(offset: number): Segment[] {
    const keep = this.items.filter((s) => s.baseOffset <= offset)
    const removed = this.items.filter((s) => s.baseOffset > offset)
    this.items = keep
    return removed
  }
}
