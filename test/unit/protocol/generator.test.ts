/**
 * The generator's `--check` mode (what `npm test` runs): it passes on the committed output and fails,
 * naming the file, when a generated file differs or an extra one sits in the output directory.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

import { useTempDirs } from '../../helpers/temp-dir.js'

const dirs = useTempDirs('kafka-lite-gen-')
const GENERATOR = path.resolve('scripts/protocol/generate.mjs')
const GENERATED = path.resolve('src/protocol/messages')

const check = (out: string): { status: number | null; stderr: string } => {
  const r = spawnSync(process.execPath, [GENERATOR, '--check', '--out', out], { encoding: 'utf8' })
  return { status: r.status, stderr: r.stderr }
}

describe('gen:protocol --check', () => {
  it('passes on the committed output, fails on an edited or extra file', () => {
    const out = dirs.make()
    fs.cpSync(GENERATED, out, { recursive: true })
    expect(check(out).status).toBe(0)

    fs.appendFileSync(path.join(out, 'fetch-request.ts'), '// edited\n')
    fs.writeFileSync(path.join(out, 'stray.ts'), 'export {}\n')
    const failed = check(out)
    expect(failed.status).toBe(1)
    expect(failed.stderr).toContain('stale: ')
    expect(failed.stderr).toContain('fetch-request.ts')
    expect(failed.stderr).toContain('not generated: ')
    expect(failed.stderr).toContain('stray.ts')
  })
})
