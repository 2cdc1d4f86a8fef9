/**
 * @kafka-lite/log: Kafka's partition log as an embeddable storage engine for Node.js.
 * Explicit named exports only.
 */
export { Log } from './log.js'
export type { LogHandle, LogStats, WriterOptions, EncodingOptions } from './base/log-types.js'
export type { Encoding, EncodingName, EncodingOption, EncodedInput } from './base/encoding.js'
export type { BackupResult } from './base/reports.js'
export type { BatchesRead, ReadBatchesOptions } from './read/read-batches.js'
export type { BackgroundTaskStats, FsyncLatency } from './base/metrics.js'
export { CHANNELS } from './base/events.js'
export type { BackgroundErrorEvent, CompactionEvent, FallbackEvent, RollEvent, RetentionEvent, RecoveryEvent } from './base/events.js'
export { LogWriter } from './writer.js'
export type { AppendResult, AppendOptions, AppendBatchesOptions, AppendBatchesResult, ProducedBatch } from './writer.js'
export { batchInfo, incrementSequence } from './format/batch-info.js'
export type { BatchInfo } from './format/batch-info.js'
export { LogReader } from './reader.js'
export type { ReaderOptions, ReadOptions, StartPosition } from './reader.js'
export { createAppendStream } from './stream.js'
export type { AppendStreamOptions, RecordStreamOptions } from './stream.js'
export { Consumer } from './consumer/consumer.js'
export { LogTable } from './table/table.js'
export type { TableStats } from './table/table.js'
export type { CommittedOffset, CommitOptions, ConsumerInfo } from './consumer/consumer.js'
export { CorruptSegmentError, LockedError, LogError, OffsetConflictError } from './base/errors.js'
export type { LockHolder, LogErrorCode, LogErrorOptions } from './base/errors.js'
export { DEFAULT_OPTIONS } from './base/options.js'
export type {
  LogOptions,
  FsyncPolicy,
  OffsetResetPolicy,
  ResolvedLogOptions,
  Compression,
  ResolvedCompression,
  CleanupPolicy,
} from './base/options.js'
export type { CompactionReport } from './cleaner/cleaner.js'
export { compressionBackends } from './codec/registry.js'
export type { CodecBackend } from './codec/registry.js'
export type { CompressionType, CodecType } from './base/compression.js'
export type { RecordInput, LogRecord, Header, HeaderInput } from './format/record.js'
export type { RecoveryRepair, RecoveryReport } from './base/reports.js'
export { mappedFileBackend } from './io/mapped-file.js'
/**
 * @internal The directory lock, for `@kafka-lite/log/broker` (one broker per directory); through
 * this entry so that the broker shares the library's error classes instead of bundling copies.
 */
export { acquireLock as acquireDirectoryLock } from './io/lock.js'
/** @internal See {@link acquireDirectoryLock}. */
export type { DirectoryLock } from './io/lock.js'
