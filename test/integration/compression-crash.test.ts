/**
 * A writer appending compressed batches (a codec per append, several appends in flight, zstd's
 * compressor asynchronous) is SIGKILLed; the log reopened after the crash holds every acknowledged
 * record, contiguous from 0, each value naming its own offset, and takes new appends after them.
 * The child records acknowledgements in a file with synchronous writes.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { Log } from '../../src/index.js'
import { readAll } from '../helpers/logs.js'
import { DIST_ENTRY, useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs('kafka-lite-compressed-crash-')
const CHILD = fileURLToPath(new URL('./children/compression-crash-writer.mjs', import.meta.url))

/** Highest acknowledged offset in the report, and any line that is not an ack. */
function readReport(file: string): { lastAcked: number; problems: string[] } {
  let lastAcked = -1
  const problems: string[] = []
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line === '' || line.startsWith('open ')) continue
    const m = /^ack (\d+) (\d+)$/.exec(line)
    if (m === null) problems.push(line)
    else lastAcked = Math.max(lastAcked, Number(m[2]))
  }
  return { lastAcked, problems }
}

describe.each(['never', 'always'] as const)('SIGKILL during compressed appends (fsync %s)', (fsync) => {
  it('keeps every acknowledged record after recovery', async () => {
    const dir = dirs.make()
    const report = path.join(dirs.make(), 'report.txt')
    fs.writeFileSync(report, '')
    // Two crashes in a row: the second writer starts from what recovery left of the first.
    for (const seed of [1, 2]) {
      const child = spawn(process.execPath, [CHILD, DIST_ENTRY, dir, fsync, String(seed), report], { stdio: 'ignore' })
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      const target = readReport(report).lastAcked + 3000
      // Wait (without deciding anything by time) until the child has acknowledged enough records.
      while (readReport(report).lastAcked < target && child.exitCode === null) await new Promise((r) => setTimeout(r, 20))
      child.kill('SIGKILL')
      await exited
      const { lastAcked, problems } = readReport(report)
      expect(problems).toEqual([])
      expect(lastAcked).toBeGreaterThanOrEqual(target)
      await using log = await Log.open(dir, { fsync: 'never' })
      expect(log.logEndOffset).toBeGreaterThan(lastAcked)
      const records = await readAll(log)
      records.forEach((r, i) => {
        expect(r.offset).toBe(i)
        expect((JSON.parse(r.value!.toString()) as { offset: number }).offset).toBe(i)
      })
    }
  })
})
