import { it } from 'vitest'
import { Broker } from '../../src/broker/broker.js'
import { FakeClock } from '../helpers/fake-clock.js'
import { mkdtempSync } from 'node:fs'
it('dbg', async () => {
  const clock = new FakeClock()
  const broker = await Broker.open(mkdtempSync('/tmp/gwdbg-'), { groups: { clock, initialRebalanceDelayMs: 0 } })
  await broker.createTopic('t', { partitions: 6 })
  const p = broker.producer()
  for (let i = 0; i < 5; i++) await p.send({ topic: 't', messages: [{ key: 'k' + i, value: '1' }] })
  process.stderr.write('DBG sent\n')
  const c = broker.consumer({
    groupId: 'g',
    topics: ['t'],
    autoOffsetReset: 'earliest',
    clock,
    sessionTimeoutMs: 10000,
    heartbeatIntervalMs: 1000,
  })
  const it = c[Symbol.asyncIterator]()
  const first = it.next()
  for (let i = 0; i < 20; i++) {
    clock.advance(100)
    await new Promise((r) => setTimeout(r, 1))
  }
  process.stderr.write('DBG ' + JSON.stringify(c.membership) + ' ' + JSON.stringify(broker.groupCoordinator.group('g')?.state) + '\n')
  const r = await first
  process.stderr.write('DBG first ' + r.value?.offset + '\n')
  await c.commit()
  process.stderr.write('DBG committed\n')
  await c.close()
  process.stderr.write('DBG closed\n')
  await broker.close()
  process.stderr.write('DBG broker closed\n')
}, 20000)
