/**
 * Which batches of one segment this process has already CRC-checked (or written itself), so a batch
 * is checked once per process rather than once per read. One bit per 61-byte slot of the file: two
 * batches can never start in the same slot, since a batch is at least a header long.
 *
 * Known limit (README): corruption that appears on disk after a batch was verified here is caught at
 * the next restart, not by this process.
 */
import { BATCH_HEADER_SIZE } from '../format/record-batch.js'

/** A growable bitmap of verified batch positions. */
export class VerifiedBatches {
  private bits: Uint8Array | undefined

  /** True when the batch at `position` was already checked (or written) in this process. */
  has(position: number): boolean {
    const slot = Math.floor(position / BATCH_HEADER_SIZE)
    const v = this.bits
    return v !== undefined && slot >> 3 < v.length && (v[slot >> 3]! & (1 << (slot & 7))) !== 0
  }

  /** Records that the batch at `position` is known good. */
  add(position: number): void {
    const slot = Math.floor(position / BATCH_HEADER_SIZE)
    let v = this.bits
    if (v === undefined || slot >> 3 >= v.length) {
      const grown = new Uint8Array(Math.max((slot >> 3) + 1, (v?.length ?? 0) * 2, 1024))
      if (v !== undefined) grown.set(v)
      this.bits = v = grown
    }
    v[slot >> 3]! |= 1 << (slot & 7)
  }

  /** Forgets everything (the file was cut or rewritten). */
  clear(): void {
    this.bits = undefined
  }
}
