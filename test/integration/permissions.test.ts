/**
 * Issue 19 item 9 (permissions): no raw `fs` error leaves a public method. A read-only open of a
 * directory the process may not read used to throw raw `Error: EACCES` from `reader()`, `getSync()`,
 * `stats()`, the offset getters and `consumer.commit()`; each now fails with `KLOG_IO` (cause
 * `EACCES`), through the one wrapper at the API boundary (`guardPublicMethods`, src/base/errors.ts).
 *
 * The machine runs the tests as root, and root reads any file whatever its mode, so the child drops
 * to `nobody` (`process.setuid(65534)`) before it imports the library; the test owns the files.
 */
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { Log } from '../../src/index.js'
import { DIST_ENTRY, useTempDirs } from '../helpers/temp-dir.js'

const CHILD = fileURLToPath(new URL('./children/permissions.mjs', import.meta.url))

/** A log of 100 records in 1 KiB segments with a consumer position, in a directory others may enter. */
async function makeLog(dirs: { make(): string }): Promise<{ dir: string; work: string }> {
  const root = dirs.make()
  const work = dirs.make()
  // The child may enter these (not the log itself, in the tests that say so).
  fs.chmodSync(root, 0o755)
  fs.chmodSync(work, 0o777)
  const dir = path.join(root, 'log')
  const log = await Log.open(dir, { fsync: 'never', segmentBytes: 1024 })
  const w = await log.writer()
  for (let i = 0; i < 100; i++) await w.append({ value: `v${i}` })
  await log.consumer('c').commit(5)
  await log.close()
  return { dir, work }
}

function everyOutcome(report: Record<string, string>): string[] {
  return [...new Set(Object.values(report))].sort()
}

describe('public methods in a directory the process may not read', () => {
  const dirs = useTempDirs()

  it('a read-only open of an unreadable directory: every call fails with a LogError', async () => {
    const { dir, work } = await makeLog(dirs)
    fs.chmodSync(dir, 0o700)
    const report = path.join(work, 'report.json')
    const res = spawnSync(process.execPath, [CHILD, DIST_ENTRY, dir, 'unreadable', report], { encoding: 'utf8', timeout: 60_000 })
    expect(res.stderr).toBe('')
    expect(res.status).toBe(0)
    const r = JSON.parse(fs.readFileSync(report, 'utf8')) as Record<string, string>
    process.stdout.write(`unreadable: ${JSON.stringify(r)}\n`)
    expect(everyOutcome(r).filter((o) => o.startsWith('raw:'))).toEqual([])
    // The open itself is lazy (a view); what needs the files says why it cannot have them.
    expect(r['Log.open(readOnly)']).toBe('ok')
    for (const name of [
      'Log.open(read-write)',
      'log.logStartOffset',
      'log.highWatermark',
      'log.stats()',
      'log.reader()',
      'log.get()',
      'log.getSync()',
      'log.offsetForTimestamp()',
      'log.consumers()',
      'consumer.committed()',
      'consumer.commit()',
      'consumer.reader()',
      'consumer.lag()',
      'consumer.delete()',
    ]) {
      expect(r[name], name).toBe('LogError:KLOG_IO:EACCES')
    }
    expect(r['log.writer()']).toBe('LogError:KLOG_READ_ONLY:')
    expect(r['log.close()']).toBe('ok')
  })

  it('readers made while the directory was readable: reads, iteration, streams and followers fail with LogErrors', async () => {
    const { dir, work } = await makeLog(dirs)
    const [report, ready, changed] = ['report.json', 'ready', 'changed'].map((f) => path.join(work, f)) as [string, string, string]
    const child = spawn(process.execPath, [CHILD, DIST_ENTRY, dir, 'revoked', report, ready, changed], {
      stdio: ['ignore', 'inherit', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    while (!fs.existsSync(ready) && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 20))
    // The directory can no longer be listed, and a roll changes the segment set: every view re-lists.
    fs.chmodSync(dir, 0o711)
    {
      await using log = await Log.open(dir, { fsync: 'never', segmentBytes: 1024 })
      const w = await log.writer()
      for (let i = 0; i < 20; i++) await w.append({ value: `w${i}` })
    }
    fs.writeFileSync(changed, '')
    const code = await exited
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const r = JSON.parse(fs.readFileSync(report, 'utf8')) as Record<string, string>
    process.stdout.write(`revoked: ${JSON.stringify(r)}\n`)
    expect(everyOutcome(r).filter((o) => o.startsWith('raw:'))).toEqual([])
    for (const name of ['reader.read()', 'for await (reader)', 'reader.stream()', 'follower', 'log.highWatermark', 'log.getSync()']) {
      expect(r[name], name).toBe('LogError:KLOG_IO:EACCES')
    }
  })
})
