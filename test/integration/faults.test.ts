/**
 * Issue 8 item 6: under injected file-system faults (EIO, ENOSPC, EMFILE on each kind of call),
 * every public method either succeeds or fails with a `TypeError` / `RangeError` or a `LogError`
 * whose code is documented; nothing hangs (every call settles), and no raw `fs` error escapes.
 */
import { rmSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Log, LogError, type LogErrorCode } from '../../src/index.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { FAULT_KINDS, injectFault } from '../helpers/faults.js'
import { ourBatch } from '../helpers/produced-batches.js'

const DOCUMENTED: LogErrorCode[] = [
  'KLOG_CLOSED',
  'KLOG_LOCKED',
  'KLOG_READ_ONLY',
  'KLOG_OFFSET_OUT_OF_RANGE',
  'KLOG_CORRUPT_SEGMENT',
  'KLOG_RECORD_TOO_LARGE',
  'KLOG_DISK_FULL',
  'KLOG_IO',
  'KLOG_WRITER_FAILED',
  'KLOG_NOT_A_LOG',
]
const OPTS = { fsync: 'always' as const, segmentBytes: 1024, indexIntervalBytes: 64, retentionBytes: 4096 }

/** Runs `fn`, returning 'ok' or the failure's description; fails the test on an undocumented error. */
async function outcome(what: string, fn: () => unknown): Promise<string> {
  if (process.env.FAULT_DEBUG) process.stderr.write(what + '\n')
  try {
    await fn()
    return 'ok'
  } catch (err) {
    if (err instanceof TypeError || err instanceof RangeError) return err.name
    if (!(err instanceof LogError)) throw new Error(`${what}: a raw error escaped: ${String(err)}`, { cause: err })
    expect(DOCUMENTED, `${what}: ${err.code} is documented`).toContain(err.code)
    return err.code
  }
}

describe('every public method fails with a documented error under fs faults', () => {
  const dirs = useTempDirs()

  for (const code of ['EIO', 'ENOSPC', 'EMFILE']) {
    it(`${code} on each kind of call`, async () => {
      const seen = new Set<string>()
      const produced = await ourBatch([{ key: 'k', value: 'produced', timestamp: 2000 }], 'gzip', {
        producerId: 1,
        producerEpoch: 0,
        baseSequence: 0,
      })
      for (const kind of FAULT_KINDS) {
        const dir = dirs.make()
        // A log with a few segments to read, time-look-up, truncate and retain.
        const setup = await Log.open(dir, OPTS)
        const w0 = await setup.writer()
        for (let i = 0; i < 40; i++) await w0.append({ value: `v${i}`, timestamp: 1000 + i })
        await setup.close()

        const steps: [string, (log: Log | undefined) => unknown][] = [
          ['writer', async (log) => log!.writer()],
          ['append', async (log) => (await log!.writer().catch(() => undefined))?.append({ value: 'x' })],
          ['read', async (log) => log!.reader({ from: 0 }).read({ maxBytes: 100 })],
          [
            'iterate',
            async (log) => {
              for await (const _ of log!.reader({ from: 0 })) void _
            },
          ],
          ['get', async (log) => log!.get(3)],
          ['getSync', (log) => log!.getSync(17)],
          ['offsetForTimestamp', async (log) => log!.offsetForTimestamp(1020)],
          ['readBatches', async (log) => log!.readBatches({ from: 5, maxBytes: 300 })],
          ['maxTimestamp', async (log) => log!.maxTimestamp()],
          ['appendBatches', async (log) => (await log!.writer().catch(() => undefined))?.appendBatches(produced)],
        ]
        for (const [name, step] of steps) {
          // A close whose lock release failed (a fault on unlink) leaves this process's own lock
          // behind until it goes stale (lockStaleMs); stand in for that wait.
          if (
            await Log.open(dir, OPTS).then(async (l) => {
              const owner = !l.readOnly
              await l.close()
              return !owner
            })
          ) {
            rmSync(path.join(dir, '.lock'), { recursive: true, force: true })
          }
          const log = await Log.open(dir, OPTS)
          const w = await log.writer()
          const disarm = injectFault(kind, code)
          try {
            seen.add(await outcome(`${code} on ${kind} during ${name}`, () => step(log)))
            seen.add(await outcome(`${code} on ${kind} during append`, () => w.append({ value: 'y' })))
            seen.add(await outcome(`${code} on ${kind} during flush`, () => w.flush()))
            seen.add(await outcome(`${code} on ${kind} during truncateTo`, () => w.truncateTo(30)))
            seen.add(await outcome(`${code} on ${kind} during enforceRetention`, () => w.enforceRetention()))
            seen.add(await outcome(`${code} on ${kind} during writer.close`, () => w.close()))
            seen.add(await outcome(`${code} on ${kind} during close`, () => log.close()))
          } finally {
            disarm()
          }
          await log.close().catch(() => undefined)
        }
        const disarm = injectFault(kind, code)
        try {
          seen.add(await outcome(`${code} on ${kind} during open`, async () => (await Log.open(dir, OPTS)).close()))
          seen.add(
            await outcome(`${code} on ${kind} during readOnly open`, async () =>
              (await Log.open(dir, { ...OPTS, readOnly: true })).close(),
            ),
          )
        } finally {
          disarm()
        }
        // Whatever the fault did, the directory opens again afterwards (as the owner, or as a view
        // when a failed unlink left this process's own lock behind until it goes stale).
        const again = await Log.open(dir, OPTS)
        expect(again.highWatermark).toBeGreaterThanOrEqual(0)
        await again.close()
      }
      // The matrix reached real failures, not only successes.
      expect([...seen].some((s) => s.startsWith('KLOG_'))).toBe(true)
    })
  }
})
