/**
 * The cleaner's key → latest offset map, in a fixed amount of memory (Kafka's `SkimpyOffsetMap`).
 *
 * Layout: one `Buffer` of `floor(bytes / 24)` slots; a slot is the key's 16-byte MD5 digest followed
 * by the offset as a float64 (offsets are safe integers). An all-zero digest marks an empty slot (a
 * real MD5 of all zeros is treated as a collision risk we accept, as Kafka does with its hash).
 * Open addressing with linear probing from the digest's first 4 bytes. The map takes entries up to
 * 90% of its slots (`isFull`), so probes stay short; a cleaning round that fills it stops there and
 * the next round continues (cleaning is incremental, memory is bounded).
 *
 * Two keys with the same MD5 would share an entry: the older record of one of them could then be
 * dropped in favour of the other's. Kafka accepts the same 2^-128 risk.
 *
 * Writer thread only (one cleaning round at a time).
 */
import { createHash } from 'node:crypto'

const SLOT = 24
const DIGEST = 16
const LOAD_FACTOR = 0.9

/** A fixed-memory map from key digests to the latest offset seen for them. */
export class OffsetMap {
  readonly #slots: Buffer
  readonly #capacity: number
  readonly #maxEntries: number
  #entries = 0
  /** The largest offset put so far (-1 when empty). */
  latestOffset = -1

  /** @param bytes - memory budget (at least one slot) */
  constructor(bytes: number) {
    // At least one slot always stays empty, so a probe for an absent key ends.
    this.#capacity = Math.max(2, Math.floor(bytes / SLOT))
    this.#maxEntries = Math.max(1, Math.min(this.#capacity - 1, Math.floor(this.#capacity * LOAD_FACTOR)))
    this.#slots = Buffer.alloc(this.#capacity * SLOT)
  }

  /** Distinct keys held. */
  get size(): number {
    return this.#entries
  }

  /** True when no new key can be put. */
  get isFull(): boolean {
    return this.#entries >= this.#maxEntries
  }

  /** Bytes the map holds, whatever its fill. */
  get memoryBytes(): number {
    return this.#slots.length
  }

  /** The 16-byte digest of a key. */
  static digest(key: Uint8Array): Buffer {
    return createHash('md5').update(key).digest()
  }

  /**
   * Records `offset` as the latest for `key`.
   * @returns false (and changes nothing) when the key is new and the map is full
   */
  put(digest: Buffer, offset: number): boolean {
    const slot = this.#find(digest)
    const at = slot * SLOT
    if (this.#isEmpty(at)) {
      if (this.isFull) return false
      digest.copy(this.#slots, at, 0, DIGEST)
      this.#entries++
    }
    this.#slots.writeDoubleLE(offset, at + DIGEST)
    if (offset > this.latestOffset) this.latestOffset = offset
    return true
  }

  /** The latest offset put for `digest`, or -1. */
  get(digest: Buffer): number {
    const at = this.#find(digest) * SLOT
    return this.#isEmpty(at) ? -1 : this.#slots.readDoubleLE(at + DIGEST)
  }

  /** The slot holding `digest`, or the empty slot where it would go. */
  #find(digest: Buffer): number {
    let slot = digest.readUInt32LE(0) % this.#capacity
    for (;;) {
      const at = slot * SLOT
      if (this.#isEmpty(at) || this.#slots.compare(digest, 0, DIGEST, at, at + DIGEST) === 0) return slot
      slot = slot + 1 === this.#capacity ? 0 : slot + 1
    }
  }

  #isEmpty(at: number): boolean {
    const s = this.#slots
    return s.readBigUInt64LE(at) === 0n && s.readBigUInt64LE(at + 8) === 0n
  }
}
