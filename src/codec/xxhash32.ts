/**
 * XXH32 (xxHash, 32-bit): the checksum of the LZ4 frame format. Only the frame descriptor's header
 * checksum needs it here, but it is the whole algorithm and tested against known vectors.
 *
 * Pure: no state, safe from any thread.
 */

const P1 = 2654435761
const P2 = 2246822519
const P3 = 3266489917
const P4 = 668265263
const P5 = 374761393

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r))
}

function round(acc: number, input: number): number {
  return Math.imul(rotl((acc + Math.imul(input, P2)) | 0, 13), P1)
}

/** XXH32 of `data` with `seed`, as an unsigned 32-bit number. */
export function xxh32(data: Uint8Array, seed = 0): number {
  const len = data.length
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  let p = 0
  let h: number
  if (len >= 16) {
    let v1 = (seed + P1 + P2) | 0
    let v2 = (seed + P2) | 0
    let v3 = seed | 0
    let v4 = (seed - P1) | 0
    for (; p + 16 <= len; p += 16) {
      v1 = round(v1, view.getUint32(p, true))
      v2 = round(v2, view.getUint32(p + 4, true))
      v3 = round(v3, view.getUint32(p + 8, true))
      v4 = round(v4, view.getUint32(p + 12, true))
    }
    h = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) | 0
  } else {
    h = (seed + P5) | 0
  }
  h = (h + len) | 0
  for (; p + 4 <= len; p += 4) {
    h = Math.imul(rotl((h + Math.imul(view.getUint32(p, true), P3)) | 0, 17), P4)
  }
  for (; p < len; p++) {
    h = Math.imul(rotl((h + Math.imul(data[p]!, P5)) | 0, 11), P1)
  }
  h ^= h >>> 15
  h = Math.imul(h, P2)
  h ^= h >>> 13
  h = Math.imul(h, P3)
  h ^= h >>> 16
  return h >>> 0
}
