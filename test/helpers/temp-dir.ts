/**
 * Per-test temporary directories: each test owns a fresh directory, removed afterwards.
 * Usage: `const dirs = useTempDirs(); it('...', () => { const dir = dirs.make() })`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach } from 'vitest'

export function useTempDirs(prefix = 'kafka-lite-test-'): { make(): string } {
  const made: string[] = []
  afterEach(() => {
    for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true })
  })
  return {
    make(): string {
      const d = mkdtempSync(path.join(tmpdir(), prefix))
      made.push(d)
      return d
    },
  }
}

/** Absolute path of the built ESM entry point, for worker threads and child processes. */
export const DIST_ENTRY = fileURLToPath(new URL('../../dist/index.js', import.meta.url))
