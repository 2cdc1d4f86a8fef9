/**
 * Model-based test of consumer positions: fast-check runs random sequences of append (with retention
 * by bytes applied after each), read, commit (of the current reader or of a plain offset), resume (a
 * new reader from the committed position, each `onOutOfRange` policy), truncateTo, delete, and a clean
 * close + reopen, against a plain model: the records, their batches, the truncation epoch and offset,
 * the committed position and the reader's (position, epoch). The model predicts every record read,
 * every out-of-range error, every committed position, the lag and the listing.
 *
 * The log start after retention is observed (retention's choice of segments is the log model's
 * business, test/property/log-model.property.test.ts) and checked to move forward to a batch boundary.
 *
 * Replay a failure: fast-check prints `seed` and `path`; run with
 * `CONSUMER_SEED=<seed> CONSUMER_PATH=<path> npx vitest run test/property/consumer.property.test.ts`.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Log, LogError, type LogReader, type LogWriter, type OffsetResetPolicy } from '../../src/index.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs('kafka-lite-consumer-model-')
const NUM_RUNS = Number(process.env.CONSUMER_RUNS ?? 100)
const SEED = process.env.CONSUMER_SEED === undefined ? undefined : Number(process.env.CONSUMER_SEED)
const PATH = process.env.CONSUMER_PATH
const NAME = 'projection'

interface ReaderModel {
  pos: number
  epoch: number
  policy: OffsetResetPolicy
}

interface Model {
  values: string[]
  /** Batches as [base, last], ascending, covering [logStart, leo). */
  batches: [number, number][]
  logStart: number
  epoch: number
  truncationOffset: number
  committed: { offset: number; epoch: number } | undefined
  reader: ReaderModel | undefined
}

interface Real {
  dir: string
  log: Log
  writer: LogWriter
  reader: LogReader | undefined
  counter: number
}

const leo = (m: Model): number => m.values.length

/** What the reader's next read does to its (position, epoch): the library's rule, restated. */
function applyRange(m: Model, r: ReaderModel): 'error' | 'ok' {
  let cut = false
  if (m.epoch !== r.epoch) {
    cut = m.epoch === r.epoch + 1 ? r.pos > m.truncationOffset : r.pos > m.logStart
    if (!cut || r.policy !== 'error') r.epoch = m.epoch
  }
  if (!cut && r.pos >= m.logStart && r.pos <= leo(m)) return 'ok'
  if (r.policy === 'error') return 'error'
  r.pos = r.policy === 'earliest' ? m.logStart : leo(m)
  return 'ok'
}

async function observeLogStart(m: Model, r: Real): Promise<void> {
  await r.writer.enforceRetention()
  const start = r.log.logStartOffset
  expect(start).toBeGreaterThanOrEqual(m.logStart)
  expect(start).toBeLessThanOrEqual(leo(m))
  while (m.batches.length > 0 && m.batches[0]![0] < start) m.batches.shift()
  expect(m.batches[0]?.[0] ?? leo(m)).toBe(start)
  m.logStart = start
  expect(r.log.highWatermark).toBe(leo(m))
}

type Cmd = fc.AsyncCommand<Model, Real>

class Append implements Cmd {
  constructor(readonly count: number) {}
  check(): boolean {
    return true
  }
  async run(m: Model, r: Real): Promise<void> {
    const values = Array.from({ length: this.count }, () => `v${r.counter++}`.padEnd(60, '.'))
    const { baseOffset, lastOffset } = await r.writer.append(values.map((value) => ({ value, key: 'k' })))
    expect([baseOffset, lastOffset]).toEqual([leo(m), leo(m) + this.count - 1])
    m.batches.push([baseOffset, lastOffset])
    m.values.push(...values)
    await observeLogStart(m, r)
  }
  toString(): string {
    return `Append(${this.count})`
  }
}

class Read implements Cmd {
  constructor(readonly maxRecords: number) {}
  check(m: Model): boolean {
    return m.reader !== undefined
  }
  async run(m: Model, r: Real): Promise<void> {
    const rm = m.reader!
    const outcome = applyRange(m, rm)
    let records
    try {
      records = await r.reader!.read({ maxRecords: this.maxRecords })
    } catch (err) {
      expect(outcome).toBe('error')
      expect(err).toBeInstanceOf(LogError)
      expect((err as LogError).code).toBe('KLOG_OFFSET_OUT_OF_RANGE')
      return
    }
    expect(outcome).toBe('ok')
    const n = records.length
    expect(n).toBeLessThanOrEqual(this.maxRecords)
    if (rm.pos < leo(m)) expect(n).toBeGreaterThan(0)
    expect(records.map((x) => [x.offset, x.value?.toString()])).toEqual(m.values.slice(rm.pos, rm.pos + n).map((v, i) => [rm.pos + i, v]))
    rm.pos += n
    expect(r.reader!.position).toBe(rm.pos)
  }
  toString(): string {
    return `Read(${this.maxRecords})`
  }
}

class Commit implements Cmd {
  constructor(
    readonly seed: number,
    readonly fromReader: boolean,
  ) {}
  check(): boolean {
    return true
  }
  async run(m: Model, r: Real): Promise<void> {
    const consumer = r.log.consumer(NAME)
    let expected: { offset: number; epoch: number }
    let committed
    if (this.fromReader && r.reader !== undefined) {
      committed = await consumer.commit(r.reader, { metadata: `s${this.seed}` })
      expected = { offset: m.reader!.pos, epoch: m.reader!.epoch }
    } else {
      const offset = this.seed % (leo(m) + 3)
      committed = await consumer.commit(offset, { metadata: `s${this.seed}` })
      expected = { offset, epoch: m.epoch }
    }
    m.committed = expected
    expect([committed.offset, committed.truncationEpoch, committed.metadata]).toEqual([expected.offset, expected.epoch, `s${this.seed}`])
    expect(await consumer.committed()).toEqual(committed)
    expect(await consumer.lag()).toBe(Math.max(0, leo(m) - expected.offset))
    expect(await r.log.consumers()).toEqual([{ name: NAME, committed, lag: Math.max(0, leo(m) - expected.offset) }])
  }
  toString(): string {
    return `Commit(${this.fromReader ? 'reader' : `offset seed ${this.seed}`})`
  }
}

class Resume implements Cmd {
  constructor(readonly policy: OffsetResetPolicy) {}
  check(): boolean {
    return true
  }
  async run(m: Model, r: Real): Promise<void> {
    await r.reader?.close()
    r.reader = await r.log.consumer(NAME).reader({ onOutOfRange: this.policy, from: 'earliest' })
    m.reader =
      m.committed === undefined
        ? { pos: m.logStart, epoch: m.epoch, policy: this.policy }
        : { pos: m.committed.offset, epoch: m.committed.epoch, policy: this.policy }
    expect(r.reader.position).toBe(m.reader.pos)
  }
  toString(): string {
    return `Resume(${this.policy})`
  }
}

class Truncate implements Cmd {
  constructor(readonly seed: number) {}
  check(m: Model): boolean {
    return leo(m) > m.logStart
  }
  async run(m: Model, r: Real): Promise<void> {
    const target = m.logStart + (this.seed % (leo(m) - m.logStart))
    // Batch granular: the first batch reaching `target` goes whole.
    const i = m.batches.findIndex(([, last]) => last >= target)
    const newEnd = m.batches[i]![0]
    m.batches.splice(i)
    m.values.length = newEnd
    m.epoch++
    m.truncationOffset = newEnd
    expect(await r.writer.truncateTo(target)).toBe(newEnd)
    await observeLogStart(m, r)
  }
  toString(): string {
    return `Truncate(seed ${this.seed})`
  }
}

class Delete implements Cmd {
  check(): boolean {
    return true
  }
  async run(m: Model, r: Real): Promise<void> {
    expect(await r.log.consumer(NAME).delete()).toBe(m.committed !== undefined)
    m.committed = undefined
    expect(await r.log.consumers()).toEqual([])
  }
  toString(): string {
    return 'Delete'
  }
}

class Reopen implements Cmd {
  check(): boolean {
    return true
  }
  async run(m: Model, r: Real): Promise<void> {
    await r.log.close()
    r.log = await Log.open(r.dir, OPTIONS)
    r.writer = await r.log.writer()
    await observeLogStart(m, r)
    const c = await r.log.consumer(NAME).committed()
    expect(c === undefined ? undefined : { offset: c.offset, epoch: c.truncationEpoch }).toEqual(m.committed)
    // A restarted process resumes from its committed position.
    await new Resume('error').run(m, r)
  }
  toString(): string {
    return 'Reopen'
  }
}

const OPTIONS = { segmentBytes: 1024, retentionBytes: 2500, fsync: 'never' as const }

const append = fc.integer({ min: 1, max: 6 }).map((n) => new Append(n))
const read = fc.integer({ min: 1, max: 8 }).map((n) => new Read(n))
const commit = fc.tuple(fc.nat(), fc.boolean()).map(([s, b]) => new Commit(s, b))
const resume = fc.constantFrom<OffsetResetPolicy>('error', 'earliest', 'latest').map((p) => new Resume(p))
// fc.commands picks uniformly among its arbitraries: repeats weight the common operations.
const commands = [
  append,
  append,
  append,
  read,
  read,
  read,
  commit,
  commit,
  resume,
  resume,
  fc.nat().map((s) => new Truncate(s)),
  fc.constant(new Delete()),
  fc.constant(new Reopen()),
]

describe('consumer positions against a model', () => {
  it('commit / read / resume / truncate / retention / reopen sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 40, size: 'max' }), async (cmds) => {
        const dir = dirs.make()
        const log = await Log.open(dir, OPTIONS)
        const real: Real = { dir, log, writer: await log.writer(), reader: await log.consumer(NAME).reader(), counter: 0 }
        const model: Model = {
          values: [],
          batches: [],
          logStart: 0,
          epoch: 0,
          truncationOffset: 0,
          committed: undefined,
          reader: { pos: 0, epoch: 0, policy: 'error' },
        }
        try {
          await fc.asyncModelRun(() => ({ model, real }), cmds)
        } finally {
          await real.log.close()
        }
      }),
      { numRuns: NUM_RUNS, seed: SEED, path: PATH, endOnFailure: PATH === undefined ? false : true },
    )
  })
})
