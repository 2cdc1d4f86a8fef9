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
 * Untrusted payloads (a producer's batches, `writer.appendBatches`) are decoded with a bound
 * ({@link decompressBounded}): every backend stops before its output grows past the caller's limit,
 * and zstd frame headers are checked before the decoder allocates the window they declare.
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
import { compressBlock, compressFrame, decompressFrame } from './lz4.js'
import { OutputLimitError } from './output-limit.js'
import { compressRaw, compressXerial, decompressRaw, decompressSnappy } from './snappy.js'
import { ZSTD_MAX_WINDOW, zstdFrameLimits } from './zstd-frames.js'

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
  decompress(src: Buffer): Buffer
  /** Decompresses allocating at most about `maxBytes`; throws {@link OutputLimitError} beyond it. */
  decompressBounded(src: Buffer, maxBytes: number): Buffer
  /** A faster decoder that is asynchronous (only readers, which are asynchronous anyway, use it). */
  decompressAsync?: ((src: Buffer) => Promise<Buffer>) | undefined
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
  Decompress: new (ondata: (chunk: Uint8Array, final?: boolean) => void) => { push(chunk: Uint8Array, final?: boolean): void }
}
/** node:zlib's zstd functions (Node >= 22.15 and 23.8); absent from this project's @types/node 20. */
interface ZlibZstd {
  zstdCompressSync?(src: Buffer, options: { params: Record<number, number> }): Buffer
  zstdDecompressSync(src: Buffer, options?: { maxOutputLength?: number }): Buffer
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

function buildGzip(): Codec {
  return {
    read: 'node:zlib',
    write: 'node:zlib',
    decompress: (src) => zlib.gunzipSync(src),
    decompressBounded: (src, maxBytes) => zlib.gunzipSync(src, { maxOutputLength: maxBytes }),
    compress: (src, level) => zlib.gzipSync(src, { level: level ?? CODEC_LEVELS.gzip!.default }),
  }
}

function buildSnappy(): Codec {
  const native = loadNative<SnappyModule>('snappy')
  if (native === undefined) {
    return {
      read: 'js',
      write: 'js',
      decompress: (src) => decompressSnappy(src, decompressRaw),
      decompressBounded: (src, maxBytes) => decompressSnappy(src, decompressRaw, maxBytes),
      compress: (src) => compressXerial(src, compressRaw),
    }
  }
  const raw = (src: Buffer): Buffer => native.uncompressSync(src, { asBuffer: true })
  return {
    read: 'snappy',
    write: 'snappy',
    decompress: (src) => decompressSnappy(src, raw),
    decompressBounded: (src, maxBytes) => decompressSnappy(src, raw, maxBytes),
    compress: (src) => compressXerial(src, (block) => native.compressSync(block)),
  }
}

function buildLz4(): Codec {
  const native = loadNative<Lz4Module>('lz4-napi')
  if (native === undefined) {
    return {
      read: 'js',
      write: 'js',
      decompress: (src) => decompressFrame(src),
      decompressBounded: decompressFrame,
      compress: (src) => compressFrame(src, compressBlock),
    }
  }
  return {
    read: 'lz4-napi',
    write: 'lz4-napi',
    decompress: (src) => {
      try {
        return native.decompressFrameSync(src)
      } catch {
        // Frames the native decoder refuses (some writers' flag combinations) get a second opinion;
        // a payload that is really damaged fails there too.
        return decompressFrame(src)
      }
    },
    // The native decoder cannot be told a limit: bounded decoding is ours, block by block.
    decompressBounded: decompressFrame,
    // lz4-napi's block API prefixes the block with its uncompressed size (4 bytes LE): drop it.
    compress: (src) => compressFrame(src, (block) => native.compressSync(block).subarray(4)),
  }
}

function buildZstd(): Codec {
  const z = zlib as unknown as ZlibZstd
  if (z.zstdCompressSync !== undefined) {
    const param = z.constants.ZSTD_c_compressionLevel
    return {
      read: 'node:zlib',
      write: 'node:zlib',
      decompress: (src) => z.zstdDecompressSync(src),
      decompressBounded: (src, maxBytes) => z.zstdDecompressSync(src, { maxOutputLength: maxBytes }),
      compress: (src, level) => z.zstdCompressSync!(src, { params: { [param]: level ?? CODEC_LEVELS.zstd!.default } }),
    }
  }
  const fzstd = load<FzstdModule>('fzstd')
  // The package's `bindings` entry takes a level; its main entry drops it.
  const native = loadNative<ZstdModule>('@mongodb-js/zstd/bindings') ?? loadNative<ZstdModule>('@mongodb-js/zstd')
  return {
    read: fzstd === undefined ? 'none' : 'fzstd',
    write: native === undefined ? null : '@mongodb-js/zstd',
    // libzstd on the thread pool decodes several times faster than fzstd: readers use it.
    decompressAsync: native === undefined ? undefined : (src) => native.decompress(src),
    decompress: (src) => {
      if (fzstd === undefined) throw unsupported('zstd', 'read')
      return asBuffer(fzstd.decompress(src))
    },
    decompressBounded: (src, maxBytes) => {
      if (fzstd === undefined) throw unsupported('zstd', 'read')
      return fzstdBounded(fzstd, src, maxBytes)
    },
    compress: native === undefined ? undefined : (src, level) => native.compress(src, level ?? CODEC_LEVELS.zstd!.default),
  }
}

/**
 * fzstd, streamed block by block with a running total: its one-shot decoder allocates whatever the
 * frame header declares. The headers are read first: content declared past the bound stops at once,
 * and a window past libzstd's own default limit (the streaming decoder allocates the window up
 * front) is refused as libzstd refuses it, so the most a hostile header makes this allocate is what
 * libzstd would.
 */
function fzstdBounded(fzstd: FzstdModule, src: Buffer, maxBytes: number): Buffer {
  const { largestWindow, declaredContent } = zstdFrameLimits(src)
  if (declaredContent > maxBytes || largestWindow > ZSTD_MAX_WINDOW) throw new OutputLimitError(maxBytes)
  const parts: Buffer[] = []
  let total = 0
  const stream = new fzstd.Decompress((chunk) => {
    total += chunk.length
    if (total > maxBytes) throw new OutputLimitError(maxBytes)
    // Copied: a chunk may be a view of the decoder's window, which the next block overwrites.
    parts.push(Buffer.from(chunk))
  })
  stream.push(src, true)
  return Buffer.concat(parts, total)
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

/**
 * Decompresses the records section of a batch compressed with codec `id`.
 * @throws LogError `KLOG_UNSUPPORTED_CODEC` for an id Kafka does not define, `KLOG_CORRUPT_SEGMENT`
 *   when the payload does not decode
 */
export function decompress(id: number, src: Buffer): Buffer {
  const type = CODEC_TYPES[id - 1]
  if (type === undefined) throw new LogError('KLOG_UNSUPPORTED_CODEC', `unknown compression codec id ${id}`)
  const c = codec(type)
  try {
    return c.decompress(src)
  } catch (err) {
    if (err instanceof LogError) throw err
    throw new LogError('KLOG_CORRUPT_SEGMENT', `${type} payload does not decompress`, { cause: err })
  }
}

/**
 * {@link decompress} for untrusted payloads: stops with {@link OutputLimitError} before the output
 * (or the window a zstd frame declares) grows past `maxBytes`, instead of allocating what a hostile
 * payload asks for. Synchronous in every backend (lz4 uses this library's decoder, which can stop
 * between blocks).
 * @throws OutputLimitError when the payload decompresses to more than `maxBytes`
 * @throws LogError `KLOG_UNSUPPORTED_CODEC` for an id Kafka does not define, `KLOG_CORRUPT_SEGMENT`
 *   when the payload does not decode
 */
export function decompressBounded(id: number, src: Buffer, maxBytes: number): Buffer {
  const type = CODEC_TYPES[id - 1]
  if (type === undefined) throw new LogError('KLOG_UNSUPPORTED_CODEC', `unknown compression codec id ${id}`)
  const c = codec(type)
  try {
    return c.decompressBounded(src, maxBytes)
  } catch (err) {
    if (err instanceof OutputLimitError || err instanceof LogError) throw err
    // node:zlib's maxOutputLength ends with a RangeError of this code.
    if ((err as { code?: unknown } | null)?.code === 'ERR_BUFFER_TOO_LARGE') throw new OutputLimitError(maxBytes)
    throw new LogError('KLOG_CORRUPT_SEGMENT', `${type} payload does not decompress`, { cause: err })
  }
}

export { OutputLimitError } from './output-limit.js'

/**
 * The asynchronous decoder of codec `id` when it has a faster one than {@link decompress} (zstd with
 * `@mongodb-js/zstd`), else `undefined`. Failures reject with `KLOG_CORRUPT_SEGMENT`.
 */
export function asyncDecompressor(id: number): ((src: Buffer) => Promise<Buffer>) | undefined {
  const type = CODEC_TYPES[id - 1]
  const inflate = type === undefined ? undefined : codec(type).decompressAsync
  if (inflate === undefined) return undefined
  return (src) =>
    inflate(src).catch((err: unknown) => {
      throw new LogError('KLOG_CORRUPT_SEGMENT', `${type} payload does not decompress`, { cause: err })
    })
}

/**
 * The compressor of `type`, loading its backend on first use.
 * @throws LogError `KLOG_UNSUPPORTED_CODEC` when no backend for writing `type` loads here
 */
export function compressorOf(type: CodecType): Compress {
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
