/**
 * CRC-32C (Castagnoli), the checksum of RecordBatch v2. Check value: crc32c("123456789") = 0xE3069283.
 *
 * Three implementations, the first that loads wins (once per thread, at the first checksum, not at
 * import: a process that never checksums loads none, and a subscriber attached after import still
 * sees a fallback):
 * 1. `'addon'`: the project's own native addon (`native/crc32c.c`, shipped prebuilt for linux-x64
 *    glibc and musl, loaded by `base/native-addon.ts`): the SSE4.2 `crc32` instruction in three
 *    lanes, about 15 GB/s on a 10 KB batch here, 3 to 5 times `@node-rs/crc32` (README, Performance).
 *    It exports `crc32c` only where the CPU has SSE4.2.
 * 2. `'node-rs'`: `@node-rs/crc32` (prebuilt binaries in per-platform optional packages), for the
 *    platforms the addon is not built for (macOS, Windows, arm64).
 * 3. `'js'`: the slicing-by-8 JavaScript in `crc32c-js.ts`, when neither loads: no addon for this
 *    platform and `@node-rs/crc32`'s platform package missing (an install with optional dependencies
 *    omitted, npm's lockfile bug npm/cli#4828), or a runtime without Node-API. `@node-rs/crc32`'s
 *    own error then blames npm; the fallback names the real causes (each module it could not load)
 *    in a one-time process warning (code `KLOG_CRC32C_FALLBACK`) and on the `kafka-lite:fallback`
 *    diagnostics channel (`feature: 'crc32c'`).
 * All three give identical checksums (`test/unit/format/crc32c*.test.ts`); only speed differs.
 *
 * `@node-rs/crc32` is loaded with `require` rather than `import` so that a failure is an exception
 * here instead of a failed import of the whole library.
 *
 * Pure computation (no I/O besides loading modules); safe from any thread.
 */
import { createRequire } from 'node:module'
import { publishFallback } from '../base/events.js'
import { nativeAddon, nativeAddonError } from '../base/native-addon.js'
import { crc32cJs } from './crc32c-js.js'

type Crc32c = (bytes: Uint8Array, previous: number) => number

/** Which implementation computes CRC-32C: see the module comment. */
export type Crc32cBackend = 'addon' | 'node-rs' | 'js'

/** The second native, as a specifier (it is also the `path` of the fallback event). */
const NODE_RS = '@node-rs/crc32'

let impl: Crc32c | undefined
let backend: Crc32cBackend | undefined

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

/** Why the addon gives no CRC-32C here. */
function addonReason(): string {
  if (nativeAddon() === null) {
    const err = nativeAddonError()
    return `the kafka-lite addon did not load (${err === undefined ? 'no build for this platform' : describeLoadError(err)})`
  }
  return 'the kafka-lite addon has no CRC-32C on this CPU (no SSE4.2)'
}

function load(): Crc32c {
  const own = nativeAddon()?.crc32c
  if (typeof own === 'function') {
    backend = 'addon'
    return own
  }
  try {
    // createRequire works from both the ESM and the CJS build (tsup shims import.meta.url).
    const native = (createRequire(import.meta.url)(NODE_RS) as { crc32c?: (bytes: Buffer, previous: number) => number }).crc32c
    if (typeof native !== 'function') throw new TypeError(`${NODE_RS} exports no crc32c function`)
    backend = 'node-rs'
    // The package takes a Buffer; wrapping a Uint8Array view costs no copy.
    return (bytes, previous) =>
      native(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), previous) >>> 0
  } catch (err) {
    backend = 'js'
    const reason = `${addonReason()}; ${NODE_RS} did not load: ${describeLoadError(err)}`
    publishFallback({ feature: 'crc32c', path: NODE_RS, reason })
    process.emitWarning(
      `@kafka-lite/log computes CRC-32C in JavaScript (slower than native) because ${reason}. ` +
        `Install ${NODE_RS} with its optional platform package (npm install --include=optional) to use a native one.`,
      { type: 'KafkaLiteWarning', code: 'KLOG_CRC32C_FALLBACK' },
    )
    return crc32cJs
  }
}

/**
 * Which implementation this thread uses (see the module comment). Loads it if no checksum was
 * computed yet.
 * @internal
 */
export function crc32cBackend(): Crc32cBackend {
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
  return impl(bytes, previous)
}
