/**
 * Bounded open files: an LRU of the segments of one log directory that hold a descriptor or a
 * mapping, so a log of any number of segments runs under a small `ulimit -n` (and far below
 * `vm.max_map_count`). A segment registers itself whenever it opens something and is touched on
 * every access; when more than `limit` segments are open, the least recently used ones that can be
 * closed (sealed, or a reader's, and not pinned by a read in flight) close their descriptors and
 * unmap their indexes. They reopen transparently on the next access.
 *
 * One table per directory and process (an owner and a read-only view of the same directory in one
 * process share it). Used from one thread: a worker's views have their own module instance.
 */

/** What the table needs from a segment. */
export interface OpenableSegment {
  /** Closes descriptors and mappings if nothing pins them; false when it cannot close now. */
  evict(): boolean
  /** The table's clock when the segment last moved to the recent end (kept by the table). */
  lruTick: number
}

/** Segments kept open per directory when `maxOpenSegments` is not given. */
export const DEFAULT_MAX_OPEN_SEGMENTS = 256

class OpenSegments {
  limit = DEFAULT_MAX_OPEN_SEGMENTS
  // A Map iterates in insertion order: delete + set moves a segment to the most recent end.
  private readonly open = new Map<OpenableSegment, true>()
  /** Counts moves to the recent end. */
  private clock = 0

  touch(seg: OpenableSegment): void {
    if (this.open.has(seg)) {
      // Fewer than limit / 2 moves since this one's last: at most that many segments are more
      // recent, so it is in no danger of eviction and need not move (a touch then costs nothing).
      if (this.clock - seg.lruTick < this.limit >> 1) return
      this.open.delete(seg)
      this.open.set(seg, true)
      seg.lruTick = ++this.clock
      return
    }
    seg.lruTick = ++this.clock
    this.open.set(seg, true)
    if (this.open.size > this.limit) this.shrink(seg)
  }

  forget(seg: OpenableSegment): void {
    this.open.delete(seg)
  }

  get size(): number {
    return this.open.size
  }

  private shrink(keep: OpenableSegment): void {
    let excess = this.open.size - this.limit
    for (const seg of this.open.keys()) {
      if (excess <= 0) break
      if (seg === keep) continue
      if (seg.evict()) {
        this.open.delete(seg)
        excess--
      }
    }
  }
}

const tables = new Map<string, OpenSegments>()

function table(dir: string): OpenSegments {
  let t = tables.get(dir)
  if (t === undefined) {
    t = new OpenSegments()
    tables.set(dir, t)
  }
  return t
}

/** Records that `seg` (of directory `dir`) holds open files and was just used. */
export function touchOpenSegment(dir: string, seg: OpenableSegment): void {
  table(dir).touch(seg)
}

/** Records that `seg` closed everything it had open. */
export function forgetOpenSegment(dir: string, seg: OpenableSegment): void {
  tables.get(dir)?.forget(seg)
}

/** Sets how many segments of `dir` may hold open files at once (the `maxOpenSegments` option). */
export function setMaxOpenSegments(dir: string, limit: number): void {
  table(dir).limit = limit
}

/** How many segments of `dir` hold open files now (for tests and stats). */
export function openSegmentCount(dir: string): number {
  return tables.get(dir)?.size ?? 0
}
