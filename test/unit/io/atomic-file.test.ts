/**
 * io/atomic-file.ts: the one atomic small-file writer and its temp names. The crash behaviour of each
 * step is tested with SIGKILLed children in `consumer-crash.test.ts` (crash points `commit:<step>`).
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { TMP_PREFIX, TMP_SUFFIX } from '../../../src/io/file-names.js'
import { hostTag } from '../../../src/io/liveness.js'
import { useTempDirs } from '../../helpers/temp-dir.js'

// The random part of temp names, made predictable so a test can put a leftover exactly where the
// next write's temp file goes; `randomBytes` returns `fixed` until `reset()`.
const random = vi.hoisted(() => ({ fixed: undefined as Buffer | undefined, calls: 0 }))
vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>()
  return {
    ...original,
    randomBytes: (n: number): Buffer => {
      random.calls++
      return random.fixed ?? original.randomBytes(n)
    },
  }
})

const { isDeadTemp, removeDeadTemps, tempName, writeFileAtomic, writeFileAtomicSync } = await import('../../../src/io/atomic-file.js')

const dirs = useTempDirs()
/** pid 2^22+1 is above Linux's pid_max limit, so it is never a live process. */
const DEAD_PID = 2 ** 22 + 1

describe('atomic small files', () => {
  it.each([
    ['sync', writeFileAtomicSync],
    ['async', writeFileAtomic],
  ] as const)('%s: replaces the file whole and leaves no temp file', async (_kind, write) => {
    const dir = dirs.make()
    await write(dir, 'f', 'first')
    expect(fs.readFileSync(path.join(dir, 'f'), 'utf8')).toBe('first')
    await write(dir, 'f', Buffer.from('second, longer'))
    await write(dir, 'g', new Uint8Array([1, 2, 3]))
    expect(fs.readFileSync(path.join(dir, 'f'), 'utf8')).toBe('second, longer')
    expect([...fs.readFileSync(path.join(dir, 'g'))]).toEqual([1, 2, 3])
    expect(fs.readdirSync(dir).sort()).toEqual(['f', 'g'])
  })

  it.each([
    ['sync', writeFileAtomicSync],
    ['async', writeFileAtomic],
  ] as const)('%s: writes a file with a 255-byte name (the temp name does not embed it)', async (_kind, write) => {
    const dir = dirs.make()
    const name = 'x'.repeat(255)
    await write(dir, name, 'data')
    expect(fs.readdirSync(dir)).toEqual([name])
  })

  it('temp names: fixed prefix and suffix, owner tag, short, unique per call', () => {
    const names = Array.from({ length: 1000 }, () => tempName())
    expect(new Set(names).size).toBe(names.length)
    for (const n of names) {
      expect(n.startsWith(`${TMP_PREFIX}${hostTag()}-${process.pid}-`)).toBe(true)
      expect(n.endsWith(TMP_SUFFIX)).toBe(true)
      expect(n.length).toBeLessThanOrEqual(TMP_PREFIX.length + 57 + TMP_SUFFIX.length)
    }
    expect(tempName('.lock.tmp-', '')).toMatch(/^\.lock\.tmp-[0-9a-f]{12}-\d+-\d+-\d+-[0-9a-f]{8}$/)
  })

  it.each([
    ['sync', writeFileAtomicSync],
    ['async', writeFileAtomic],
  ] as const)(
    '%s: a leftover where the temp file goes (a dead namesake of this pid) is stepped around, not overwritten',
    async (_kind, write) => {
      const dir = dirs.make()
      random.fixed = Buffer.from('0badf00d', 'hex')
      try {
        // The counter is per thread: the name after this one is the next write's first choice.
        const seen = /^(.*-)(\d+)(-0badf00d\.tmp)$/.exec(tempName())!
        const leftover = `${seen[1]}${Number(seen[2]) + 1}${seen[3]}`
        fs.writeFileSync(path.join(dir, leftover), 'a dead process wrote this')
        const before = random.calls
        await write(dir, 'f', 'mine')
        expect(random.calls - before).toBe(2) // one name refused (EEXIST), one fresh
        expect(fs.readFileSync(path.join(dir, 'f'), 'utf8')).toBe('mine')
        expect(fs.readFileSync(path.join(dir, leftover), 'utf8')).toBe('a dead process wrote this')
        expect(fs.readdirSync(dir).sort()).toEqual([leftover, 'f'].sort())
      } finally {
        random.fixed = undefined
      }
    },
  )

  it('a failed write removes its temp file and leaves the target as it was', async () => {
    const dir = dirs.make()
    writeFileAtomicSync(dir, 'f', 'old')
    fs.mkdirSync(path.join(dir, 'd'))
    fs.writeFileSync(path.join(dir, 'd', 'x'), '') // a non-empty directory cannot be renamed over
    expect(() => writeFileAtomicSync(dir, 'd', 'new')).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST)$/) }),
    )
    await expect(writeFileAtomic(dir, 'd', 'new')).rejects.toMatchObject({ code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST)$/) })
    expect(fs.readdirSync(dir).sort()).toEqual(['d', 'f'])
    expect(fs.readFileSync(path.join(dir, 'f'), 'utf8')).toBe('old')
  })

  it('sweeps exactly the temp files and directories whose owner is provably dead on this host', () => {
    const dir = dirs.make()
    const tag = hostTag()
    const other = tag === '000000000000' ? '000000000001' : '000000000000'
    const dead = [`.klog-${tag}-${DEAD_PID}-0-7-0123abcd.tmp`, `.klog-${tag}-${DEAD_PID}-3-8-0123abcd.tmp`]
    const deadDir = `.klog-${tag}-${DEAD_PID}-0-9-0123abcd.tmp`
    const kept = [
      `.klog-${other}-${DEAD_PID}-0-7-0123abcd.tmp`, // another host
      `.klog-${tag}-${process.pid}-0-7-0123abcd.tmp`, // this process (another thread may be writing)
      `.klog-${tag}-${process.ppid}-0-7-0123abcd.tmp`, // a live process
      `.c.${DEAD_PID}.0.1.tmp`, // an older version's: no host recorded
      `.klog-${tag}-${DEAD_PID}-0-7.tmp`, // not our shape
      `x.klog-${tag}-${DEAD_PID}-0-7-0123abcd.tmp`,
      `.klog-${tag}-${DEAD_PID}-0-7-0123abcd.tmpx`,
      'consumer',
    ]
    for (const n of [...dead, ...kept]) fs.writeFileSync(path.join(dir, n), 'x')
    fs.mkdirSync(path.join(dir, deadDir))
    fs.writeFileSync(path.join(dir, deadDir, 'inside'), 'x')
    expect(dead.every((n) => isDeadTemp(n))).toBe(true)
    expect(kept.some((n) => isDeadTemp(n))).toBe(false)
    expect(removeDeadTemps(dir).sort()).toEqual([...dead, deadDir].sort())
    expect(fs.readdirSync(dir).sort()).toEqual(kept.sort())
    // With another prefix and suffix (the lock's temp directories), and with a listing given.
    const lockTemp = `.lock.tmp-${tag}-${DEAD_PID}-0-1-0123abcd`
    fs.mkdirSync(path.join(dir, lockTemp))
    expect(removeDeadTemps(dir, fs.readdirSync(dir), '.lock.tmp-', '')).toEqual([lockTemp])
    expect(fs.readdirSync(dir).sort()).toEqual(kept.sort())
  })
})
