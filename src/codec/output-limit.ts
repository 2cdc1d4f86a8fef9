/**
 * The bound on decompressed output: a compressed payload that would inflate past the limit its
 * caller sets stops with {@link OutputLimitError} instead of allocating (a few hundred bytes of zstd
 * or gzip can announce gigabytes). Only validation of untrusted batches sets a limit
 * (`registry.decompressBounded`); reads of the log's own files do not.
 *
 * Pure; safe from any thread.
 */

/** A payload decompresses to more than the caller's limit; nothing beyond the limit was allocated. */
export class OutputLimitError extends Error {
  /** The limit that was exceeded, in bytes. */
  readonly limit: number

  constructor(limit: number) {
    super(`the payload decompresses to more than ${limit} bytes`)
    this.name = 'OutputLimitError'
    this.limit = limit
  }
}
