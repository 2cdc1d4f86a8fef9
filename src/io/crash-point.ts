/**
 * Crash points for tests: when the environment variable `KAFKA_LITE_CRASH_AT` names a point, the
 * process SIGKILLs itself on reaching it, so a test can kill a child at an exact step (between
 * creating the lock and recording its owner, in the middle of a takeover) instead of at a random
 * moment. Unset in production: one string comparison per call.
 *
 * Points: `lock:before-rename` (owner record written, lock not yet in place), `lock:after-rename`,
 * `takeover:held` (takeover lock held, dead lock not yet removed); compaction swap steps
 * `compact:cleaned`, `compact:index-swaps`, `compact:committed`, `compact:indexes-replaced`,
 * `compact:log-replaced`, `compact:old-renamed`, `compact:marker-removed` (see `cleaner/swap.ts`);
 * truncation steps `truncate:published` (new bounds published and checkpointed, no file changed yet)
 * and `truncate:files-changed` (segments deleted and cut, the truncation not yet finished).
 */
const CRASH_AT = process.env.KAFKA_LITE_CRASH_AT

/** SIGKILLs this process when `KAFKA_LITE_CRASH_AT` is `name`. */
export function crashPoint(name: string): void {
  if (CRASH_AT === name) process.kill(process.pid, 'SIGKILL')
}
