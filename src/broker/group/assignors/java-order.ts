/**
 * The iteration order of Java's `HashMap`/`HashSet`, where Kafka's assignors let it decide a result
 * (which of two members claiming a partition in the same generation keeps it, which member keeps
 * `maxQuota` partitions when several could, which partition a sticky move takes), so that our
 * assignors return what Kafka's Java client returns for the same input.
 *
 * A `HashMap` iterates its table in bucket order, each bucket in insertion order (a resize splits a
 * bucket keeping that order). The bucket of a key is `spread(hashCode) & (capacity - 1)` with
 * `spread(h) = h ^ (h >>> 16)`; the capacity starts at 16 and doubles whenever the size passes 3/4 of
 * it, and never shrinks. (Buckets of 8 or more colliding keys become trees with another order; that
 * takes 8 keys whose spread hashes agree in their low bits, which member ids and partitions do not
 * reach in practice, and is not modelled.)
 *
 * Pure; safe anywhere.
 */

/** Java's `String.hashCode` (over UTF-16 code units, int32 arithmetic). */
export function javaStringHash(s: string): number {
  let h = 0
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0
  return h
}

/** Kafka's `TopicPartition.hashCode`. */
export function javaTopicPartitionHash(topic: string, partition: number): number {
  const result = (31 + partition) | 0
  return (Math.imul(31, result) + javaStringHash(topic)) | 0
}

/** `HashMap.hash`: the hash code with its high bits spread into the low ones. */
export function spread(h: number): number {
  return h ^ (h >>> 16)
}

/** The table capacity of a `HashMap` built with the default constructor after holding at most `maxSize` entries. */
export function javaCapacity(maxSize: number): number {
  let capacity = 16
  while (maxSize > capacity * 0.75) capacity *= 2
  return capacity
}

/**
 * The iteration order of a default-constructed `HashMap<String, …>` into which `keys` were inserted
 * in this order (distinct keys, none removed).
 */
export function javaHashMapOrder(keys: readonly string[]): string[] {
  const mask = javaCapacity(keys.length) - 1
  return keys
    .map((key, i) => ({ key, i, bucket: spread(javaStringHash(key)) & mask }))
    .sort((a, b) => a.bucket - b.bucket || a.i - b.i)
    .map((e) => e.key)
}

/**
 * A `HashSet` whose iteration order is Java's: elements are kept with their hash and insertion
 * time, the capacity follows the largest size reached.
 */
export class JavaHashSet<T> {
  readonly #hash: (value: T) => number
  readonly #entries = new Map<T, number>()
  #seq = 0
  #capacity = 16

  constructor(hash: (value: T) => number) {
    this.#hash = hash
  }

  get size(): number {
    return this.#entries.size
  }

  has(value: T): boolean {
    return this.#entries.has(value)
  }

  add(value: T): void {
    if (this.#entries.has(value)) return
    this.#entries.set(value, this.#seq++)
    if (this.#entries.size > this.#capacity * 0.75) this.#capacity *= 2
  }

  delete(value: T): boolean {
    return this.#entries.delete(value)
  }

  /** The elements in Java's iteration order. */
  values(): T[] {
    const mask = this.#capacity - 1
    return [...this.#entries]
      .map(([value, seq]) => ({ value, seq, bucket: spread(this.#hash(value)) & mask }))
      .sort((a, b) => a.bucket - b.bucket || a.seq - b.seq)
      .map((e) => e.value)
  }

  /** The first element Java's iterator returns. */
  first(): T | undefined {
    return this.values()[0]
  }
}
