/**
 * Kafka's default partitioner, exactly as the Java client computes it, so a key lands in the same
 * partition here and in a Kafka cluster:
 * - a record with a key goes to `toPositive(murmur2(keyBytes)) % numPartitions`
 *   (`BuiltInPartitioner.partitionForKey`, `Utils.murmur2`, `Utils.toPositive`);
 * - a record without a key goes to the "sticky" partition (KIP-480, with KIP-794's switching rule):
 *   every keyless record goes to one partition until about `batch.size` bytes (16 KiB by default)
 *   went there, then a new one is picked at random among the others. (The Java client weighs that pick
 *   by its per-broker queue sizes; one broker has no queues to weigh, so the pick is uniform.)
 *
 * `murmur2` is MurmurHash2 (32-bit) with Kafka's seed `0x9747b28c`, over the key's bytes, in int32
 * arithmetic (`Math.imul`), little-endian 4-byte words, Java's fall-through tail.
 *
 * Pure apart from the sticky state (one per producer); safe anywhere.
 */

const SEED = 0x9747b28c
const M = 0x5bd1e995

/** Kafka's `Utils.murmur2`: the signed 32-bit MurmurHash2 of `data`. */
export function murmur2(data: Uint8Array): number {
  const length = data.length
  let h = SEED ^ length
  const length4 = length >>> 2
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4
    let k = data[i4]! | (data[i4 + 1]! << 8) | (data[i4 + 2]! << 16) | (data[i4 + 3]! << 24)
    k = Math.imul(k, M)
    k ^= k >>> 24
    k = Math.imul(k, M)
    h = Math.imul(h, M)
    h ^= k
  }
  // Java's switch falls through: 3 takes the third, second and first tail bytes, 2 the second and first.
  const tail = length & ~3
  const rest = length & 3
  if (rest === 3) h ^= data[tail + 2]! << 16
  if (rest >= 2) h ^= data[tail + 1]! << 8
  if (rest >= 1) {
    h ^= data[tail]!
    h = Math.imul(h, M)
  }
  h ^= h >>> 13
  h = Math.imul(h, M)
  h ^= h >>> 15
  return h | 0
}

/** Kafka's `Utils.toPositive`: `n & 0x7fffffff`. */
export function toPositive(n: number): number {
  return n & 0x7fffffff
}

/** The partition Kafka's Java client picks for `key` among `numPartitions`. */
export function partitionForKey(key: Uint8Array, numPartitions: number): number {
  if (!Number.isSafeInteger(numPartitions) || numPartitions < 1) throw new RangeError('numPartitions must be a positive integer')
  return toPositive(murmur2(key)) % numPartitions
}

/** Kafka's default `batch.size`: the keyless bytes that go to one sticky partition before it changes. */
export const DEFAULT_STICKY_BATCH_BYTES = 16384

/** The sticky partition for keyless records, per topic (KIP-480 / KIP-794's switch after `batch.size` bytes). */
export class StickyPartitioner {
  readonly #batchBytes: number
  readonly #random: () => number
  readonly #current = new Map<string, { partition: number; bytes: number; of: number }>()

  /**
   * @param batchBytes - bytes a sticky partition takes before another is picked
   * @param random - a source of numbers in [0, 1) (tests pass a seeded one)
   */
  constructor(batchBytes = DEFAULT_STICKY_BATCH_BYTES, random: () => number = Math.random) {
    this.#batchBytes = batchBytes
    this.#random = random
  }

  /** The partition for a keyless record of `bytes` bytes to `topic` of `numPartitions`. */
  partition(topic: string, numPartitions: number, bytes: number): number {
    let s = this.#current.get(topic)
    if (s === undefined || s.of !== numPartitions || s.partition >= numPartitions) {
      s = { partition: Math.floor(this.#random() * numPartitions), bytes: 0, of: numPartitions }
      this.#current.set(topic, s)
    } else if (s.bytes >= this.#batchBytes) {
      // A different partition, uniformly among the others (the Java client never re-picks the same one).
      const next = numPartitions === 1 ? 0 : (s.partition + 1 + Math.floor(this.#random() * (numPartitions - 1))) % numPartitions
      s = { partition: next, bytes: 0, of: numPartitions }
      this.#current.set(topic, s)
    }
    s.bytes += bytes
    return s.partition
  }
}
