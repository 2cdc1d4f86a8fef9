/**
 * Liveness: whether the process that left something behind (a lock's owner record, a temp file) is
 * provably gone, the one check every leftover sweep and the lock's dead-owner fast path use.
 *
 * A process is identified by its pid and its host. A directory may be shared by several hosts or
 * containers (NFS, a volume mounted into two containers), and a pid means nothing on another host:
 * `kill(pid, 0)` here would say "no such process" about a live writer over there. So a leftover is
 * judged dead only when it names this host and `kill(pid, 0)` fails with `ESRCH`. `EPERM` (a live
 * process of another user), a missing or foreign host, and our own pid (this process, its worker
 * threads, or an earlier incarnation with the same pid: a container's pid 1 after a restart) all
 * count as alive: sweeps may leave garbage behind, never remove something in use.
 *
 * Two forms of the identity: an owner record `{ pid, hostname }` (JSON, inside the lock), and an
 * owner tag `<host tag>-<pid>` embedded in temp names, where the host tag is the first 12 hex digits
 * of the SHA-256 of the host name (host names can be 253 characters and contain `.`, which would make
 * names long and ambiguous; 48 bits make two hosts sharing a tag by chance negligible).
 *
 * Pure apart from `os.hostname()` and `process.kill(pid, 0)`; safe from any thread.
 */
import { createHash } from 'node:crypto'
import os from 'node:os'

/** Who created a lock or temp file: a pid on a host. */
export interface ProcessIdentity {
  readonly pid: number
  readonly hostname: string
}

/** This process's identity, as recorded in lock owner records. */
export function thisProcess(): ProcessIdentity {
  return { pid: process.pid, hostname: os.hostname() }
}

let cachedHost: string | undefined
let cachedTag = ''

/** The short tag of host `hostname` (12 lowercase hex digits) used in temp names. */
export function hostTag(hostname: string = os.hostname()): string {
  if (hostname !== cachedHost) {
    cachedTag = createHash('sha256').update(hostname).digest('hex').slice(0, 12)
    cachedHost = hostname
  }
  return cachedTag
}

/** `<host tag>-<pid>` of this process, for temp names (see {@link parseOwnerTag}). */
export function ownerTag(): string {
  return `${hostTag()}-${process.pid}`
}

const OWNER_TAG_RE = /^([0-9a-f]{12})-(\d{1,10})$/

/** The host tag and pid of an owner tag made by {@link ownerTag}, or `undefined` when it is not one. */
export function parseOwnerTag(tag: string): { hostTag: string; pid: number } | undefined {
  const m = OWNER_TAG_RE.exec(tag)
  return m === null ? undefined : { hostTag: m[1]!, pid: Number(m[2]) }
}

/**
 * True when `owner` provably no longer runs: it names this host (by `hostname`, or by `hostTag` for
 * an owner tag) and a pid other than ours that `kill(pid, 0)` reports as nonexistent (`ESRCH`).
 * Anything else (no record, a foreign host, a live pid, `EPERM`, our own pid) is false.
 */
export function isDeadHere(owner: { pid?: unknown; hostname?: unknown; hostTag?: unknown } | undefined): boolean {
  if (owner === undefined || typeof owner.pid !== 'number' || !Number.isSafeInteger(owner.pid) || owner.pid <= 0) return false
  const here = owner.hostname !== undefined ? owner.hostname === os.hostname() : owner.hostTag === hostTag()
  if (!here || owner.pid === process.pid) return false
  try {
    process.kill(owner.pid, 0)
    return false
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH'
  }
}
