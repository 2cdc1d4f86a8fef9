/**
 * The event-sourced aggregate example runs as a test (a child process under tsx, as its header
 * says): of two concurrent withdrawals decided from the same state, one is appended, the other
 * conflicts (`KLOG_OFFSET_CONFLICT`), reloads and is refused; the balance never goes below zero.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url))

describe('examples: event-sourced aggregate', () => {
  it('two concurrent withdrawals: one appended, one conflicts, reloads and is refused', async () => {
    const { stdout } = await run(process.execPath, [TSX, 'examples/event-sourced-aggregate.ts'], { cwd: ROOT, timeout: 60_000 })
    const lines = stdout.trim().split('\n')
    expect(lines).toContain('open: appended at offset 0 after 1 attempt(s)')
    expect(lines).toContain('deposit: appended at offset 1 after 1 attempt(s)')
    expect(lines.filter((l) => /^withdraw-[ab]: appended at offset 2 after 1 attempt\(s\)$/.test(l))).toHaveLength(1)
    expect(lines.filter((l) => /^withdraw-[ab]: conflict at version 2 \(the log is at 3\), retrying$/.test(l))).toHaveLength(1)
    expect(
      lines.filter((l) => /^withdraw-[ab]: refused \(insufficient funds: balance 30, asked 70\) after 2 attempt\(s\)$/.test(l)),
    ).toHaveLength(1)
    expect(lines.at(-1)).toBe('final: owner ada, balance 30, version 3')
  })
})
