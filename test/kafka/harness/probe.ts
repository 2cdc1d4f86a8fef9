/**
 * KafkaProbe (test/kafka/java/KafkaProbe.java): every batch and record as Kafka's `FileRecords`
 * reads them, bytes in hex (DumpLogSegments prints header keys but not header values), and Kafka's
 * Java consumer and producer.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runJava } from './java.js'

/** A record as Kafka's classes decoded it; byte strings as Buffers. */
export interface ProbeRecord {
  offset: number
  timestamp: number
  timestampType?: string
  key: Buffer | null
  value: Buffer | null
  headers: { key: string; value: Buffer | null }[]
}

/** A batch as Kafka's `FileChannelRecordBatch` sees it. */
export interface ProbeBatch {
  file: string
  baseOffset: number
  lastOffset: number
  count: number
  position: number
  size: number
  magic: number
  valid: boolean
  crc: number
  maxTimestamp: number
  timestampType: string
  compression: string
  producerId: number
  producerEpoch: number
  partitionLeaderEpoch: number
  control: boolean
  records: ProbeRecord[]
}

const unhex = (v: string | null): Buffer | null => (v === null ? null : Buffer.from(v, 'hex'))

function probeRecord(o: {
  offset: number
  timestamp: number
  timestampType?: string
  key: string | null
  value: string | null
  headers: [string, string | null][]
}): ProbeRecord {
  return {
    offset: o.offset,
    timestamp: o.timestamp,
    ...(o.timestampType === undefined ? {} : { timestampType: o.timestampType }),
    key: unhex(o.key),
    value: unhex(o.value),
    headers: o.headers.map(([k, v]) => ({ key: Buffer.from(k, 'hex').toString('utf8'), value: unhex(v) })),
  }
}

/** Every batch (with its records) of the given `.log` files, decoded by Kafka's `FileRecords`. */
export async function kafkaRecords(logFiles: string[]): Promise<ProbeBatch[]> {
  const out: ProbeBatch[] = []
  let file = ''
  for (const line of (await runJava('KafkaProbe', ['dump', ...logFiles])).split('\n')) {
    if (line === '') continue
    const o = JSON.parse(line)
    if ('file' in o) file = Buffer.from(o.file, 'hex').toString('utf8')
    else if ('batch' in o) out.push({ file, ...o.batch, records: [] })
    else out.at(-1)!.records.push(probeRecord(o))
  }
  return out
}

/**
 * The first `count` records of a partition, read by Kafka's Java consumer (read_committed); with
 * `count` -1, every committed record (up to the end offset when it started).
 */
export async function javaConsume(bootstrap: string, topic: string, partition: number, count: number): Promise<ProbeRecord[]> {
  const text = await runJava('KafkaProbe', ['consume', bootstrap, topic, String(partition), String(count), '120000'])
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => probeRecord(JSON.parse(l)))
}

/** One record for {@link javaProduce}: strings are UTF-8, headers in order. */
export interface ProduceRecord {
  timestamp: number
  key: Buffer | string | null
  value: Buffer | string | null
  headers: { key: string; value: Buffer | string | null }[]
}

/**
 * Kafka's Java producer (`compression.type` = `compression`, acks=all, idempotent) sends `batches`
 * to one partition, each inner array as one batch (a flush after each). Returns every record's
 * offset, in order.
 */
export async function javaProduce(
  bootstrap: string,
  topic: string,
  partition: number,
  compression: string,
  batches: readonly (readonly ProduceRecord[])[],
): Promise<number[]> {
  const hex = (v: Buffer | string | null): string => (v === null ? '-' : Buffer.from(v).toString('hex'))
  const lines = batches.flatMap((batch) => [
    ...batch.map((r) =>
      ['r', String(r.timestamp), hex(r.key), hex(r.value), ...r.headers.map((h) => `${hex(h.key)}=${hex(h.value)}`)].join('\t'),
    ),
    'flush',
  ])
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-lite-produce-')), 'records.tsv')
  fs.writeFileSync(file, lines.join('\n') + '\n')
  try {
    const text = await runJava('KafkaProbe', ['produce', bootstrap, topic, String(partition), compression, file])
    return text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => (JSON.parse(l) as { offset: number }).offset)
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true })
  }
}
