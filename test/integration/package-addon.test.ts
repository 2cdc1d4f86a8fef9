/**
 * The mmap addon as a consumer meets it: the built package with its addon maps index files silently;
 * the same package without the addon (as after an install on a machine with no compiler) reads them
 * into memory, warns exactly once (`KLOG_MMAP_FALLBACK`) and publishes each fallback on the
 * `kafka-lite:fallback` diagnostics channel, with identical records either way.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { useTempDirs } from '../helpers/temp-dir.js'
import { prebuildTag } from '../../src/base/native-addon.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const dirs = useTempDirs('kafka-lite-addon-')

interface Outcome {
  backend: string
  warnings: { code: string; name: string }[]
  fallbacks: number
  values: string[]
  sealed: number
}

function runWith(packageDir: string): Outcome {
  const work = dirs.make()
  const report = path.join(work, 'report.json')
  const script = `
import diagnostics from 'node:diagnostics_channel'
import fs from 'node:fs'
const warnings = []
process.on('warning', (w) => warnings.push({ code: w.code, name: w.name }))
let fallbacks = 0
diagnostics.subscribe('kafka-lite:fallback', () => fallbacks++)
const { Log, mappedFileBackend } = await import(${JSON.stringify(path.join(packageDir, 'dist/index.js'))})
const dir = ${JSON.stringify(path.join(work, 'log'))}
const log = await Log.open(dir, { segmentBytes: 1024, indexIntervalBytes: 64, fsync: 'never' })
const w = await log.writer()
for (let i = 0; i < 300; i++) await w.append({ value: 'value-' + i })
await log.close()
const again = await Log.open(dir)
const values = []
for await (const r of again.reader()) values.push(r.value.toString())
await again.close()
await new Promise((resolve) => setImmediate(resolve)) // warnings are emitted on the next tick
const sealed = fs.readdirSync(dir).filter((n) => n.endsWith('.index')).length - 1
fs.writeFileSync(${JSON.stringify(report)}, JSON.stringify({ backend: mappedFileBackend(), warnings, fallbacks, values, sealed }))
`
  const env = { ...process.env }
  delete env.KAFKA_LITE_NO_MMAP
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { env, stdio: 'ignore' })
  return JSON.parse(fs.readFileSync(report, 'utf8')) as Outcome
}

/** The built package without its addon: dist and package.json only, dependencies linked. */
function packageWithoutAddon(): string {
  const dir = dirs.make()
  fs.cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true })
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'))
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
  return dir
}

const expectedValues = Array.from({ length: 300 }, (_, i) => `value-${i}`)

describe('the mmap addon in the built package', () => {
  it('with the addon as installed here (the prebuilt one for this platform, or one compiled at install): mmap, no warning, no fallback event', () => {
    const prebuilt = fs.existsSync(path.join(ROOT, 'native/prebuilds', prebuildTag(), 'kafka_lite_mmap.node'))
    expect(prebuilt || fs.existsSync(path.join(ROOT, 'native/build/Release/kafka_lite_mmap.node'))).toBe(true)
    const out = runWith(ROOT)
    expect(out.backend).toBe('mmap')
    expect(out.warnings).toEqual([])
    expect(out.fallbacks).toBe(0)
    expect(out.values).toEqual(expectedValues)
  })

  it('without the addon: the read fallback, one KLOG_MMAP_FALLBACK warning, an event per file', () => {
    const out = runWith(packageWithoutAddon())
    expect(out.backend).toBe('read')
    expect(out.warnings).toEqual([{ code: 'KLOG_MMAP_FALLBACK', name: 'KafkaLiteWarning' }])
    expect(out.sealed).toBeGreaterThan(3)
    // Every sealed segment's two indexes were read instead of mapped (at seal and at reopen).
    expect(out.fallbacks).toBeGreaterThanOrEqual(2 * out.sealed)
    expect(out.values).toEqual(expectedValues)
  })
})

/**
 * The built package where `@node-rs/crc32` loads but its platform package is missing (as after an
 * install with optional dependencies omitted, or npm/cli#4828): dist and package.json, every other
 * dependency linked, and `@node-rs/crc32`'s own loader copied so that it looks for its platform
 * package here, where there is none. With `addon`, the package's own native addon stays (it computes
 * CRC-32C first); without it, no native CRC-32C is left (as on a platform with no prebuilt addon).
 */
function packageWithoutNodeRs(addon: boolean): string {
  const dir = dirs.make()
  fs.cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true })
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'))
  if (addon) fs.cpSync(path.join(ROOT, 'native'), path.join(dir, 'native'), { recursive: true })
  const modules = path.join(dir, 'node_modules')
  fs.mkdirSync(path.join(modules, '@node-rs'), { recursive: true })
  for (const name of fs.readdirSync(path.join(ROOT, 'node_modules'))) {
    if (name !== '@node-rs' && name !== '.bin') fs.symlinkSync(path.join(ROOT, 'node_modules', name), path.join(modules, name), 'dir')
  }
  fs.cpSync(path.join(ROOT, 'node_modules/@node-rs/crc32'), path.join(modules, '@node-rs/crc32'), { recursive: true })
  return dir
}

interface CrcOutcome {
  moduleSystem: string
  warnings: string[]
  events: { feature: string; path: string; reason: string }[]
  nativeWritten: string[]
  damaged: string
}

/** Reads every value of the log in `dir`, or the error code that stopped the read. */
async function readAll(dir: string): Promise<string[] | string> {
  const { Log, LogError } = await import('../../src/index.js')
  const log = await Log.open(dir, { readOnly: true })
  try {
    const values: string[] = []
    for await (const r of log.reader({ from: 0 })) values.push(String(r.value))
    return values
  } catch (err) {
    return err instanceof LogError ? err.code : String(err)
  } finally {
    await log.close()
  }
}

describe('CRC-32C without @node-rs/crc32', () => {
  it.each([
    { addon: false, title: 'nor the addon: the JS fallback checksums, one KLOG_CRC32C_FALLBACK warning, one event with both causes' },
    { addon: true, title: 'but with the addon: the addon checksums, no warning, no event' },
  ])('under tsx with "type": "commonjs", $title', async ({ addon }) => {
    const { Log } = await import('../../src/index.js')
    const work = dirs.make()
    // Two logs written with the native CRC: one intact, one with a flipped value byte.
    const values = Array.from({ length: 50 }, (_, i) => `native-${i}`)
    for (const name of ['native', 'damaged']) {
      const log = await Log.open(path.join(work, name), { fsync: 'never' })
      const w = await log.writer()
      for (const v of values) await w.append({ value: v })
      await log.close()
    }
    const segment = path.join(work, 'damaged', '00000000000000000000.log')
    const bytes = fs.readFileSync(segment)
    const at = bytes.indexOf('native-25')
    bytes[at + 7] = bytes[at + 7]! ^ 0x01
    fs.writeFileSync(segment, bytes)
    const nativeOnDamaged = await readAll(path.join(work, 'damaged'))
    expect(typeof nativeOnDamaged).toBe('string') // the native CRC rejects it with a code

    const app = path.join(work, 'app')
    fs.mkdirSync(path.join(app, 'node_modules/@kafka-lite'), { recursive: true })
    fs.symlinkSync(packageWithoutNodeRs(addon), path.join(app, 'node_modules/@kafka-lite/log'), 'dir')
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', type: 'commonjs' }))
    const report = path.join(work, 'report.json')
    fs.writeFileSync(
      path.join(app, 'main.ts'),
      `
import diagnostics from 'node:diagnostics_channel'
import fs from 'node:fs'
import { Log, LogError } from '@kafka-lite/log'

const warnings: string[] = []
process.on('warning', (w: Error & { code?: string }) => warnings.push(w.code ?? w.name))
const events: unknown[] = []
diagnostics.subscribe('kafka-lite:fallback', (m) => events.push(m))

async function readAll(dir: string): Promise<string[] | string> {
  const log = await Log.open(dir, { readOnly: true })
  try {
    const values: string[] = []
    for await (const r of log.reader({ from: 0 })) values.push(String(r.value))
    return values
  } catch (err) {
    return err instanceof LogError ? err.code : String(err)
  } finally {
    await log.close()
  }
}

async function main(): Promise<void> {
  const nativeWritten = await readAll(${JSON.stringify(path.join(work, 'native'))})
  const damaged = await readAll(${JSON.stringify(path.join(work, 'damaged'))})
  const log = await Log.open(${JSON.stringify(path.join(work, 'js'))}, { fsync: 'never' })
  const w = await log.writer()
  for (let i = 0; i < 50; i++) await w.append({ value: 'js-' + i })
  await log.close()
  await new Promise((resolve) => setImmediate(resolve)) // warnings are emitted on the next tick
  const moduleSystem = typeof require === 'function' && typeof module === 'object' ? 'commonjs' : 'esm'
  fs.writeFileSync(${JSON.stringify(report)}, JSON.stringify({ moduleSystem, warnings, events, nativeWritten, damaged }))
}
main().catch((err) => {
  console.error(err)
  process.exit(1)
})
`,
    )
    const env = { ...process.env }
    delete env.NAPI_RS_NATIVE_LIBRARY_PATH
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'main.ts'], { cwd: app, env, stdio: 'pipe' })
    const out = JSON.parse(fs.readFileSync(report, 'utf8')) as CrcOutcome
    expect(out.moduleSystem).toBe('commonjs')
    // Without the addon its files are read instead of mapped too (KLOG_MMAP_FALLBACK): not this test's subject.
    const crcWarnings = out.warnings.filter((w) => w !== 'KLOG_MMAP_FALLBACK')
    const crcEvents = out.events.filter((e) => e.feature === 'crc32c')
    if (addon) {
      expect(crcWarnings).toEqual([])
      expect(crcEvents).toEqual([])
    } else {
      expect(crcWarnings).toEqual(['KLOG_CRC32C_FALLBACK'])
      expect(crcEvents.map((e) => [e.feature, e.path])).toEqual([['crc32c', '@node-rs/crc32']])
      // The real causes, not npm's "optional dependencies" boilerplate: no addon, and the platform
      // package is missing.
      expect(crcEvents[0]!.reason).toContain('the kafka-lite addon did not load')
      expect(crcEvents[0]!.reason).toContain('@node-rs/crc32-linux-x64-gnu')
    }
    // Same checksums both ways: JS reads what native wrote, native reads what JS wrote, and both
    // reject the same damaged batch with the same code.
    expect(out.nativeWritten).toEqual(values)
    expect(await readAll(path.join(work, 'js'))).toEqual(Array.from({ length: 50 }, (_, i) => `js-${i}`))
    expect(out.damaged).toBe(nativeOnDamaged)
  })
})
