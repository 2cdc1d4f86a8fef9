/**
 * The group offset store under SIGKILL, with real child processes (test/integration/children/
 * group-offsets-committer.ts, run through tsx):
 *
 * - a child commits in a loop and is SIGKILLed at seeded random moments, again and again on the same
 *   directory: every acknowledged commit is there afterwards (each partition holds the value of its
 *   last acknowledged commit, or of the one in flight), nothing goes back, and the file always parses;
 * - the crash seam kills the child at each step of a commit's atomic write, and between a group
 *   deletion's unlink and its directory fsync: before the rename the previous state is there, from
 *   the rename on the new one.
 * The children report with synchronous writes to a file, so a SIGKILL loses no line.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { GROUP_OFFSETS_STEPS, GroupOffsetStore } from '../../src/broker/group/offsets.js'
import { mulberry32 } from '../helpers/random.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs('kafka-lite-group-crash-')
const CHILD = fileURLToPath(new URL('./children/group-offsets-committer.ts', import.meta.url))
const SEED = Number(process.env.GROUP_CRASH_SEED ?? 20250612)

function startChild(dir: string, group: string, count: number, report: string, deleteEvery = 0, crashAt?: string) {
  const env = { ...process.env }
  delete env.KAFKA_LITE_CRASH_AT
  if (crashAt !== undefined) env.KAFKA_LITE_CRASH_AT = crashAt
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, group, String(count), report, String(deleteEvery)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env,
  })
  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (s: string) => (stderr += s))
  let exited = false
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => {
      exited = true
      resolve({ code, signal, stderr })
    })
  })
  return { done, kill: () => child.kill('SIGKILL'), alive: () => !exited }
}

function lines(report: string): string[] {
  return fs.existsSync(report)
    ? fs
        .readFileSync(report, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
    : []
}

function last(ls: string[], kind: string): number | undefined {
  for (let i = ls.length - 1; i >= 0; i--) {
    const [k, n] = ls[i]!.split(' ')
    if (k === kind) return Number(n)
  }
  return undefined
}

/** What commit n writes for partition p (undefined: p is not in commit n). */
const writes = (n: number, p: number): boolean => (n + p) % 3 !== 0

/** The offset partition p holds after commits 1..n (deletions every `deleteEvery`), or undefined. */
function expected(n: number, p: number, deleteEvery: number): bigint | undefined {
  for (let k = n; k >= 1; k--) {
    if (deleteEvery > 0 && k % deleteEvery === 0) return undefined
    if (writes(k, p)) return BigInt(k)
  }
  return undefined
}

async function stored(dir: string, group: string): Promise<(bigint | undefined)[]> {
  const store = await GroupOffsetStore.open(dir)
  expect(store.damaged).toEqual([])
  const values = [0, 1, 2, 3].map((p) => store.get(group, 'orders', p)?.offset)
  await store.close()
  return values
}

describe('group offsets under SIGKILL', () => {
  it(`acknowledged commits survive random kills, and never go back (seed ${SEED})`, async () => {
    console.log(`group offsets crash: seed ${SEED} (replay: GROUP_CRASH_SEED=${SEED})`)
    const rand = mulberry32(SEED)
    const dir = dirs.make()
    let previous = 0 // the commit the store held after the previous kill
    for (let round = 0; round < 8; round++) {
      const report = path.join(dirs.make(), 'report')
      const child = startChild(dir, 'g', 1_000_000, report)
      // Wait until it commits, then let it run for a seeded while (the outcome never depends on how much it did).
      while (last(lines(report), 'ok') === undefined && child.alive()) await sleep(20)
      expect(child.alive(), (await Promise.race([child.done, Promise.resolve(undefined)]))?.stderr).toBe(true)
      await sleep(Math.floor(rand() * 300))
      child.kill()
      const { signal } = await child.done
      expect(signal).toBe('SIGKILL')
      const ls = lines(report)
      const first = Number(ls[0]!.split(' ')[1])
      expect(first, 'a restarted committer continues after the last stored commit').toBe(previous + 1)
      const acked = last(ls, 'ok')!
      const tried = last(ls, 'try')!
      const values = await stored(dir, 'g')
      // The state is that of the last acknowledged commit, or of the one in flight.
      const n = [acked, tried].find((k) => [0, 1, 2, 3].every((p) => values[p] === expected(k, p, 0)))
      expect(n, `round ${round}: acked ${acked}, tried ${tried}, stored ${values.join(',')}`).toBeDefined()
      expect(n!).toBeGreaterThan(previous)
      previous = n!
    }
  })

  for (const step of [...GROUP_OFFSETS_STEPS, 'after-unlink'] as const) {
    it(`the crash seam at group-offsets:${step}`, async () => {
      const dir = dirs.make()
      const report = path.join(dirs.make(), 'report')
      // Commit 4 deletes the group's offsets when deleteEvery is 4 (the unlink step).
      const deleteEvery = step === 'after-unlink' ? 4 : 0
      const { signal, stderr } = await startChild(
        dir,
        'g',
        10,
        report,
        deleteEvery,
        `group-offsets:${step}:${step === 'after-unlink' ? 1 : 4}`,
      ).done
      expect(signal, stderr).toBe('SIGKILL')
      const ls = lines(report)
      expect(last(ls, 'try')).toBe(4)
      expect(last(ls, 'ok')).toBe(3)
      const values = await stored(dir, 'g')
      const renamed = step === 'after-rename' || step === 'after-dir-fsync' || step === 'after-unlink'
      const n = renamed ? 4 : 3
      expect(values).toEqual([0, 1, 2, 3].map((p) => expected(n, p, deleteEvery)))
    })
  }
})
