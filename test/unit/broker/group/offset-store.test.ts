/**
 * The group offset store and its file format: round trips of any group id, every damage detected,
 * bounded chunked reads, coalesced writes in call order, a failed write changing nothing, and dead
 * writers' temp files swept.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { GroupOffsetStore } from '../../../../src/broker/group/offsets.js'
import {
  MAX_LINE_BYTES,
  decodeGroupFile,
  encodeGroupFile,
  groupFileName,
  readGroupFile,
  type CommittedOffset,
  type GroupFile,
} from '../../../../src/broker/group/offset-file.js'
import { LogError } from '../../../../src/index.js'
import { codeOf } from '../../../helpers/errors.js'
import { useTempDirs } from '../../../helpers/temp-dir.js'

const dirs = useTempDirs('kafka-lite-group-store-')
const record = { protocolType: 'consumer', generationId: 3, emptySince: null }
const offset = (n: bigint | number, metadata = ''): CommittedOffset => ({
  offset: BigInt(n),
  leaderEpoch: -1,
  metadata,
  commitTimestamp: 1_700_000_000_000,
  expireTimestamp: null,
})

function file(groupId: string, entries: [string, number, CommittedOffset][]): GroupFile {
  const offsets = new Map<string, Map<number, CommittedOffset>>()
  for (const [t, p, o] of entries) {
    if (!offsets.has(t)) offsets.set(t, new Map())
    offsets.get(t)!.set(p, o)
  }
  return { groupId, record, offsets }
}

function corruptCode(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    if (err instanceof LogError) return err.code
    throw err
  }
  return undefined
}

describe('the offsets file format', () => {
  it('round-trips any group id, topic and metadata (unicode, control characters, a 32767-byte id), and int64 extremes', () => {
    for (const groupId of ['g', 'a/b\\c', '../..', '\u0000\n\r"', 'é€😀', 'x'.repeat(32767)]) {
      const f = file(groupId, [
        ['t', 0, offset(2n ** 63n - 1n, 'm\n\u0001')],
        ['t', 1, offset(-(2n ** 63n))],
        ['😀', 7, { ...offset(5), leaderEpoch: 9, expireTimestamp: 1_700_000_060_000 }],
      ])
      const back = decodeGroupFile(encodeGroupFile(f), 'f')
      expect(back).toEqual(f)
      const name = groupFileName(groupId)
      expect(name.length).toBeLessThan(120)
      expect(name).toMatch(/^\.kafka-lite-group-[A-Za-z0-9._-]*-[0-9a-f]{24}$/)
    }
    expect(groupFileName('a/b')).not.toBe(groupFileName('a_b'))
  })

  it('every truncation and every flipped byte is KLOG_CORRUPT_CHECKPOINT, never a different content', () => {
    const bytes = encodeGroupFile(
      file('g', [
        ['t', 0, offset(42, 'meta')],
        ['u', 3, offset(7)],
      ]),
    )
    for (let cut = 0; cut < bytes.length; cut++)
      expect(
        corruptCode(() => decodeGroupFile(bytes.subarray(0, cut), 'f')),
        `cut at ${cut}`,
      ).toBe('KLOG_CORRUPT_CHECKPOINT')
    const original = decodeGroupFile(bytes, 'f')
    for (let i = 0; i < bytes.length; i++) {
      for (const bit of [0x01, 0x20, 0x80]) {
        const damaged = Buffer.from(bytes)
        damaged[i] = damaged[i]! ^ bit
        let result: GroupFile | undefined
        try {
          result = decodeGroupFile(damaged, 'f')
        } catch (err) {
          expect((err as LogError).code).toBe('KLOG_CORRUPT_CHECKPOINT')
          continue
        }
        // A flip the checksum cannot see (inside a hex checksum digit's case, say) must not change the content.
        expect(result, `byte ${i} bit ${bit}`).toEqual(original)
      }
    }
  })

  it('reads in bounded chunks: a large file of many lines, lines across chunk boundaries; an over-long line is damage', async () => {
    const dir = dirs.make()
    const entries: [string, number, CommittedOffset][] = []
    for (let p = 0; p < 20_000; p++) entries.push([`topic-${p % 7}`, p, offset(p, p % 13 === 0 ? 'x'.repeat(p % 5000) : '')])
    const f = file('big', entries)
    const bytes = encodeGroupFile(f)
    expect(bytes.length).toBeGreaterThan(1 << 20)
    fs.writeFileSync(path.join(dir, 'big'), bytes)
    expect(await readGroupFile(path.join(dir, 'big'))).toEqual(f)
    // A line longer than any valid record: refused, without holding more than the bound.
    fs.writeFileSync(
      path.join(dir, 'long'),
      Buffer.concat([Buffer.from('kafka-lite-group-offsets 1\n'), Buffer.alloc(MAX_LINE_BYTES + 10, 0x61)]),
    )
    expect(await codeOf(readGroupFile(path.join(dir, 'long')))).toBe('KLOG_CORRUPT_CHECKPOINT')
    fs.writeFileSync(path.join(dir, 'empty'), '')
    expect(await codeOf(readGroupFile(path.join(dir, 'empty')))).toBe('KLOG_CORRUPT_CHECKPOINT')
  })
})

describe('GroupOffsetStore', () => {
  it('commits are durable and visible only once written; concurrent commits coalesce and apply in call order', async () => {
    const dir = dirs.make()
    const store = await GroupOffsetStore.open(dir)
    const writes = vi.spyOn(fs.promises, 'rename')
    const p1 = store.commit('g', record, [{ topic: 't', partition: 0, value: offset(1) }])
    expect(store.get('g', 't', 0)).toBeUndefined() // not durable yet
    const p2 = store.commit('g', record, [{ topic: 't', partition: 0, value: offset(2) }])
    const p3 = store.commit('g', record, [{ topic: 't', partition: 1, value: offset(3) }])
    const p4 = store.remove('g', [{ topic: 't', partition: 1 }])
    await Promise.all([p1, p2, p3, p4])
    // The first write carried commit 1; the three that arrived meanwhile went in one more write.
    expect(writes).toHaveBeenCalledTimes(2)
    writes.mockRestore()
    expect(store.get('g', 't', 0)?.offset).toBe(2n)
    expect(store.get('g', 't', 1)).toBeUndefined()
    await store.close()
    const again = await GroupOffsetStore.open(dir)
    expect(again.groupIds()).toEqual(['g'])
    expect(again.record('g')).toEqual(record)
    expect([...again.offsets('g').get('t')!.keys()]).toEqual([0])
    await again.close()
  })

  it('a failed write rejects with KLOG_IO and changes neither the file nor what is served; the next commit writes everything again', async () => {
    const dir = dirs.make()
    const store = await GroupOffsetStore.open(dir)
    await store.commit('g', record, [{ topic: 't', partition: 0, value: offset(1) }])
    const before = fs.readFileSync(path.join(dir, groupFileName('g')))
    const spy = vi.spyOn(fs.promises, 'rename').mockRejectedValueOnce(Object.assign(new Error('EIO'), { code: 'EIO' }))
    expect(await codeOf(store.commit('g', record, [{ topic: 't', partition: 1, value: offset(5) }]))).toBe('KLOG_IO')
    spy.mockRestore()
    expect(fs.readFileSync(path.join(dir, groupFileName('g')))).toEqual(before)
    expect(store.get('g', 't', 1)).toBeUndefined()
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]) // its temp file went
    const enospc = vi.spyOn(fs.promises, 'rename').mockRejectedValueOnce(Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' }))
    expect(await codeOf(store.commit('g', record, [{ topic: 't', partition: 2, value: offset(6) }]))).toBe('KLOG_DISK_FULL')
    enospc.mockRestore()
    await store.commit('g', record, [{ topic: 't', partition: 3, value: offset(7) }])
    expect([...store.offsets('g').get('t')!.keys()].sort()).toEqual([0, 3])
    await store.close()
  })

  it('deleting a group removes its file; the last offset removed removes it too', async () => {
    const dir = dirs.make()
    const store = await GroupOffsetStore.open(dir)
    await store.commit('a', record, [{ topic: 't', partition: 0, value: offset(1) }])
    await store.commit('b', record, [{ topic: 't', partition: 0, value: offset(1) }])
    await store.deleteGroup('a')
    await store.remove('b', [{ topic: 't', partition: 0 }])
    expect(fs.readdirSync(dir)).toEqual([])
    expect(store.groupIds()).toEqual([])
    await store.close()
    expect(await codeOf(store.commit('a', record, []))).toBe('KLOG_CLOSED')
  })

  it('open reports damaged and misnamed files, fences their groups, and sweeps temp files of dead writers only', async () => {
    const dir = dirs.make()
    const store = await GroupOffsetStore.open(dir)
    await store.commit('good', record, [{ topic: 't', partition: 0, value: offset(1) }])
    await store.commit('renamed', record, [{ topic: 't', partition: 0, value: offset(1) }])
    await store.close()
    fs.renameSync(path.join(dir, groupFileName('renamed')), path.join(dir, groupFileName('other')))
    fs.writeFileSync(path.join(dir, groupFileName('broken')), 'kafka-lite-group-offsets 1\n')
    // A temp file of a dead process (pid 2^22 + 1 is never alive here) and one of this live process.
    const hostTag = (await import('../../../../src/io/liveness.js')).ownerTag().split('-')[0]
    const dead = `.klog-${hostTag}-4194305-0-0-abcdef01.tmp`
    fs.writeFileSync(path.join(dir, dead), 'x')
    const mine = (await import('../../../../src/io/atomic-file.js')).tempName()
    fs.writeFileSync(path.join(dir, mine), 'x')
    const again = await GroupOffsetStore.open(dir)
    expect(again.damaged.map((d) => [path.basename(d.file), d.error.code]).sort()).toEqual(
      [
        [groupFileName('broken'), 'KLOG_CORRUPT_CHECKPOINT'],
        [groupFileName('other'), 'KLOG_CORRUPT_CHECKPOINT'],
      ].sort(),
    )
    expect(again.isDamaged('broken')).toBe(true)
    expect(again.isDamaged('other')).toBe(true)
    expect(again.isDamaged('good')).toBe(false)
    expect(again.groupIds()).toEqual(['good'])
    expect(fs.existsSync(path.join(dir, dead))).toBe(false)
    expect(fs.existsSync(path.join(dir, mine))).toBe(true)
    await again.deleteGroup('broken')
    expect(again.isDamaged('broken')).toBe(false)
    expect(fs.existsSync(path.join(dir, groupFileName('broken')))).toBe(false)
    await again.close()
  })
})
