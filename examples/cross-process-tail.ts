/**
 * A writer in this process and a follower in another: the follower opens the directory read-only
 * and is woken by each commit through the log's state file (an inotify watch), not by polling.
 *
 *   npm run build && npx tsx examples/cross-process-tail.ts
 *
 * The child is the package's own CLI, `kafka-lite-log tail <dir> -f`, which prints records as JSON
 * lines; the same takes `await Log.open(dir, { readOnly: true })` and a `follow: true` reader in code.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import { Log } from '../src/index.js'

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url))
const dir = fs.mkdtempSync(path.join(tmpdir(), 'kafka-lite-tail-'))
const TOTAL = 20

try {
  const log = await Log.open(dir, { fsync: 'never' })
  const writer = await log.writer()
  await writer.append({ value: 'before the follower started' })

  const child = spawn(process.execPath, [CLI, 'tail', dir, '--follow', '--lines', '1'], { stdio: ['ignore', 'pipe', 'inherit'] })
  const lines = readline.createInterface({ input: child.stdout })
  let received = 0
  let next = 1
  for await (const line of lines) {
    const record = JSON.parse(line) as { offset: number; value: string }
    received++
    if (record.offset === TOTAL) break
    // Append the next record only once the follower has printed the previous one: a ping-pong.
    if (record.offset + 1 === next && next <= TOTAL) await writer.append({ value: `record ${next++}` })
  }
  child.kill('SIGINT')
  const [code] = await new Promise<[number | null]>((resolve) => child.once('exit', (c) => resolve([c])))
  console.log(`the other process received ${received} records (offsets 0..${TOTAL}) and exited with ${code}`)
  await log.close()
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
