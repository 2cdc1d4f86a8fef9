/**
 * Crash safety: a child process appends in a loop and is SIGKILLed at random moments, 20+ times in a
 * row on the same directory. After each kill the parent reopens the log (the pid fast path takes the
 * dead writer's lock at once), checks that every acknowledged record is present and intact, that
 * offsets are contiguous from 0 and that nothing beyond what was attempted appeared; then the next
 * child continues at the recovered log end offset.
 *
 * The child reports every attempt and acknowledgement to a file with synchronous writes, not to a
 * stdout pipe: Node buffers pipe writes once the pipe is full, and a SIGKILL would lose them.
 *
 * A SIGKILL does not lose the page cache, so under every fsync policy all acknowledged records must
 * survive (the policy only matters for an OS crash).
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'
import { Log, type FsyncPolicy, type LogRecord } from '../../src/index.js'
import { DIST_ENTRY, useTempDirs } from '../helpers/temp-dir.js'
import { mulberry32 } from '../helpers/random.js'
import { readAll } from '../helpers/logs.js'

const CHILD = fileURLToPath(new URL('./children/crash-writer.mjs', import.meta.url))
const ROUNDS = 24

/** Checks a value written by crash-writer.mjs: its own offset, its length and a checksum. */
function valueIsIntact(r: LogRecord): boolean {
  const v = r.value
  if (v === null || v.length < 20) return false
  if (Number(v.readBigUInt64BE(0)) !== r.offset) return false
  const size = v.readUInt32BE(8)
  if (v.length !== 20 + size) return false
  const payload = v.subarray(20)
  const sum = createHash('sha256').update(v.subarray(0, 8)).update(payload).digest().subarray(0, 8)
  return sum.equals(v.subarray(12, 20)) && r.key?.toString() === `k${r.offset}`
}

interface ChildRun {
  openLine: string
  firstAck: { base: number; last: number } | undefined
  maxAcked: number
  maxTried: number
  acks: number
  signal: NodeJS.Signals | null
  stderr: string
}

/**
 * Runs one writer child until it has acknowledged at least `killAfter` appends, then SIGKILLs it.
 * The child's stdout `ack` lines only time the kill (they may lag behind); what the child attempted
 * and what it was told is read afterwards from its report file, written with synchronous writes.
 */
function runChild(dir: string, reportPath: string, fsync: FsyncPolicy, seed: number, killAfter: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    writeFileSync(reportPath, '')
    const child = spawn(process.execPath, [CHILD, DIST_ENTRY, dir, fsync, String(seed), reportPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    let seen = 0
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (s: string) => (stderr += s))
    const lines = createInterface({ input: child.stdout })
    lines.on('line', (line) => {
      if (line.startsWith('ack ') && ++seen === killAfter) child.kill('SIGKILL')
    })
    child.on('error', reject)
    // 'close' fires after the process exited and its pipes ended, so stderr is complete.
    child.on('close', (_code, signal) => {
      const run: ChildRun = { openLine: '', firstAck: undefined, maxAcked: -1, maxTried: -1, acks: 0, signal, stderr }
      for (const line of readFileSync(reportPath, 'utf8').split('\n')) {
        if (line === '') continue
        const [kind, a, b] = line.split(' ')
        if (kind === 'open') run.openLine = line
        else if (kind === 'try') run.maxTried = Math.max(run.maxTried, Number(b))
        else if (kind === 'ack') {
          run.firstAck ??= { base: Number(a), last: Number(b) }
          run.maxAcked = Math.max(run.maxAcked, Number(b))
          run.acks++
        } else run.stderr += `unexpected line: ${line}\n`
      }
      resolve(run)
    })
  })
}

describe('crash recovery with a SIGKILLed writer process', () => {
  const dirs = useTempDirs()

  it.each<[FsyncPolicy, number]>([
    ['never', 0x5eed01],
    ['interval', 0x5eed03],
    ['always', 0x5eed02],
  ])(`fsync '%s': every acknowledged record survives ${ROUNDS} kills in a row (seed %i)`, async (fsync, seed) => {
    const dir = dirs.make()
    const report = path.join(dirs.make(), 'report.txt')
    const rand = mulberry32(seed)
    let expectedStart = 0
    let totalAcked = 0
    for (let round = 0; round < ROUNDS; round++) {
      const killAfter = 1 + Math.floor(rand() * 60)
      const run = await runChild(dir, report, fsync, Math.floor(rand() * 2 ** 31), killAfter)
      const where = `round ${round} (seed ${seed}, killAfter ${killAfter})`
      expect(run.stderr, where).toBe('')
      expect(run.signal, where).toBe('SIGKILL')
      // The child opened where the previous round left the log, cleanly (the parent closed it; the
      // first round created the log, which is clean too: `recovery.created`).
      expect(run.openLine, where).toBe(`open ${expectedStart} true`)
      expect(run.firstAck?.base, where).toBe(expectedStart)
      expect(run.acks, where).toBeGreaterThanOrEqual(killAfter)

      // Reopen at once: the dead writer's lock is taken through the pid fast path (a view would
      // have no recovery report), and the open is recognised as unclean.
      const log = await Log.open(dir, { fsync: 'never', segmentBytes: 32 * 1024, indexIntervalBytes: 1024 })
      try {
        expect(log.recovery, where).toBeDefined()
        expect(log.recovery!.clean, where).toBe(false)
        expect(log.recovery!.segmentsScanned, where).toBeGreaterThanOrEqual(1)
        const leo = log.logEndOffset
        expect(log.highWatermark, where).toBe(leo)
        expect(log.logStartOffset, where).toBe(0)
        // Content first, so that a bound failure below says whether the extra records are real ones.
        const records = await readAll(log)
        expect(records.length, where).toBe(leo)
        for (let i = 0; i < records.length; i++) {
          const r = records[i]!
          if (r.offset !== i || !valueIsIntact(r)) {
            expect.fail(`${where}: record at index ${i} has offset ${r.offset} and is ${valueIsIntact(r) ? 'intact' : 'damaged'}`)
          }
        }
        expect(leo, `${where}: every acknowledged record is there`).toBeGreaterThanOrEqual(run.maxAcked + 1)
        expect(leo, `${where}: nothing beyond the last attempted append`).toBeLessThanOrEqual(run.maxTried + 1)
        totalAcked = run.maxAcked + 1
        expectedStart = leo
      } finally {
        await log.close()
      }
    }
    // The rounds really wrote something and the log rolled (32 KiB segments).
    expect(totalAcked).toBeGreaterThan(ROUNDS)
    expect(readdirSync(dir).filter((n) => n.endsWith('.log')).length).toBeGreaterThan(3)
  })
})
