/**
 * The one crash seam, for tests: when the environment variable `KAFKA_LITE_CRASH_AT` names a point,
 * the process SIGKILLs itself on reaching it, so a test can kill a child at an exact step (between
 * creating the lock and recording its owner, in the middle of a takeover, between a commit's fsync
 * and its rename) instead of at a random moment.
 *
 * `KAFKA_LITE_CRASH_AT=<name>` kills at the first time `<name>` is reached; `<name>:<n>` at the n-th
 * time (counted in this module instance: per process, or per worker thread, which loads its own).
 * Names contain `:` themselves; only a trailing `:<digits>` is a count. Read once at load; unset (the
 * production case), a call costs one string comparison.
 *
 * Points:
 * - lock (`io/lock.ts`): `lock:before-rename` (owner record written, lock not yet in place),
 *   `lock:after-rename`, `takeover:held` (takeover lock held, dead lock not yet removed);
 * - compaction swap (`cleaner/swap.ts`): `compact:cleaned`, `compact:index-swaps`,
 *   `compact:committed`, `compact:indexes-replaced`, `compact:log-replaced`, `compact:old-renamed`,
 *   `compact:marker-removed`;
 * - a consumer commit (`consumer/offset-store.ts`, through `io/atomic-file.ts`): `commit:before-write`,
 *   `commit:after-write`, `commit:after-fsync`, `commit:after-rename`, `commit:after-dir-fsync`.
 * - truncation (`storage/log-owner.ts`): `truncate:published` (new bounds published and checkpointed, no
 *   file changed yet) and `truncate:files-changed` (segments deleted and cut, the truncation not yet
 *   finished).
 */

/** The point named by `KAFKA_LITE_CRASH_AT` and at which time it kills, or `undefined` when unset. */
export function parseCrashAt(value: string | undefined): { name: string; n: number } | undefined {
  if (value === undefined || value === '') return undefined
  const m = /^(.+):(\d+)$/.exec(value)
  return m === null ? { name: value, n: 1 } : { name: m[1]!, n: Number(m[2]) }
}

const crashAt = parseCrashAt(process.env.KAFKA_LITE_CRASH_AT)
/** The armed point's name; `undefined` never equals a name, so an unset seam costs one comparison. */
const armed = crashAt?.name
let reached = 0

/** SIGKILLs this process when `name` is the armed point and this is the armed time it is reached. */
export function crashPoint(name: string): void {
  if (name === armed && ++reached === crashAt!.n) process.kill(process.pid, 'SIGKILL')
}
