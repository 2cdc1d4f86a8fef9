/**
 * Conversions between the codecs' int64 values (`bigint`: every 64-bit value exactly, so that a
 * client's `Long.MAX_VALUE` or `Long.MIN_VALUE` is decoded as sent) and the engine's offsets and
 * timestamps (`number`, safe integers). See docs/protocol.md, "int64".
 *
 * Pure: no I/O.
 */

/**
 * `value` as a number when it is a safe integer (|value| <= 2^53 - 1), else undefined: the caller
 * answers an out-of-range offset or timestamp with a Kafka error code instead of losing precision.
 * @param value - an int64 from a decoded message
 */
export function int64ToSafeNumber(value: bigint): number | undefined {
  return value >= -9007199254740991n && value <= 9007199254740991n ? Number(value) : undefined
}

/**
 * A safe integer as an int64 for an encoder.
 * @param value - an offset, timestamp or id
 * @throws RangeError when `value` is not a safe integer
 */
export function int64FromNumber(value: number): bigint {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${value} is not a safe integer`)
  return BigInt(value)
}
