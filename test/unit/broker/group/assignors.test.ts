/**
 * The in-process consumer's assignors: hand-checked cases (Kafka's documented examples), the
 * consumer protocol encoding, the leader's assignment step, and the Java `HashMap` order helpers.
 * Random inputs against Kafka's own Java assignors: test/kafka/assignors-oracle.test.ts.
 */
import { describe, expect, it } from 'vitest'
import {
  decodeAssignment,
  decodeSubscription,
  encodeAssignment,
  encodeSubscription,
  performAssignment,
  type AssignorMember,
  type Subscription,
  type TopicPartition,
} from '../../../../src/broker/group/assignors/assignor.js'
import { RangeAssignor } from '../../../../src/broker/group/assignors/range.js'
import { RoundRobinAssignor } from '../../../../src/broker/group/assignors/round-robin.js'
import { CooperativeStickyAssignor } from '../../../../src/broker/group/assignors/cooperative-sticky.js'
import {
  javaCapacity,
  javaHashMapOrder,
  javaStringHash,
  javaTopicPartitionHash,
  JavaHashSet,
} from '../../../../src/broker/group/assignors/java-order.js'

const sub = (topics: string[], owned: TopicPartition[] = [], generationId = -1, userData: Buffer | null = null): Subscription => ({
  topics,
  userData,
  ownedPartitions: owned,
  generationId,
  rackId: null,
})
const member = (memberId: string, s: Subscription, groupInstanceId: string | null = null): AssignorMember => ({
  memberId,
  groupInstanceId,
  subscription: s,
})
const tps = (spec: string): TopicPartition[] =>
  spec === ''
    ? []
    : spec.split(' ').map((x) => ({ topic: x.slice(0, x.lastIndexOf('-')), partition: Number(x.slice(x.lastIndexOf('-') + 1)) }))
const show = (m: Map<string, TopicPartition[]>): Record<string, string> =>
  Object.fromEntries([...m].map(([k, v]) => [k, v.map((tp) => `${tp.topic}-${tp.partition}`).join(' ')]))

describe('RangeAssignor', () => {
  it("Kafka's example: two consumers, two topics of three partitions", () => {
    const r = new RangeAssignor().assign(
      new Map([
        ['t0', 3],
        ['t1', 3],
      ]),
      [member('C0', sub(['t0', 't1'])), member('C1', sub(['t0', 't1']))],
    )
    expect(show(r)).toEqual({ C0: 't0-0 t0-1 t1-0 t1-1', C1: 't0-2 t1-2' })
  })

  it('static members sort first, by instance id; consumers not subscribed get nothing; topics without partitions are skipped', () => {
    const r = new RangeAssignor().assign(
      new Map([
        ['t', 5],
        ['u', 1],
      ]),
      [member('a', sub(['t'])), member('z', sub(['t', 'u']), 'i2'), member('y', sub(['t']), 'i1'), member('b', sub(['x']))],
    )
    expect(show(r)).toEqual({ y: 't-0 t-1', z: 't-2 t-3 u-0', a: 't-4', b: '' })
  })
})

describe('RoundRobinAssignor', () => {
  it("Kafka's example: C0 and C1 over t0 and t1 of three partitions", () => {
    const r = new RoundRobinAssignor().assign(
      new Map([
        ['t0', 3],
        ['t1', 3],
      ]),
      [member('C1', sub(['t0', 't1'])), member('C0', sub(['t0', 't1']))],
    )
    expect(show(r)).toEqual({ C0: 't0-0 t0-2 t1-1', C1: 't0-1 t1-0 t1-2' })
  })

  it("Kafka's example with different subscriptions: C0 t0; C1 t0, t1; C2 t0, t1, t2", () => {
    const r = new RoundRobinAssignor().assign(
      new Map([
        ['t0', 1],
        ['t1', 2],
        ['t2', 3],
      ]),
      [member('C0', sub(['t0'])), member('C1', sub(['t0', 't1'])), member('C2', sub(['t0', 't1', 't2']))],
    )
    expect(show(r)).toEqual({ C0: 't0-0', C1: 't1-0', C2: 't1-1 t2-0 t2-1 t2-2' })
  })
})

describe('CooperativeStickyAssignor', () => {
  const topics = new Map([['t', 6]])

  it('from scratch: balanced, partitions round-robin in member id order', () => {
    const r = new CooperativeStickyAssignor().assign(topics, [member('a', sub(['t'])), member('b', sub(['t'])), member('c', sub(['t']))])
    expect(show(r)).toEqual({ a: 't-0 t-3', b: 't-1 t-4', c: 't-2 t-5' })
  })

  it('a member joins: owners keep what balance allows; partitions that change owner are withheld for one rebalance', () => {
    const assignor = new CooperativeStickyAssignor()
    const round1 = assignor.assign(topics, [
      member('a', sub(['t'], tps('t-0 t-1 t-2'), 1)),
      member('b', sub(['t'], tps('t-3 t-4 t-5'), 1)),
      member('c', sub(['t'])),
    ])
    // a and b keep two each; c would get one from each: withheld (a and b must revoke them first).
    expect(show(round1)).toEqual({ a: 't-0 t-1', b: 't-3 t-4', c: '' })
    const round2 = assignor.assign(topics, [
      member('a', sub(['t'], tps('t-0 t-1'), 2)),
      member('b', sub(['t'], tps('t-3 t-4'), 2)),
      member('c', sub(['t'], [], 2)),
    ])
    expect(show(round2)).toEqual({ a: 't-0 t-1', b: 't-3 t-4', c: 't-2 t-5' })
  })

  it('a member leaves: its partitions go to the others at once (nobody owns them)', () => {
    const r = new CooperativeStickyAssignor().assign(topics, [
      member('a', sub(['t'], tps('t-0 t-1'), 3)),
      member('c', sub(['t'], tps('t-2 t-5'), 3)),
    ])
    expect(show(r)).toEqual({ a: 't-0 t-1 t-3', c: 't-2 t-5 t-4' })
  })

  it('claims: the higher generation wins; two claims in one generation void the partition (it is reassigned, and withheld)', () => {
    const r = new CooperativeStickyAssignor().assign(new Map([['t', 2]]), [
      member('a', sub(['t'], tps('t-0 t-1'), 4)),
      member('b', sub(['t'], tps('t-0'), 3)),
    ])
    // a (generation 4) keeps t-0; b's stale claim is ignored; b gets t-1, which a owns: withheld.
    expect(show(r)).toEqual({ a: 't-0', b: '' })
    const same = new CooperativeStickyAssignor().assign(new Map([['t', 2]]), [
      member('a', sub(['t'], tps('t-0'), 4)),
      member('b', sub(['t'], tps('t-0'), 4)),
    ])
    expect(show(same)).toEqual({ a: '', b: 't-1' }) // t-0 goes to a, withheld: both claimed it
  })

  it('the generation from user data for subscriptions before v2; owned partitions past the partition count are ignored', () => {
    const a = new CooperativeStickyAssignor()
    expect(a.subscriptionUserData([], 7)).toEqual(Buffer.from([0, 0, 0, 7]))
    expect(a.memberData(sub(['t'], [], -1, Buffer.from([0, 0, 0, 7]))).generation).toBe(7)
    expect(a.memberData(sub(['t'], [], -1, Buffer.from([1]))).generation).toBe(-1)
    expect(a.memberData(sub(['t'], [], -1, null)).generation).toBe(undefined)
    expect(a.memberData(sub(['t'], [], 5, Buffer.from([0, 0, 0, 7]))).generation).toBe(5)
    const r = a.assign(new Map([['t', 2]]), [member('a', sub(['t'], tps('t-0 t-9'), 1)), member('b', sub(['t'], [], 1))])
    expect(show(r)).toEqual({ a: 't-0', b: 't-1' })
  })

  it('different subscriptions (the general algorithm): balanced within what each member may take', () => {
    const r = new CooperativeStickyAssignor().assign(
      new Map([
        ['t0', 1],
        ['t1', 2],
        ['t2', 3],
      ]),
      [member('C0', sub(['t0'])), member('C1', sub(['t0', 't1'])), member('C2', sub(['t0', 't1', 't2']))],
    )
    expect(show(r)).toEqual({ C0: 't0-0', C1: 't1-0 t1-1', C2: 't2-0 t2-1 t2-2' })
  })
})

describe('consumer protocol and the leader step', () => {
  it('subscriptions and assignments round-trip; topics and owned partitions are sorted as Kafka writes them', () => {
    const bytes = encodeSubscription(sub(['b', 'a'], tps('b-1 a-2 a-0'), 5, Buffer.from([9])))
    expect(bytes.readInt16BE(0)).toBe(3)
    expect(decodeSubscription(bytes)).toEqual(sub(['a', 'b'], tps('a-0 a-2 b-1'), 5, Buffer.from([9])))
    const a = encodeAssignment(tps('b-1 a-2 b-0'))
    expect(decodeAssignment(a).partitions).toEqual(tps('b-1 b-0 a-2'))
    expect(decodeAssignment(Buffer.alloc(0))).toEqual({ partitions: [], userData: null })
  })

  it('performAssignment: decodes subscriptions, counts partitions of existing topics, encodes each assignment', () => {
    const out = performAssignment(
      new RangeAssignor(),
      [
        { memberId: 'm1', groupInstanceId: null, metadata: encodeSubscription(sub(['t', 'missing'])) },
        { memberId: 'm2', groupInstanceId: null, metadata: encodeSubscription(sub(['t'])) },
      ],
      (topic) => (topic === 't' ? 3 : undefined),
    )
    expect(out.map((o) => [o.memberId, decodeAssignment(o.assignment).partitions])).toEqual([
      ['m1', tps('t-0 t-1')],
      ['m2', tps('t-2')],
    ])
  })
})

describe('Java iteration order', () => {
  it("String.hashCode and TopicPartition.hashCode are Java's", () => {
    expect(javaStringHash('')).toBe(0)
    expect(javaStringHash('hello')).toBe(99162322)
    expect(javaStringHash('consumer-1-e0a6b1b4-0d5c-4f7e-8c2a-5a5b0b8e2d71')).toBe(
      javaStringHash('consumer-1-e0a6b1b4-0d5c-4f7e-8c2a-5a5b0b8e2d71'),
    )
    expect(javaStringHash('polygenelubricants')).toBe(-2147483648) // a classic: Integer.MIN_VALUE
    expect(javaTopicPartitionHash('t', 0)).toBe(31 * 31 + 116)
  })

  it('HashMap order: by bucket of the spread hash, then insertion; capacity grows at 3/4', () => {
    expect(javaCapacity(12)).toBe(16)
    expect(javaCapacity(13)).toBe(32)
    // 'a' (97) and 'q' (113) share bucket 1 of 16; 'b' is in bucket 2.
    expect(javaHashMapOrder(['b', 'q', 'a'])).toEqual(['q', 'a', 'b'])
    const set = new JavaHashSet<string>(javaStringHash)
    for (const k of ['b', 'q', 'a']) set.add(k)
    set.delete('q')
    set.add('q')
    expect(set.values()).toEqual(['a', 'q', 'b'])
    expect(set.first()).toBe('a')
  })
})
