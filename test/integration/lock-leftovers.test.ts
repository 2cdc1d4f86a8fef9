/**
 * Issue 8 item 7 and issue 12 item 5: what a writer killed while locking leaves behind never blocks
 * the next writer (children SIGKILL themselves at exact crash points through
 * `KAFKA_LITE_CRASH_AT`), `KLOG_LOCKED` names the holder, a locked open says it cannot write, and
 * `writer({ wait: true, signal })` waits for the lock. No assertion depends on timing: "at once"
 * means the next open is the owner (it has a recovery report) rather than a view, with `lockStaleMs`
 * at 10 minutes, so a pass cannot come from proper-lockfile's stale-lock rule. Issue 19 item 16: an
 * empty `.lock-takeover` directory (or file) does not block for `lockStaleMs`. Issue 18: lock temp
 * files are swept only when their owner is provably dead on this host.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { Log, LockedError, LogError } from '../../src/index.js'
import { hostTag } from '../../src/io/liveness.js'
import { DIST_ENTRY, useTempDirs } from '../helpers/temp-dir.js'
import { readAll } from '../helpers/logs.js'

/** Long enough that passing proves no wait for a stale lock's mtime happened. */
const NEVER_STALE = { lockStaleMs: 10 * 60_000 }
/** pid 2^22+1 is above Linux's pid_max limit, so it is never a live process. */
const DEAD_PID = 2 ** 22 + 1

const HOLDER = fileURLToPath(new URL('./children/lock-holder.mjs', import.meta.url))

/** Runs lock-holder.mjs; resolves with its first stdout line (or undefined when it dies first). */
function holder(
  dir: string,
  env: Record<string, string> = {},
): { child: ChildProcess; ready: Promise<string | undefined>; exited: Promise<NodeJS.Signals | number | null> } {
  const child = spawn(process.execPath, [HOLDER, DIST_ENTRY, dir, '3'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  })
  const lines = createInterface({ input: child.stdout! })
  const ready = new Promise<string | undefined>((resolve) => {
    lines.once('line', resolve)
    child.once('close', () => resolve(undefined))
  })
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('close', (code, signal) => resolve(signal ?? code)))
  return { child, ready, exited }
}

/** Makes `file` look as old as a leftover of a crash a minute ago. */
function age(file: string): void {
  const t = new Date(Date.now() - 60_000)
  fs.utimesSync(file, t, t)
}

/** Kills a lock holder (after it appended 3 records) with SIGKILL: its lock stays, naming a dead process. */
async function deadHolder(dir: string, logEndOffset: number): Promise<void> {
  const first = holder(dir)
  expect(await first.ready).toBe(`ready ${logEndOffset}`)
  first.child.kill('SIGKILL')
  await first.exited
}

async function expectOwnerAtOnce(dir: string, records: number): Promise<void> {
  const log = await Log.open(dir, { fsync: 'never', ...NEVER_STALE })
  try {
    expect(log.recovery, 'the open took the lock (an owner has a recovery report)').toBeDefined()
    expect(log.readOnly).toBe(false)
    const w = await log.writer()
    await w.append({ value: 'after' })
    expect((await readAll(log)).length).toBe(records + 1)
  } finally {
    await log.close()
  }
  expect(fs.readdirSync(dir).filter((n) => n.startsWith('.lock'))).toEqual([])
}

describe('lock leftovers and lock waits', () => {
  const dirs = useTempDirs()

  it.each(['lock:before-rename', 'lock:after-rename'])('a writer killed at %s does not block the next one', async (point) => {
    const dir = dirs.make()
    const h = holder(dir, { KAFKA_LITE_CRASH_AT: point })
    expect(await h.ready).toBeUndefined()
    expect(await h.exited).toBe('SIGKILL')
    expect(fs.readdirSync(dir).some((n) => n.startsWith('.lock'))).toBe(true)
    await expectOwnerAtOnce(dir, 0)
  })

  it('a taker killed while holding .lock-takeover does not block the next one', async () => {
    const dir = dirs.make()
    await deadHolder(dir, 3)
    const taker = holder(dir, { KAFKA_LITE_CRASH_AT: 'takeover:held' })
    expect(await taker.ready).toBeUndefined()
    expect(await taker.exited).toBe('SIGKILL')
    expect(fs.existsSync(path.join(dir, '.lock-takeover'))).toBe(true)
    await expectOwnerAtOnce(dir, 3)
  })

  it('an empty .lock and an empty .lock-takeover file (left by older versions) do not block', async () => {
    const dir = dirs.make()
    fs.mkdirSync(path.join(dir, '.lock'))
    await expectOwnerAtOnce(dir, 0)
    await deadHolder(dir, 4)
    fs.writeFileSync(path.join(dir, '.lock-takeover'), '')
    age(path.join(dir, '.lock-takeover'))
    await expectOwnerAtOnce(dir, 4)
  })

  it('an empty .lock-takeover directory does not block taking over a dead writer', async () => {
    const dir = dirs.make()
    await deadHolder(dir, 3)
    fs.mkdirSync(path.join(dir, '.lock-takeover'))
    age(path.join(dir, '.lock-takeover'))
    await expectOwnerAtOnce(dir, 3)
  })

  it('a fresh empty .lock-takeover is respected briefly, then taken: writer({ wait: true }) gets the lock', async () => {
    const dir = dirs.make()
    await deadHolder(dir, 3)
    // Younger than the short bound for a takeover lock without owner record (it may be an older
    // version's taker about to write its record), so the open is likely a view...
    fs.mkdirSync(path.join(dir, '.lock-takeover'))
    const log = await Log.open(dir, { fsync: 'never', ...NEVER_STALE })
    try {
      // ...and a waiting writer() gets the lock once the bound passed, long before lockStaleMs.
      const w = await log.writer({ wait: true })
      expect(log.readOnly).toBe(false)
      expect((await w.append({ value: 'mine' })).baseOffset).toBe(3)
    } finally {
      await log.close()
    }
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('.lock'))).toEqual([])
  })

  it('lock temp files are swept only when their owner is provably dead on this host', async () => {
    const dir = dirs.make()
    await expectOwnerAtOnce(dir, 0)
    const tag = hostTag()
    const kept = [
      `.lock.tmp-${DEAD_PID}-0`, // previous format: no host recorded
      `.lock.tmp-000000000000-${DEAD_PID}-0-1-0123abcd`, // another host's
      `.lock.tmp-${tag}-${process.pid}-0-1-0123abcd`, // ours: alive
    ]
    const dead = `.lock.tmp-${tag}-${DEAD_PID}-0-1-0123abcd`
    for (const d of [...kept, dead]) {
      fs.mkdirSync(path.join(dir, d))
      fs.writeFileSync(path.join(dir, d, 'owner'), '{}')
    }
    const log = await Log.open(dir, { fsync: 'never', ...NEVER_STALE })
    expect(log.readOnly).toBe(false)
    await log.close()
    expect(
      fs
        .readdirSync(dir)
        .filter((n) => n.startsWith('.lock'))
        .sort(),
    ).toEqual(kept.sort())
  })

  it('a locked open is a view that says so: readOnly, the holder, and KLOG_LOCKED naming pid and host', async () => {
    const dir = dirs.make()
    const h = holder(dir)
    expect(await h.ready).toBe('ready 3')
    const log = await Log.open(dir, { fsync: 'never' })
    try {
      expect(log.readOnly).toBe(true)
      expect(log.recovery).toBeUndefined()
      expect(log.lockHolder).toEqual({ pid: h.child.pid, hostname: os.hostname() })
      const err = await log.writer().then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(err).toBeInstanceOf(LockedError)
      expect((err as LockedError).code).toBe('KLOG_LOCKED')
      expect((err as LockedError).holder).toEqual({ pid: h.child.pid, hostname: os.hostname() })
      // Waiting: the writer comes once the holder closes, and continues after its records.
      const waiting = log.writer({ wait: true })
      h.child.stdin!.write('close\n')
      const w = await waiting
      expect(log.readOnly).toBe(false)
      expect((await w.append({ value: 'mine' })).baseOffset).toBe(3)
    } finally {
      await log.close()
      await h.exited
    }
  })

  it('writer({ wait: true, signal }) ends with an AbortError when the signal aborts', async () => {
    const dir = dirs.make()
    const h = holder(dir)
    expect(await h.ready).toBe('ready 3')
    const log = await Log.open(dir, { fsync: 'never' })
    try {
      const ac = new AbortController()
      const waiting = log.writer({ wait: true, signal: ac.signal }).then(
        () => 'resolved',
        (e: unknown) => e,
      )
      ac.abort()
      const err = await waiting
      expect((err as Error).name).toBe('AbortError')
      await expect(log.writer({ wait: 'yes' as unknown as boolean })).rejects.toThrow(TypeError)
    } finally {
      h.child.stdin!.write('close\n')
      await h.exited
      await log.close()
    }
  })

  it('in one process, a waiting writer() gets the slot when the first writer closes', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, { fsync: 'never' })
    try {
      const first = await log.writer()
      const second = log.writer({ wait: true })
      await first.append({ value: 'one' })
      await first.close()
      const w = await second
      expect((await w.append({ value: 'two' })).baseOffset).toBe(1)
      expect(
        await log.writer().then(
          () => 'ok',
          (e: unknown) => (e as LogError).code,
        ),
      ).toBe('KLOG_LOCKED')
    } finally {
      await log.close()
    }
  })
})
