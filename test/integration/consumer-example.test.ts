/**
 * The consumers example is documentation that runs: examples/event-projection.ts is executed as a
 * real child process (tsx, the command the README gives) and its whole output is checked, as
 * test/integration/examples.test.ts does for the other examples.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url))

describe('examples/event-projection.ts', () => {
  it('resumes from its committed position and rebuilds after a rollback', async () => {
    const { stdout } = await run(process.execPath, [TSX, 'examples/event-projection.ts'], { cwd: ROOT, timeout: 60_000 })
    expect(stdout.split('\n').filter((l) => l.length > 0)).toEqual([
      'projection: resuming at offset 0',
      'projection: committed offset 5, lag 0',
      'balances { alice: 70, bob: 70, carol: 10 }',
      'projection: resuming at offset 5',
      'projection: committed offset 7, lag 0',
      'balances { alice: 75, bob: 70, carol: 25 }',
      'projection: resuming at offset 7',
      'projection: history changed below the committed position, rebuilding',
      'projection: committed offset 7, lag 0',
      'balances { alice: 70, bob: 70, carol: 6 }',
    ])
  })
})
