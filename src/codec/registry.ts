/**
 * The codec registry: the ONLY module that loads compression packages.
 *
 * Kafka's codecs by id (attribute bits 0-2 of a batch): 1 gzip, 2 snappy, 3 lz4, 4 zstd. Each is
 * built on first use, once per process, from the best backend that loads:
 *
 * | codec  | read                                   | write                                  |
 * | ------ | -------------------------------------- | -------------------------------------- |
 * | gzip   | `node:zlib`                            | `node:zlib`                            |
 * | snappy | `snappy` (native), else pure TS        | `snappy` (native), else pure TS        |
 * | lz4    | `lz4-napi` (native), else pure TS      | `lz4-napi` blocks, else pure TS blocks |
 * | zstd   | `node:zlib` (Node ≥ 22.15), else `fzstd` (pure JS); readers use `@mongodb-js/zstd` when it loads | `node:zlib`, else `@mongodb-js/zstd` (native), else none |
 *
 * Reading never depends on an optional package: every codec has a pure JS/TS decoder, so a machine
 * where the native packages failed to install still reads every log. Writing zstd needs either a
 * Node with zstd in zlib or the optional `@mongodb-js/zstd`; without them a zstd append rejects with
 * `KLOG_UNSUPPORTED_CODEC`. `KAFKA_LITE_NO_NATIVE_CODECS=1` in the environment skips the native
 * packages (the fallbacks then serve every read, and every write they can).
 *
 * Every decode is bounded: its caller says how many bytes the payload may decompress to at most
 * (`maxLength`: for a batch, what its header and the log's limits allow), and no backend is asked to
 * produce or allocate more. zlib (gzip, zstd on Node >= 22.15) stops at `maxOutputLength`; snappy's
 * declared lengths are checked before a stream is decoded; an LZ4 or zstd payload's headers say the
 * most it can regenerate (`lz4MaxOutput`, `zstdShape`), and the native decoders, which take no bound,
 * run only when that fits: otherwise the pure decoders run, which stop at the bound (LZ4 writes into
 * a buffer that never grows past it; fzstd streams and is stopped; its window buffer is refused past
 * `max(bound, 8 MiB)`). Exceeding the bound is `KLOG_CORRUPT_SEGMENT`.
 *
 * Decompression is synchronous in every backend (point reads are synchronous, see `getSync`), with
 * one addition: `@mongodb-js/zstd` only decodes asynchronously but several times faster than
 * `fzstd`, so readers (asynchronous anyway) use it through {@link asyncDecompressor}. Compression
 * may be asynchronous (`@mongodb-js/zstd` runs on libuv's thread pool), which the
 * writer's encode step handles. Everything here is safe from any thread: a codec is a set of pure
 * functions, and each thread builds its own on first use.
 */
import { createRequire } from 'node:module'
import zlib from 'node:zlib'
import { CODEC_LEVELS, CODEC_TYPES, type CodecType } from '../base/compression.js'
import { LogError } from '../base/errors.js'
import { DecompressionBoundError } from './bound-error.js'
import { compressBlock, compressFrame, decompressFrame, lz4MaxOutput } from './lz4.js'
import { compressRaw, compressXerial, decompressRaw, decompressSnappy } from './snappy.js'
import { zstdShape } from './zstd-frames.js'

/** Which implementation serves a codec in this process. */
export interface CodecBackend {
  /** What decodes for point reads (synchronous): `'node:zlib'`, a package name, or `'js'` for this library's own decoder. */
  read: string
  /** What decodes for readers (`read()`, iteration), named the same way; differs from `read` only where a faster decoder is asynchronous. */
  scan: string
  /** What encodes, named the same way; `null` when the codec cannot be written here. */
  write: string | null
}

/** A compressor: may finish synchronously or not. */
export type Compress = (src: Buffer, level: number | undefined) => Buffer | Promise<Buffer>

interface Codec extends Omit<CodecBackend, 'scan'> {
  /** Decodes `src`, producing at most `maxLength` bytes (else a {@link DecompressionBoundError}). */
  decompress(src: Buffer, maxLength: number): Buffer
  /** A faster decoder that is asynchronous (only readers, which are asynchronous anyway, use it). */
  decompressAsync?: ((src: Buffer, maxLength: number) => Promise<Buffer>) | undefined
  compress: Compress | undefined
}

// The optional packages' shapes, as far as this module uses them (they are loaded untyped with require).
interface SnappyModule {
  uncompressSync(src: Buffer, options: { asBuffer: true }): Buffer
  compressSync(src: Buffer): Buffer
}
interface Lz4Module {
  decompressFrameSync(src: Buffer): Buffer
  compressSync(src: Buffer): Buffer
}
interface ZstdModule {
  decompress(src: Buffer): Promise<Buffer>
  compress(src: Buffer, level: number): Promise<Buffer>
}
interface FzstdModule {
  decompress(src: Uint8Array): Uint8Array
  Decompress: new (ondata: (chunk: Uint8Array, final: boolean) => void) => { push(chunk: Uint8Array, final?: boolean): void }
}
/** node:zlib's zstd functions (Node >= 22.15 and 23.8); absent from this project's @types/node 20. */
interface ZlibZstd {
  zstdCompressSync?(src: Buffer, options: { params: Record<number, number> }): Buffer
  zstdDecompressSync(src: Buffer, options: { maxOutputLength: number }): Buffer
  constants: { ZSTD_c_compressionLevel: number }
}

const codecs = new Map<CodecType, Codec>()
let nativeAllowed = process.env.KAFKA_LITE_NO_NATIVE_CODECS !== '1'

function load<T>(name: string): T | undefined {
  try {
    // createRequire works from both the ESM and the CJS build; every codec package is CommonJS.
    return createRequire(import.meta.url)(name) as T
  } catch {
    return undefined
  }
}

function loadNative<T>(name: string): T | undefined {
  return nativeAllowed ? load<T>(name) : undefined
}

function asBuffer(u: Uint8Array): Buffer {
  return Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength)
}

/**
 * The most bytes a decode may produce when its caller names no bound: the readers' asynchronous zstd
 * path, until the reader passes its batch's bound. Equal to the default bound of a batch
 * (`format/decode-limits.ts`).
 */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024

/** fzstd allocates a frame's whole window: refused past `max(bound, this)` (Kafka's zstd windows are 2-8 MiB). */
const ZSTD_WINDOW_ALLOWANCE = 8 * 1024 * 1024

/** A zlib inflate stopped at `maxOutputLength` (0 is not a valid bound: an empty output is checked after). */
function zlibBounded(
  codec: string,
  inflate: (src: Buffer, options: { maxOutputLength: number }) => Buffer,
  src: Buffer,
  maxLength: number,
): Buffer {
  let out: Buffer
  try {
    out = inflate(src, { maxOutputLength: Math.max(1, maxLength) })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new DecompressionBoundError(codec, maxLength, undefined)
    throw err
  }
  if (out.length > maxLength) throw new DecompressionBoundError(codec, maxLength, undefined)
  return out
}

function buildGzip(): Codec {
  return {
    read: 'node:zlib',
    write: 'node:zlib',
    decompress: (src, max) => zlibBounded('gzip', zlib.gunzipSync, src, max),
    compress: (src, level) => zlib.gzipSync(src, { level: level ?? CODEC_LEVELS.gzip!.default }),
  }
}

function buildSnappy(): Codec {
  const native = loadNative<SnappyModule>('snappy')
  if (native === undefined) {
    return {
      read: 'js',
      write: 'js',
      decompress: (src, max) => decompressSnappy(src, decompressRaw, max),
      compress: (src) => compressXerial(src, compressRaw),
    }
  }
  const raw = (src: Buffer): Buffer => native.uncompressSync(src, { asBuffer: true })
  return {
    read: 'snappy',
    write: 'snappy',
    // decompressSnappy checks each stream's declared length (what the native decoder allocates) first.
    decompress: (src, max) => decompressSnappy(src, raw, max),
    compress: (src) => compressXerial(src, (block) => native.compressSync(block)),
  }
}

function buildLz4(): Codec {
  const native = loadNative<Lz4Module>('lz4-napi')
  if (native === undefined) {
    return { read: 'js', write: 'js', decompress: decompressFrame, compress: (src) => compressFrame(src, compressBlock) }
  }
  return {
    read: 'lz4-napi',
    write: 'lz4-napi',
    decompress: (src, max) => {
      // The native decoder takes no bound: it runs only when the frame's headers say the output fits.
      if (lz4MaxOutput(src) > max) return decompressFrame(src, max)
      try {
        return native.decompressFrameSync(src)
      } catch {
        // Frames the native decoder refuses (some writers' flag combinations) get a second opinion;
        // a payload that is really damaged fails there too.
        return decompressFrame(src, max)
      }
    },
    // lz4-napi's block API prefixes the block with its uncompressed size (4 bytes LE): drop it.
    compress: (src) => compressFrame(src, (block) => native.compressSync(block).subarray(4)),
  }
}

/**
 * fzstd, bounded: a frame declaring more content than `max`, or a window fzstd would allocate beyond
 * the allowance, is refused first; a payload whose blocks fit `max` is decoded in one call, any other
 * is streamed and stopped once its output passes `max`.
 */
function fzstdBounded(fzstd: FzstdModule, src: Buffer, max: number): Buffer {
  const shape = zstdShape(src)
  for (const f of shape.frames) {
    if (f.contentSize !== undefined && f.contentSize > max) throw new DecompressionBoundError('zstd', max, f.contentSize)
    if ((f.contentSize ?? f.windowSize) > Math.max(max, ZSTD_WINDOW_ALLOWANCE)) {
      throw new DecompressionBoundError('zstd', max, f.contentSize ?? f.windowSize)
    }
  }
  if (shape.maxOutput <= max) return asBuffer(fzstd.decompress(src))
  const chunks: Uint8Array[] = []
  let total = 0
  const stream = new fzstd.Decompress((chunk) => {
    total += chunk.length
    if (total > max) throw new DecompressionBoundError('zstd', max, undefined)
    chunks.push(chunk)
  })
  stream.push(src, true)
  return Buffer.concat(chunks, total)
}

function buildZstd(): Codec {
  const z = zlib as unknown as ZlibZstd
  if (z.zstdCompressSync !== undefined) {
    const param = z.constants.ZSTD_c_compressionLevel
    return {
      read: 'node:zlib',
      write: 'node:zlib',
      decompress: (src, max) => zlibBounded('zstd', (s, o) => z.zstdDecompressSync(s, o), src, max),
      compress: (src, level) => z.zstdCompressSync!(src, { params: { [param]: level ?? CODEC_LEVELS.zstd!.default } }),
    }
  }
  const fzstd = load<FzstdModule>('fzstd')
  // The package's `bindings` entry takes a level; its main entry drops it.
  const native = loadNative<ZstdModule>('@mongodb-js/zstd/bindings') ?? loadNative<ZstdModule>('@mongodb-js/zstd')
  const decompress = (src: Buffer, max: number): Buffer => {
    if (fzstd === undefined) throw unsupported('zstd', 'read')
    return fzstdBounded(fzstd, src, max)
  }
  return {
    read: fzstd === undefined ? 'none' : 'fzstd',
    write: native === undefined ? null : '@mongodb-js/zstd',
    // libzstd on the thread pool decodes several times faster than fzstd: readers use it, when the
    // frames' headers say the output fits the bound (it takes none); fzstd, bounded, otherwise.
    decompressAsync:
      native === undefined
        ? undefined
        : async (src, max) => {
            const shape = zstdShape(src)
            if (shape.maxOutput > max || shape.frames.some((f) => (f.contentSize ?? 0) > max)) return decompress(src, max)
            return await native.decompress(src)
          },
    decompress,
    compress: native === undefined ? undefined : (src, level) => native.compress(src, level ?? CODEC_LEVELS.zstd!.default),
  }
}

function unsupported(type: string, what: 'read' | 'write'): LogError {
  return new LogError('KLOG_UNSUPPORTED_CODEC', `no ${type} ${what === 'read' ? 'decoder' : 'encoder'} can be loaded here`)
}

function codec(type: CodecType): Codec {
  let c = codecs.get(type)
  if (c === undefined) {
    c = type === 'gzip' ? buildGzip() : type === 'snappy' ? buildSnappy() : type === 'lz4' ? buildLz4() : buildZstd()
    codecs.set(type, c)
  }
  return c
}

function decodeFailure(type: string, err: unknown): LogError {
  if (err instanceof LogError) return err
  if (err instanceof DecompressionBoundError) return new LogError('KLOG_CORRUPT_SEGMENT', err.message, { cause: err })
  return new LogError('KLOG_CORRUPT_SEGMENT', `${type} payload does not decompress`, { cause: err })
}

/**
 * Decompresses the records section of a batch compressed with codec `id`, producing at most
 * `maxLength` bytes: a payload that would produce more is refused before the backend allocates it.
 * @throws LogError `KLOG_UNSUPPORTED_CODEC` for an id Kafka does not define, `KLOG_CORRUPT_SEGMENT`
 *   when the payload does not decode or would decompress to more than `maxLength` bytes
 */
export function decompress(id: number, src: Buffer, maxLength: number): Buffer {
  const type = CODEC_TYPES[id - 1]
  if (type === undefined) throw new LogError('KLOG_UNSUPPORTED_CODEC', `unknown compression codec id ${id}`)
  const c = codec(type)
  try {
    return c.decompress(src, maxLength)
  } catch (err) {
    throw decodeFailure(type, err)
  }
}

/**
 * The asynchronous decoder of codec `id` when it has a faster one than {@link decompress} (zstd with
 * `@mongodb-js/zstd`), else `undefined`. It produces at most `maxLength` bytes (default
 * {@link DEFAULT_MAX_DECOMPRESSED_BYTES}); failures reject with `KLOG_CORRUPT_SEGMENT`.
 */
export function asyncDecompressor(id: number): ((src: Buffer, maxLength?: number) => Promise<Buffer>) | undefined {
  const type = CODEC_TYPES[id - 1]
  const inflate = type === undefined ? undefined : codec(type).decompressAsync
  if (inflate === undefined) return undefined
  return async (src, maxLength = DEFAULT_MAX_DECOMPRESSED_BYTES) => {
    try {
      return await inflate(src, maxLength)
    } catch (err) {
      throw decodeFailure(type!, err)
    }
  }
}

/**
 * The compressor of `type`, loading its backend on first use.
 * @throws LogError `KLOG_UNSUPPORTED_CODEC` when no backend for writing `type` loads here
 */
export function compressorOf(type: CodecType): Compress {
  const test = testCompressors.get(type)
  if (test !== undefined) return test
  const c = codec(type)
  if (c.compress === undefined) throw unsupported(type, 'write')
  return c.compress
}

/**
 * Which backend serves each codec in this process, for reading and for writing (loading them if
 * they were not loaded yet). `write: null` means appends with that codec reject with
 * `KLOG_UNSUPPORTED_CODEC`.
 *
 * @example
 * ```ts
 * compressionBackends().zstd   // { read: 'fzstd', scan: '@mongodb-js/zstd', write: '@mongodb-js/zstd' } on Node 20
 * ```
 */
export function compressionBackends(): Record<CodecType, CodecBackend> {
  const out = {} as Record<CodecType, CodecBackend>
  for (const t of CODEC_TYPES) {
    const c = codec(t)
    out[t] = { read: c.read, scan: c.decompressAsync === undefined ? c.read : (c.write ?? c.read), write: c.write }
  }
  return out
}

/**
 * @internal Tests only: forgets the loaded codecs and sets whether native packages may be used
 * (the environment variable's effect, switchable within one process).
 */
export function resetCodecs(options: { native: boolean }): void {
  nativeAllowed = options.native
  codecs.clear()
}

const testCompressors = new Map<CodecType, Compress>()

/**
 * @internal Tests only: makes `compress` the compressor of `type` for writing (`undefined`: the
 * backend's again), so that tests can make compressions fail, or finish out of call order, in the
 * middle of a run of appends.
 */
export function setTestCompressor(type: CodecType, compress: Compress | undefined): void {
  if (compress === undefined) testCompressors.delete(type)
  else testCompressors.set(type, compress)
}
