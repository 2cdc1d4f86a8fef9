/**
 * CRC-32C (Castagnoli), the checksum of RecordBatch v2. Check value: crc32c("123456789") = 0xE3069283.
 *
 * Computed by `@node-rs/crc32` (SIMD, prebuilt binaries in per-platform optional packages) when it
 * loads, and by the slicing-by-8 JavaScript in `crc32c-js.ts` when it does not: its platform package
 * missing (an install with optional dependencies omitted, npm's lockfile bug npm/cli#4828), an
 * unsupported platform, a runtime without Node-API. The package's own error then blames npm; the
 * fallback names the real causes (each module it could not load) in a one-time process warning
 * (code `KLOG_CRC32C_FALLBACK`) and on the `kafka-lite:fallback` diagnostics channel (`feature:
 * 'crc32c'`). Both give identical checksums; only speed differs.
 *
 * The native package is loaded at the first checksum, not at import (a process that never
 * checksums never loads it, and a subscriber attached after import still sees the fallback), and
 * exactly once per thread. It is loaded with `require` rather than `import` so that a failure is an
 * exception here instead of a failed import of the whole library.
 *
 * Pure computation (no I/O besides loading the module); safe from any thread.
 */
import { createRequire } from 'node:module'
import { publishFallback } from '../base/events.js'
import { crc32cJs } from './crc32c-js.js'

type Crc32c = (bytes: Buffer, previous: number) => number

/** The native package, as a specifier (it is also the `path` of the fallback event). */
const NATIVE = '@node-rs/crc32'

let impl: Crc32c | undefined
let backend: 'native' | 'js' | undefined

/** The first line of each error in a `cause` chain: the real reasons behind a wrapper's message. */
function describeLoadError(err: unknown): string {
  const lines: string[] = []
  let e: unknown = err
  for (let depth = 0; depth < 6 && e !== null && e !== undefined; depth++) {
    const message = e instanceof Error ? e.message : typeof e === 'string' ? e : 'an unknown error'
    // napi-rs's wrapper says "Cannot find native binding. npm has a bug related to optional
    // dependencies (…)": keep the first sentence, the causes below it say what really failed.
    const first = message.split('\n')[0]!.replace(/^(Cannot find native binding)\..*$/, '$1')
    if (!lines.includes(first)) lines.push(first)
    e = e instanceof Error ? e.cause : undefined
  }
  return lines.join('; ')
}

function load(): Crc32c {
  try {
    // createRequire works from both the ESM and the CJS build (tsup shims import.meta.url).
    const native = (createRequire(import.meta.url)(NATIVE) as { crc32c?: Crc32c }).crc32c
    if (typeof native !== 'function') throw new TypeError(`${NATIVE} exports no crc32c function`)
    backend = 'native'
    return native
  } catch (err) {
    backend = 'js'
    const reason = describeLoadError(err)
    publishFallback({ feature: 'crc32c', path: NATIVE, reason })
    process.emitWarning(
      `@kafka-lite/log computes CRC-32C in JavaScript (slower than native) because ${NATIVE} did not load: ${reason}. ` +
        `Install it with its optional platform package (npm install --include=optional) to use the native one.`,
      { type: 'KafkaLiteWarning', code: 'KLOG_CRC32C_FALLBACK' },
    )
    return (bytes, previous) => crc32cJs(bytes, previous)
  }
}

/**
 * Which implementation this thread uses: `'native'` (`@node-rs/crc32`) or the `'js'` fallback.
 * Loads it if no checksum was computed yet.
 * @internal
 */
export function crc32cBackend(): 'native' | 'js' {
  impl ??= load()
  return backend!
}

/**
 * CRC-32C of `bytes`, as an unsigned 32-bit number.
 * @param previous - the CRC of the bytes before `bytes`, to continue a checksum over chunks
 *   (`crc32c(b, crc32c(a))` is the CRC of `a` followed by `b`); 0 to start
 */
export function crc32c(bytes: Uint8Array, previous = 0): number {
  impl ??= load()
  // The binding accepts a Buffer; wrapping a Uint8Array view costs no copy.
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return impl(buf, previous) >>> 0
}
