/**
 * The cleaner's key → latest offset map, in a fixed amount of memory (Kafka's `SkimpyOffsetMap`).
 *
 * Layout: one `ArrayBuffer` of `floor(bytes / 24)` slots (read as 32-bit words and as float64s); a
 * slot is the key's 16-byte MD5 digest followed by the offset as a float64 (offsets are safe integers). An all-zero digest marks an empty slot (a
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
import crypto from 'node:crypto'

// One-shot hashing (Node ≥ 20.12) is several times cheaper per key than a Hash object.
const oneShot = (crypto as unknown as { hash?: (alg: string, data: Uint8Array, enc: 'buffer') => Buffer }).hash

const SLOT = 24
/** A slot in 32-bit words and in float64s. */
const WORDS = SLOT / 4
const FLOATS = SLOT / 8

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

/** The 32-bit word of `b` at `at` as a `Uint32Array` of this platform reads it. */
function word(b: Buffer, at: number): number {
  return LITTLE_ENDIAN ? b.readUInt32LE(at) : b.readUInt32BE(at)
}
const LOAD_FACTOR = 0.9

/** A fixed-memory map from key digests to the latest offset seen for them. */
export class OffsetMap {
  /** The slots as 32-bit words (a digest is words 0-3 of its slot) and as float64s (an offset is the third). */
  readonly #words: Uint32Array
  readonly #offsets: Float64Array
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
    const slots = new ArrayBuffer(this.#capacity * SLOT)
    this.#words = new Uint32Array(slots)
    this.#offsets = new Float64Array(slots)
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
    return this.#words.byteLength
  }

  /** The 16-byte digest of a key. */
  static digest(key: Uint8Array): Buffer {
    return oneShot !== undefined ? oneShot('md5', key, 'buffer') : crypto.createHash('md5').update(key).digest()
  }

  /**
   * Records `offset` as the latest for `key`.
   * @returns false (and changes nothing) when the key is new and the map is full
   */
  put(digest: Buffer, offset: number): boolean {
    return this.putSlot(digest, offset) >= 0
  }

  /**
   * {@link put}, returning the slot that holds `digest` (or -1, changing nothing, when the key is new
   * and the map is full). A key's slot never changes (the map neither resizes nor removes), so
   * {@link latestAt} of it answers {@link get} for the key without hashing it again.
   */
  putSlot(digest: Buffer, offset: number): number {
    const slot = this.#find(digest)
    const w = slot * WORDS
    if (this.#isEmpty(w)) {
      if (this.isFull) return -1
      const u = this.#words
      u[w] = word(digest, 0)
      u[w + 1] = word(digest, 4)
      u[w + 2] = word(digest, 8)
      u[w + 3] = word(digest, 12)
      this.#entries++
    }
    this.#offsets[slot * FLOATS + 2] = offset
    if (offset > this.latestOffset) this.latestOffset = offset
    return slot
  }

  /** The latest offset put for the key {@link putSlot} placed in `slot`. */
  latestAt(slot: number): number {
    return this.#offsets[slot * FLOATS + 2]!
  }

  /** The latest offset put for `digest`, or -1. */
  get(digest: Buffer): number {
    const slot = this.#find(digest)
    return this.#isEmpty(slot * WORDS) ? -1 : this.#offsets[slot * FLOATS + 2]!
  }

  /** The slot holding `digest`, or the empty slot where it would go. */
  #find(digest: Buffer): number {
    // Compared word by word in this platform's byte order (the words were stored the same way).
    const d0 = word(digest, 0)
    const d1 = word(digest, 4)
    const d2 = word(digest, 8)
    const d3 = word(digest, 12)
    const u = this.#words
    const capacity = this.#capacity
    let slot = digest.readUInt32LE(0) % capacity
    for (;;) {
      const w = slot * WORDS
      const a = u[w]!
      const b = u[w + 1]!
      const c = u[w + 2]!
      const d = u[w + 3]!
      if ((a | b | c | d) === 0 || (a === d0 && b === d1 && c === d2 && d === d3)) return slot
      slot = slot + 1 === capacity ? 0 : slot + 1
    }
  }

  #isEmpty(w: number): boolean {
    const u = this.#words
    return (u[w]! | u[w + 1]! | u[w + 2]! | u[w + 3]!) === 0
  }
}
