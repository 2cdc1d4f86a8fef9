/**
 * Small metadata files in the log directory, each replaced atomically and durably (temp file,
 * fsync, rename, fsync of the directory; see `io/atomic-file.ts`).
 *
 * - `recovery-point-offset-checkpoint`, `log-start-offset-checkpoint`: Kafka's `CheckpointFile` text
 *   format (version line `0`, entry count `1`, then `log 0 <offset>`).
 * - `.kafka_cleanshutdown`: the clean-shutdown marker. Kafka's is empty; ours carries the few facts a
 *   clean open needs so that it reads no segment data (log end offset, active segment size and the
 *   timestamp of its first batch) and a CRC-32C of them. Kafka ignores the content. The marker is deleted as soon as it has
 *   been read (KAFKA-10471), so a crash while opening still counts as unclean.
 *
 * Writer only.
 */
import fs from 'node:fs'
import path from 'node:path'
import { crc32c } from '../format/crc32c.js'
import { fsyncDirSync, unlinkQuiet } from '../io/files.js'
import { writeFileAtomic, writeFileAtomicSync } from '../io/atomic-file.js'

/** Kafka's recovery-point checkpoint: offsets below it are known to be flushed. */
export const RECOVERY_POINT_FILE = 'recovery-point-offset-checkpoint'
/**
 * The cleaner checkpoint (Kafka keeps it per log directory as `cleaner-offset-checkpoint`): the first
 * dirty offset, where compaction's next round starts deduplicating. Moved after each swap, lowered by
 * a truncation below it (before the files change), clamped to the log end at open. Losing it only
 * means cleaning again.
 */
export const CLEANER_CHECKPOINT_FILE = 'cleaner-offset-checkpoint'
/**
 * Ours, not Kafka's: below it, offsets may have holes left by compaction, accepted batch by batch
 * without a walk. A hint, not the judge: above it a hole is accepted once the segment's own batches
 * vouch for it (`Segment.allowsHole`), so a lost, damaged or lowered file costs a walk, never a
 * false error. Raised before each compaction swap commits, lowered by a truncation below it,
 * re-derived at open when missing, unreadable or below the cleaner checkpoint.
 */
export const COMPACTED_UNTIL_FILE = 'compacted-until-offset-checkpoint'
/** Kafka's log-start-offset checkpoint: the first offset retention kept. */
export const LOG_START_FILE = 'log-start-offset-checkpoint'
/** Kafka's clean-shutdown marker: present only while the log is closed cleanly. */
export const CLEAN_SHUTDOWN_FILE = '.kafka_cleanshutdown'

/** Writes one offset in Kafka's checkpoint format. */
export function writeOffsetCheckpoint(dir: string, name: string, offset: number): void {
  writeFileAtomicSync(dir, name, checkpointText(offset))
}

/** Async {@link writeOffsetCheckpoint} (the recovery point's background writes). */
export function writeOffsetCheckpointAsync(dir: string, name: string, offset: number): Promise<void> {
  return writeFileAtomic(dir, name, checkpointText(offset))
}

function checkpointText(offset: number): string {
  return `0\n1\nlog 0 ${offset}\n`
}

/** Reads an offset checkpoint; `undefined` when missing or malformed (treated as absent). */
export function readOffsetCheckpoint(dir: string, name: string): number | undefined {
  const c = inspectOffsetCheckpoint(dir, name)
  return typeof c === 'number' ? c : undefined
}

/** An offset checkpoint's offset, or whether it is `'missing'` or `'unreadable'` (malformed, or not a file). */
export function inspectOffsetCheckpoint(dir: string, name: string): number | 'missing' | 'unreadable' {
  let text: string
  try {
    text = fs.readFileSync(path.join(dir, name), 'utf8')
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable'
  }
  const lines = text.split('\n').filter((l) => l.length > 0)
  if (lines[0] !== '0' || lines[1] !== '1' || lines.length !== 3) return 'unreadable'
  const n = Number(lines[2]!.trim().split(/\s+/)[2])
  return Number.isSafeInteger(n) && n >= 0 ? n : 'unreadable'
}

/** What the clean-shutdown marker records. */
export interface CleanShutdown {
  logEndOffset: number
  activeBaseOffset: number
  activeSize: number
  activeFirstBatchTimestamp: number
}

/**
 * The marker's own checksum: a clean open trusts the log end it records without reading any segment
 * data, so a changed digit must not pass as a valid marker (a damaged marker means an unclean open).
 */
function markerCheck(state: CleanShutdown): number {
  const { logEndOffset, activeBaseOffset, activeSize, activeFirstBatchTimestamp } = state
  return crc32c(Buffer.from(JSON.stringify([logEndOffset, activeBaseOffset, activeSize, activeFirstBatchTimestamp])))
}

/** Writes the clean-shutdown marker (after everything else is durable). */
export function writeCleanShutdown(dir: string, state: CleanShutdown): void {
  writeFileAtomicSync(dir, CLEAN_SHUTDOWN_FILE, JSON.stringify({ ...state, check: markerCheck(state) }) + '\n')
}

/**
 * Reads and deletes the clean-shutdown marker (deleting it durably before any loading starts).
 * @returns its content, or `undefined` when absent or unreadable (an unclean shutdown)
 */
export function consumeCleanShutdown(dir: string): CleanShutdown | undefined {
  const file = path.join(dir, CLEAN_SHUTDOWN_FILE)
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
  unlinkQuiet(file)
  fsyncDirSync(dir)
  try {
    const v = JSON.parse(text) as Partial<CleanShutdown> & { check?: unknown }
    const ok = [v.logEndOffset, v.activeBaseOffset, v.activeSize, v.activeFirstBatchTimestamp].every(
      (n) => typeof n === 'number' && Number.isSafeInteger(n),
    )
    // A marker without its checksum (or with a wrong one) was not written whole by us: unclean.
    return ok && v.check === markerCheck(v as CleanShutdown) ? (v as CleanShutdown) : undefined
  } catch {
    return undefined
  }
}
