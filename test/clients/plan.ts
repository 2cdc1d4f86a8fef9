/**
 * What every client produces and how what it read back is judged.
 *
 * A plan is a list of rounds, one per (codec, acks, idempotence) combination the client supports,
 * each a producer of its own sending {@link RECORDS_PER_ROUND} records to one 4-partition topic with
 * keys `key-0`..`key-15` (which murmur2 spreads over all 4 partitions: asserted). Rounds run one
 * after another, so each partition's expected content is the concatenation, round by round, of the
 * records whose key murmur2 sends there.
 *
 * The client drivers speak one line protocol (tab-separated, keys and values are plain ASCII):
 * input `bootstrap <addr>`, `topic <name>`, `partitions <n>`, then per round
 * `round <codec> <acks 1|all> <idempotent 0|1>` followed by `rec <key> <value>` lines; output
 * `delivered <round> <key> <value> <partition> <offset>` per acknowledged record (where the client
 * reports offsets) and `consumed <partition> <offset> <key> <value>` per record read back by
 * assigned partitions from offset 0 to the end offsets.
 */
import { expect } from 'vitest'
import { partitionForKey } from '../../src/broker/index.js'

/** Kafka's codec names, as `compression.type` spells them. */
export const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const
export type Codec = (typeof CODECS)[number]

/** Partitions of every test topic. */
export const PARTITIONS = 4
/** Records each round produces. */
export const RECORDS_PER_ROUND = 40
const KEYS = 16

/** One producer's run. */
export interface Round {
  codec: Codec
  acks: 1 | 'all'
  idempotent: boolean
  records: { key: string; value: string }[]
}

/** A record as read back. */
export interface Consumed {
  partition: number
  offset: number
  key: string
  value: string
}

/** A record as acknowledged to the producer. */
export interface Delivered {
  round: number
  key: string
  value: string
  partition: number
  offset: number
}

/** The partition murmur2 gives `key` (Kafka's default partitioner). */
export const murmur2Partition = (key: string): number => partitionForKey(Buffer.from(key), PARTITIONS)

/**
 * Every codec with acks=1 (no idempotence) and acks=all (idempotent when `idempotence`), in that
 * order; `client` and `tag` go into every value so a record is traceable to its round.
 */
export function makePlan(client: string, options: { idempotence: boolean; codecs?: readonly Codec[] }): Round[] {
  const rounds: Round[] = []
  for (const codec of options.codecs ?? CODECS) {
    for (const acks of [1, 'all'] as const) {
      const idempotent = acks === 'all' && options.idempotence
      const n = rounds.length
      const records = Array.from({ length: RECORDS_PER_ROUND }, (_, j) => {
        // Rotate the key order per round, so no key is always first.
        const key = `key-${(j + 5 * n) % KEYS}`
        return { key, value: `${client}.r${n}.${codec}.acks-${acks}${idempotent ? '.idem' : ''}.${key}.${j}` }
      })
      rounds.push({ codec, acks, idempotent, records })
    }
  }
  return rounds
}

/** The driver input for `plan`. */
export function planInput(bootstrap: string, topic: string, plan: readonly Round[]): string {
  const lines = [`bootstrap\t${bootstrap}`, `topic\t${topic}`, `partitions\t${PARTITIONS}`]
  for (const r of plan) {
    lines.push(`round\t${r.codec}\t${r.acks}\t${r.idempotent ? 1 : 0}`)
    for (const rec of r.records) lines.push(`rec\t${rec.key}\t${rec.value}`)
  }
  return lines.join('\n') + '\n'
}

/** Parses a driver's output lines (others, such as log lines on stdout, are an error). */
export function parseOutput(text: string): { delivered: Delivered[]; consumed: Consumed[] } {
  const delivered: Delivered[] = []
  const consumed: Consumed[] = []
  for (const line of text.split('\n')) {
    if (line === '') continue
    const f = line.split('\t')
    if (f[0] === 'delivered' && f.length === 6) {
      delivered.push({ round: Number(f[1]), key: f[2]!, value: f[3]!, partition: Number(f[4]), offset: Number(f[5]) })
    } else if (f[0] === 'consumed' && f.length === 5) {
      consumed.push({ partition: Number(f[1]), offset: Number(f[2]), key: f[3]!, value: f[4]! })
    } else {
      throw new Error(`unexpected driver output line: ${JSON.stringify(line)}`)
    }
  }
  return { delivered, consumed }
}

/** Each partition's expected records, in offset order. */
export function expectedPartitions(plan: readonly Round[]): { key: string; value: string }[][] {
  const parts: { key: string; value: string }[][] = Array.from({ length: PARTITIONS }, () => [])
  for (const r of plan) for (const rec of r.records) parts[murmur2Partition(rec.key)]!.push(rec)
  return parts
}

/**
 * Judges a client's run: every planned record read back exactly once at the offset its position in
 * its partition gives (offsets 0..n-1, no gap, no duplicate), in produce order (so per-key order), in
 * the partition murmur2 gives its key; every acknowledged offset (where the client reports them)
 * names that same record. Returns each key's partition as observed (to compare targets).
 */
export function verifyRun(
  plan: readonly Round[],
  out: { delivered: readonly Delivered[]; consumed: readonly Consumed[] },
): Map<string, number> {
  const total = plan.reduce((n, r) => n + r.records.length, 0)
  const expected = expectedPartitions(plan)
  // The keys cover every partition, or the test would not show spreading.
  for (const p of expected) expect(p.length).toBeGreaterThan(0)
  expect(out.consumed.length).toBe(total)
  const observed = new Map<string, number>()
  for (let p = 0; p < PARTITIONS; p++) {
    const got = out.consumed.filter((c) => c.partition === p)
    expect(got.map((c) => c.offset)).toEqual(got.map((_, i) => i))
    expect(got.map((c) => `${c.key}=${c.value}`)).toEqual(expected[p]!.map((r) => `${r.key}=${r.value}`))
    for (const c of got) observed.set(c.key, p)
  }
  for (const [key, p] of observed) expect(p, key).toBe(murmur2Partition(key))
  if (out.delivered.length > 0) {
    expect(out.delivered.length).toBe(total)
    const at = new Map(out.consumed.map((c) => [`${c.partition}:${c.offset}`, `${c.key}=${c.value}`]))
    for (const d of out.delivered) {
      expect(d.partition, d.value).toBe(murmur2Partition(d.key))
      expect(at.get(`${d.partition}:${d.offset}`), d.value).toBe(`${d.key}=${d.value}`)
    }
    // Every round's records were acknowledged, each once.
    expect(new Set(out.delivered.map((d) => d.value)).size).toBe(total)
  }
  return observed
}

/** Key-to-partition maps observed per target, to compare the real Kafka run with ours. */
export class PartitionsByTarget {
  readonly #maps = new Map<string, Map<string, number>>()
  record(target: string, map: Map<string, number>): void {
    this.#maps.set(target, map)
  }
  /** Asserts that every target that ran put every key in the same partition as the real Kafka run. */
  compare(): void {
    const kafka = this.#maps.get('kafka')
    if (kafka === undefined) return
    for (const [target, map] of this.#maps) {
      if (target === 'kafka') continue
      expect([...map].sort(), target).toEqual([...kafka].sort())
    }
  }
}
