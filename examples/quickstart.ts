// Quickstart: open a log, append, read back, follow live, reopen.
// Run with `npm run example` (from a fresh clone: `npm ci && npm run example`).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Log } from '../src/index.js'

const dir = mkdtempSync(path.join(tmpdir(), 'kafka-lite-quickstart-'))
try {
  const log = await Log.open(dir, { fsync: 'always' })
  const writer = await log.writer()

  const { baseOffset, lastOffset } = await writer.append([
    { key: 'user-1', value: 'signed up', headers: [{ key: 'source', value: 'web' }] },
    { key: 'user-2', value: Buffer.from('signed up') },
  ])
  console.log(`appended offsets ${baseOffset}..${lastOffset}`)
  await writer.append({ value: 'one record' })

  for await (const record of log.reader({ from: 0 })) {
    console.log(
      record.offset,
      record.key?.toString() ?? null,
      record.value?.toString(),
      record.headers.map((h) => h.key),
    )
  }

  // A live tail: wakes on each commit, ends when the signal aborts.
  const controller = new AbortController()
  const tail = (async () => {
    const seen: number[] = []
    try {
      for await (const record of log.reader({ from: 'latest', follow: true, signal: controller.signal })) {
        seen.push(record.offset)
        if (seen.length === 2) controller.abort()
      }
    } catch (err) {
      if ((err as Error).name !== 'AbortError') throw err
    }
    return seen
  })()
  await writer.append({ value: 'live 1' })
  await writer.append({ value: 'live 2' })
  console.log('follower saw offsets', await tail)

  await log.close()

  // Reopen: a clean shutdown means no recovery scan, and appends continue at the next offset.
  const again = await Log.open(dir)
  console.log('reopened: clean =', again.recovery?.clean, 'logEndOffset =', again.logEndOffset)
  const w2 = await again.writer()
  console.log('next append gets offset', (await w2.append({ value: 'after reopen' })).baseOffset)
  await again.close()
} finally {
  rmSync(dir, { recursive: true, force: true })
}
