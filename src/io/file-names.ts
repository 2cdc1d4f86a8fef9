/**
 * File names inside a log directory, exactly as Kafka names them.
 *
 * A segment is `<20-digit zero-padded base offset>` plus a suffix: `.log`, `.index`, `.timeindex`.
 * Files being deleted carry a trailing `.deleted` (removed at the next open if a crash interrupted
 * the deletion). Small files replaced atomically go through a temp file
 * `.klog-<host tag>-<pid>-<thread>-<n>-<random>.tmp` (see `io/atomic-file.ts`). Pure: no file-system access.
 */

/** Suffix of a segment's record file. */
export const LOG_SUFFIX = '.log'
/** Suffix of a segment's offset index. */
export const INDEX_SUFFIX = '.index'
/** Suffix of a segment's time index. */
export const TIME_INDEX_SUFFIX = '.timeindex'
/** Suffix appended to files scheduled for deletion. */
export const DELETED_SUFFIX = '.deleted'
/** Suffix of a temp file written before an atomic rename. */
export const TMP_SUFFIX = '.tmp'
/** Prefix of a temp file written before an atomic rename (hidden, and never a segment or a consumer name). */
export const TMP_PREFIX = '.klog-'

const DIGITS = 20
const SEGMENT_RE = /^(\d{20})\.log$/

/** Formats a base offset as Kafka's 20-digit zero-padded file stem. */
export function offsetStem(offset: number): string {
  return String(offset).padStart(DIGITS, '0')
}

/** `00000000000000000042.log` for base offset 42. */
export function logFileName(baseOffset: number): string {
  return offsetStem(baseOffset) + LOG_SUFFIX
}

/** `00000000000000000042.index` for base offset 42. */
export function indexFileName(baseOffset: number): string {
  return offsetStem(baseOffset) + INDEX_SUFFIX
}

/** `00000000000000000042.timeindex` for base offset 42. */
export function timeIndexFileName(baseOffset: number): string {
  return offsetStem(baseOffset) + TIME_INDEX_SUFFIX
}

/**
 * Parses a segment `.log` file name into its base offset.
 * @returns the base offset, or `undefined` if the name is not a segment file.
 */
export function parseLogFileName(name: string): number | undefined {
  const m = SEGMENT_RE.exec(name)
  if (m === null) return undefined
  const n = Number(m[1])
  return Number.isSafeInteger(n) ? n : undefined
}
