/**
 * Idempotent producers through the broker's produce path, against a model of Kafka's rules: random
 * sequences of batches from three producers (the next sequence, retries of earlier batches, gaps,
 * repeats, epoch bumps with and without sequence 0, stale epochs, bursts of in-flight batches,
 * sequences wrapping past 2^31 - 1, every codec) interleaved with clean reopens (the producer-state
 * checkpoint) and reopens without it (state rebuilt from the batches). Each produce's outcome
 * (appended at the next offset, a duplicate answered with the original offsets, or the error code)
 * must be the model's, and the log must hold exactly the appended batches with their producer fields.
 *
 * Replay: fast-check prints the seed; `PRODUCER_STATE_SEED=<seed> PRODUCER_STATE_RUNS=<n>`.
 */
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LogError, batchInfo, type CompressionType } from '../../src/index.js'
import { Broker } from '../../src/broker/index.js'
import { ourBatch } from '../helpers/produced-batches.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs('kafka-lite-producer-state-')
const RUNS = Number(process.env.PRODUCER_STATE_RUNS ?? 25)
const SEED = process.env.PRODUCER_STATE_SEED === undefined ? undefined : Number(process.env.PRODUCER_STATE_SEED)
const INT32_MAX = 2 ** 31 - 1
const PIDS = [1000, 1001, 1002]

type Kind = 'next' | 'retry' | 'gap' | 'repeat' | 'bump' | 'badBump' | 'stale' | 'burst' | 'reopen' | 'rebuild'
interface Action {
  kind: Kind
  pid: number
  count: number
  pick: number
  codec: CompressionType
}

const action: fc.Arbitrary<Action> = fc.record({
  kind: fc.constantFrom<Kind>(
    'next',
    'next',
    'next',
    'next',
    'retry',
    'retry',
    'retry',
    'gap',
    'repeat',
    'bump',
    'badBump',
    'stale',
    'burst',
    'reopen',
    'rebuild',
  ),
  // One busy producer: retries of its 5th and 6th most recent batches (kept, and forgotten) need a history.
  pid: fc.constantFrom(PIDS[0]!, PIDS[0]!, PIDS[0]!, PIDS[1]!, PIDS[2]!),
  count: fc.integer({ min: 1, max: 4 }),
  pick: fc.nat(),
  codec: fc.constantFrom<CompressionType>('none', 'gzip', 'snappy', 'lz4', 'zstd'),
})

/** Kafka's rules, written out plainly (the model). */
interface ModelBatch {
  epoch: number
  firstSeq: number
  lastSeq: number
  firstOffset: number
  lastOffset: number
}
interface ModelProducer {
  epoch: number
  retained: ModelBatch[]
  history: ModelBatch[]
}

const wrapAdd = (seq: number, n: number): number => (seq + n > INT32_MAX ? seq + n - INT32_MAX - 1 : seq + n)

function expectedOutcome(p: ModelProducer | undefined, epoch: number, first: number, last: number): string | ModelBatch {
  if (p === undefined) return 'append'
  if (epoch === p.epoch) {
    const dup = p.retained.find((b) => b.firstSeq === first && b.lastSeq === last)
    if (dup !== undefined) return dup
  }
  if (epoch < p.epoch) return 'KLOG_INVALID_PRODUCER_EPOCH'
  if (epoch > p.epoch) return first === 0 ? 'append' : 'KLOG_OUT_OF_ORDER_SEQUENCE'
  return first === wrapAdd(p.retained.at(-1)!.lastSeq, 1) ? 'append' : 'KLOG_OUT_OF_ORDER_SEQUENCE'
}

describe('idempotent producers against a model of Kafka’s rules', () => {
  it('every produce gets the model’s outcome; the log holds exactly the appended batches', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 40 }), async (actions) => {
        const dir = dirs.make()
        let broker = await Broker.open(dir)
        try {
          await broker.createTopic('t', { partitions: 1 })
          const model = new Map<number, ModelProducer>()
          const appended: ModelBatch[] = []
          let leo = 0

          const plan = (a: Action): { epoch: number; first: number } => {
            const p = model.get(a.pid)
            const epoch = p?.epoch ?? a.pick % 3
            const next =
              p === undefined ? (a.pick % 2 === 0 ? INT32_MAX - (a.pick % 4) : a.pick % 50) : wrapAdd(p.retained.at(-1)!.lastSeq, 1)
            switch (a.kind) {
              case 'retry': {
                const h = p?.history.filter((b) => b.epoch === p.epoch) ?? []
                if (h.length === 0) return { epoch, first: next }
                const b = h[h.length - 1 - (a.pick % Math.min(h.length, 6))]!
                a.count = b.lastSeq >= b.firstSeq ? b.lastSeq - b.firstSeq + 1 : b.lastSeq + INT32_MAX + 2 - b.firstSeq
                return { epoch: b.epoch, first: b.firstSeq }
              }
              case 'gap':
                return { epoch, first: wrapAdd(next, 1 + (a.pick % 5)) }
              case 'repeat':
                return { epoch, first: p === undefined ? next : wrapAdd(p.retained.at(-1)!.firstSeq, a.pick % 2) }
              case 'bump':
                return { epoch: epoch + 1, first: 0 }
              case 'badBump':
                return { epoch: epoch + 1, first: 1 + (a.pick % 5) }
              case 'stale':
                return { epoch: Math.max(0, epoch - 1), first: next }
              default:
                return { epoch, first: next }
            }
          }

          /** The batch of `a` at (epoch, first), and the produce call (started now). */
          const start = async (a: Action, epoch: number, first: number) => {
            const records = Array.from({ length: a.count }, (_, i) => ({ key: `p${a.pid}`, value: `e${epoch}s${wrapAdd(first, i)}` }))
            const bytes = await ourBatch(records, a.codec, { producerId: a.pid, producerEpoch: epoch, baseSequence: first })
            return { a, epoch, first, bytes }
          }
          type Started = Awaited<ReturnType<typeof start>>
          const fire = (s: Started) =>
            broker
              .partition('t', 0)
              .produce(s.bytes)
              .then(
                (r) => r,
                (err: unknown) => (err instanceof LogError ? err.code : err),
              )
          /** Checks one outcome against the model as it stands after every earlier produce, and updates it. */
          const settle = async (s: Started, pending: ReturnType<typeof fire>): Promise<void> => {
            const { a, epoch, first } = s
            const last = wrapAdd(first, a.count - 1)
            const want = expectedOutcome(model.get(a.pid), epoch, first, last)
            const got = await pending
            const what = `${a.kind} pid ${a.pid} epoch ${epoch} seq ${first}..${last}`
            if (want === 'append') {
              expect(got, what).toMatchObject({ baseOffset: leo, lastOffset: leo + a.count - 1, duplicate: false })
              const b: ModelBatch = { epoch, firstSeq: first, lastSeq: last, firstOffset: leo, lastOffset: leo + a.count - 1 }
              const p = model.get(a.pid)
              const next: ModelProducer = p === undefined || p.epoch !== epoch ? { epoch, retained: [], history: p?.history ?? [] } : p
              next.retained = [...next.retained, b].slice(-5)
              next.history = [...next.history, b]
              model.set(a.pid, next)
              appended.push(b)
              leo += a.count
            } else if (typeof want === 'string') {
              expect(got, what).toBe(want)
            } else {
              expect(got, what).toMatchObject({ baseOffset: want.firstOffset, lastOffset: want.lastOffset, duplicate: true })
            }
          }

          for (const a of actions) {
            if (a.kind === 'reopen' || a.kind === 'rebuild') {
              await broker.close()
              if (a.kind === 'rebuild') fs.rmSync(path.join(dir, 't-0', '.kafka-lite-producer-state'), { force: true })
              broker = await Broker.open(dir)
              continue
            }
            if (a.kind === 'burst') {
              // In flight together, as a producer with max.in.flight.requests = 5 sends them.
              const p = model.get(a.pid)
              let first = p === undefined ? a.pick % 50 : wrapAdd(p.retained.at(-1)!.lastSeq, 1)
              const epoch = p?.epoch ?? 0
              const batches: Started[] = []
              for (let i = 0; i < 3; i++) {
                batches.push(await start(a, epoch, first))
                first = wrapAdd(first, a.count)
              }
              const pending = batches.map(fire) // all in flight before any settles
              for (let i = 0; i < batches.length; i++) await settle(batches[i]!, pending[i]!)
              continue
            }
            const { epoch, first } = plan(a)
            const s = await start(a, epoch, first)
            await settle(s, fire(s))
          }

          const { records } = await broker.log('t', 0).readBatches({ from: 0, maxBytes: 1 << 24 })
          const stored: [number, number, number, number][] = []
          for (let pos = 0; pos < records.length;) {
            const info = batchInfo(records, pos)
            stored.push([info.baseOffset, info.producerEpoch, info.baseSequence, info.lastSequence])
            pos += info.size
          }
          expect(stored).toEqual(appended.map((b) => [b.firstOffset, b.epoch, b.firstSeq, b.lastSeq]))
        } finally {
          await broker.close()
        }
      }),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
    )
  })
})
