/** Small helpers shared by the tests that open logs and poke at their files. */
import fs from 'node:fs'
import path from 'node:path'
import type { Log, LogRecord, StartPosition } from '../../src/index.js'
import { segmentFileName } from './segment-files.js'

/** Every record from `from` up to the high watermark. */
export async function readAll(log: Log, from: StartPosition = 'earliest'): Promise<LogRecord[]> {
  const out: LogRecord[] = []
  for await (const r of log.reader({ from })) out.push(r)
  return out
}

/** Path of segment `base`'s `.log`, `.index` or `.timeindex` in `dir`. */
export function segmentPath(dir: string, base: number, suffix: 'log' | 'index' | 'timeindex'): string {
  return path.join(dir, segmentFileName(base, suffix))
}

/** Makes the next open unclean (as after a crash); optionally sets the recovery point it starts from. */
export function makeUnclean(dir: string, recoveryPoint?: number): void {
  fs.rmSync(path.join(dir, '.kafka_cleanshutdown'))
  if (recoveryPoint !== undefined) {
    fs.writeFileSync(path.join(dir, 'recovery-point-offset-checkpoint'), `0\n1\nlog 0 ${recoveryPoint}\n`)
  }
}
