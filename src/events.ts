/**
 * Events through `node:diagnostics_channel`: the library never prints, but anyone may subscribe.
 *
 * Channels (names are API; message fields may grow, never shrink):
 * - `kafka-lite:fallback` `{ path, reason }`: a file was read into memory because it could not be
 *   mapped (the mmap addon is not built or a map call failed). The first one in a process also emits
 *   a `process.emitWarning` with code `KLOG_MMAP_FALLBACK`.
 *
 * Publishing costs one property read when nobody subscribes. Safe from any thread: each thread has
 * its own channels and subscribers.
 */
import diagnostics from 'node:diagnostics_channel'

/** Names of the diagnostics channels this library publishes on. */
export const CHANNELS = Object.freeze({
  fallback: 'kafka-lite:fallback',
} as const)

/** Message of the `kafka-lite:fallback` channel. */
export interface FallbackEvent {
  /** The file that was read instead of mapped. */
  path: string
  /** Why it was not mapped. */
  reason: string
}

const fallback = diagnostics.channel(CHANNELS.fallback)

/** @internal */
export function publishFallback(event: FallbackEvent): void {
  if (fallback.hasSubscribers) fallback.publish(event)
}
