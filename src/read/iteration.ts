/**
 * The reader's iteration policy, below `LogReader` (src/reader.ts) so that the class keeps only its
 * state: how much each fetch of an iteration reads, how a follower rides out a lack of file
 * descriptors, and the async iterator that hands out buffered records without a turn of the
 * iteration's generator per record.
 *
 * Holds no state of its own; safe from any reader.
 */
import { LogError, boundaryError } from '../base/errors.js'

/** Failures in a row for lack of file descriptors after which a follower ends with `KLOG_IO`. */
export const FOLLOWER_RETRIES = 10

/** Bytes the first fetch of an iteration reads (about one batch of small records; at least one batch). */
export const FIRST_FETCH_BYTES = 16 * 1024
/** Each later fetch of an iteration reads this many times more, up to the reader's `maxBytes`. */
export const FETCH_GROWTH = 4

/** True for a failure for lack of file descriptors (EMFILE / ENFILE), raw or wrapped. */
export function outOfDescriptors(err: unknown): boolean {
  const code = ((err instanceof LogError ? err.cause : err) as NodeJS.ErrnoException | undefined)?.code
  return code === 'EMFILE' || code === 'ENFILE'
}

/**
 * The async iterator over `gen`, the reader's iteration: while the iteration is suspended at a
 * record (it ran, and neither ended nor was ended), the records it fetched (`buffered()` of them) are
 * handed out by `handOut`, exactly as its loop would hand them out, without a turn of the generator
 * per record: the generator runs again only to fetch (or end).
 * @param gen - the iteration (`LogReader`'s `#iterate`)
 * @param buffered - records fetched and not yet handed out
 * @param handOut - the next buffered record, decoded, counted and passed (the loop's own step)
 */
export function handOutWhileSuspended<T>(gen: AsyncGenerator<T>, buffered: () => number, handOut: () => T): AsyncIterator<T> {
  let suspended = false
  const iterator: AsyncIterator<T> = {
    next: () => {
      if (suspended && buffered() > 0) {
        let r: T
        try {
          r = handOut()
        } catch (err) {
          // As the generator's loop would: the record stays the next one, the error leaves as the
          // iteration's (through the same conversion).
          return Promise.reject(boundaryError(err, 'reader iteration'))
        }
        return Promise.resolve({ value: r, done: false })
      }
      return gen.next().then(
        (result) => {
          suspended = result.done !== true
          return result
        },
        (err: unknown) => {
          suspended = false
          throw err
        },
      )
    },
    return: (value?: unknown) => {
      suspended = false
      return gen.return(value)
    },
    throw: (err?: unknown) => {
      suspended = false
      return gen.throw(err)
    },
  }
  return iterator
}
