/**
 * A closed log holds no mapping: index mappings (and the owner's point-read mappings of `.log`
 * files) are unmapped by `close()` itself, not left for the garbage collector (a file system holding
 * a closed log can then be unmounted). Checked in /proc/self/maps, without forcing a collection.
 */
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Log, mappedFileBackend } from '../../src/index.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs()
const mapsOf = (dir: string): string[] =>
  fs
    .readFileSync('/proc/self/maps', 'utf8')
    .split('\n')
    .filter((l) => l.includes(dir))

describe.skipIf(mappedFileBackend() !== 'mmap' || !fs.existsSync('/proc/self/maps'))('unmapping on close', () => {
  it('no mapping of the log directory survives log.close()', async () => {
    const dir = dirs.make()
    // An index entry per batch (indexIntervalBytes 0) and 600 batches a segment: index files of a few
    // KiB, above the size below which files are read instead of mapped.
    const log = await Log.open(dir, { indexIntervalBytes: 0, segmentBytes: 64 * 1024, fsync: 'never' })
    const writer = await log.writer()
    for (let i = 0; i < 2000; i++) await writer.append({ value: `v${i}` })
    await log.close()
    const reopened = await Log.open(dir, { indexIntervalBytes: 0, segmentBytes: 64 * 1024 })
    for (let o = 0; o < 2000; o += 97) expect(reopened.getSync(o)?.value?.toString()).toBe(`v${o}`)
    expect(mapsOf(dir).length, 'sealed indexes and point reads are mapped while open').toBeGreaterThan(0)
    await reopened.close()
    expect(mapsOf(dir)).toEqual([])
  })
})
