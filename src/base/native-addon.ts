/**
 * The ONLY module that loads the project's native addon (`native/mmap.c` and `native/crc32c.c`,
 * one Node-API binary). The package ships prebuilt binaries (`native/prebuilds/<platform>-<arch>-<libc>/`,
 * made by `scripts/prebuild.cjs`: linux-x64 glibc and musl); the one for this platform and libc is
 * loaded first, and the addon compiled at install by `scripts/build-mmap.cjs`
 * (`native/build/Release/`, only where no prebuilt fits) next.
 *
 * Two users, each with its own fallback when the addon is missing: `io/mapped-file.ts` maps sealed
 * files (else reads them into memory) and `format/crc32c.ts` computes CRC-32C (else
 * `@node-rs/crc32`, else JavaScript). Nothing here is required for correctness.
 *
 * Loaded at the first use, once per thread (Node-API modules are context-aware: each thread gets its
 * own exports). It is loaded with `require` rather than `import` so that a failure is an exception
 * here instead of a failed import of the whole library.
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'

/** What the addon exports. */
export interface NativeAddon {
  /** Maps `length` bytes of `fd` read-only; the Buffer owns the mapping. */
  map(this: void, fd: number, length: number): Buffer
  /** Lets the kernel drop the mapping's pages now. */
  dontneed(this: void, buffer: Buffer): void
  /** Unmaps now (detaching the Buffer); false when that is not possible. Absent in older builds. */
  release?(this: void, buffer: Buffer): boolean
  /** CRC-32C of `bytes` continuing from `previous` (0 when left out), unsigned. Absent where the CPU has no SSE4.2. */
  crc32c?(this: void, bytes: Uint8Array, previous?: number): number
}

/** The package root relative to this module: `dist/` when published, `src/base/` in development. */
const ROOTS = ['..', '../..']

/** The addon's file name (its Node-API module name is `kafka_lite_mmap`, kept for compatibility). */
const ADDON = 'kafka_lite_mmap.node'

/**
 * The prebuilt binary's directory for this process: `linux-x64-glibc`, `linux-x64-musl`, ... The libc
 * is read from the libraries mapped into the process (musl's loader maps itself as `ld-musl-*`), which
 * costs one small read instead of `process.report` (tens of ms).
 */
export function prebuildTag(): string {
  let libc = ''
  if (process.platform === 'linux') {
    try {
      libc = /\/ld-musl-|\/libc\.musl-/.test(fs.readFileSync('/proc/self/maps', 'utf8')) ? '-musl' : '-glibc'
    } catch {
      libc = '-glibc'
    }
  }
  return `${process.platform}-${process.arch}${libc}`
}

/** Where the addon may be, in order: the prebuilt one for this platform, then the one built at install. */
function addonPaths(): string[] {
  const tag = prebuildTag()
  return [...ROOTS.map((r) => `${r}/native/prebuilds/${tag}/${ADDON}`), ...ROOTS.map((r) => `${r}/native/build/Release/${ADDON}`)]
}

let addon: NativeAddon | null | undefined
let loadError: unknown

/** The addon, loaded at the first call on this thread; `null` when none loads (see {@link nativeAddonError}). */
export function nativeAddon(): NativeAddon | null {
  if (addon !== undefined) return addon
  addon = null
  // createRequire works from both the ESM and the CJS build; the addon is a CommonJS module.
  const req = createRequire(import.meta.url)
  for (const p of addonPaths()) {
    try {
      addon = req(p) as NativeAddon
      return addon
    } catch (err) {
      // The first failure that is not "no such file" says most (a prebuilt that does not load here).
      if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND' || loadError === undefined) loadError = err
    }
  }
  return addon
}

/** Why {@link nativeAddon} returned `null`: the most telling load error, or `undefined`. */
export function nativeAddonError(): unknown {
  return loadError
}
