/**
 * The error type of the protocol codecs (`src/protocol/`): one class, {@link ProtocolError}, with a
 * stable `code` (codes are API, messages are not) and the field it concerns.
 *
 * - `KLOG_PROTOCOL_MALFORMED`: bytes that are not a valid encoding of the message at that version
 *   (truncated, a length beyond the frame, a negative length where null is not allowed, an over-long
 *   varint, a string over 32767 bytes, a tagged field whose declared size is not what its value takes).
 *   Untrusted input only ever fails with this code.
 * - `KLOG_PROTOCOL_UNSUPPORTED_VERSION`: an API key or version this module has no codec for, or a
 *   value that the requested version cannot carry (a non-default value in a non-ignorable field the
 *   version lacks, or unknown tagged fields in a version without tagged fields); Kafka's
 *   `UnsupportedVersionException`.
 * - `KLOG_PROTOCOL_INVALID_VALUE`: a value handed to an encoder that no version can carry (an int32
 *   out of range, an int64 that is not a bigint, a string over 32767 UTF-8 bytes, a malformed UUID,
 *   null in a non-nullable field).
 *
 * Pure: no I/O. Safe from any thread.
 */

/** Every stable code a {@link ProtocolError} can carry. */
export type ProtocolErrorCode = 'KLOG_PROTOCOL_MALFORMED' | 'KLOG_PROTOCOL_UNSUPPORTED_VERSION' | 'KLOG_PROTOCOL_INVALID_VALUE'

/** Options of the {@link ProtocolError} constructor. */
export interface ProtocolErrorOptions {
  /** The field concerned, as a path from the message (`FetchRequest.topics[].partitions[].fetchOffset`). */
  field?: string
  /** For decoding: the byte position (from the start of the decoded buffer) where the problem was found. */
  position?: number
  /** The underlying error, if any. */
  cause?: unknown
}

/**
 * A message could not be decoded or encoded. Branch on {@link ProtocolError.code}; `field` names the
 * field (a path from the message) and, when decoding, `position` the byte where it went wrong.
 */
export class ProtocolError extends Error {
  /** A stable, machine-readable code. */
  readonly code: ProtocolErrorCode
  /** The field concerned, as a path from the message, when one is. */
  readonly field: string | undefined
  /** The byte position in the decoded buffer, when decoding. */
  readonly position: number | undefined

  /**
   * @param code - the stable code
   * @param message - a human-readable description (not API)
   * @param options - the field, the byte position and the cause, when known
   */
  constructor(code: ProtocolErrorCode, message: string, options: ProtocolErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'ProtocolError'
    this.code = code
    this.field = options.field
    this.position = options.position
  }
}

/** A `KLOG_PROTOCOL_MALFORMED` error for `field` at byte `position`. */
export function malformed(field: string, position: number, reason: string): ProtocolError {
  return new ProtocolError('KLOG_PROTOCOL_MALFORMED', `${field} at byte ${position}: ${reason}`, { field, position })
}

/** A `KLOG_PROTOCOL_INVALID_VALUE` error for `field`. */
export function invalidValue(field: string, reason: string): ProtocolError {
  return new ProtocolError('KLOG_PROTOCOL_INVALID_VALUE', `${field}: ${reason}`, { field })
}

/** A `KLOG_PROTOCOL_UNSUPPORTED_VERSION` error, for `field` when one is concerned. */
export function unsupportedVersion(reason: string, field?: string): ProtocolError {
  return new ProtocolError(
    'KLOG_PROTOCOL_UNSUPPORTED_VERSION',
    field === undefined ? reason : `${field}: ${reason}`,
    field === undefined ? {} : { field },
  )
}
