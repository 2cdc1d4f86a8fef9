/**
 * The generator's `--check` mode (what `npm test` runs first, on the committed output): over a copy of
 * the committed output it fails, naming exactly the file that differs and the extra one.
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
  it('names exactly the edited file and the extra one', () => {
    const out = dirs.make()
    fs.cpSync(GENERATED, out, { recursive: true })
    fs.appendFileSync(path.join(out, 'fetch-request.ts'), '// edited\n')
    fs.writeFileSync(path.join(out, 'stray.ts'), 'export {}\n')
    const failed = check(out)
    expect(failed.status).toBe(1)
    expect(failed.stderr).toContain('stale: ')
    expect(failed.stderr).toContain('fetch-request.ts')
    expect(failed.stderr).toContain('not generated: ')
    expect(failed.stderr).toContain('stray.ts')
    // Every other file compared equal: exactly these two lines name files.
    expect(failed.stderr.split('\n').filter((l) => /^(stale|not generated): /.test(l))).toHaveLength(2)
  })
})
