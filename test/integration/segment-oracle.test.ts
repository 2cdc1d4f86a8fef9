/**
 * Real segment files checked against independent oracles: kafkajs decodes every batch (CRC-32C
 * recomputed with kafkajs's own implementation), and the `.index` / `.timeindex` bytes are recomputed
 * from the `.log` bytes with Kafka's rebuild rule (reference §1.4, §1.5, in
 * test/helpers/segment-files.ts). Plus: indexes rebuilt by recovery equal the ones written by the
 * appends, and a tiny log pinned byte for byte by golden files in test/fixtures/golden-log/.
 *
 * Regenerate the golden files (only for a deliberate, documented format change):
 * `GOLDEN_UPDATE=1 npx vitest run test/integration/segment-oracle.test.ts`.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { Log, type LogOptions, type RecordInput } from '../../src/index.js'
import {
  decodeLogFile,
  kafkaIndexes,
  listLogBases,
  readCheckpoint,
  readOffsetIndex,
  readOrEmpty,
  readTimeIndex,
  segmentFileName,
  walkBatches,
} from '../helpers/segment-files.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { foldHeaders } from '../oracle/kafkajs.js'
import { mulberry32 } from '../helpers/random.js'

const dirs = useTempDirs('kafka-lite-oracle-')

const GOLDEN_DIR = fileURLToPath(new URL('../fixtures/golden-log/', import.meta.url))
const T0 = 1_700_000_000_000

interface Expected {
  timestamp: number
  key: Buffer | null
  value: Buffer | null
  headers: { key: string; value: Buffer | null }[]
}

/**
 * A fixed workload: appends of 1-5 records, record sizes from empty to ~900 bytes (mixed sizes are
 * what the seed's recovery mis-parsed), null keys and values, repeated header keys, null header
 * values, explicit timestamps that mostly rise but sometimes fall (negative deltas, non-monotonic
 * batch max timestamps, so the time index has to skip entries).
 */
function workload(seed: number, appends: number): RecordInput[][] {
  const rand = mulberry32(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
  const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => Math.floor(rand() * 256)))
  let ts = T0
  const out: RecordInput[][] = []
  for (let a = 0; a < appends; a++) {
    const batch: RecordInput[] = []
    const n = 1 + Math.floor(rand() * 5)
    for (let i = 0; i < n; i++) {
      ts += pick([0, 1, 7, 1000, -500, 60_000])
      const size = pick([0, 1, 5, 17, 60, 130, 300, 900])
      const value = rand() < 0.15 ? null : pick(['str', 'buf', 'u8']) === 'str' ? 'v'.repeat(size) : bytes(size)
      const key = rand() < 0.3 ? null : rand() < 0.1 ? '' : `key-${a}-${i}`
      const headers =
        rand() < 0.5
          ? []
          : Array.from({ length: 1 + Math.floor(rand() * 3) }, () => ({
              key: pick(['trace', 'trace', 'ключ', '', 'h']),
              value: rand() < 0.2 ? null : pick(['a', 'значение', '']),
            }))
      const record: RecordInput = { value: value instanceof Buffer && rand() < 0.3 ? new Uint8Array(value) : value, timestamp: ts }
      if (key !== null || rand() < 0.5) record.key = key
      if (headers.length > 0 || rand() < 0.5) record.headers = headers
      batch.push(record)
    }
    out.push(batch)
  }
  return out
}

function expectedOf(r: RecordInput): Expected {
  const buf = (v: Buffer | Uint8Array | string | null | undefined): Buffer | null =>
    v === null || v === undefined ? null : typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.from(v)
  return {
    timestamp: r.timestamp!,
    key: buf(r.key),
    value: buf(r.value),
    headers: (r.headers ?? []).map((h) => ({ key: h.key, value: buf(h.value) })),
  }
}

/** Writes `appends` to a fresh log in `dir`, closes it, and returns the records by offset. */
async function writeLog(dir: string, options: LogOptions, appends: readonly RecordInput[][]): Promise<Expected[]> {
  const log = await Log.open(dir, options)
  const writer = await log.writer()
  const expected: Expected[] = []
  for (const records of appends) {
    const { baseOffset, lastOffset } = await writer.append(records)
    expect(baseOffset).toBe(expected.length)
    expect(lastOffset).toBe(expected.length + records.length - 1)
    expected.push(...records.map(expectedOf))
  }
  await log.close()
  return expected
}

const INDEX_FILES = (base: number): string[] => [segmentFileName(base, 'index'), segmentFileName(base, 'timeindex')]

/** Every `.index` / `.timeindex` of `dir`, by name. */
function indexFiles(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>()
  for (const base of listLogBases(dir)) for (const name of INDEX_FILES(base)) out.set(name, fs.readFileSync(path.join(dir, name)))
  return out
}

/**
 * Checks a cleanly closed log directory against the oracles and returns the number of batches seen.
 * Every segment is sealed or closed, so every `.timeindex` ends with its final entry.
 */
async function expectOracleAgrees(dir: string, interval: number, expected: readonly Expected[]): Promise<number> {
  const bases = listLogBases(dir)
  let next = 0
  let batches = 0
  for (const base of bases) {
    const name = segmentFileName(base, 'log')
    expect(name).toMatch(/^\d{20}\.log$/)
    const buf = fs.readFileSync(path.join(dir, name))
    const decoded = await decodeLogFile(buf, name)
    const walked = walkBatches(buf).batches
    expect(base, `${name}: base offset = previous segment's next offset`).toBe(next)
    if (decoded.length > 0) expect(Number(decoded[0]!.firstOffset), `${name}: first batch at the base offset`).toBe(base)
    for (const batch of decoded) {
      batches++
      expect(Number(batch.firstOffset), `${name}: batches are contiguous`).toBe(next)
      expect(Number(batch.firstTimestamp), `${name}: baseTimestamp = first record's`).toBe(expected[next]!.timestamp)
      for (const rec of batch.records) {
        const offset = Number(rec.offset)
        expect(offset, `${name}: record offsets are contiguous`).toBe(next)
        const exp = expected[offset]!
        expect(Number(rec.timestamp), `timestamp of ${offset}`).toBe(exp.timestamp)
        expect(rec.key, `key of ${offset}`).toEqual(exp.key)
        expect(rec.value, `value of ${offset}`).toEqual(exp.value)
        expect(rec.headers, `headers of ${offset}`).toEqual(foldHeaders(exp.headers))
        next++
      }
    }

    const index = fs.readFileSync(path.join(dir, segmentFileName(base, 'index')))
    const timeIndex = fs.readFileSync(path.join(dir, segmentFileName(base, 'timeindex')))
    const rule = kafkaIndexes(walked, base, interval, true)
    // Exact size first: a sealed index with a zero tail would be read by Kafka as entries.
    expect(index.length, `${name}: .index size`).toBe(rule.index.length)
    expect(timeIndex.length, `${name}: .timeindex size`).toBe(rule.timeIndex.length)
    expect(index.toString('hex'), `${name}: .index = Kafka's rebuild`).toBe(rule.index.toString('hex'))
    expect(timeIndex.toString('hex'), `${name}: .timeindex = Kafka's rebuild + final entry`).toBe(rule.timeIndex.toString('hex'))
    for (const e of readOffsetIndex(index)) {
      const at = walked.find((b) => b.position === e.position)
      expect(at?.lastOffset, `${name}: index entry -> batch whose lastOffset is the entry's offset`).toBe(base + e.relativeOffset)
    }
    const times = readTimeIndex(timeIndex)
    for (let i = 1; i < times.length; i++) expect(times[i]!.timestamp).toBeGreaterThan(times[i - 1]!.timestamp)
    if (walked.length > 0) {
      const max = Math.max(...walked.map((b) => b.maxTimestamp))
      expect(times.at(-1)?.timestamp, `${name}: the last time entry is the segment's max timestamp`).toBe(max)
    }
  }
  expect(next, 'the files hold every appended record').toBe(expected.length)
  return batches
}

describe('segment files against kafkajs and Kafka index rules', () => {
  const options: LogOptions = { fsync: 'never', segmentBytes: 4096, indexIntervalBytes: 200, maxBatchBytes: 3000 }

  it('a multi-segment log decodes with kafkajs and its indexes are what Kafka rebuilds', async () => {
    const dir = dirs.make()
    const appends = workload(0x5eed, 80)
    const expected = await writeLog(dir, options, appends)
    const bases = listLogBases(dir)
    expect(bases.length, 'several segments').toBeGreaterThanOrEqual(4)
    const batches = await expectOracleAgrees(dir, options.indexIntervalBytes!, expected)
    expect(batches, 'the interval rule had entries to make').toBeGreaterThan(bases.length)
    let entries = 0
    for (const base of bases) entries += readOrEmpty(dir, segmentFileName(base, 'index')).length / 8
    expect(entries, 'sparse indexes are not empty').toBeGreaterThan(0)
    expect(readCheckpoint(dir, 'recovery-point-offset-checkpoint')).toBe(expected.length)
    expect(readCheckpoint(dir, 'log-start-offset-checkpoint')).toBe(0)
  })

  it('indexes are sparse by indexIntervalBytes, first batch of a segment never indexed', async () => {
    for (const interval of [0, 1, 4096]) {
      const dir = dirs.make()
      const expected = await writeLog(dir, { ...options, indexIntervalBytes: interval }, workload(7, 30))
      await expectOracleAgrees(dir, interval, expected)
      for (const base of listLogBases(dir)) {
        const entries = readOffsetIndex(readOrEmpty(dir, segmentFileName(base, 'index')))
        expect(
          entries.every((e) => e.position > 0),
          'no entry for position 0',
        ).toBe(true)
        if (interval === 0) {
          const walked = walkBatches(readOrEmpty(dir, segmentFileName(base, 'log'))).batches
          expect(entries.length, 'interval 0: every batch but the first').toBe(Math.max(0, walked.length - 1))
        }
        if (interval === 4096) expect(entries, 'interval ≥ segment size: no entries').toEqual([])
      }
    }
  })

  it('after an unclean reopen (marker deleted) the rebuilt indexes are byte-identical to the appended ones', async () => {
    const dir = dirs.make()
    const expected = await writeLog(dir, options, workload(0xc0ffee, 60))
    const written = indexFiles(dir)
    const bases = listLogBases(dir)
    expect(bases.length).toBeGreaterThanOrEqual(3)
    fs.rmSync(path.join(dir, '.kafka_cleanshutdown'))

    const log = await Log.open(dir, options)
    try {
      expect(log.recovery).toMatchObject({ clean: false, segmentsScanned: 1, indexesRebuilt: 1, bytesTruncated: 0, segmentsDeleted: 0 })
      expect(log.logEndOffset).toBe(expected.length)
      for (const [name, bytes] of indexFiles(dir)) {
        expect(bytes.toString('hex'), `${name} rebuilt by recovery (read at open)`).toBe(written.get(name)!.toString('hex'))
      }
    } finally {
      await log.close()
    }
    for (const [name, bytes] of indexFiles(dir))
      expect(bytes.toString('hex'), `${name} after the next close`).toBe(written.get(name)!.toString('hex'))
  })

  it("regression: recovery appends the active segment's final time-index entry, as Kafka's LogSegment.recover does", async () => {
    // One batch: the first batch of a segment never gets a sparse entry, so the only time-index
    // entry is the final one close() writes. Kafka's recover() ends with
    // timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar) and rebuilds it.
    const dir = dirs.make()
    const log = await Log.open(dir, { fsync: 'never' })
    await (await log.writer()).append({ value: 'x', timestamp: 1234 })
    await log.close()
    const written = readOrEmpty(dir, segmentFileName(0, 'timeindex'))
    expect(written.toString('hex'), 'written at close: (1234, relative offset 0)').toBe('00000000000004d200000000')
    fs.rmSync(path.join(dir, '.kafka_cleanshutdown'))
    const reopened = await Log.open(dir, { fsync: 'never' })
    try {
      expect(reopened.recovery).toMatchObject({ clean: false, segmentsScanned: 1 })
      expect(readOrEmpty(dir, segmentFileName(0, 'timeindex')).toString('hex'), 'rebuilt by recovery').toBe(written.toString('hex'))
    } finally {
      await reopened.close()
    }
  })

  it('with no recovery point either, every segment is rebuilt, byte-identical', async () => {
    const dir = dirs.make()
    const expected = await writeLog(dir, options, workload(0xbeef, 60))
    const written = indexFiles(dir)
    const bases = listLogBases(dir)
    fs.rmSync(path.join(dir, '.kafka_cleanshutdown'))
    fs.rmSync(path.join(dir, 'recovery-point-offset-checkpoint'))
    const log = await Log.open(dir, options)
    try {
      expect(log.recovery).toMatchObject({
        clean: false,
        segmentsScanned: bases.length,
        indexesRebuilt: bases.length,
        bytesTruncated: 0,
        segmentsDeleted: 0,
        recoveryPoint: 0,
      })
      expect(log.logEndOffset).toBe(expected.length)
      for (const [name, bytes] of indexFiles(dir)) {
        expect(bytes.toString('hex'), `${name} rebuilt by recovery (read at open)`).toBe(written.get(name)!.toString('hex'))
      }
    } finally {
      await log.close()
    }
    await expectOracleAgrees(dir, options.indexIntervalBytes!, expected)
  })
})

// ------------------------------------------------------------------------------------------ golden

/** The files that pin the format: Kafka's segment files and checkpoints (not our private state). */
const GOLDEN_FILES = [
  '00000000000000000000.log',
  '00000000000000000000.index',
  '00000000000000000000.timeindex',
  '00000000000000000005.log',
  '00000000000000000005.index',
  '00000000000000000005.timeindex',
  'log-start-offset-checkpoint',
  'recovery-point-offset-checkpoint',
]
const GOLDEN_OPTIONS: LogOptions = { fsync: 'never', segmentBytes: 1024, indexIntervalBytes: 100 }

/**
 * Segment 0 (offsets 0-4): five appends, an index entry after 100 bytes, a falling timestamp.
 * Segment 5: the 600-byte record does not fit the first segment (1024 bytes), so it rolls; then a
 * small batch that gets the segment's only index entry (time entry: the max so far, reached at 5),
 * then a batch with a new max timestamp that is only recorded by the final time-index entry written
 * at close.
 */
const GOLDEN_APPENDS: RecordInput[][] = [
  [
    {
      key: 'user-1',
      value: 'created',
      headers: [
        { key: 'trace', value: 'a' },
        { key: 'trace', value: 'b' },
      ],
      timestamp: 1_600_000_000_000,
    },
    { key: null, value: 'no key', timestamp: 1_600_000_000_005 },
  ],
  [{ key: 'user-1', value: null, headers: [{ key: 'reason', value: null }], timestamp: 1_600_000_001_000 }],
  [{ key: 'blob', value: Buffer.alloc(300, 0xab), timestamp: 1_600_000_000_500 }],
  [{ key: '', value: Buffer.alloc(0), headers: [{ key: 'ключ', value: 'значение' }], timestamp: 1_600_000_002_000 }],
  [{ key: 'big', value: Buffer.alloc(600, 0x5a), timestamp: 1_600_000_003_000 }],
  [{ key: 'user-2', value: 'late', timestamp: 1_600_000_002_500 }],
  [{ key: 'user-2', value: 'later', timestamp: 1_600_000_004_000 }],
]

describe('golden log directory', () => {
  it('a tiny two-segment log is byte-identical to test/fixtures/golden-log/', async () => {
    const dir = dirs.make()
    const expected = await writeLog(dir, GOLDEN_OPTIONS, GOLDEN_APPENDS)
    const kafkaFiles = fs.readdirSync(dir).filter((n) => /^\d{20}\.(log|index|timeindex)$/.test(n) || n.endsWith('-checkpoint'))
    expect(kafkaFiles.sort()).toEqual([...GOLDEN_FILES].sort())
    if (process.env.GOLDEN_UPDATE === '1') {
      fs.mkdirSync(GOLDEN_DIR, { recursive: true })
      for (const name of GOLDEN_FILES) fs.copyFileSync(path.join(dir, name), path.join(GOLDEN_DIR, name))
    }
    for (const name of GOLDEN_FILES) {
      const golden = fs.readFileSync(path.join(GOLDEN_DIR, name))
      expect(fs.readFileSync(path.join(dir, name)).toString('hex'), `${name} matches the golden file`).toBe(golden.toString('hex'))
    }
    // The golden files themselves satisfy the oracles (so they pin a correct format, not just ours).
    const goldenCopy = dirs.make()
    for (const name of GOLDEN_FILES) fs.copyFileSync(path.join(GOLDEN_DIR, name), path.join(goldenCopy, name))
    expect(await expectOracleAgrees(goldenCopy, GOLDEN_OPTIONS.indexIntervalBytes!, expected)).toBe(GOLDEN_APPENDS.length)
    expect(listLogBases(goldenCopy)).toEqual([0, 5])
    expect(readOffsetIndex(readOrEmpty(goldenCopy, segmentFileName(0, 'index'))).length, 'the golden index has entries').toBeGreaterThan(0)
  })

  it('the library opens the golden directory (no clean-shutdown marker) and serves every record', async () => {
    const dir = dirs.make()
    for (const name of GOLDEN_FILES) fs.copyFileSync(path.join(GOLDEN_DIR, name), path.join(dir, name))
    const written = indexFiles(dir)
    const log = await Log.open(dir, GOLDEN_OPTIONS)
    try {
      expect(log.recovery).toMatchObject({ clean: false, bytesTruncated: 0, segmentsDeleted: 0 })
      expect(log.logEndOffset).toBe(GOLDEN_APPENDS.flat().length)
      const got = []
      for await (const r of log.reader({ from: 0 })) got.push(r)
      expect(got.map((r) => [r.offset, r.timestamp, r.key?.toString() ?? null])).toEqual(
        GOLDEN_APPENDS.flat().map((r, i) => [
          i,
          r.timestamp,
          r.key === undefined || r.key === null ? null : Buffer.from(r.key as string).toString(),
        ]),
      )
      expect(await log.offsetForTimestamp(1_600_000_002_100)).toBe(5)
      for (const [name, bytes] of indexFiles(dir))
        expect(bytes.toString('hex'), `${name} after recovery`).toBe(written.get(name)!.toString('hex'))
    } finally {
      await log.close()
    }
  })
})
