/**
 * Kafka's compression types, defined once: names, the codec id each takes in a batch's attributes
 * (bits 0-2), and the levels each accepts (`compression.<codec>.level`). The codecs themselves live in
 * `codec/`; options, the format and the tools read these tables.
 */

/** A value of the `compression` option: no compression, or one of Kafka's four codecs. */
export type CompressionType = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd'

/** The four real codecs. */
export type CodecType = Exclude<CompressionType, 'none'>

/** Every compression type, in codec-id order (index = Kafka's codec id). */
export const COMPRESSION_TYPES: readonly CompressionType[] = Object.freeze(['none', 'gzip', 'snappy', 'lz4', 'zstd'])

/** The four real codecs, in codec-id order. */
export const CODEC_TYPES: readonly CodecType[] = Object.freeze(['gzip', 'snappy', 'lz4', 'zstd'])

/** Kafka's codec id of each compression type (attribute bits 0-2). */
export const CODEC_IDS: Readonly<Record<CompressionType, number>> = Object.freeze({ none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 })

/** Kafka's name for a codec id (`compresscodec` in kafka-dump-log), or `unknown(<id>)`. */
export function codecName(id: number): string {
  return COMPRESSION_TYPES[id] ?? `unknown(${id})`
}

/** Levels each codec accepts (Kafka's `compression.<codec>.level` ranges), and its default. */
export const CODEC_LEVELS: Readonly<Record<CodecType, { min: number; max: number; default: number } | undefined>> = Object.freeze({
  gzip: { min: 1, max: 9, default: 6 },
  snappy: undefined,
  lz4: undefined,
  zstd: { min: -131072, max: 22, default: 3 },
})
