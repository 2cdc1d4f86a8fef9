/**
 * The reader's fetch engine (moving here from src/reader.ts): where a read of `LogReader` stopped, so
 * that the next one resumes there without a header walk.
 */
import type { LogRecord } from '../format/record.js'
import type { Segment } from '../segment/segment.js'

export interface Cursor {
  segment: Segment
  generation: number
  offset: number
  position: number
  /** The undelivered rest of the compressed batch at `position`, decoded by the previous read. */
  pending?: DecodedRest | undefined
  /** The base offset the batch at `position` must have (it is outside the CRC). */
  base: number
}

/** Records of a compressed batch a read decoded but could not hand out (maxRecords). */
export interface DecodedRest {
  records: LogRecord[]
  /** Position of the batch after it. */
  after: number
  /** The reader's position once `records` are handed out. */
  next: number
  /** The base offset the batch at `after` must have (the batch's last offset + 1). */
  nextBase: number
}
