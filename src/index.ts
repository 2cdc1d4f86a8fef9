/**
 * @kafka-lite/log: Kafka's partition log as an embeddable storage engine for Node.js.
 * Explicit named exports only.
 */
export { Log } from './log.js'
export type { LogHandle, LogStats } from './log.js'
export type { FsyncLatency } from './metrics.js'
export { CHANNELS } from './events.js'
export type { FallbackEvent, RollEvent, RetentionEvent, RecoveryEvent } from './events.js'
export { LogWriter } from './writer.js'
export type { AppendResult, AppendOptions } from './writer.js'
export { LogReader } from './reader.js'
export type { ReaderOptions, ReadOptions, StartPosition } from './reader.js'
export { createAppendStream } from './stream.js'
export type { AppendStreamOptions, RecordStreamOptions } from './stream.js'
export { LogError } from './errors.js'
export type { LogErrorCode, LogErrorOptions } from './errors.js'
export { DEFAULT_OPTIONS } from './options.js'
export type { LogOptions, FsyncPolicy, OffsetResetPolicy, ResolvedLogOptions, Compression, ResolvedCompression } from './options.js'
export { compressionBackends } from './codec/registry.js'
export type { CompressionType, CodecType, CodecBackend } from './codec/registry.js'
export type { RecordInput, LogRecord, Header, HeaderInput } from './record.js'
export type { RecoveryReport } from './recovery.js'
export { mappedFileBackend } from './io/mapped-file.js'
