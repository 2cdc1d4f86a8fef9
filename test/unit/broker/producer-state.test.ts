/**
 * Kafka's rules for idempotent producers (`ProducerStateManager`), case by case: duplicates of the
 * last 5 batches, sequence continuity with int32 wrap, epoch fencing and bumps, unknown producers
 * taken at any sequence (Kafka 4, KIP-360), expiration, and the head truncation DeleteRecords does.
 */
import { describe, expect, it } from 'vitest'
import { LogError } from '../../../src/index.js'
import { ProducerStateManager } from '../../../src/broker/producer-state.js'

const NOW = 1_700_000_000_000
const INT32_MAX = 2 ** 31 - 1

function batch(producerEpoch: number, baseSequence: number, count: number) {
  const last = baseSequence + count - 1
  return { producerId: 7, producerEpoch, baseSequence, lastSequence: last > INT32_MAX ? last - INT32_MAX - 1 : last }
}

function verdict(m: ProducerStateManager, b: ReturnType<typeof batch>): string {
  try {
    const v = m.check(b, NOW)
    return v.kind === 'append' ? 'append' : `duplicate@${v.batch.firstOffset}`
  } catch (err) {
    return (err as LogError).code
  }
}

describe('ProducerStateManager', () => {
  it('appends in sequence, answers duplicates of the last 5 batches, refuses gaps and repeats older than that', () => {
    const m = new ProducerStateManager()
    let offset = 0
    for (let i = 0; i < 8; i++) {
      const b = batch(0, i * 3, 3)
      expect(verdict(m, b)).toBe('append')
      m.record(b, offset, offset + 2, NOW)
      offset += 3
    }
    expect(verdict(m, batch(0, 24, 2))).toBe('append')
    expect(verdict(m, batch(0, 21, 3))).toBe('duplicate@21')
    expect(verdict(m, batch(0, 9, 3))).toBe('duplicate@9') // the 5th most recent
    expect(verdict(m, batch(0, 6, 3))).toBe('KLOG_OUT_OF_ORDER_SEQUENCE') // retained no longer
    expect(verdict(m, batch(0, 21, 2))).toBe('KLOG_OUT_OF_ORDER_SEQUENCE') // same start, other end
    expect(verdict(m, batch(0, 25, 1))).toBe('KLOG_OUT_OF_ORDER_SEQUENCE') // a gap
    expect(m.entry(7)!.batches).toHaveLength(5)
  })

  it('epochs: older is fenced, newer must start at 0 and resets the batches', () => {
    const m = new ProducerStateManager()
    m.record(batch(3, 0, 5), 0, 4, NOW)
    expect(verdict(m, batch(2, 5, 1))).toBe('KLOG_INVALID_PRODUCER_EPOCH')
    expect(verdict(m, batch(2, 0, 5))).toBe('KLOG_INVALID_PRODUCER_EPOCH') // a duplicate only within the epoch
    expect(verdict(m, batch(4, 5, 1))).toBe('KLOG_OUT_OF_ORDER_SEQUENCE')
    expect(verdict(m, batch(4, 0, 1))).toBe('append')
    m.record(batch(4, 0, 1), 5, 5, NOW)
    expect(m.entry(7)).toEqual({
      producerId: 7,
      epoch: 4,
      batches: [{ firstSeq: 0, lastSeq: 0, firstOffset: 5, lastOffset: 5, timestamp: NOW }],
    })
    expect(verdict(m, batch(4, 0, 1))).toBe('duplicate@5')
  })

  it('sequences wrap from 2^31 - 1 to 0', () => {
    const m = new ProducerStateManager()
    const b = batch(0, INT32_MAX - 1, 2)
    expect(b.lastSequence).toBe(INT32_MAX)
    m.record(b, 0, 1, NOW)
    expect(verdict(m, batch(0, 0, 4))).toBe('append')
    expect(verdict(m, batch(0, 1, 1))).toBe('KLOG_OUT_OF_ORDER_SEQUENCE')
  })

  it('an unknown producer is taken at any sequence; expiration and head truncation forget producers', () => {
    const m = new ProducerStateManager(1000)
    expect(verdict(m, batch(0, 12345, 1))).toBe('append')
    m.record(batch(0, 12345, 1), 10, 10, NOW - 5000)
    expect(m.check(batch(0, 99, 1), NOW).kind).toBe('append') // expired meanwhile: unknown again
    expect(m.size).toBe(0)
    m.record(batch(0, 0, 2), 10, 11, NOW)
    m.record(batch(0, 2, 2), 12, 13, NOW)
    m.truncateHead(12)
    expect(m.entry(7)!.batches.map((x) => x.firstOffset)).toEqual([12])
    m.truncateHead(14)
    expect(m.entry(7)).toBeUndefined()
  })
})
