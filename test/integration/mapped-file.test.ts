import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Log, mappedFileBackend } from '../../src/index.js'
import { liveMappingCount, mapDescriptor, openReadOnly } from '../../src/io/mapped-file.js'
import { activeMappingLength } from '../../src/storage/read-mappings.js'
import { DIST_ENTRY, useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs()

// The same script runs once with the addon and once with it disabled: both must give identical reads.
const script = (dir: string): string => `
import { Log, mappedFileBackend } from ${JSON.stringify(DIST_ENTRY)}
const log = await Log.open(${JSON.stringify(dir)}, { segmentBytes: 2048, indexIntervalBytes: 64 })
const w = await log.writer()
for (let i = 0; i < 200; i++) await w.append({ value: 'v' + i })
await log.close()
const again = await Log.open(${JSON.stringify(dir)})
const got = []
for await (const r of again.reader({ from: 0 })) got.push(r.value.toString())
const picks = []
for (const o of [0, 57, 199]) picks.push((await again.get(o)).value.toString())
console.log(JSON.stringify({ backend: mappedFileBackend(), count: got.length, last: got.at(-1), picks, clean: again.recovery.clean }))
await again.close()
`

function run(dir: string, env: NodeJS.ProcessEnv): { backend: string; count: number; last: string; picks: string[]; clean: boolean } {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script(dir)], { env: { ...process.env, ...env } })
  return JSON.parse(out.toString().trim())
}

describe('the mmap seam', () => {
  it('uses mmap when the addon loads (this machine builds it at install)', () => {
    expect(mappedFileBackend()).toBe('mmap')
    const file = path.join(dirs.make(), 'f')
    const bytes = Buffer.alloc(8192, 7)
    bytes.set([1, 2, 3, 4])
    fs.writeFileSync(file, bytes)
    const m = openReadOnly(file)
    expect(m.mapped).toBe(true)
    expect(m.buffer.equals(bytes)).toBe(true)
    m.close()
    m.close()
    // Below a page a file is read, not mapped: a mapping would cost a page and a range for a few bytes.
    const small = path.join(dirs.make(), 's')
    fs.writeFileSync(small, Buffer.from([1, 2, 3, 4]))
    const r = openReadOnly(small)
    expect(r.mapped).toBe(false)
    expect([...r.buffer]).toEqual([1, 2, 3, 4])
    const empty = path.join(dirs.make(), 'e')
    fs.writeFileSync(empty, '')
    expect(openReadOnly(empty).buffer.length).toBe(0)
  })

  it('falls back to reads when the addon is unavailable, with identical results', () => {
    const withMmap = run(dirs.make(), {})
    const without = run(dirs.make(), { KAFKA_LITE_NO_MMAP: '1' })
    expect(withMmap.backend).toBe('mmap')
    expect(without.backend).toBe('read')
    const { backend: _a, ...a } = withMmap
    const { backend: _b, ...b } = without
    expect(a).toEqual(b)
    expect(a).toEqual({ count: 200, last: 'v199', picks: ['v0', 'v57', 'v199'], clean: true })
  })
})

describe('released mappings', () => {
  /** Mapped ranges of files under `dir` in this process (from /proc/self/maps). */
  const rangesUnder = (dir: string): number =>
    fs
      .readFileSync('/proc/self/maps', 'utf8')
      .split('\n')
      .filter((l) => l.includes(dir)).length

  it('count as live until Node has run their munmap (its next immediate), however long the loop that releases them', async () => {
    const dir = dirs.make()
    const file = path.join(dir, 'f')
    fs.writeFileSync(file, Buffer.alloc(8192, 1))
    const before = liveMappingCount()
    // A loop that never yields: each mapping is released at once, but the munmap waits for an immediate.
    for (let i = 0; i < 200; i++) {
      const fd = fs.openSync(file, 'r')
      const m = mapDescriptor(fd, 8192)
      fs.closeSync(fd)
      expect(m?.buffer[0]).toBe(1)
      m!.close()
      expect(m!.buffer.length).toBe(0)
    }
    // Still mapped, and still counted: a longer loop falls back to reads at MAX_LIVE_MAPPINGS, not
    // past vm.max_map_count.
    expect(rangesUnder(dir)).toBe(200)
    expect(liveMappingCount()).toBe(before + 200)
    await new Promise((resolve) => setImmediate(resolve))
    expect(rangesUnder(dir)).toBe(0)
    // (Mappings made before the loop may have been collected meanwhile.)
    expect(liveMappingCount()).toBeLessThanOrEqual(before)
  })
})

describe('the active segment mapping', () => {
  it('is the power of two at or above the bytes read (from 1 MiB), not segmentBytes', () => {
    expect(activeMappingLength(0)).toBe(1 << 20)
    expect(activeMappingLength(1 << 20)).toBe(1 << 20)
    expect(activeMappingLength((1 << 20) + 1)).toBe(2 << 20)
    expect(activeMappingLength(700 * 2 ** 20)).toBe(2 ** 30)
  })

  it('a point read in each of 20 logs maps about what they hold, not 20 × segmentBytes of external memory', async () => {
    const logs = await Promise.all(Array.from({ length: 20 }, () => Log.open(dirs.make(), { fsync: 'never' })))
    try {
      for (const log of logs) await (await log.writer()).append({ value: 'x' })
      const before = process.memoryUsage().external
      for (const log of logs) expect((await log.get(0))?.value?.toString()).toBe('x')
      // 20 mappings of 1 MiB; mapped over segmentBytes (1 GiB) they counted 20 GiB and set off collections.
      expect(process.memoryUsage().external - before).toBeLessThan(256 * 2 ** 20)
    } finally {
      for (const log of logs) await log.close()
    }
  })
})
