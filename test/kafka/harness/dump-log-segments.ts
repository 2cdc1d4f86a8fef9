/**
 * Kafka's own `org.apache.kafka.tools.DumpLogSegments`, and `parseDump(text)` turning its output
 * into batches, records and index entries.
 */
import { runJava } from './java.js'

/**
 * Kafka's `DumpLogSegments` on `files` (any mix of `.log`, `.index`, `.timeindex`) in one JVM.
 * @param flags e.g. `['--deep-iteration', '--print-data-log']`, `['--verify-index-only']`,
 *   `['--index-sanity-check']`
 */
export function dumpLogSegments(files: string[], flags: string[] = ['--deep-iteration', '--print-data-log']): Promise<string> {
  return runJava('org.apache.kafka.tools.DumpLogSegments', ['--files', files.join(','), ...flags])
}

/** One batch as DumpLogSegments prints it, with the records `--deep-iteration` printed under it. */
export interface DumpBatch {
  baseOffset: number
  lastOffset: number
  count: number
  producerId: number
  partitionLeaderEpoch: number
  position: number
  /** The batch's max timestamp (DumpLogSegments prints it as `CreateTime:`). */
  maxTimestamp: number
  timestampType: string
  size: number
  magic: number
  compression: string
  crc: number
  isValid: boolean
  isControl: boolean
  /** `deleteHorizonMs:` as printed: `OptionalLong.empty` or `OptionalLong[<ms>]` (the cleaner's 0x40 bit). */
  deleteHorizonMs: string
  records: DumpRecord[]
}

/** One record line (`| offset: …`) of a deep iteration. */
export interface DumpRecord {
  offset: number
  timestamp: number
  keySize: number
  valueSize: number
  headerKeys: string[]
  /** The key as DumpLogSegments prints it (UTF-8 decoded); `null` when `keySize` is -1, `undefined` without `--print-data-log`. */
  key: string | null | undefined
  /** The value (`payload:`), UTF-8 decoded; `null` when `valueSize` is -1, `undefined` without `--print-data-log`. */
  value: string | null | undefined
}

/** What DumpLogSegments said about one file. */
export interface DumpFile {
  file: string
  kind: 'log' | 'index' | 'timeindex' | 'other'
  batches: DumpBatch[]
  /** `.index` entries (`offset: N position: P`) or `.timeindex` entries (`timestamp: T offset: N`). */
  entries: { offset: number; position?: number; timestamp?: number }[]
  /** `--index-sanity-check` said "passed sanity check". */
  passedSanityCheck: boolean
  /** Every line the parser did not recognise as a normal dump line: Kafka's complaints. */
  problems: string[]
}

const BATCH_RE =
  /^baseOffset: (-?\d+) lastOffset: (-?\d+) count: (-?\d+) baseSequence: (-?\d+) lastSequence: (-?\d+) producerId: (-?\d+) producerEpoch: (-?\d+) partitionLeaderEpoch: (-?\d+) isTransactional: (\w+) isControl: (\w+) deleteHorizonMs: (\S+) position: (\d+) (\w+): (-?\d+) size: (\d+) magic: (\d+) compresscodec: (\w+) crc: (\d+) isvalid: (\w+)$/
const RECORD_RE = /^\| offset: (\d+) (\w+): (-?\d+) keySize: (-?\d+) valueSize: (-?\d+) sequence: (-?\d+) headerKeys: \[(.*?)\](.*)$/s

/**
 * Parses DumpLogSegments output. Keys and values are printed raw after `key: ` and `payload: `; the
 * parser uses `keySize`/`valueSize` (in UTF-8 bytes) to cut them, so values made of printable
 * UTF-8 without newlines are recovered exactly (the suites append such values; binary bytes are
 * compared through {@link kafkaRecords}).
 */
export function parseDump(text: string): DumpFile[] {
  const files: DumpFile[] = []
  let cur: DumpFile | undefined
  let batch: DumpBatch | undefined
  for (const line of text.split('\n')) {
    if (line === '') continue
    const dumping = /^Dumping (.+)$/.exec(line)
    if (dumping) {
      const file = dumping[1]!
      const kind = file.endsWith('.log') ? 'log' : file.endsWith('.timeindex') ? 'timeindex' : file.endsWith('.index') ? 'index' : 'other'
      cur = { file, kind, batches: [], entries: [], passedSanityCheck: false, problems: [] }
      files.push(cur)
      batch = undefined
      continue
    }
    if (cur === undefined) continue
    if (line.startsWith('Log starting offset: ')) continue
    let m = BATCH_RE.exec(line)
    if (m) {
      batch = {
        baseOffset: Number(m[1]),
        lastOffset: Number(m[2]),
        count: Number(m[3]),
        producerId: Number(m[6]),
        partitionLeaderEpoch: Number(m[8]),
        isControl: m[10] === 'true',
        deleteHorizonMs: m[11]!,
        position: Number(m[12]),
        timestampType: m[13]!,
        maxTimestamp: Number(m[14]),
        size: Number(m[15]),
        magic: Number(m[16]),
        compression: m[17]!,
        crc: Number(m[18]),
        isValid: m[19] === 'true',
        records: [],
      }
      cur.batches.push(batch)
      continue
    }
    m = RECORD_RE.exec(line)
    if (m && batch) {
      const keySize = Number(m[4])
      const valueSize = Number(m[5])
      let rest = Buffer.from(m[8]!, 'utf8')
      let key: string | null | undefined = null
      let value: string | null | undefined = null
      const printed = rest.length > 0
      if (!printed) {
        key = keySize >= 0 ? undefined : null
        value = valueSize >= 0 ? undefined : null
      }
      if (printed && keySize >= 0) {
        const prefix = Buffer.from(' key: ')
        if (!rest.subarray(0, prefix.length).equals(prefix)) cur.problems.push(`unparsed key: ${line}`)
        key = rest.subarray(prefix.length, prefix.length + keySize).toString('utf8')
        rest = rest.subarray(prefix.length + keySize)
      }
      if (printed && valueSize >= 0) {
        const prefix = Buffer.from(' payload: ')
        if (!rest.subarray(0, prefix.length).equals(prefix)) cur.problems.push(`unparsed payload: ${line}`)
        value = rest.subarray(prefix.length, prefix.length + valueSize).toString('utf8')
        rest = rest.subarray(prefix.length + valueSize)
      }
      if (rest.length !== 0) cur.problems.push(`trailing text: ${line}`)
      batch.records.push({
        offset: Number(m[1]),
        timestamp: Number(m[3]),
        keySize,
        valueSize,
        headerKeys: m[7] === '' ? [] : m[7]!.split(','),
        key,
        value,
      })
      continue
    }
    m = /^offset: (\d+) position: (\d+)$/.exec(line)
    if (m && cur.kind === 'index') {
      cur.entries.push({ offset: Number(m[1]), position: Number(m[2]) })
      continue
    }
    m = /^timestamp: (-?\d+) offset: (\d+)$/.exec(line)
    if (m && cur.kind === 'timeindex') {
      cur.entries.push({ timestamp: Number(m[1]), offset: Number(m[2]) })
      continue
    }
    if (line === `${cur.file} is empty.` && cur.kind !== 'log') {
      // An index with no entries (a segment smaller than indexIntervalBytes): nothing to check.
      cur.passedSanityCheck = true
      continue
    }
    if (line.endsWith(' passed sanity check.')) {
      cur.passedSanityCheck = true
      continue
    }
    cur.problems.push(line)
  }
  return files
}
