// Types for stress-workload.mjs, which the stress test imports directly (the readers, as plain
// Node processes and workers, import the same file).
/** Size in bytes of the value at `offset` (10 B – 2 KiB, seeded by the offset). */
export function sizeFor(offset: number): number
/** The value bytes of the record at `offset`. */
export function valueFor(offset: number): Buffer
/** FNV-1a over the bytes, 32-bit. */
export function hashBytes(buf: Uint8Array): number
/** Order-sensitive combination of per-record hashes. */
export function combine(acc: number, offset: number, h: number): number
