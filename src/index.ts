/**
 * @kafka-lite/log: Kafka's partition log as an embeddable storage engine for Node.js.
 * Explicit named exports only.
 */
export { Log } from './log.js'
export type { LogHandle, WriterOptions } from './log.js'
export { LogWriter } from './writer.js'
export type { AppendResult } from './writer.js'
export { LogReader } from './reader.js'
export type { ReaderOptions, ReadOptions, StartPosition } from './reader.js'
export { CorruptSegmentError, LockedError, LogError } from './errors.js'
export type { LockHolder, LogErrorCode, LogErrorOptions } from './errors.js'
export { DEFAULT_OPTIONS } from './options.js'
export type { LogOptions, FsyncPolicy, OffsetResetPolicy } from './options.js'
export type { RecordInput, LogRecord, Header, HeaderInput } from './record.js'
export type { RecoveryRepair, RecoveryReport } from './recovery.js'
export { mappedFileBackend } from './io/mapped-file.js'
