/**
 * `log.backup(target)` and `Log.destroy(dir)` on real files.
 *
 * Backups are taken while a writer appends (plain and compressed batches, rolls every few appends):
 * each opens as a log whose records are exactly the live log's records of `[logStartOffset,
 * highWatermark)` of the backup's result (offsets, keys, values, headers, timestamps), with the
 * sealed segments hard-linked (the same inode) and copied when linking fails (`EXDEV`). A later
 * truncation of the live log into a linked segment, and appends after it, do not reach the backup.
 * Destroy refuses while a writer holds the directory (this process, and a child process until it is
 * SIGKILLed) and refuses a directory that is not a log, removing nothing.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Log, LogError, type LogRecord } from '../../src/index.js'
import { DIST_ENTRY, useTempDirs } from '../helpers/temp-dir.js'
import { readAll } from '../helpers/logs.js'

const dirs = useTempDirs('kafka-lite-backup-')
const HOLDER = fileURLToPath(new URL('./children/lock-holder.mjs', import.meta.url))

afterEach(() => {
  vi.restoreAllMocks()
})

const plain = (r: LogRecord): unknown => ({
  offset: r.offset,
  timestamp: r.timestamp,
  key: r.key?.toString('hex') ?? null,
  value: r.value?.toString('hex') ?? null,
  headers: r.headers.map((h) => [h.key, h.value?.toString('hex') ?? null]),
})

async function recordsOf(dir: string): Promise<unknown[]> {
  const log = await Log.open(dir)
  try {
    return (await readAll(log)).map(plain)
  } finally {
    await log.close()
  }
}

/** Appends until `stop` says so: sizes and codecs vary, so segments roll at varying offsets. */
async function writeLoad(log: Log, stop: () => boolean): Promise<number> {
  const writer = await log.writer()
  let n = 0
  while (!stop()) {
    const count = 1 + (n % 5)
    const records = Array.from({ length: count }, (_, i) => ({
      key: `k${(n + i) % 7}`,
      value: `value-${n}-${i}-`.padEnd(20 + ((n * 13 + i) % 90), 'x'),
      headers: i === 0 ? [{ key: 'n', value: String(n) }] : [],
    }))
    await writer.append(records, n % 3 === 0 ? { compression: 'gzip' } : undefined)
    n++
    // A turn of the event loop between appends, so the backups interleave with the load.
    if (n % 4 === 0) await new Promise((resolve) => setImmediate(resolve))
  }
  return n
}

describe('log.backup(target)', () => {
  it('under a write load: each backup opens as the live log up to its reported high watermark; sealed segments are hard links', async () => {
    const dir = dirs.make()
    const root = dirs.make()
    const log = await Log.open(dir, { fsync: 'never', segmentBytes: 4096 })
    let stop = false
    const load = writeLoad(log, () => stop)
    const results = []
    try {
      for (let i = 0; i < 6; i++) {
        // Let the load move on between backups (no timing decides an outcome: the checks below hold
        // for whatever the load reached).
        while (log.highWatermark < (i + 1) * 150) await new Promise((resolve) => setImmediate(resolve))
        results.push(await log.backup(path.join(root, `b${i}`)))
      }
    } finally {
      stop = true
      await load
    }
    const live = (await readAll(log)).map(plain)
    for (const [i, r] of results.entries()) {
      expect(r.dir).toBe(path.join(root, `b${i}`))
      expect(r.logStartOffset).toBe(0)
      expect(r.highWatermark).toBeGreaterThanOrEqual((i + 1) * 150)
      expect(r.segments).toBeGreaterThan(1)
      expect(r.linked).toBe((r.segments - 1) * 3)
      const backed = await recordsOf(r.dir)
      expect(backed.length).toBe(r.highWatermark)
      expect(backed).toEqual(live.slice(0, r.highWatermark))
    }
    // A sealed segment of the first backup is the live segment's inode (a hard link).
    const first = fs
      .readdirSync(results[0]!.dir)
      .filter((f) => f.endsWith('.log'))
      .sort()[0]!
    expect(fs.statSync(path.join(results[0]!.dir, first)).ino).toBe(fs.statSync(path.join(dir, first)).ino)
    await log.close()
  }, 120_000)

  it('a truncation of the live log into a linked segment, and appends after it, do not reach the backup', async () => {
    const dir = dirs.make()
    const target = path.join(dirs.make(), 'backup')
    const log = await Log.open(dir, { fsync: 'never', segmentBytes: 1024 })
    try {
      const writer = await log.writer()
      for (let i = 0; i < 60; i++) await writer.append({ value: `before-${i}`.padEnd(60, '.') })
      const r = await log.backup(target)
      expect(r.highWatermark).toBe(60)
      expect(r.linked).toBeGreaterThan(0)
      const expected = (await readAll(log)).map(plain)
      // Into the first (sealed, linked) segment: the live log unseals it and appends there again.
      await writer.truncateTo(3)
      for (let i = 0; i < 30; i++) await writer.append({ value: `after-${i}`.padEnd(60, '#') })
      await writer.flush()
      expect(await recordsOf(target)).toEqual(expected)
      expect((await readAll(log)).map((x) => String(x.value).slice(0, 6))).toEqual([
        ...Array.from({ length: 3 }, () => 'before'),
        ...Array.from({ length: 30 }, () => 'after-'),
      ])
    } finally {
      await log.close()
    }
  })

  it('copies instead of linking where the file system refuses hard links (EXDEV)', async () => {
    const dir = dirs.make()
    const target = path.join(dirs.make(), 'copied')
    const log = await Log.open(dir, { fsync: 'never', segmentBytes: 1024 })
    try {
      const writer = await log.writer()
      for (let i = 0; i < 40; i++) await writer.append({ key: `k${i}`, value: `v${i}`.padEnd(50, '.') })
      vi.spyOn(fs, 'linkSync').mockImplementation(() => {
        throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' })
      })
      const r = await log.backup(target)
      expect(r.linked).toBe(0)
      expect(r.copied).toBeGreaterThanOrEqual(r.segments * 3 - 2)
      vi.restoreAllMocks()
      const first = fs
        .readdirSync(target)
        .filter((f) => f.endsWith('.log'))
        .sort()[0]!
      expect(fs.statSync(path.join(target, first)).ino).not.toBe(fs.statSync(path.join(dir, first)).ino)
      expect(await recordsOf(target)).toEqual((await readAll(log)).map(plain))
    } finally {
      await log.close()
    }
  })

  it("keeps consumer positions, the log start and the records' bytes; refuses a non-empty target, one inside the log, and a view", async () => {
    const dir = dirs.make()
    const root = dirs.make()
    const log = await Log.open(dir, { segmentBytes: 1024 })
    try {
      const writer = await log.writer()
      for (let i = 0; i < 50; i++) await writer.append({ value: `r${i}`.padEnd(40, '-') })
      await writer.deleteRecordsBefore(7)
      await log.consumer('billing').commit(20)
      const r = await log.backup(path.join(root, 'b'))
      expect(r.logStartOffset).toBe(7)
      const copy = await Log.open(r.dir)
      try {
        expect(copy.logStartOffset).toBe(7)
        expect(copy.highWatermark).toBe(50)
        expect((await copy.consumer('billing').committed())?.offset).toBe(20)
        expect(copy.recovery?.created).toBe(false)
      } finally {
        await copy.close()
      }
      fs.mkdirSync(path.join(root, 'full'))
      fs.writeFileSync(path.join(root, 'full', 'x'), 'x')
      const full = (await log.backup(path.join(root, 'full')).catch((e: unknown) => e)) as LogError
      expect(full.code).toBe('KLOG_IO')
      expect((full.cause as NodeJS.ErrnoException).code).toBe('ENOTEMPTY')
      await expect(log.backup(path.join(dir, 'inside'))).rejects.toBeInstanceOf(RangeError)
      const view = await Log.open(dir, { readOnly: true })
      try {
        expect(((await view.backup(path.join(root, 'v')).catch((e: unknown) => e)) as LogError).code).toBe('KLOG_READ_ONLY')
      } finally {
        await view.close()
      }
      expect(fs.existsSync(path.join(root, 'v'))).toBe(false)
      expect(fs.readdirSync(root).sort()).toEqual(['b', 'full'])
    } finally {
      await log.close()
    }
  })
})

describe('Log.destroy(dir)', () => {
  it('refuses while this process holds the directory (KLOG_LOCKED), removes it once closed, and says false for a missing one', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir)
    await (await log.writer()).append({ value: 'a' })
    expect(((await Log.destroy(dir).catch((e: unknown) => e)) as LogError).code).toBe('KLOG_LOCKED')
    expect(fs.readdirSync(dir).some((f) => f.endsWith('.log'))).toBe(true)
    await log.close()
    expect(await Log.destroy(dir)).toBe(true)
    expect(fs.existsSync(dir)).toBe(false)
    expect(await Log.destroy(dir)).toBe(false)
  })

  it('refuses while a writer in another process holds it, and removes it once that process is SIGKILLed', async () => {
    const dir = dirs.make()
    const child = spawn(process.execPath, [HOLDER, DIST_ENTRY, dir, '5'], { stdio: ['pipe', 'pipe', 'inherit'] })
    const exited = new Promise((resolve) => child.on('close', resolve))
    try {
      const lines = createInterface({ input: child.stdout })
      const ready = await new Promise<string>((resolve) => lines.once('line', resolve))
      expect(ready).toBe('ready 5')
      expect(((await Log.destroy(dir).catch((e: unknown) => e)) as LogError).code).toBe('KLOG_LOCKED')
      expect(fs.readdirSync(dir).some((f) => f.endsWith('.log'))).toBe(true)
    } finally {
      child.kill('SIGKILL')
      await exited
    }
    // The holder is dead: its lock is taken over, as a new writer would.
    expect(await Log.destroy(dir)).toBe(true)
    expect(fs.existsSync(dir)).toBe(false)
  })

  it('refuses a directory that is not a log, and a file (KLOG_NOT_A_LOG), removing nothing', async () => {
    const dir = dirs.make()
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine')
    expect(((await Log.destroy(dir).catch((e: unknown) => e)) as LogError).code).toBe('KLOG_NOT_A_LOG')
    expect(fs.readdirSync(dir)).toEqual(['notes.txt'])
    const file = path.join(dir, 'notes.txt')
    expect(((await Log.destroy(file).catch((e: unknown) => e)) as LogError).code).toBe('KLOG_NOT_A_LOG')
    expect(fs.readFileSync(file, 'utf8')).toBe('mine')
  })
})
