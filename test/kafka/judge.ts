/**
 * Kafka as the judge of a log directory: runs DumpLogSegments (deep iteration with data, index
 * verification, index sanity check) and Kafka's `FileRecords` (through KafkaProbe) on every segment
 * file, and compares what Kafka saw with the records the test appended, record by record.
 *
 * `judgeDirectory(dir)` gathers Kafka's view; `kafkaDisagreements(view, expected)` lists every
 * difference as a readable line (an empty list means Kafka agrees), so a test can assert on the
 * list and a teeth test can assert that one planted difference shows up in it.
 */
import fs from 'node:fs'
import path from 'node:path'
import { walkBatches } from '../helpers/segment-files.js'
import { dumpLogSegments, kafkaRecords, parseDump, type DumpFile, type ProbeBatch } from './harness.js'

/** A record the test appended, with the offset the library assigned. */
export interface ExpectedRecord {
  offset: number
  timestamp: number
  key: Buffer | null
  value: Buffer | null
  headers: { key: string; value: Buffer | null }[]
}

/** Everything Kafka's tools said about one directory. */
export interface KafkaView {
  dir: string
  /** `--deep-iteration --print-data-log` over every .log, .index and .timeindex. */
  deep: DumpFile[]
  /** `--verify-index-only` over every .index and .timeindex. */
  verify: DumpFile[]
  /** `--index-sanity-check` over every .index and .timeindex. */
  sanity: DumpFile[]
  /** Kafka's FileRecords over every .log. */
  probe: ProbeBatch[]
  /** Batch boundaries read from our .log files by the test's own header walk. */
  ours: { file: string; baseOffset: number; lastOffset: number; position: number; size: number }[]
  logFiles: string[]
  indexFiles: string[]
}

/**
 * Runs Kafka's tools on `dir`. `printData` false leaves `--print-data-log` out (for binary keys and
 * values, which DumpLogSegments prints raw; KafkaProbe still compares their bytes).
 */
export async function judgeDirectory(dir: string, printData = true): Promise<KafkaView> {
  const names = fs.readdirSync(dir).sort()
  const logFiles = names.filter((n) => /^\d{20}\.log$/.test(n)).map((n) => path.join(dir, n))
  const indexFiles = names.filter((n) => /^\d{20}\.(index|timeindex)$/.test(n)).map((n) => path.join(dir, n))
  const deep = await dump([...logFiles, ...indexFiles], printData ? ['--deep-iteration', '--print-data-log'] : ['--deep-iteration'])
  const verify = indexFiles.length === 0 ? [] : await dump(indexFiles, ['--verify-index-only'])
  const sanity = indexFiles.length === 0 ? [] : await dump(indexFiles, ['--index-sanity-check'])
  const probe = await kafkaRecords(logFiles)
  const ours = logFiles.flatMap((file) =>
    walkBatches(fs.readFileSync(file)).batches.map((b) => ({
      file,
      baseOffset: b.baseOffset,
      lastOffset: b.lastOffset,
      position: b.position,
      size: b.size,
    })),
  )
  return { dir, deep, verify, sanity, probe, ours, logFiles, indexFiles }
}

/** DumpLogSegments, parsed; a crash of the tool (it throws on some damage) counts as a complaint. */
async function dump(files: string[], flags: string[]): Promise<DumpFile[]> {
  try {
    return parseDump(await dumpLogSegments(files, flags))
  } catch (err) {
    return [
      { file: '(DumpLogSegments)', kind: 'other', batches: [], entries: [], passedSanityCheck: false, problems: [(err as Error).message] },
    ]
  }
}

const show = (b: Buffer | null): string => (b === null ? 'null' : JSON.stringify(b.toString('latin1')))
const same = (a: Buffer | null, b: Buffer | null): boolean => (a === null || b === null ? a === b : a.equals(b))

/**
 * Every difference between Kafka's view and `expected` (the records the directory should hold, in
 * offset order), plus every complaint Kafka printed. Empty when Kafka agrees on everything.
 */
export function kafkaDisagreements(view: KafkaView, expected: readonly ExpectedRecord[]): string[] {
  const out: string[] = []
  // Kafka's complaints, file by file.
  for (const f of view.deep) for (const p of f.problems) out.push(`deep ${f.file}: ${p}`)
  for (const f of view.verify) for (const p of f.problems) out.push(`verify ${f.file}: ${p}`)
  for (const f of view.sanity) {
    for (const p of f.problems) out.push(`sanity ${f.file}: ${p}`)
    if (!f.passedSanityCheck) out.push(`sanity ${f.file}: did not pass the sanity check`)
  }
  const dumped = new Set(view.deep.map((f) => path.resolve(f.file)))
  for (const f of [...view.logFiles, ...view.indexFiles]) if (!dumped.has(path.resolve(f))) out.push(`deep: ${f} was not dumped`)

  // Batches: DumpLogSegments, FileRecords and our own header walk must see the same boundaries.
  const dumpBatches = view.deep.filter((f) => f.kind === 'log').flatMap((f) => f.batches.map((b) => ({ file: f.file, ...b })))
  if (dumpBatches.length !== view.ours.length) out.push(`batch count: DumpLogSegments ${dumpBatches.length}, ours ${view.ours.length}`)
  if (view.probe.length !== view.ours.length) out.push(`batch count: FileRecords ${view.probe.length}, ours ${view.ours.length}`)
  view.ours.forEach((o, i) => {
    const d = dumpBatches[i]
    const p = view.probe[i]
    const where = `batch ${i} (${path.basename(o.file)} @${o.position})`
    if (d) {
      if (d.baseOffset !== o.baseOffset || d.lastOffset !== o.lastOffset || d.position !== o.position || d.size !== o.size) {
        out.push(
          `${where}: DumpLogSegments saw ${d.baseOffset}..${d.lastOffset} @${d.position} size ${d.size}, ours ${o.baseOffset}..${o.lastOffset} size ${o.size}`,
        )
      }
      if (!d.isValid) out.push(`${where}: DumpLogSegments says isvalid: false`)
      if (d.magic !== 2) out.push(`${where}: magic ${d.magic}`)
      if (d.count !== d.records.length && d.records.length > 0) out.push(`${where}: count ${d.count} but ${d.records.length} records`)
      const maxTs = Math.max(...d.records.map((r) => r.timestamp))
      if (d.records.length > 0 && d.maxTimestamp !== maxTs) out.push(`${where}: max timestamp ${d.maxTimestamp}, records' max ${maxTs}`)
    }
    if (p) {
      if (p.baseOffset !== o.baseOffset || p.lastOffset !== o.lastOffset || p.position !== o.position || p.size !== o.size) {
        out.push(`${where}: FileRecords saw ${p.baseOffset}..${p.lastOffset} @${p.position} size ${p.size}`)
      }
      if (!p.valid) out.push(`${where}: FileRecords says the CRC is invalid`)
      if (d && p.crc !== d.crc) out.push(`${where}: crc ${p.crc} vs DumpLogSegments ${d.crc}`)
    }
  })

  // Records, against what was appended.
  const dumpRecords = dumpBatches.flatMap((b) => b.records)
  const probeRecords = view.probe.flatMap((b) => b.records)
  if (dumpRecords.length !== expected.length) out.push(`record count: DumpLogSegments ${dumpRecords.length}, appended ${expected.length}`)
  if (probeRecords.length !== expected.length) out.push(`record count: FileRecords ${probeRecords.length}, appended ${expected.length}`)
  expected.forEach((e, i) => {
    const d = dumpRecords[i]
    const p = probeRecords[i]
    const at = `offset ${e.offset}`
    if (d) {
      if (d.offset !== e.offset) out.push(`${at}: DumpLogSegments offset ${d.offset}`)
      if (d.timestamp !== e.timestamp) out.push(`${at}: DumpLogSegments timestamp ${d.timestamp}, appended ${e.timestamp}`)
      if (d.keySize !== (e.key?.length ?? -1)) out.push(`${at}: DumpLogSegments keySize ${d.keySize}, appended ${e.key?.length ?? -1}`)
      if (d.valueSize !== (e.value?.length ?? -1))
        out.push(`${at}: DumpLogSegments valueSize ${d.valueSize}, appended ${e.value?.length ?? -1}`)
      if (d.key !== undefined && d.key !== (e.key?.toString('utf8') ?? null))
        out.push(`${at}: DumpLogSegments key ${JSON.stringify(d.key)}, appended ${show(e.key)}`)
      if (d.value !== undefined && d.value !== (e.value?.toString('utf8') ?? null))
        out.push(`${at}: DumpLogSegments payload ${JSON.stringify(d.value)}, appended ${show(e.value)}`)
      const keys = e.headers.map((h) => h.key).join(',')
      if (d.headerKeys.join(',') !== keys) out.push(`${at}: DumpLogSegments headerKeys [${d.headerKeys.join(',')}], appended [${keys}]`)
    }
    if (p) {
      if (p.offset !== e.offset) out.push(`${at}: FileRecords offset ${p.offset}`)
      if (p.timestamp !== e.timestamp) out.push(`${at}: FileRecords timestamp ${p.timestamp}`)
      if (!same(p.key, e.key)) out.push(`${at}: FileRecords key ${show(p.key)}, appended ${show(e.key)}`)
      if (!same(p.value, e.value)) out.push(`${at}: FileRecords value ${show(p.value)}, appended ${show(e.value)}`)
      if (p.headers.length !== e.headers.length) out.push(`${at}: FileRecords ${p.headers.length} headers, appended ${e.headers.length}`)
      e.headers.forEach((h, j) => {
        const ph = p.headers[j]
        if (ph && (ph.key !== h.key || !same(ph.value, h.value))) {
          out.push(`${at}: header ${j} FileRecords ${ph.key}=${show(ph.value)}, appended ${h.key}=${show(h.value)}`)
        }
      })
    }
  })
  return out
}
