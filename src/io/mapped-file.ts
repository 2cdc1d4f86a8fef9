/**
 * The ONLY module that maps files: through the native addon's `map` (`native/mmap.c`, loaded by
 * `base/native-addon.ts`, which says where the prebuilt binaries come from).
 *
 * Sealed index files are immutable, so they are mapped read-only (`PROT_READ`, `MAP_SHARED`,
 * `MADV_RANDOM`) and served straight from the page cache. When the addon is missing or fails to load
 * (no compiler at install time, an unsupported platform, or `KAFKA_LITE_NO_MMAP=1` in the
 * environment) the same call reads the file into a Buffer instead; callers cannot tell the difference
 * except through {@link mappedFileBackend}. The first time a file is read instead of mapped for any
 * reason other than `KAFKA_LITE_NO_MMAP=1`, the process gets one warning
 * (`process.emitWarning`, code `KLOG_MMAP_FALLBACK`), and the `kafka-lite:fallback` diagnostics
 * channel gets a message each time.
 *
 * Unmapping: a mapping is owned by its Buffer. {@link MappedFile.close} unmaps it at once by detaching
 * the Buffer's ArrayBuffer (the addon's `release`: V8 drops the mapping and its finalizer runs
 * `munmap`; every surviving view becomes empty, so a stale view can never touch unmapped memory).
 * Where detaching is not possible it advises the kernel (`MADV_DONTNEED`) and the range waits for
 * the garbage collector.
 *
 * Bounded mappings: because closed mappings live on until the collector runs, a process that opens
 * and closes many segments could pile up virtual ranges past `vm.max_map_count` (65,530 by default)
 * between two collections. So files smaller than a page are read, not mapped (a mapping would cost a
 * whole page and a range for a few entries), and once {@link MAX_LIVE_MAPPINGS} mappings are alive
 * (counted until the collector releases them, through a FinalizationRegistry) new opens read instead.
 *
 * Safe from any thread: each thread loads the addon (Node-API modules are context-aware).
 */
import fs from 'node:fs'
import { publishFallback } from '../base/events.js'
import { nativeAddon, nativeAddonError, prebuildTag, type NativeAddon } from '../base/native-addon.js'

/** `KAFKA_LITE_NO_MMAP=1` at the first load: the fallback was asked for, so it is not reported. */
let disabled: boolean | undefined
let warned = false

function loadBinding(): NativeAddon | null {
  disabled ??= process.env.KAFKA_LITE_NO_MMAP === '1'
  return disabled ? null : nativeAddon()
}

/** Says, once per process, that a file is read into memory instead of mapped (and why). */
function fellBack(path: string, reason: unknown): void {
  if (disabled) return
  const why = reason instanceof Error ? reason.message : 'the mmap addon is not built'
  publishFallback({ feature: 'mmap', path, reason: why })
  if (warned) return
  warned = true
  process.emitWarning(
    `@kafka-lite/log reads files into memory instead of mapping them (${why}). ` +
      `No prebuilt addon loaded for ${prebuildTag()}: install a C toolchain and run \`npm rebuild @kafka-lite/log\` to build one.`,
    {
      type: 'KafkaLiteWarning',
      code: 'KLOG_MMAP_FALLBACK',
    },
  )
}

/** Files smaller than this are read, not mapped (a mapping costs a page and a range). */
const MIN_MAP_BYTES = 4096
/** Most mappings alive at once (closed ones count until the garbage collector releases them). */
export const MAX_LIVE_MAPPINGS = 16_384
let liveMappings = 0
const released = new FinalizationRegistry<number>(() => {
  liveMappings--
})
/**
 * Mappings released (`close()`) whose `munmap` has not run yet. Detaching frees V8's backing store at
 * once, but Node runs an external buffer's finalizer (ours: `munmap`) from its next immediate, so a
 * loop that never yields to the event loop (a scan or `getSync` over thousands of segments) would
 * pile up ranges past `vm.max_map_count` until the process could not allocate at all. They count as
 * live until an immediate of ours, which runs after Node's own (native immediates run first).
 */
let releasing = 0
function releasedMapping(): void {
  if (releasing++ > 0) return
  setImmediate(() => {
    liveMappings -= releasing
    releasing = 0
  }).unref()
}

/** Maps `length` bytes of `fd`, or `undefined` when {@link MAX_LIVE_MAPPINGS} are alive. */
function mapCounted(b: NativeAddon, length: number, fd: number): Buffer | undefined {
  if (liveMappings >= MAX_LIVE_MAPPINGS) return undefined
  const buf = b.map(fd, length)
  liveMappings++
  released.register(buf, 0, buf)
  return buf
}

/** Mappings alive now, closed or not (for tests). */
export function liveMappingCount(): number {
  return liveMappings
}

/** How read-only files are being loaded in this process: `'mmap'` or the `'read'` fallback. */
export function mappedFileBackend(): 'mmap' | 'read' {
  return loadBinding() === null ? 'read' : 'mmap'
}

/** A read-only view of a whole file. */
export interface MappedFile {
  /** The file's bytes at the time it was opened. Valid until {@link MappedFile.close}. */
  readonly buffer: Buffer
  /** True when `buffer` is an mmap of the file, false when it is a copy. */
  readonly mapped: boolean
  /** Releases the mapping (see the module note on unmapping). Idempotent. */
  close(): void
}

const EMPTY = Buffer.alloc(0)

class Mapping implements MappedFile {
  buffer: Buffer
  readonly mapped: boolean
  constructor(buffer: Buffer, mapped: boolean) {
    this.buffer = buffer
    this.mapped = mapped
  }
  close(): void {
    if (this.buffer === EMPTY) return
    const b = loadBinding()
    if (this.mapped && b !== null) {
      let unmapped = false
      try {
        // Unmap now, not at the next garbage collection: a closed log holds no mapping (its file
        // system can be unmounted). Detaching empties every view of the mapping, so a stale view
        // reads nothing rather than faulting.
        unmapped = b.release?.(this.buffer) === true
      } catch {
        unmapped = false
      }
      if (unmapped) {
        if (released.unregister(this.buffer)) releasedMapping()
      } else {
        try {
          b.dontneed(this.buffer)
        } catch {
          // Advice is best effort; the mapping is still released with the Buffer.
        }
      }
    }
    this.buffer = EMPTY
  }
}

/**
 * Opens `path` read-only and maps it (or reads it, in the fallback).
 * @param size - bytes to expose; defaults to the file's current length
 * @throws the `fs` error when the file cannot be opened or read
 */
export function openReadOnly(path: string, size?: number): MappedFile {
  const fd = fs.openSync(path, 'r')
  try {
    const length = size ?? fs.fstatSync(fd).size
    if (length === 0) return new Mapping(EMPTY, false)
    const b = loadBinding()
    if (b !== null && length >= MIN_MAP_BYTES) {
      try {
        // The mapping outlives the descriptor (POSIX keeps the file referenced), so we close fd below.
        const mapped = mapCounted(b, length, fd)
        if (mapped !== undefined) return new Mapping(mapped, true)
      } catch (err) {
        // Fall through to a read: a failed map (e.g. ENOMEM from vm.max_map_count) must not fail a read.
        fellBack(path, err)
      }
    } else if (b === null) {
      fellBack(path, nativeAddonError())
    }
    const buf = Buffer.allocUnsafe(length)
    let done = 0
    while (done < length) {
      const n = fs.readSync(fd, buf, done, length - done, done)
      if (n === 0) break
      done += n
    }
    return new Mapping(done === length ? buf : buf.subarray(0, done), false)
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * Maps `length` bytes of an open descriptor read-only (`MAP_SHARED`, so bytes the writer appends
 * later through `write` show up in the mapping). Returns `undefined` in the fallback (no binding, or
 * the map failed): callers then read with `pread`.
 *
 * The caller must never touch bytes at or beyond the file's current length: a page wholly past the
 * end of the file raises SIGBUS. The log's owner thread guarantees that by reading only below the
 * published position and by dropping a mapping before it shrinks a file.
 */
export function mapDescriptor(fd: number, length: number): MappedFile | undefined {
  const b = loadBinding()
  if (b === null || length === 0) return undefined
  try {
    const mapped = mapCounted(b, length, fd)
    return mapped === undefined ? undefined : new Mapping(mapped, true)
  } catch {
    return undefined
  }
}
