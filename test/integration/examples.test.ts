/**
 * The examples are documentation that runs: each is executed as a real child process (tsx, the same
 * command the README gives) and its output is checked, so a change that breaks an example fails here.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url))

async function example(file: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [TSX, file, ...args], { cwd: ROOT, timeout: 60_000 })
  return stdout
}

describe('examples', () => {
  it('quickstart appends, reads back and exits cleanly', async () => {
    const out = await example('examples/quickstart.ts')
    expect(out).toContain('appended offsets 0..1')
    expect(out).toContain('follower saw offsets [ 3, 4 ]')
    expect(out).toContain('reopened: clean = true logEndOffset = 5')
    expect(out).toContain('next append gets offset 5')
  })

  it('table: the latest price per product, through a tombstone, compaction and a reopen', async () => {
    const out = await example('examples/table.ts')
    expect(out).toContain('prices: tea=2000 cake=2000')
    expect(out).toContain('jam listed: false')
    expect(out).toMatch(/compaction removed [1-9]\d* records; table size still 2/)
    expect(out).toContain('after reopen: tea = 2000 size 2')
  })

  it('worker-readers: both worker threads receive every record', async () => {
    const out = await example('examples/worker-readers.ts', '20000')
    expect(out).toContain('writer: appended 20000 records, high watermark 20000')
    expect(out).toContain('reader-1: received 20000 records')
    expect(out).toContain('reader-2: received 20000 records')
  })
})
