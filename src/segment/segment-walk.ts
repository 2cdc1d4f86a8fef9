/**
 * The walk over a whole segment's `.log` that recovery and the index rebuild share: batch headers
 * from position 0, in chunks of 1 MiB, checked by the same header walk readers use (bounds, magic,
 * the first batch at the segment's base offset and each later one right after the one before,
 * compaction's gaps allowed below `gapsBelow`). Whatever the walk rejects ends the segment's valid
 * prefix; so does a visitor that returns false (recovery's CRC check).
 *
 * Writer only (at load, before anything is published); reads the file, changes nothing.
 */
import { HeaderWalk, Step } from '../format/header-walk.js'
import { readAt } from '../io/files.js'
import { BATCH_HEADER_SIZE } from '../format/record-batch.js'

/** What the walk reads of a segment. */
export interface WalkedSegment {
  readonly baseOffset: number
  readonly fd: number
  /** Offsets below this may have gaps left by compaction (none when absent). */
  readonly gapsBelow?: number
}

/**
 * Called for each batch the header walk accepts, in order. `walk` describes the batch (`size`,
 * `lastOffset`, `maxTimestamp`); with `withBatches`, `bytes[at, at + walk.size)` holds the whole
 * batch. Returning false ends the valid prefix before this batch.
 */
export type BatchVisitor = (position: number, walk: HeaderWalk, bytes: Buffer, at: number) => boolean

const CHUNK = 1024 * 1024

/**
 * Walks `seg` from position 0 up to `limit` bytes, the first batch starting at `firstOffset`.
 * @returns the position after the last batch accepted (the end of the valid prefix)
 */
export async function walkSegment(
  seg: WalkedSegment,
  limit: number,
  firstOffset: number,
  withBatches: boolean,
  visit: BatchVisitor,
): Promise<number> {
  let buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(limit, BATCH_HEADER_SIZE)))
  let bufStart = 0
  let bufEnd = 0
  const walk = new HeaderWalk(
    seg.baseOffset,
    { position: 0, expectedBase: firstOffset, expectedLast: -1, gapsBelow: seg.gapsBelow ?? 0 },
    limit,
  )
  let valid = 0
  for (;;) {
    const pos = walk.position
    const need = walk.needed
    if (need > 0 && pos + need > bufEnd) {
      bufStart = pos
      bufEnd = pos + (await readAt(seg.fd, buf, 0, Math.min(buf.length, limit - pos), pos))
    }
    if (walk.step(buf.subarray(0, bufEnd - bufStart), pos - bufStart) !== Step.Found) break
    if (withBatches && pos + walk.size > bufEnd) {
      if (walk.size > buf.length) buf = Buffer.allocUnsafe(walk.size)
      bufStart = pos
      bufEnd = pos + (await readAt(seg.fd, buf, 0, Math.min(buf.length, limit - pos), pos))
    }
    if (!visit(pos, walk, buf.subarray(0, bufEnd - bufStart), pos - bufStart)) break
    valid = walk.position
  }
  return valid
}
