/** Checks of handler tables and listener limits: malformed ones throw at once, naming the problem. */
import { describe, expect, it } from 'vitest'
import { handlerTable, type AnyApiHandler } from '../../../../src/broker/net/handler.js'
import { DEFAULT_LISTENER_LIMITS, resolveListenerLimits } from '../../../../src/broker/net/limits.js'
import { stubHandler } from '../../../helpers/stub-handlers.js'

describe('handlerTable', () => {
  it('maps each handler under its API key', () => {
    const produce = stubHandler(0, { versions: [3, 12] })
    expect(handlerTable([produce]).get(0)).toBe(produce)
  })

  it.each([
    ['versions beyond the codecs', () => stubHandler(0, { versions: [3, 13] }), RangeError],
    ['versions below the codecs', () => stubHandler(0, { versions: [2, 12] }), RangeError],
    ['an inverted range', () => stubHandler(3, { versions: [5, 4] }), RangeError],
    ['non-integer versions', () => ({ ...stubHandler(3), versions: [0, 1.5] }), TypeError],
    ['no handle()', () => ({ apiKey: 3, versions: [0, 13] }), TypeError],
    ['an API key without codecs', () => ({ ...stubHandler(3), apiKey: 1000 }), RangeError],
  ])('refuses %s', (_what, make, type) => {
    expect(() => handlerTable([make() as unknown as AnyApiHandler])).toThrow(type)
  })

  it('refuses two handlers of one API', () => {
    expect(() => handlerTable([stubHandler(3), stubHandler(3)])).toThrow(RangeError)
  })
})

describe('resolveListenerLimits', () => {
  it("applies Kafka's defaults", () => {
    expect(resolveListenerLimits(undefined)).toEqual({
      maxRequestBytes: 104857600,
      maxConnections: 1000,
      connectionsMaxIdleMs: 600000,
      maxPendingResponseBytes: 1048576,
      maxQueuedRequestBytes: 1048576,
    })
    expect(resolveListenerLimits({ maxConnections: 5 })).toEqual({ ...DEFAULT_LISTENER_LIMITS, maxConnections: 5 })
  })

  it('accepts Infinity for the connection limit and the idle timeout only', () => {
    expect(resolveListenerLimits({ maxConnections: Infinity, connectionsMaxIdleMs: Infinity })).toMatchObject({ maxConnections: Infinity })
    expect(() => resolveListenerLimits({ maxRequestBytes: Infinity })).toThrow(RangeError)
  })

  it.each([
    [{ maxRequestBytes: 0 }, RangeError],
    [{ maxRequestBytes: 2 ** 31 }, RangeError],
    [{ connectionsMaxIdleMs: 1.5 }, RangeError],
    [{ maxConnections: '10' }, TypeError],
    [{ maxConection: 10 }, TypeError],
  ])('refuses %j', (limits, type) => {
    expect(() => resolveListenerLimits(limits as never)).toThrow(type)
  })
})
