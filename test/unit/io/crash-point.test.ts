/**
 * io/crash-point.ts: the one crash seam. `KAFKA_LITE_CRASH_AT=<name>[:<n>]`; the kills themselves are
 * exercised by the lock, compaction and consumer crash tests (children SIGKILLed at exact points).
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseCrashAt } from '../../../src/io/crash-point.js'

const MODULE = fileURLToPath(new URL('../../../src/io/crash-point.ts', import.meta.url))

describe('crash points', () => {
  it('parses a name, with a trailing :<n> as the count', () => {
    expect(parseCrashAt(undefined)).toBeUndefined()
    expect(parseCrashAt('')).toBeUndefined()
    expect(parseCrashAt('takeover:held')).toEqual({ name: 'takeover:held', n: 1 })
    expect(parseCrashAt('commit:after-fsync:3')).toEqual({ name: 'commit:after-fsync', n: 3 })
    expect(parseCrashAt('compact:cleaned')).toEqual({ name: 'compact:cleaned', n: 1 })
    expect(parseCrashAt('x:0')).toEqual({ name: 'x', n: 0 })
  })

  it('kills the process the n-th time the armed point is reached, and only then', () => {
    // Reaches `a` five times and `b` once, reporting before each (synchronous writes: a SIGKILL loses
    // nothing); `a:3` must die right after the third "a".
    const script = `const { crashPoint } = await import(${JSON.stringify(MODULE)})
      const { writeSync } = await import('node:fs')
      for (const p of ['a', 'b', 'a', 'a', 'a', 'a']) { writeSync(1, p); crashPoint(p) }
      writeSync(1, '.')`
    const run = (at: string): { out: string; signal: NodeJS.Signals | null } => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        env: { ...process.env, KAFKA_LITE_CRASH_AT: at },
        encoding: 'utf8',
      })
      return { out: r.stdout, signal: r.signal }
    }
    expect(run('a:3')).toEqual({ out: 'abaa', signal: 'SIGKILL' })
    expect(run('a')).toEqual({ out: 'a', signal: 'SIGKILL' })
    expect(run('b')).toEqual({ out: 'ab', signal: 'SIGKILL' })
    expect(run('a:9')).toEqual({ out: 'abaaaa.', signal: null })
    expect(run('c')).toEqual({ out: 'abaaaa.', signal: null })
  })
})
