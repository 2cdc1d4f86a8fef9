/**
 * What open-time recovery reports (`log.recovery`): plain data types shared by the loader that fills
 * them, the diagnostics channel that publishes them and the public API that returns them.
 */

/** What a recovery pass found and did; available as `log.recovery` after open. */
export interface RecoveryReport {
  /**
   * True when the previous run shut down cleanly and nothing was scanned; also true for a log this
   * open created (see {@link RecoveryReport.created}): there was nothing to recover.
   */
  clean: boolean
  /**
   * True when the directory held no log before this open (no segment, checkpoint, clean-shutdown
   * marker or state file), so the open created it.
   */
  created: boolean
  /** Segments whose data was read and validated. */
  segmentsScanned: number
  /** Bytes cut from torn or corrupt tails. */
  bytesTruncated: number
  /** Segments whose `.index` and `.timeindex` were rebuilt. */
  indexesRebuilt: number
  /** Segments deleted because they followed a truncation point (or lay below the log start). */
  segmentsDeleted: number
  /** The recovery point the scan started from. */
  recoveryPoint: number
  /**
   * Damage and losses found at open: repaired without losing a record (a rebuilt index, a stray
   * file set aside), repaired by giving up records that cannot be served (a log-start checkpoint
   * beyond the log end), flushed records found missing, or a damaged batch kept as it is. Empty
   * after an undamaged open. See `docs/guarantees.md`.
   */
  repairs: RecoveryRepair[]
}

/** One repair made at open; see {@link RecoveryReport.repairs}. */
export interface RecoveryRepair {
  /**
   * - `'index-rebuilt'`: an `.index` or `.timeindex` failed its sanity check and was rebuilt from the `.log`;
   * - `'stray-file'`: a segment file that does not continue the log (an empty segment that is not the
   *   last, a segment created after a clean shutdown, or one whose base offset does not follow the
   *   segment before it) was moved aside to `<name>.stray`, with its indexes, for an operator to inspect;
   * - `'log-start-reset'`: the log-start checkpoint lay beyond the log end and was lowered to the
   *   first segment's base offset (no segment is deleted for it);
   * - `'head-missing'`: the first segment starts above the checkpointed log start: the records in
   *   between are not on disk (a deleted first segment), and the log start moved up to it;
   * - `'tail-missing'`: the log ends below the recovery point or the log end a clean shutdown
   *   recorded: flushed records are not on disk (a deleted, emptied or cut active segment, or damage
   *   at the end of the log that recovery cut); `offsets` names them;
   * - `'damaged-batch'`: a batch below the recovery point fails its CRC while intact batches follow
   *   it: not repaired, kept with every record after it (`get` serves those; reads of the damaged
   *   batch reject with `KLOG_CORRUPT_SEGMENT`); `position` and `offsets` name it. When it lies in
   *   the active segment, the open rolls: records appended from then on go to a new segment;
   * - `'compaction-checkpoint-reset'`: `cleaner-offset-checkpoint` was unreadable, or
   *   `compacted-until-offset-checkpoint` was unreadable, missing or below what the cleaner
   *   checkpoint or the segments' own holes show; it was re-derived and rewritten (nothing is
   *   deleted for it: at worst compaction cleans again).
   */
  kind:
    'index-rebuilt' | 'stray-file' | 'log-start-reset' | 'head-missing' | 'tail-missing' | 'damaged-batch' | 'compaction-checkpoint-reset'
  /** The file involved. */
  file: string
  /** What was wrong. */
  reason: string
  /** `'damaged-batch'`: the batch's byte position in `file`. */
  position?: number
  /**
   * The offsets involved, `[from, to)`: the missing ones (`'head-missing'`, `'tail-missing'`), or
   * the damaged batch's (`'damaged-batch'`: `to` is where the intact batch after it starts).
   */
  offsets?: { from: number; to: number }
}

/** What one compaction round did. */
export interface CompactionReport {
  /** Sealed segments rewritten. */
  segmentsCleaned: number
  /** Segments after the round (groups merge several into one). */
  segmentsWritten: number
  /** Bytes of the rewritten segments before and after. */
  bytesBefore: number
  /** Bytes of the segments that replaced them. */
  bytesAfter: number
  /** Records removed (superseded, keyless, expired tombstones). */
  recordsRemoved: number
  /** Of those, tombstones whose delete horizon had passed. */
  tombstonesRemoved: number
  /** Offsets cleaned: [firstDirtyOffset, endOffset) was deduplicated against the key map. */
  firstDirtyOffset: number
  /** The end of the cleaned range (exclusive). */
  endOffset: number
  /** Distinct keys the map held, and its memory budget. */
  keys: number
  /** The key map's memory budget in bytes. */
  mapBytes: number
  /** Longest time appends were held off, in ms (the swap of one group). */
  longestSwapMs: number
  /**
   * True when the log changed under the round (a truncation, retention or record deletion touched
   * segments it had read) and what it had not swapped yet was dropped; the counts above cover only
   * what was swapped. A later round cleans the rest.
   */
  abandoned: boolean
}

/** What `log.backup(target)` resolves to. */
export interface BackupResult {
  /** The backup's directory (absolute): open it with `Log.open`. */
  dir: string
  /** The snapshot's log start offset: the backup's first record. */
  logStartOffset: number
  /** The snapshot's high watermark: the backup holds exactly the records below it. */
  highWatermark: number
  /** Segments in the backup. */
  segments: number
  /** Files hard-linked from the live log (sealed segments and their indexes). */
  linked: number
  /** Files copied (the active segment, sealed ones where linking failed, consumers and metadata). */
  copied: number
  /** Bytes copied (linked files cost none). */
  bytesCopied: number
}
