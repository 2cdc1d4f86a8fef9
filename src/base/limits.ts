/** Numeric limits of Kafka's formats, defined once. */

/** Java's `Integer.MAX_VALUE`: the bound of every int32 field (relative offsets, positions, lengths). */
export const INT32_MAX = 2 ** 31 - 1
