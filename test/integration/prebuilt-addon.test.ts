/**
 * The prebuilt mmap addon is loaded first: a copy of the built package (`dist/`, `package.json`,
 * `native/prebuilds/`, no `native/build/`) maps files with it; without the prebuilt binary it falls
 * back to reading, with its one warning. And the install script (`scripts/build-mmap.cjs`) prints
 * exactly one line saying which backend and why, for each case.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { prebuildTag } from '../../src/base/native-addon.js'
import { ROOT } from '../helpers/readme.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const run = promisify(execFile)
const dirs = useTempDirs('kafka-lite-prebuilt-')

/** A copy of the package as installed: dist, package.json, the prebuilt addons, node_modules linked. */
function installedCopy(withPrebuilds: boolean): string {
  const pkg = path.join(dirs.make(), 'pkg')
  fs.mkdirSync(path.join(pkg, 'native'), { recursive: true })
  fs.cpSync(path.join(ROOT, 'dist'), path.join(pkg, 'dist'), { recursive: true })
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(pkg, 'package.json'))
  fs.cpSync(path.join(ROOT, 'scripts/build-mmap.cjs'), path.join(pkg, 'scripts/build-mmap.cjs'))
  if (withPrebuilds) fs.cpSync(path.join(ROOT, 'native/prebuilds'), path.join(pkg, 'native/prebuilds'), { recursive: true })
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(pkg, 'node_modules'))
  return pkg
}

const PROBE = `
  const warnings = []; process.on('warning', (w) => warnings.push(w.code))
  const fs = await import('node:fs'), os = await import('node:os'), path = await import('node:path')
  const { Log, mappedFileBackend } = await import(process.argv[1])
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-lite-prebuilt-probe-'))
  const log = await Log.open(dir, { segmentBytes: 1024, indexIntervalBytes: 1 })
  const w = await log.writer()
  for (let i = 0; i < 400; i++) await w.append({ value: 'v' + i })
  await log.close()
  const again = await Log.open(dir)
  const r = await again.get(333)
  await again.close()
  fs.rmSync(dir, { recursive: true })
  await new Promise((r) => setImmediate(r))
  console.log(JSON.stringify({ backend: mappedFileBackend(), value: String(r.value), warnings }))
`

async function probe(pkg: string): Promise<{ backend: string; value: string; warnings: string[] }> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', PROBE, path.join(pkg, 'dist/index.js')], { timeout: 60_000 })
  return JSON.parse(stdout) as { backend: string; value: string; warnings: string[] }
}

// Prebuilt binaries exist for linux-x64 (glibc and musl) only; elsewhere the install compiles.
describe.runIf(process.platform === 'linux' && process.arch === 'x64')('the prebuilt mmap addon', () => {
  it("this machine's libc is named, and a prebuilt binary for it is committed", () => {
    expect(prebuildTag()).toMatch(/^linux-x64-(glibc|musl)$/)
    expect(fs.existsSync(path.join(ROOT, 'native/prebuilds', prebuildTag(), 'kafka_lite_mmap.node'))).toBe(true)
  })

  it('an installed copy with no compiled addon maps with the prebuilt one; without it, reads and warns once', async () => {
    const withPrebuilt = installedCopy(true)
    expect(fs.existsSync(path.join(withPrebuilt, 'native/build'))).toBe(false)
    expect(await probe(withPrebuilt)).toEqual({ backend: 'mmap', value: 'v333', warnings: [] })
    expect(await probe(installedCopy(false))).toEqual({ backend: 'read', value: 'v333', warnings: ['KLOG_MMAP_FALLBACK'] })
  })

  it('the install script prints exactly one line: the prebuilt addon, or read when none fits and compiling is skipped', async () => {
    const env = { ...process.env, npm_config_foreground_scripts: 'true' }
    const line = async (pkg: string, extra: Record<string, string> = {}): Promise<string[]> =>
      (await run(process.execPath, [path.join(pkg, 'scripts/build-mmap.cjs')], { env: { ...env, ...extra }, timeout: 120_000 })).stdout
        .trim()
        .split('\n')
    expect(await line(installedCopy(true))).toEqual([
      `[@kafka-lite/log] mmap backend: mmap (prebuilt addon for ${prebuildTag()}; nothing compiled)`,
    ])
    const none = await line(installedCopy(false), { KAFKA_LITE_SKIP_MMAP_BUILD: '1' })
    expect(none).toHaveLength(1)
    expect(none[0]).toContain(`] mmap backend: read (no prebuilt addon for ${prebuildTag()}; compiling skipped`)
  })
})
