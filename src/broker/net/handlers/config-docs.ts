/**
 * The documentation DescribeConfigs v3+ returns for each config (`include_documentation`): one
 * sentence per config saying what it does here, in Kafka's words where they apply, and what this
 * broker does with it where that differs (see `topic-config.ts` for the effects). Kafka's own
 * documentation strings are longer; clients only display them.
 *
 * Pure data. Safe from any thread.
 */

/** Documentation of topic configs, by Kafka's name. */
export const TOPIC_CONFIG_DOCS: Readonly<Record<string, string>> = Object.freeze({
  'cleanup.policy':
    'The retention policy of old log segments: "delete" discards them by time or size, "compact" keeps the latest record per key; both may be given.',
  'compression.gzip.level': 'The compression level used when compression.type is gzip.',
  'compression.lz4.level':
    'The compression level used when compression.type is lz4 (not applied by this broker, which keeps batches as produced).',
  'compression.type':
    'The final compression type of the topic: "producer" keeps the codec the producer chose; otherwise the codec in-process sends use.',
  'compression.zstd.level': 'The compression level used when compression.type is zstd.',
  'delete.retention.ms': 'How long delete tombstones are kept in a compacted topic.',
  'errors.deadletterqueue.group.enable':
    'Whether share groups may use this topic as a dead-letter queue (only the default is accepted here).',
  'file.delete.delay.ms': 'How long to wait before deleting a file from the filesystem (accepted; this broker deletes at once).',
  'flush.messages': 'Force an fsync of the log after this many records (1: after every append).',
  'flush.ms': 'Force an fsync of the log after this many milliseconds.',
  'follower.replication.throttled.replicas': 'Replicas whose follower replication is throttled (no replication on a single broker).',
  'index.interval.bytes': 'How often an entry is added to the offset index, in bytes of log.',
  'leader.replication.throttled.replicas': 'Replicas whose leader replication is throttled (no replication on a single broker).',
  'local.retention.bytes': 'Local retention with tiered storage (no tiered storage here).',
  'local.retention.ms': 'Local retention with tiered storage (no tiered storage here).',
  'max.compaction.lag.ms': 'The longest time a record may stay ineligible for compaction (only the default is accepted here).',
  'max.decompressed.message.bytes': 'The largest size a produced batch may decompress to.',
  'max.message.bytes': 'The largest record batch size allowed, after compression if compression is enabled.',
  'message.timestamp.after.max.ms': 'How far a record timestamp may be ahead of the broker time.',
  'message.timestamp.before.max.ms': 'How far a record timestamp may be behind the broker time.',
  'message.timestamp.type': "Whether record timestamps are the producer's (CreateTime) or the broker's append time (LogAppendTime).",
  'min.cleanable.dirty.ratio': 'The minimum ratio of dirty log to total log for compaction to run.',
  'min.compaction.lag.ms': 'The shortest time a record stays uncompacted.',
  'min.insync.replicas': 'The minimum number of in-sync replicas for an acks=all produce (a single broker has one).',
  preallocate: 'Preallocate segment files on disk (accepted; this engine never preallocates).',
  'remote.copy.lag.bytes': 'Tiered storage copy lag (no tiered storage here).',
  'remote.copy.lag.ms': 'Tiered storage copy lag (no tiered storage here).',
  'remote.log.copy.disable': 'Tiered storage copy switch (no tiered storage here).',
  'remote.log.delete.on.disable': 'Tiered storage deletion switch (no tiered storage here).',
  'remote.storage.enable': 'Tiered storage for the topic (only the default, false, is accepted here).',
  'retention.bytes': 'The most bytes a partition keeps before old segments are discarded (-1: no limit).',
  'retention.ms': 'The longest time a record is kept before its segment is discarded (-1: no limit).',
  'segment.bytes': 'The segment file size of the log.',
  'segment.index.bytes': 'The size of the index that maps offsets to file positions.',
  'segment.jitter.ms': 'Random jitter subtracted from segment.ms (accepted; not applied here).',
  'segment.ms': 'The time after which a segment is rolled even if it is not full.',
  'unclean.leader.election.enable': 'Whether an out-of-sync replica may become leader (no replication on a single broker).',
})
