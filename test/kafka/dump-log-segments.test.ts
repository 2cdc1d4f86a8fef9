/**
 * Kafka's own DumpLogSegments (and Kafka's FileRecords, for header values) reads what we write.
 *
 * For logs of many shapes, every .log, .index and .timeindex is run through
 * `DumpLogSegments --deep-iteration --print-data-log`, `--verify-index-only` and
 * `--index-sanity-check`, and the output is compared record by record with what was appended:
 * offsets, timestamps, keys, values, header keys and values, CRC validity and batch boundaries
 * (see judge.ts). The last two tests show the checks have teeth: one wrong index byte and one wrong
 * header value are each caught.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { Log, type LogOptions, type LogWriter, type RecordInput } from '../../src/index.js'
import { mulberry32 } from '../helpers/random.js'
import { DIST_ENTRY, useTempDirs } from '../helpers/temp-dir.js'
import { judgeDirectory, kafkaDisagreements, type ExpectedRecord } from './judge.js'

const dirs = useTempDirs('kafka-lite-dump-')
const CRASH_CHILD = fileURLToPath(new URL('./children/crash-appender.mjs', import.meta.url))
const T0 = 1_700_000_000_000

const buf = (v: string | Buffer | null | undefined): Buffer | null =>
  v === null || v === undefined ? null : Buffer.isBuffer(v) ? v : Buffer.from(v, 'utf8')

/** Appends `records` in one call and returns them as expected records with their offsets. */
async function append(writer: LogWriter, records: RecordInput[]): Promise<ExpectedRecord[]> {
  const { baseOffset } = await writer.append(records)
  return records.map((r, i) => ({
    offset: baseOffset + i,
    timestamp: r.timestamp!,
    key: buf(r.key as string | Buffer | null | undefined),
    value: buf(r.value as string | Buffer | null),
    headers: (r.headers ?? []).map((h) => ({ key: h.key, value: buf(h.value as string | Buffer | null) })),
  }))
}

/** Printable text of `n` characters (DumpLogSegments prints values raw, so no newlines). */
function text(rand: () => number, n: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_=+:;,./ä€ключ'
  let s = ''
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)]
  return s
}

/** A random record: sometimes null key or value, 0-3 headers (repeated keys, null values). */
function randomRecord(rand: () => number, ts: number, maxValue = 200): RecordInput {
  const headers = []
  const nh = Math.floor(rand() * 4)
  for (let i = 0; i < nh; i++)
    headers.push({
      key: ['trace', 'h', 'ключ', ''][Math.floor(rand() * 4)]!,
      value: rand() < 0.2 ? null : text(rand, Math.floor(rand() * 20)),
    })
  return {
    key: rand() < 0.2 ? null : text(rand, 1 + Math.floor(rand() * 16)),
    value: rand() < 0.1 ? null : text(rand, Math.floor(rand() * maxValue)),
    headers,
    timestamp: ts,
  }
}

async function withLog(
  options: Partial<LogOptions>,
  body: (writer: LogWriter, log: Log) => Promise<ExpectedRecord[]>,
): Promise<{ dir: string; expected: ExpectedRecord[] }> {
  const dir = dirs.make()
  const log = await Log.open(dir, { fsync: 'never', ...options })
  const writer = await log.writer()
  const expected = await body(writer, log)
  await log.close()
  return { dir, expected }
}

/** Kafka must agree on every record of `dir`, from its first segment's base offset on. */
async function expectKafkaAgrees(dir: string, expected: ExpectedRecord[]): Promise<void> {
  const view = await judgeDirectory(dir)
  const first = Math.min(...view.ours.map((b) => b.baseOffset))
  expect(
    kafkaDisagreements(
      view,
      expected.filter((r) => r.offset >= first),
    ),
  ).toEqual([])
  // The comparison really ran: Kafka listed every record and indexes were checked.
  expect(view.probe.flatMap((b) => b.records).length).toBeGreaterThan(0)
}

describe('DumpLogSegments reads logs we wrote', () => {
  it('single-record appends', async () => {
    const rand = mulberry32(101)
    const { dir, expected } = await withLog({}, async (w) => {
      const out: ExpectedRecord[] = []
      for (let i = 0; i < 60; i++) out.push(...(await append(w, [randomRecord(rand, T0 + i * 7)])))
      return out
    })
    await expectKafkaAgrees(dir, expected)
  })

  it('big batches split by maxBatchBytes, with many index entries', async () => {
    const rand = mulberry32(102)
    const { dir, expected } = await withLog({ maxBatchBytes: 32 * 1024, indexIntervalBytes: 4096 }, async (w) => {
      const out: ExpectedRecord[] = []
      for (let a = 0; a < 3; a++) {
        const batch = Array.from({ length: 2500 }, (_, i) => randomRecord(rand, T0 + a * 100_000 + i, 60))
        out.push(...(await append(w, batch)))
      }
      return out
    })
    const view = await judgeDirectory(dir)
    expect(view.ours.length).toBeGreaterThan(10) // the appends were split into many batches
    expect(view.deep.find((f) => f.kind === 'index')!.entries.length).toBeGreaterThan(10)
    expect(kafkaDisagreements(view, expected)).toEqual([])
  })

  it('headers: repeated keys, null values, UTF-8, many per record', async () => {
    const { dir, expected } = await withLog({}, async (w) => [
      ...(await append(w, [
        {
          key: 'a',
          value: 'v',
          headers: [
            { key: 'trace', value: 'a' },
            { key: 'x', value: null },
            { key: 'trace', value: 'b' },
          ],
          timestamp: T0,
        },
        {
          key: 'b',
          value: 'w',
          headers: [
            { key: 'ключ', value: 'значение' },
            { key: '', value: '' },
          ],
          timestamp: T0 + 1,
        },
      ])),
      ...(await append(w, [
        {
          key: 'c',
          value: 'many',
          headers: Array.from({ length: 40 }, (_, i) => ({ key: `h${i % 5}`, value: i % 9 === 0 ? null : `value-${i}` })),
          timestamp: T0 + 2,
        },
      ])),
    ])
    await expectKafkaAgrees(dir, expected)
  })

  it('null keys, null values (tombstones) and empty ones', async () => {
    const { dir, expected } = await withLog({}, async (w) => [
      ...(await append(w, [
        { key: null, value: 'no key', timestamp: T0 },
        { key: 'gone', value: null, timestamp: T0 + 1 },
        { key: null, value: null, timestamp: T0 + 2 },
        { key: '', value: '', timestamp: T0 + 3 },
      ])),
      ...(await append(w, [{ key: 'gone', value: null, timestamp: T0 + 4 }])),
    ])
    await expectKafkaAgrees(dir, expected)
  })

  it('rolls by size, with dense indexes', async () => {
    const rand = mulberry32(105)
    const { dir, expected } = await withLog({ segmentBytes: 8 * 1024, indexIntervalBytes: 512 }, async (w) => {
      const out: ExpectedRecord[] = []
      for (let i = 0; i < 200; i++) {
        const n = 1 + Math.floor(rand() * 5)
        out.push(
          ...(await append(
            w,
            Array.from({ length: n }, (_, j) => randomRecord(rand, T0 + i * 10 + j)),
          )),
        )
      }
      return out
    })
    const view = await judgeDirectory(dir)
    expect(view.logFiles.length).toBeGreaterThan(5)
    expect(kafkaDisagreements(view, expected)).toEqual([])
  })

  it('rolls by time, with timestamps going backwards inside batches', async () => {
    const rand = mulberry32(106)
    const { dir, expected } = await withLog({ segmentMs: 60_000, indexIntervalBytes: 256 }, async (w) => {
      const out: ExpectedRecord[] = []
      for (let i = 0; i < 40; i++) {
        const base = T0 + i * 20_000
        out.push(...(await append(w, [randomRecord(rand, base + 500), randomRecord(rand, base), randomRecord(rand, base + 100)])))
      }
      return out
    })
    const view = await judgeDirectory(dir)
    expect(view.logFiles.length).toBeGreaterThan(5)
    expect(kafkaDisagreements(view, expected)).toEqual([])
  })

  it('truncation, then appends at the new end', async () => {
    const rand = mulberry32(107)
    const { dir, expected } = await withLog({ segmentBytes: 8 * 1024, indexIntervalBytes: 512 }, async (w) => {
      let out: ExpectedRecord[] = []
      for (let i = 0; i < 120; i++) out.push(...(await append(w, [randomRecord(rand, T0 + i), randomRecord(rand, T0 + i)])))
      const end = await w.truncateTo(97) // inside a batch: the whole batch goes
      out = out.filter((r) => r.offset < end)
      for (let i = 0; i < 40; i++) out.push(...(await append(w, [randomRecord(rand, T0 + 1000 + i)])))
      return out
    })
    await expectKafkaAgrees(dir, expected)
  })

  it('retention deleted the oldest segments', async () => {
    const rand = mulberry32(108)
    const { dir, expected } = await withLog(
      { segmentBytes: 8 * 1024, retentionBytes: 24 * 1024, indexIntervalBytes: 1024 },
      async (w, log) => {
        const out: ExpectedRecord[] = []
        for (let i = 0; i < 300; i++) out.push(...(await append(w, [randomRecord(rand, T0 + i)])))
        await w.enforceRetention()
        expect(log.logStartOffset).toBeGreaterThan(0)
        return out.filter((r) => r.offset >= log.logStartOffset)
      },
    )
    await expectKafkaAgrees(dir, expected)
  })

  it('recovery after a SIGKILLed writer and a torn tail', async () => {
    const dir = dirs.make()
    const ackFile = path.join(dir, '..', `${path.basename(dir)}.acks`)
    const child = spawn(process.execPath, [CRASH_CHILD, DIST_ENTRY, dir, ackFile, '109'], { stdio: 'ignore' })
    let gone = false
    const exited = new Promise((r) => child.once('exit', (code) => ((gone = true), r(code))))
    const lastAcked = (): number => {
      const lines = fs.existsSync(ackFile) ? fs.readFileSync(ackFile, 'utf8').trim().split('\n') : []
      return lines.length > 0 && lines[0] !== '' ? Number(lines.at(-1)) : -1
    }
    // Kill once a few segments' worth is acknowledged; the exact moment is whatever it is.
    while (lastAcked() < 1500) {
      if (gone) throw new Error('the appending child exited before it was killed')
      await new Promise((r) => setTimeout(r, 20))
    }
    child.kill('SIGKILL')
    await exited
    const acked = lastAcked()
    fs.rmSync(ackFile)
    // A torn write: the first 40 bytes of a batch header at the end of the active segment.
    const active = fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.log'))
      .sort()
      .at(-1)!
    fs.appendFileSync(path.join(dir, active), fs.readFileSync(path.join(dir, '00000000000000000000.log')).subarray(0, 40))

    const log = await Log.open(dir, { fsync: 'never', segmentBytes: 16 * 1024, indexIntervalBytes: 1024 })
    expect(log.recovery!.clean).toBe(false)
    expect(log.recovery!.bytesTruncated).toBeGreaterThanOrEqual(40)
    expect(log.logEndOffset).toBeGreaterThan(acked)
    const w = await log.writer()
    const end = log.logEndOffset
    await w.append(Array.from({ length: 30 }, (_, i) => crashRecordAt(end + i)))
    await log.close()
    const expected = Array.from({ length: end + 30 }, (_, o) => {
      const r = crashRecordAt(o)
      return { offset: o, timestamp: r.timestamp, key: buf(r.key), value: buf(r.value), headers: [{ key: 'o', value: buf(String(o)) }] }
    })
    await expectKafkaAgrees(dir, expected)
  })

  it('has teeth: one wrong byte in an .index is caught by --verify-index-only', async () => {
    const rand = mulberry32(110)
    const { dir, expected } = await withLog({ indexIntervalBytes: 512 }, async (w) => {
      const out: ExpectedRecord[] = []
      for (let i = 0; i < 80; i++) out.push(...(await append(w, [randomRecord(rand, T0 + i)])))
      return out
    })
    expect(kafkaDisagreements(await judgeDirectory(dir), expected)).toEqual([])
    // Entry 3's position (bytes 4-7 of the 8-byte entry) moves by one byte.
    const index = path.join(dir, '00000000000000000000.index')
    const bytes = fs.readFileSync(index)
    bytes[3 * 8 + 7] = bytes[3 * 8 + 7]! ^ 0x01
    fs.writeFileSync(index, bytes)
    const problems = kafkaDisagreements(await judgeDirectory(dir), expected)
    expect(problems.some((p) => p.startsWith('verify ') && p.includes('.index'))).toBe(true)
  })

  it('has teeth: a single header value that differs is caught', async () => {
    const { dir, expected } = await withLog({}, async (w) => [
      ...(await append(w, [
        {
          key: 'k',
          value: 'v',
          headers: [
            { key: 'trace', value: 'abc' },
            { key: 'trace', value: 'abd' },
          ],
          timestamp: T0,
        },
      ])),
    ])
    const view = await judgeDirectory(dir)
    expect(kafkaDisagreements(view, expected)).toEqual([])
    const wrong = expected.map((r) => ({ ...r, headers: r.headers.map((h) => ({ ...h })) }))
    wrong[0]!.headers[1]!.value = Buffer.from('abc')
    const problems = kafkaDisagreements(view, wrong)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain('header 1')
  })
})

/** Keep in step with recordAt in children/crash-appender.mjs. */
function crashRecordAt(o: number): {
  key: string | null
  value: string | null
  headers: { key: string; value: string }[]
  timestamp: number
} {
  return {
    key: o % 7 === 0 ? null : `k${o}`,
    value: o % 11 === 0 ? null : `v${o}-${'abcdefghij'.repeat(o % 13)}`,
    headers: [{ key: 'o', value: String(o) }],
    timestamp: 1_700_000_000_000 + o,
  }
}
