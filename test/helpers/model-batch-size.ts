/**
 * Batch sizes computed from the format reference alone (§1.2 / §1.3), so a model can predict how an
 * `append()` is split into batches (`maxBatchBytes`) and where segments roll (`segmentBytes`)
 * without calling the library's encoder.
 */

/** A record reduced to what its encoded size depends on. */
export interface SizedRecord {
  key: Buffer | null
  value: Buffer | null
  headers: readonly { key: string; value: Buffer | null }[]
  timestamp: number
}

/** Bytes of a zigzag varint / varlong (LEB128 after zigzag). */
export function zigzagSize(n: number): number {
  let z = n >= 0 ? 2 * n : -2 * n - 1
  let size = 1
  while (z >= 128) {
    z = Math.floor(z / 128)
    size++
  }
  return size
}

function bytesField(b: Buffer | null): number {
  return b === null ? 1 : zigzagSize(b.length) + b.length
}

/** Size of the batch holding `records` (timestamp deltas relative to the first record). */
export function batchSizeOf(records: readonly SizedRecord[]): number {
  const base = records[0]!.timestamp
  let size = 61
  records.forEach((r, i) => {
    let body = 1 + zigzagSize(r.timestamp - base) + zigzagSize(i) + bytesField(r.key) + bytesField(r.value)
    body += zigzagSize(r.headers.length)
    for (const h of r.headers) body += bytesField(Buffer.from(h.key, 'utf8')) + bytesField(h.value)
    size += zigzagSize(body) + body
  })
  return size
}

/**
 * The writer's documented split: greedy batches of at most `maxBatchBytes`.
 * @returns the batches as [start, end) record ranges with their sizes, or `undefined` when a single
 *   record does not fit a batch (the append must reject with KLOG_RECORD_TOO_LARGE)
 */
export function splitIntoBatches(
  records: readonly SizedRecord[],
  maxBatchBytes: number,
): { start: number; end: number; size: number }[] | undefined {
  const out: { start: number; end: number; size: number }[] = []
  let start = 0
  while (start < records.length) {
    let end = start + 1
    let size = batchSizeOf(records.slice(start, end))
    if (size > maxBatchBytes) return undefined
    while (end < records.length) {
      const grown = batchSizeOf(records.slice(start, end + 1))
      if (grown > maxBatchBytes) break
      size = grown
      end++
    }
    out.push({ start, end, size })
    start = end
  }
  return out
}
