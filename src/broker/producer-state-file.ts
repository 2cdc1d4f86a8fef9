/**
 * The producer-state checkpoint of one partition, written at a clean close so the next open need
 * not read the whole log to rebuild its idempotent producers (Kafka keeps `<offset>.snapshot` files
 * for the same reason; this is our own format, and Kafka ignores it).
 *
 * `<partition dir>/.kafka-lite-producer-state`, two lines of UTF-8:
 * ```
 * kafka-lite-producer-state 1 <CRC-32C of line 2 without its newline, 8 lowercase hex digits>
 * {"offset":120,"lastBatchCrc":3735928559,"producers":[{"producerId":7,"epoch":0,"batches":[…]}]}
 * ```
 * `offset` is the log end offset the state covers and `lastBatchCrc` the stored CRC of the batch
 * that ends there: the state is used only when the log still ends in that very batch at or after
 * `offset` (then the batches after it are read on top), so a log truncated, rewritten or appended to
 * by anyone else since is rebuilt from its batches instead. A damaged or foreign file is ignored the
 * same way: the checkpoint is a shortcut, never the truth.
 *
 * Writer: the broker that owns the partition. Written with the atomic small-file writer.
 */
import fs from 'node:fs'
import path from 'node:path'
import { crc32c } from '../format/crc32c.js'
import { writeFileAtomicSync } from '../io/atomic-file.js'
import type { ProducerEntry } from './producer-state.js'

/** The checkpoint's name in a partition directory. */
export const PRODUCER_STATE_FILE = '.kafka-lite-producer-state'
const MAGIC = 'kafka-lite-producer-state'

/** What a checkpoint holds. */
export interface ProducerStateCheckpoint {
  offset: number
  lastBatchCrc: number
  producers: ProducerEntry[]
}

/** Writes the checkpoint atomically and durably. */
export function writeProducerState(dir: string, c: ProducerStateCheckpoint): void {
  const body = JSON.stringify(c)
  const crc = crc32c(Buffer.from(body, 'utf8')).toString(16).padStart(8, '0')
  writeFileAtomicSync(dir, PRODUCER_STATE_FILE, `${MAGIC} 1 ${crc}\n${body}\n`)
}

const isInt = (v: unknown): v is number => Number.isSafeInteger(v)

/** The checkpoint, or `undefined` when it is missing or not exactly one (then the log is read instead). */
export function readProducerState(dir: string): ProducerStateCheckpoint | undefined {
  let text: string
  try {
    text = fs.readFileSync(path.join(dir, PRODUCER_STATE_FILE), 'utf8')
  } catch {
    return undefined
  }
  const m = /^kafka-lite-producer-state 1 ([0-9a-f]{8})\n(.*)\n$/s.exec(text)
  if (m === null || crc32c(Buffer.from(m[2]!, 'utf8')).toString(16).padStart(8, '0') !== m[1]) return undefined
  try {
    const o = JSON.parse(m[2]!) as ProducerStateCheckpoint
    if (!isInt(o.offset) || !isInt(o.lastBatchCrc) || !Array.isArray(o.producers)) return undefined
    for (const p of o.producers) {
      if (!isInt(p.producerId) || !isInt(p.epoch) || !Array.isArray(p.batches)) return undefined
      for (const b of p.batches) {
        if (![b.firstSeq, b.lastSeq, b.firstOffset, b.lastOffset, b.timestamp].every(isInt)) return undefined
      }
    }
    return o
  } catch {
    return undefined
  }
}

/** Removes the checkpoint (it no longer describes the log). */
export function removeProducerState(dir: string): void {
  fs.rmSync(path.join(dir, PRODUCER_STATE_FILE), { force: true })
}
