/**
 * THE batch walk over a `.log` file: every pass that goes through a segment's batches from its start
 * (recovery, the index rebuild, the cleaner, the swap recovery, views of a foreign log, `inspect`)
 * runs this one loop, so there is one place that decides what a batch may say and how a damaged
 * one is reported.
 *
 * Each batch header is classified by the header walk (`format/header-walk.ts`: bounds, magic, the
 * first batch at `firstOffset` and each later one right after the one before, compaction's holes
 * accepted as `gapsBelow` says). On request the walk also checks the batch's CRC-32C and hands the
 * visitor the whole batch. The walk ends in exactly one of three ways ({@link WalkEnd}):
 * - `end`: it stands exactly at `limit`: every byte below it belongs to an accepted batch;
 * - `stopped`: the visitor declined the batch at `position`;
 * - `corrupt`: the batch at `position` cannot be right (`reason`), or the bytes end inside it
 *   (`torn`: what a crash in the middle of a write leaves); `crcOf` describes the batch when its
 *   header was accepted and only its CRC failed (so a caller may look past it).
 *
 * Bounded memory: the file is read in chunks of at most 1 MiB. A CRC is computed over the chunks
 * (no batch is held whole for it); only `withBytes` holds a whole batch, and a batch larger than
 * `maxBatchBytes` then ends the walk as corrupt before anything is allocated for it, so a damaged
 * header that declares a huge batch (or a sparse file) cannot make the process allocate it.
 *
 * It is also where a segment's compaction holes are vouched for ({@link holesVouched}): a walk of
 * the whole segment that accepts holes anywhere but must account for every byte and end exactly at
 * the segment's known end. docs/guarantees.md ("Compaction holes and damage") argues why that tells
 * a hole from a damaged base offset, and what it cannot tell.
 *
 * The loop is written once, as a generator that asks for reads and visits; {@link walkBatchesSync}
 * and {@link walkBatches} answer them synchronously or asynchronously. Safe from any thread: a walk
 * owns its buffers and changes no file.
 */
import { BATCH_HEADER_SIZE } from '../format/record-batch.js'
import { uint32BE } from '../format/batch-header.js'
import { crc32c } from '../format/crc32c.js'
import { HeaderWalk, Step, type GapRule } from '../format/header-walk.js'
import { readAt, readAtSync } from '../io/files.js'

/** How a walk ended (see the module doc). */
export type WalkEnd =
  | { kind: 'end'; position: number }
  | { kind: 'stopped'; position: number }
  | { kind: 'corrupt'; position: number; reason: string; torn: boolean; crcOf?: CrcFailure }

/** The batch whose CRC failed, when the header walk accepted its header and only the CRC is wrong. */
export interface CrcFailure {
  /** Bytes of the whole batch (from its header's length, which the header walk bounded). */
  size: number
  /** Its base offset (outside the CRC; checked against what precedes it). */
  baseOffset: number
  /** Its last offset as its header says (inside the CRC: not to be trusted). */
  lastOffset: number
}

/** What a walk found. */
export interface WalkResult {
  /** How and where it ended. */
  end: WalkEnd
  /** The position after the last accepted batch: the end of the valid prefix. */
  valid: number
  /** The offset after the last accepted batch (when none was accepted: `from.expectedBase`, or `firstOffset`). */
  nextOffset: number
  /** The number of batches accepted. */
  batches: number
}

/** One batch, as the visitor sees it. Buffers are valid only during the visit. */
export interface WalkedBatch {
  /** File position of the batch. */
  position: number
  /** Bytes of the whole batch, its 12-byte log overhead included. */
  size: number
  baseOffset: number
  lastOffset: number
  maxTimestamp: number
  recordsCount: number
  /** The batch's header (its first 61 bytes). */
  header: Buffer
  /** The whole batch, with `withBytes`; otherwise undefined. */
  bytes: Buffer | undefined
  /** Whether the walk checked this batch's CRC (and found it right). */
  crcChecked: boolean
}

/** Returning false declines the batch: the walk ends `stopped` before it. */
export type BatchVisitor = (batch: WalkedBatch) => boolean | void

/** A visitor of {@link walkBatches}, which may also be asynchronous (the cleaner compresses). */
export type AsyncBatchVisitor = (batch: WalkedBatch) => boolean | void | Promise<boolean | void>

/** What and how to walk. */
export interface WalkOptions {
  /** The segment's base offset (relative offsets must fit int32 from it). */
  baseOffset: number
  /** Bytes of the file to walk, from position 0: the file size, or a published position. */
  limit: number
  /** The offset the first batch must start at; -1 when unknown (a file of unknown origin). @default baseOffset */
  firstOffset?: number
  /** Where compaction's holes are accepted (see `GapRule`). @default 0 (nowhere) */
  gapsBelow?: GapRule
  /**
   * Start inside the file instead of at position 0: at `position`, where a batch with base offset
   * `expectedBase` (-1: any) must start. Recovery resumes after a damaged batch with it.
   * @default position 0, `firstOffset`
   */
  from?: { position: number; expectedBase: number }
  /** Which batches to CRC-check: all, none, or those a predicate picks. @default false */
  checkCrc?: boolean | ((batch: WalkedBatch) => boolean)
  /** Hand the visitor each whole batch (`WalkedBatch.bytes`). @default false */
  withBytes?: boolean
  /** With `withBytes`: a larger batch ends the walk as corrupt instead of being read. @default 2^31 - 1 */
  maxBatchBytes?: number
}

/**
 * What the walk asks its driver for: a read (fill `buf[0, length)` from file position `position`,
 * answer the bytes read) or a visit of `batch` (answer false to stop).
 */
type Request = { read: true; buf: Buffer; length: number; position: number } | { read: false; batch: WalkedBatch }

const CHUNK = 1024 * 1024
const CRC_START = 21

function* walk(options: WalkOptions): Generator<Request, WalkResult, number | boolean | void> {
  const { baseOffset, limit, gapsBelow = 0, withBytes = false, maxBatchBytes = 2 ** 31 - 1, checkCrc = false } = options
  const firstOffset = options.firstOffset ?? baseOffset
  const from = options.from ?? { position: 0, expectedBase: firstOffset }
  const walker = new HeaderWalk(
    baseOffset,
    { position: from.position, expectedBase: from.expectedBase, expectedLast: -1, gapsBelow },
    limit,
  )
  let buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(limit - from.position, BATCH_HEADER_SIZE)))
  const header = Buffer.allocUnsafe(BATCH_HEADER_SIZE)
  // buf[0, bufEnd - bufStart) holds the file's bytes [bufStart, bufEnd).
  let bufStart = 0
  let bufEnd = 0
  let valid = from.position
  let nextOffset = from.expectedBase >= 0 ? from.expectedBase : firstOffset
  let batches = 0
  const result = (end: WalkEnd): WalkResult => ({ end, valid, nextOffset, batches })
  const corrupt = (position: number, reason: string, torn: boolean): WalkResult => result({ kind: 'corrupt', position, reason, torn })

  for (;;) {
    const pos = walker.position
    const need = walker.needed
    if (need > 0 && (pos < bufStart || pos + need > bufEnd)) {
      bufStart = pos
      bufEnd = pos + ((yield { read: true, buf, length: Math.min(buf.length, limit - pos), position: pos }) as number)
    }
    const step = walker.step(buf.subarray(0, bufEnd - bufStart), pos - bufStart)
    if (step === Step.End) return result({ kind: 'end', position: pos })
    if (step === Step.Corrupt) return corrupt(walker.corruptPosition, walker.reason, walker.torn)
    // A copy: the chunk buffer is refilled below while the visitor may still read the header.
    buf.copy(header, 0, pos - bufStart, pos - bufStart + BATCH_HEADER_SIZE)
    const size = walker.size
    const batch: WalkedBatch = {
      position: pos,
      size,
      baseOffset: walker.baseOffset,
      lastOffset: walker.lastOffset,
      maxTimestamp: walker.maxTimestamp,
      recordsCount: walker.recordsCount,
      header,
      bytes: undefined,
      crcChecked: false,
    }
    const wantCrc = typeof checkCrc === 'function' ? checkCrc(batch) : checkCrc
    if (withBytes) {
      if (size > maxBatchBytes) return corrupt(pos, `batch of ${size} bytes exceeds the bound of ${maxBatchBytes}`, false)
      if (pos + size > bufEnd) {
        if (size > buf.length) buf = Buffer.allocUnsafe(size)
        bufStart = pos
        bufEnd = pos + ((yield { read: true, buf, length: Math.min(buf.length, limit - pos), position: pos }) as number)
        if (bufEnd < pos + size) return corrupt(pos, 'the file ends inside the batch', true)
      }
      batch.bytes = buf.subarray(pos - bufStart, pos - bufStart + size)
    }
    if (wantCrc) {
      // CRC-32C over [21, size), chunk by chunk: no batch is held whole for its checksum.
      let crc = 0
      let p = pos + CRC_START
      while (p < pos + size) {
        if (p < bufStart || p >= bufEnd) {
          bufStart = p
          bufEnd = p + ((yield { read: true, buf, length: Math.min(buf.length, limit - p), position: p }) as number)
          if (bufEnd <= p) return corrupt(pos, 'the file ends inside the batch', true)
        }
        const take = Math.min(pos + size, bufEnd) - p
        crc = crc32c(buf.subarray(p - bufStart, p - bufStart + take), crc)
        p += take
      }
      if (crc !== uint32BE(header, 17)) {
        const crcOf = { size, baseOffset: batch.baseOffset, lastOffset: batch.lastOffset }
        return result({ kind: 'corrupt', position: pos, reason: 'the batch fails its CRC-32C', torn: false, crcOf })
      }
      batch.crcChecked = true
    }
    if ((yield { read: false, batch }) === false) return result({ kind: 'stopped', position: pos })
    valid = walker.position
    nextOffset = walker.lastOffset + 1
    batches++
  }
}

/**
 * Walks the `.log` open as `fd` with synchronous reads (tools, views, open-time passes).
 * @returns how the walk ended and the valid prefix
 */
export function walkBatchesSync(fd: number, options: WalkOptions, visit: BatchVisitor = () => true): WalkResult {
  const steps = walk(options)
  let next = steps.next()
  while (next.done !== true) {
    const r = next.value
    next = steps.next(r.read ? readAtSync(fd, r.buf, 0, r.length, r.position) : visit(r.batch))
  }
  return next.value
}

/** Reads into `buf[0, length)` from `position`, resolving to the bytes read (fewer only at the end of the file). */
export type ReadInto = (buf: Buffer, length: number, position: number) => number | Promise<number>

/**
 * Walks a `.log` with asynchronous reads: `source` is a descriptor or a read function (a segment's
 * pinned reads).
 * @returns how the walk ended and the valid prefix
 */
export async function walkBatches(
  source: number | ReadInto,
  options: WalkOptions,
  visit: AsyncBatchVisitor = () => true,
): Promise<WalkResult> {
  const read: ReadInto = typeof source === 'number' ? (buf, length, position) => readAt(source, buf, 0, length, position) : source
  const steps = walk(options)
  let next = steps.next()
  while (next.done !== true) {
    const r = next.value
    next = steps.next(r.read ? await read(r.buf, r.length, r.position) : await visit(r.batch))
  }
  return next.value
}

/** The end a segment's holes are vouched against (see {@link holesVouched}). */
export interface VouchedEnd {
  /** The segment's base offset. */
  baseOffset: number
  /** Bytes of the segment that hold whole batches: its size, or the published position. */
  position: number
  /** The offset after its last batch: the next segment's base offset, or the log end. */
  offset: number
}

/**
 * Whether the holes of a segment's `.log` are compaction's, judged by its batches: THE walk over
 * `[0, end.position)`, holes accepted anywhere, every CRC checked, must accept every batch, stand
 * exactly at `end.position` when it ends, and end at `end.offset` (the offset after the last batch).
 *
 * Why this vouches for holes: a base offset lies outside its batch's CRC, so a damaged one can only
 * be told by what surrounds it. Offsets must strictly increase and the last batch must end exactly
 * where the segment ends (compaction keeps each group's last batch, even emptied, for this). A base
 * offset damaged upwards makes its batch overlap the next one or run past the end; downwards, overlap
 * the one before or start below the segment. Either fails the walk, so no hole is accepted in that
 * segment and the gap is reported where a read meets it. What it cannot see: a batch (not the last)
 * whose base offset moved only inside the holes around it (see docs/guarantees.md).
 * @param visit - called for each batch the walk accepted and CRC-checked (to remember the check)
 */
export function holesVouched(fd: number, end: VouchedEnd, visit: BatchVisitor = () => true): boolean {
  if (end.position <= 0 || end.offset <= end.baseOffset) return false
  const result = walkBatchesSync(
    fd,
    { baseOffset: end.baseOffset, limit: end.position, gapsBelow: Number.MAX_SAFE_INTEGER, checkCrc: true },
    visit,
  )
  return result.end.kind === 'end' && result.valid === end.position && result.batches > 0 && result.nextOffset === end.offset
}
