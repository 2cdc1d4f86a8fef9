/**
 * Waiting until the high watermark passes an offset, without polling: a Kafka fetch's long poll
 * (`max_wait_ms`), for the owner and views alike. Parks on the source's published snapshot
 * (`waitForChange`: `Atomics.waitAsync` in this process and in workers, the state file's watch in
 * other processes), so it wakes on the writer's publication, never on a timer.
 *
 * Safe from any reader.
 */
import type { LogSource } from '../publish/log-source.js'

/**
 * Resolves with the high watermark once it is above `offset` (the record at `offset` is readable),
 * at once when it already is.
 * @throws the `AbortError` of `signal` when it aborts first
 */
export async function waitForOffset(source: LogSource, offset: number, signal: AbortSignal | undefined): Promise<number> {
  for (;;) {
    const snap = source.snapshot()
    if (snap.highWatermark > offset) return snap.highWatermark
    await source.waitForChange(snap.seq, signal)
  }
}
