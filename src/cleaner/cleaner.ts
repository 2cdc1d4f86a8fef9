/**
 * One round of key-based compaction (Kafka's `LogCleaner.cleanSegments`), up to the files it writes.
 *
 * A round reads sealed segments only (immutable while the round runs; the writer pins each one while
 * reading it), so it runs beside appends. It:
 * 1. picks the dirty range: from the first dirty offset (the cleaner checkpoint, or the log start)
 *    to the first uncleanable offset = the active segment's base, or the first sealed segment with a
 *    record younger than `minCompactionLagMs`;
 * 2. builds the key map over the dirty range: the latest offset of every key, in a fixed budget; a
 *    map that fills ends the round's range there (`endOffset`), the next round continues;
 * 3. rewrites every sealed segment from the log start whose records reach below `endOffset`, in
 *    groups of consecutive segments whose output fits `segmentBytes` and a 32-bit relative offset:
 *    a record is kept when it lies at or past `endOffset`, or it has a key whose latest offset is
 *    its own (or is not in the map), and — for a tombstone — when its batch's delete horizon has not
 *    passed. Keyless records below `endOffset` go. A batch that keeps everything (and needs no new
 *    horizon) is copied byte for byte; an emptied batch goes, except the group's last, kept empty so
 *    the output ends exactly where the group ended.
 * Each group's output is a complete segment (`.log` + sparse indexes, fsynced) in the scratch
 * directory `<dir>/.cleaner/`; swapping it in is `swap.ts`, under the writer's exclusive section.
 *
 * The round reads outside that section, so the log may change under it: a truncation (which cuts a
 * segment in place and may refill it to the very same offsets), retention, record deletion. Every
 * segment is pinned with its content identity (`Segment.content`) when the round starts; each swap
 * re-checks, inside the section, that the segments of this group and of every later one still hold
 * those bytes (the key map was built from all of them), and a round whose input changed drops what
 * it has not swapped and says so (`abandoned`) instead of swapping old bytes over new records or
 * reporting the bytes a truncation cut under its reads as damage.
 *
 * Writer thread only (one round at a time).
 */
import fs from 'node:fs'
import path from 'node:path'
import { LogError, ioError } from '../base/errors.js'
import type { ResolvedLogOptions } from '../base/options.js'
import type { CompactionReport } from '../base/reports.js'
import type { LogRecord } from '../format/record.js'
import { batchLastOffset, batchMaxTimestamp, decodeBatch } from '../format/record-batch.js'
import type { DecodeSite } from '../format/batch-records.js'
import { wholeBatchBound } from '../format/decode-limits.js'
import { Segment, type SegmentContent } from '../segment/segment.js'
import type { BatchMeta } from '../segment/segment-indexes.js'
import { OffsetMap } from './offset-map.js'
import { deleteHorizonOf, rewriteBatch } from './rewrite-batch.js'
import { INT32_MAX } from '../base/limits.js'

/** Scratch directory for outputs being written; removed at open (an interrupted round is undone). */
export const CLEANER_SCRATCH = '.cleaner'

export type { CompactionReport } from '../base/reports.js'

/** A sealed segment a round may read: pinned, with its end offset and the content it had when pinned. */
export interface CleanableSegment {
  segment: Segment
  /** The next segment's base offset. */
  end: number
  /** What the segment held when the round pinned it (see `Segment.content`). */
  content: SegmentContent
}

/** A group of old segments and the segment that replaces them, written in the scratch directory. */
export interface CleanedGroup {
  base: number
  /** The old segments, in order (pinned until the swap or abandon). */
  old: Segment[]
  /** Their content when the round pinned them (`old[i]` must still hold `contents[i]` at the swap). */
  contents: SegmentContent[]
  /** The group's end: the offset after its last batch. */
  end: number
  /** Scratch paths of the new `.log`, `.index`, `.timeindex`. */
  files: { log: string; index: string; timeIndex: string }
  bytesBefore: number
  bytesAfter: number
  recordsRemoved: number
  tombstonesRemoved: number
}

/** The inputs of a round, as the writer sees its log now. */
export interface CleanerInput {
  dir: string
  options: ResolvedLogOptions
  /** Sealed segments, oldest first, each with its end offset (the next segment's base). */
  sealed: CleanableSegment[]
  logStartOffset: number
  /** The cleaner checkpoint (first dirty offset), or the log start. */
  firstDirtyOffset: number
  now: number
  /** Ignore `minCleanableDirtyRatio` (an explicit `compact()`). */
  force: boolean
}

/** Removes the scratch directory (after a round's swaps, or when a round is abandoned). */
export function removeScratch(dir: string): void {
  fs.rmSync(path.join(dir, CLEANER_SCRATCH), { recursive: true, force: true })
}

/**
 * THE batch walk over a sealed segment, every batch CRC-checked and handed whole to `visit` (at most
 * `wholeBatchBound(maxBatchBytes)` bytes of it); a batch the walk rejects fails the round (the
 * cleaner never rewrites what it cannot read).
 */
async function eachBatch(
  seg: Segment,
  options: ResolvedLogOptions,
  visit: (bytes: Buffer, site: DecodeSite) => boolean | void | Promise<boolean | void>,
): Promise<void> {
  // A batch is held whole only up to the log's bound: a length beyond it (damage, a sparse file) is
  // reported below, never allocated.
  const maxBatchBytes = wholeBatchBound(options.maxBatchBytes)
  const { end } = await seg.walk({ checkCrc: true, withBytes: true, maxBatchBytes }, (b) =>
    visit(b.bytes!, { file: seg.logPath, position: b.position }),
  )
  if (end.kind === 'corrupt') {
    throw new LogError(
      'KLOG_CORRUPT_SEGMENT',
      `compaction found an invalid batch in ${seg.logPath} at position ${end.position}: ${end.reason}`,
      {
        file: seg.logPath,
        position: end.position,
      },
    )
  }
}

function decodeAll(bytes: Buffer, site: DecodeSite): LogRecord[] {
  const out: LogRecord[] = []
  decodeBatch(bytes, 0, 0, out, Infinity, undefined, { site })
  return out
}

/**
 * The dirty range and whether it is worth cleaning now: the first uncleanable offset, and the
 * dirty ratio over whole segments.
 */
export function cleanableRange(input: CleanerInput): { firstDirty: number; firstUncleanable: number; ratio: number } | undefined {
  const { sealed, options, now } = input
  let firstUncleanable = sealed.length === 0 ? input.firstDirtyOffset : sealed[sealed.length - 1]!.end
  for (const s of sealed) {
    if (options.minCompactionLagMs > 0 && now - s.segment.largestTimestamp() < options.minCompactionLagMs) {
      firstUncleanable = s.segment.baseOffset
      break
    }
  }
  if (sealed.length === 0) return undefined
  // Nothing dirty (everything below was cleaned) still leaves a range to rewrite when forced:
  // expired tombstones and keyless records go, with an empty map.
  const firstDirty = Math.min(Math.max(input.firstDirtyOffset, input.logStartOffset), firstUncleanable)
  let clean = 0
  let dirty = 0
  for (const s of sealed) {
    if (s.end <= firstDirty) clean += s.segment.size
    else if (s.segment.baseOffset < firstUncleanable) dirty += s.segment.size
  }
  const ratio = dirty + clean === 0 ? 0 : dirty / (dirty + clean)
  return { firstDirty, firstUncleanable, ratio }
}

/**
 * The key map's slot of each keyed record of the dirty range, by offset (-1: not known, hash the key),
 * for the first `cleanerBufferBytes / 16` offsets of the range (4 bytes each: a quarter of the key
 * map's budget at most, grown as the map fills).
 */
class SlotMemo {
  #slots = new Int32Array(0)
  readonly #first: number
  readonly #max: number
  constructor(first: number, budgetBytes: number) {
    this.#first = first
    this.#max = Math.max(1024, Math.floor(budgetBytes / 16))
  }

  set(offset: number, slot: number): void {
    const i = offset - this.#first
    if (i < 0 || i >= this.#max) return
    if (i >= this.#slots.length) {
      const grown = new Int32Array(Math.min(this.#max, Math.max(i + 1, this.#slots.length * 2, 1024))).fill(-1)
      grown.set(this.#slots)
      this.#slots = grown
    }
    this.#slots[i] = slot
  }

  get(offset: number): number {
    const i = offset - this.#first
    return i >= 0 && i < this.#slots.length ? this.#slots[i]! : -1
  }
}

/**
 * Runs steps 1-3 of a round (see the module doc).
 * @returns the groups written to the scratch directory (to swap in), and the round's report; or
 *   `undefined` when nothing is cleanable or the dirty ratio is below the threshold
 * @throws LogError `KLOG_CORRUPT_SEGMENT` when a sealed segment holds an invalid batch (nothing is changed)
 */
export async function cleanRound(input: CleanerInput): Promise<{ groups: CleanedGroup[]; report: CompactionReport } | undefined> {
  const range = cleanableRange(input)
  if (range === undefined) return undefined
  if (!input.force && (range.firstDirty >= range.firstUncleanable || range.ratio < input.options.minCleanableDirtyRatio)) return undefined
  const { firstDirty, firstUncleanable } = range
  const { options, now } = input
  const map = new OffsetMap(options.cleanerBufferBytes)
  // Each keyed record's slot in the map, by offset from firstDirty, so that step 3 need not hash a
  // key step 2 hashed (MD5 is most of a round's CPU); beyond its bound, step 3 hashes again.
  const slots = new SlotMemo(firstDirty, options.cleanerBufferBytes)

  // 2. The key map over [firstDirty, firstUncleanable), ending early when full.
  let endOffset = firstUncleanable
  let mapFull = false
  for (const s of input.sealed) {
    if (s.end <= firstDirty) continue
    if (s.segment.baseOffset >= firstUncleanable || mapFull) break
    await eachBatch(s.segment, options, (bytes, site) => {
      if (batchLastOffset(bytes, 0) < firstDirty) return true
      for (const r of decodeAll(bytes, site)) {
        if (r.offset < firstDirty || r.key === null) continue
        if (r.offset >= firstUncleanable) return false
        const slot = map.putSlot(OffsetMap.digest(r.key), r.offset)
        if (slot < 0) {
          endOffset = r.offset
          mapFull = true
          return false
        }
        slots.set(r.offset, slot)
      }
      return true
    })
    if (endOffset < firstUncleanable || mapFull) break
  }

  // 3. Group the segments to rewrite: every sealed segment that reaches below endOffset.
  const todo = input.sealed.filter((s) => s.segment.baseOffset < endOffset)
  const groups: Array<typeof todo> = []
  for (const s of todo) {
    const g = groups[groups.length - 1]
    const size = g?.reduce((n, x) => n + x.segment.size, 0) ?? 0
    if (g !== undefined && size + s.segment.size <= options.segmentBytes && s.end - 1 - g[0]!.segment.baseOffset <= INT32_MAX) g.push(s)
    else groups.push([s])
  }
  const scratch = path.join(input.dir, CLEANER_SCRATCH)
  fs.rmSync(scratch, { recursive: true, force: true })
  fs.mkdirSync(scratch)
  const horizon = now + options.deleteRetentionMs
  const cleaned: CleanedGroup[] = []
  for (const g of groups) {
    const base = g[0]!.segment.baseOffset
    const out = Segment.create(scratch, base)
    const group: CleanedGroup = {
      base,
      old: g.map((s) => s.segment),
      contents: g.map((s) => s.content),
      end: g[g.length - 1]!.end,
      files: { log: out.logPath, index: out.indexPath, timeIndex: out.timeIndexPath },
      bytesBefore: 0,
      bytesAfter: 0,
      recordsRemoved: 0,
      tombstonesRemoved: 0,
    }
    try {
      for (let i = 0; i < g.length; i++) {
        const seg = g[i]!.segment
        group.bytesBefore += seg.size
        let pending: { bytes: Buffer; meta: BatchMeta } | undefined
        const write = (bytes: Buffer, meta: BatchMeta): void => out.append([bytes], [meta], options.indexIntervalBytes)
        await eachBatch(seg, options, async (batch, site) => {
          pending = undefined // an emptied batch followed by another is dropped
          const records = decodeAll(batch, site)
          const batchHorizon = deleteHorizonOf(batch, 0)
          const kept = records.filter((r) => {
            if (r.offset >= endOffset) return true
            if (r.key === null) return false
            const slot = slots.get(r.offset)
            const latest = slot >= 0 ? map.latestAt(slot) : map.get(OffsetMap.digest(r.key))
            if (latest > r.offset) return false
            if (r.value === null && batchHorizon >= 0 && now >= batchHorizon) {
              group.tombstonesRemoved++
              return false
            }
            return true
          })
          group.recordsRemoved += records.length - kept.length
          const lastOffset = batchLastOffset(batch, 0)
          const needsHorizon = batchHorizon < 0 && kept.some((r) => r.value === null && r.offset < endOffset)
          let bytes: Buffer
          if (kept.length === records.length && !needsHorizon) {
            bytes = Buffer.from(batch)
          } else {
            bytes = await rewriteBatch(batch, 0, kept, horizon)
          }
          const meta = { size: bytes.length, lastOffset, maxTimestamp: batchMaxTimestamp(bytes, 0) }
          // An emptied batch goes, unless it is the group's last (it keeps the group's end offset).
          if (kept.length === 0) pending = { bytes, meta }
          else write(bytes, meta)
        })
        if (pending !== undefined && i === g.length - 1) write(pending.bytes, pending.meta)
      }
      await out.seal()
      group.bytesAfter = out.size
    } finally {
      out.close()
    }
    cleaned.push(group)
  }
  const report: CompactionReport = {
    segmentsCleaned: todo.length,
    segmentsWritten: cleaned.length,
    bytesBefore: cleaned.reduce((n, g) => n + g.bytesBefore, 0),
    bytesAfter: cleaned.reduce((n, g) => n + g.bytesAfter, 0),
    recordsRemoved: cleaned.reduce((n, g) => n + g.recordsRemoved, 0),
    tombstonesRemoved: cleaned.reduce((n, g) => n + g.tombstonesRemoved, 0),
    firstDirtyOffset: firstDirty,
    endOffset,
    keys: map.size,
    mapBytes: map.memoryBytes,
    longestSwapMs: 0,
    abandoned: false,
  }
  return { groups: cleaned, report }
}

/** What a compaction round needs from the writer's side of the log (`LogOwner`). */
export interface CompactionHost {
  readonly dir: string
  readonly options: ResolvedLogOptions
  readonly logStartOffset: number
  readonly cleanerCheckpoint: number
  /** The sealed segments with their ends and contents, pinned (the round releases them). */
  sealedForCleaning(): Promise<CleanableSegment[]>
  /** Swaps `group` in if nothing `pending` (it and the groups after it) was built from changed. */
  swapCleaned(group: CleanedGroup, pending: readonly CleanedGroup[], endOffset: number): boolean
}

/** The report of a round whose input changed before it wrote anything it could swap. */
function abandonedRound(firstDirtyOffset: number, mapBytes: number): CompactionReport {
  return {
    segmentsCleaned: 0,
    segmentsWritten: 0,
    bytesBefore: 0,
    bytesAfter: 0,
    recordsRemoved: 0,
    tombstonesRemoved: 0,
    firstDirtyOffset,
    endOffset: firstDirtyOffset,
    keys: 0,
    mapBytes,
    longestSwapMs: 0,
    abandoned: true,
  }
}

/**
 * One whole round for the writer: pins the sealed segments, runs {@link cleanRound} beside appends,
 * then swaps each group in through `exclusively` (which holds appends off for exactly that call),
 * and always releases the pins and the scratch directory. A round whose input changed under it
 * (see the module doc) ends early with `abandoned: true`.
 * @returns the round's report, or `undefined` when there was nothing to compact
 */
export async function runCompaction(
  host: CompactionHost,
  force: boolean,
  exclusively: (swap: () => boolean) => Promise<boolean>,
): Promise<CompactionReport | undefined> {
  const sealed = await host.sealedForCleaning()
  const firstDirtyOffset = host.cleanerCheckpoint
  try {
    let round: Awaited<ReturnType<typeof cleanRound>>
    try {
      round = await cleanRound({
        dir: host.dir,
        options: host.options,
        sealed,
        logStartOffset: host.logStartOffset,
        firstDirtyOffset,
        now: Date.now(),
        force,
      })
    } catch (err) {
      // A truncation that cut a segment while the round read it leaves bytes the walk rejects: the
      // round's input changed, the log is not damaged. Damage in unchanged segments still fails it.
      if (sealed.some((s) => !s.segment.hasContent(s.content))) return abandonedRound(firstDirtyOffset, host.options.cleanerBufferBytes)
      throw err
    }
    if (round === undefined) return undefined
    const { groups, report } = round
    let swappedGroups = 0
    for (let i = 0; i < groups.length; i++) {
      let stall = 0
      const swapped = await exclusively(() => {
        const started = performance.now()
        try {
          return host.swapCleaned(groups[i]!, groups.slice(i), report.endOffset)
        } finally {
          stall = performance.now() - started
        }
      })
      report.longestSwapMs = Math.max(report.longestSwapMs, stall)
      if (!swapped) {
        report.abandoned = true
        break
      }
      swappedGroups++
    }
    // The counts describe what reached the log.
    const done = groups.slice(0, swappedGroups)
    report.segmentsCleaned = done.reduce((n, g) => n + g.old.length, 0)
    report.segmentsWritten = done.length
    report.bytesBefore = done.reduce((n, g) => n + g.bytesBefore, 0)
    report.bytesAfter = done.reduce((n, g) => n + g.bytesAfter, 0)
    report.recordsRemoved = done.reduce((n, g) => n + g.recordsRemoved, 0)
    report.tombstonesRemoved = done.reduce((n, g) => n + g.tombstonesRemoved, 0)
    return report
  } catch (err) {
    throw err instanceof LogError ? err : ioError(err, 'compaction', host.dir)
  } finally {
    for (const s of sealed) s.segment.release()
    removeScratch(host.dir)
  }
}
