/**
 * Kafka's `kafka-consumer-groups.sh` (`org.apache.kafka.tools.consumer.group.ConsumerGroupCommand`,
 * from the harness's Maven resolution, unchanged) against our broker served on a port, judged against
 * what the broker's in-process API reports (`broker.groupCoordinator.group(id)`,
 * `committedOffset(...)`, each partition log's `logEndOffset`):
 *
 * - group `g`: two in-process members (`broker.consumer`, range assignor) share a 4-partition topic;
 *   each processes every record of its partitions written so far and commits, then more records are
 *   written: partitions with lag, one without lag, one never committed (`-`).
 *   `--describe` shows per partition CURRENT-OFFSET, LOG-END-OFFSET, LAG and the owning member's
 *   CONSUMER-ID, HOST and CLIENT-ID; `--members --verbose` each member's partition count and
 *   assignment; `--state` the coordinator, assignment strategy, state (Stable) and member count.
 * - group `audit`: one member committed part of partition 0 and left (Empty).
 * - `--list` names both groups; after `g`'s members leave, `--list --state` shows both Empty and
 *   `--describe --all-groups` shows the committed partitions only, without members.
 *
 * The group APIs the tool needs (FindCoordinator, ListGroups, DescribeGroups: the admin client falls
 * back from ConsumerGroupDescribe, which the broker does not advertise; OffsetFetch, ListOffsets,
 * Metadata) are all served already. Waits are for conditions, never for durations.
 */
import { describe, expect, it } from 'vitest'
import { Broker, type ConsumerRecord, type GroupConsumer } from '../../src/broker/index.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { runJava } from './harness.js'

const dirs = useTempDirs('kafka-lite-consumer-groups-')
const TOPIC = 'orders'
const WRITTEN_BEFORE = [6, 3, 0, 5] // per partition: processed and committed by group g
const WRITTEN_AFTER = [2, 0, 4, 1] // per partition: written after the commit (the lag)
const DEADLINE_MS = 120_000

// One broker for the file's one test, opened in it (the temp directory goes after each test).
let broker: Broker
let bootstrap: string

/** `kafka-consumer-groups.sh --bootstrap-server <ours> <args>`: its stdout. */
function consumerGroups(...args: string[]): Promise<string> {
  return runJava('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ['--bootstrap-server', bootstrap, ...args])
}

/** The rows of every table in the tool's output (a header line starting `GROUP `), by column name. */
function tables(text: string): Record<string, string>[] {
  const rows: Record<string, string>[] = []
  let header: string[] | undefined
  for (const line of text.split('\n')) {
    if (line.trim() === '') header = undefined
    else if (line.startsWith('GROUP ')) header = line.trim().split(/\s+/)
    else if (header !== undefined) {
      const cells = line.trim().split(/\s+/)
      expect(cells.length, `a row of ${header.join(' ')}: ${line}`).toBe(header.length)
      rows.push(Object.fromEntries(header.map((h, i) => [h, cells[i]!])))
    }
  }
  return rows
}

async function waitFor(what: string, check: () => boolean): Promise<void> {
  const end = Date.now() + DEADLINE_MS
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function write(counts: number[]): Promise<void> {
  const producer = broker.producer()
  for (const [partition, n] of counts.entries())
    for (let i = 0; i < n; i++) await producer.send({ topic: TOPIC, messages: [{ key: `k${partition}`, value: `v${i}`, partition }] })
}

/** Takes `count` records from `consumer` (the first maybe from a `next()` already pending); returns the position per partition. */
async function take(
  consumer: GroupConsumer,
  count: number,
  pending?: Promise<IteratorResult<ConsumerRecord>>,
): Promise<Map<number, number>> {
  const positions = new Map<number, number>()
  for (let i = 0; i < count; i++) {
    const r = i === 0 && pending !== undefined ? await pending : await consumer.next()
    if (r.done === true) throw new Error('the consumer ended')
    expect(r.value.offset).toBe(positions.get(r.value.partition) ?? 0)
    positions.set(r.value.partition, r.value.offset + 1)
  }
  return positions
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0)

describe('kafka-consumer-groups.sh against the broker', () => {
  it('--list, --describe (offsets, --members, --state) show what the in-process API reports', async () => {
    await using opened = await Broker.open(dirs.make(), { groups: { initialRebalanceDelayMs: 0 } })
    broker = opened
    await broker.createTopic(TOPIC, { partitions: WRITTEN_BEFORE.length })
    bootstrap = `127.0.0.1:${(await broker.listen({ port: 0 })).port}`
    const consumerOptions = (clientId: string, groupId: string) =>
      ({ groupId, topics: [TOPIC], assignors: ['range'], autoOffsetReset: 'earliest', clientId, heartbeatIntervalMs: 200 }) as const

    // group `audit`: committed 2 records of partition 0, then left
    await write([2, 0, 0, 0])
    {
      const audit = broker.consumer(consumerOptions('auditor', 'audit'))
      const positions = await take(audit, 2)
      expect([...positions]).toEqual([[0, 2]])
      await audit.commit()
      await audit.close()
    }
    const written = WRITTEN_BEFORE.map((n, p) => n + (p === 0 ? 2 : 0))

    // group `g`: two members, each waiting for records (a pending next() also takes part in rebalances)
    const a = broker.consumer(consumerOptions('worker-a', 'g'))
    const b = broker.consumer(consumerOptions('worker-b', 'g'))
    try {
      // Group g starts at the log start: the `audit` records are g's too.
      const pendingA = a.next()
      const pendingB = b.next()
      await waitFor('group g Stable with both members owning two partitions each', () => {
        const g = broker.groupCoordinator.group('g')
        return (
          g?.state === 'Stable' && g.members.length === 2 && a.membership.assignment.length === 2 && b.membership.assignment.length === 2
        )
      })
      const owner = new Map<number, GroupConsumer>()
      for (const c of [a, b]) for (const tp of c.membership.assignment) owner.set(tp.partition, c)
      expect([...owner.keys()].sort()).toEqual([0, 1, 2, 3])
      const owned = (c: GroupConsumer): number[] => c.membership.assignment.map((tp) => tp.partition)

      await write(WRITTEN_BEFORE)
      const positions = new Map<number, number>()
      for (const [c, pending] of [
        [a, pendingA],
        [b, pendingB],
      ] as const) {
        for (const [p, next] of await take(c, sum(owned(c).map((p) => written[p]!)), pending)) positions.set(p, next)
        await c.commit()
      }
      await write(WRITTEN_AFTER)
      const ends = written.map((n, p) => n + WRITTEN_AFTER[p]!)

      // what the broker's API reports
      const committed = (group: string, p: number): number | undefined => {
        const c = broker.groupCoordinator.committedOffset(group, TOPIC, p)?.offset
        return c === undefined ? undefined : Number(c)
      }
      for (let p = 0; p < ends.length; p++) {
        expect(broker.log(TOPIC, p).logEndOffset).toBe(ends[p])
        expect(committed('g', p)).toBe(positions.get(p)) // undefined for partition 2: nothing to process
      }
      expect(committed('g', 2)).toBeUndefined()
      expect(committed('audit', 0)).toBe(2)
      const g = broker.groupCoordinator.group('g')!
      expect(g.state).toBe('Stable')

      expect(
        (await consumerGroups('--list'))
          .split('\n')
          .filter((l) => l !== '')
          .sort(),
      ).toEqual(broker.groupCoordinator.groupIds())
      expect(broker.groupCoordinator.groupIds()).toEqual(['audit', 'g'])

      const offsets = tables(await consumerGroups('--describe', '--group', 'g'))
      expect(offsets.map((r) => [r.GROUP, r.TOPIC, Number(r.PARTITION)])).toEqual(ends.map((_, p) => ['g', TOPIC, p]))
      for (const [p, row] of offsets.entries()) {
        const c = committed('g', p)
        const member = g.members.find((m) => m.memberId === owner.get(p)!.membership.memberId)!
        expect(row, `partition ${p}`).toEqual({
          GROUP: 'g',
          TOPIC,
          PARTITION: String(p),
          'CURRENT-OFFSET': c === undefined ? '-' : String(c),
          'LOG-END-OFFSET': String(broker.log(TOPIC, p).logEndOffset),
          LAG: c === undefined ? '-' : String(broker.log(TOPIC, p).logEndOffset - c),
          'CONSUMER-ID': member.memberId,
          HOST: member.clientHost,
          'CLIENT-ID': member.clientId,
        })
      }
      // the figures themselves: lag 2, 0, none, 1
      expect(offsets.map((r) => [r['CURRENT-OFFSET'], r['LOG-END-OFFSET'], r.LAG])).toEqual([
        ['8', '10', '2'],
        ['3', '3', '0'],
        ['-', '4', '-'],
        ['5', '6', '1'],
      ])

      const members = tables(await consumerGroups('--describe', '--group', 'g', '--members', '--verbose'))
      expect(members.map((r) => r['CONSUMER-ID']).sort()).toEqual(g.members.map((m) => m.memberId).sort())
      for (const c of [a, b]) {
        const row = members.find((r) => r['CONSUMER-ID'] === c.membership.memberId)!
        const m = g.members.find((x) => x.memberId === c.membership.memberId)!
        expect(row).toMatchObject({
          GROUP: 'g',
          HOST: m.clientHost,
          'CLIENT-ID': m.clientId,
          '#PARTITIONS': String(owned(c).length),
          'CURRENT-ASSIGNMENT': `${TOPIC}:${owned(c).join(',')}`,
        })
      }

      const state = await consumerGroups('--describe', '--group', 'g', '--state')
      const stateRow = state.split('\n').find((l) => l.startsWith('g '))
      expect(stateRow?.trim().split(/\s+/)).toEqual([
        'g',
        bootstrap,
        `(${broker.nodeId})`,
        g.protocolName,
        g.state,
        String(g.members.length),
      ])
      expect(g.protocolName).toBe('range')
    } finally {
      await a.close()
      await b.close()
    }

    // both groups Empty: committed offsets only
    expect(broker.groupCoordinator.group('g')!.state).toBe('Empty')
    expect(broker.groupCoordinator.group('audit')!.state).toBe('Empty')
    expect(tables(await consumerGroups('--list', '--state'))).toEqual([
      { GROUP: 'audit', STATE: 'Empty' },
      { GROUP: 'g', STATE: 'Empty' },
    ])
    const all = tables(await consumerGroups('--describe', '--all-groups'))
    const expected = (['audit', 'g'] as const).flatMap((group) =>
      [0, 1, 2, 3].flatMap((p) => {
        const c = broker.groupCoordinator.committedOffset(group, TOPIC, p)?.offset
        if (c === undefined) return []
        const end = broker.log(TOPIC, p).logEndOffset
        return [[group, String(p), String(c), String(end), String(end - Number(c)), '-', '-', '-']]
      }),
    )
    expect(expected).toHaveLength(4) // audit: partition 0; g: partitions 0, 1, 3
    expect(
      all
        .map((r) => [r.GROUP, r.PARTITION, r['CURRENT-OFFSET'], r['LOG-END-OFFSET'], r.LAG, r['CONSUMER-ID'], r.HOST, r['CLIENT-ID']])
        .sort(),
    ).toEqual(expected.sort())
  })
})
