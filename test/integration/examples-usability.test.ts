/**
 * More examples that run as tests (child processes under tsx, as their headers say to run them):
 * resuming a consumer from `reader.position`, and a follower in another process.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url))

async function example(file: string): Promise<string> {
  const { stdout } = await run(process.execPath, [TSX, file], { cwd: ROOT, timeout: 60_000 })
  return stdout
}

describe('examples (usability)', () => {
  it('resume-from-checkpoint: three runs stopped early hand out every record exactly once', async () => {
    const out = await example('examples/resume-from-checkpoint.ts')
    expect(out).toContain('run stopped at checkpoint 137')
    expect(out).toContain('run stopped at checkpoint 538')
    expect(out).toContain('handled 1000 records, each exactly once: true')
  })

  it('cross-process-tail: the other process follows every record and exits 0 on SIGINT', async () => {
    const out = await example('examples/cross-process-tail.ts')
    expect(out).toContain('the other process received 21 records (offsets 0..20) and exited with 0')
  })
})
