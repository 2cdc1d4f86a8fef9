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
  it('with the addon built (as at install here): mmap, no warning, no fallback event', () => {
    expect(fs.existsSync(path.join(ROOT, 'native/build/Release/kafka_lite_mmap.node'))).toBe(true)
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
