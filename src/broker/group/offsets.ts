/**
 * The committed offsets of every group, durable and crash-safe: one file per group with committed
 * offsets (`offset-file.ts` has the format), replaced whole and atomically on every change by the
 * project's atomic small-file writer (temp file, fsync, rename, fsync of the directory). Why one file
 * per group rather than per partition with the log's consumer positions: docs/groups.md.
 *
 * Guarantees, including after a SIGKILL at any instant:
 * - A change resolves only once the file holding it is renamed into place and its directory entry
 *   is fsynced: an acknowledged commit is never lost.
 * - Changes of one group are applied and written in call order, one write at a time (changes that
 *   arrive during a write are coalesced into the next one), so the file on disk only ever moves
 *   forward through the sequence of acknowledged states: an offset never goes back unless a client
 *   committed a lower one.
 * - Readers ({@link GroupOffsetStore.offsets}) see only durable state: a change becomes visible when
 *   its write completed, never before, so nothing a fetch returned can disappear in a crash.
 * - A failed write (I/O error, full disk) rejects the changes it carried with a `LogError` and leaves
 *   both the file and the durable state as they were.
 * - A damaged file (`KLOG_CORRUPT_CHECKPOINT`) is reported by {@link GroupOffsetStore.damaged} and
 *   its group is fenced ({@link GroupOffsetStore.isDamaged}): its offsets are neither served nor
 *   overwritten until the group is deleted, so a loss is never silent.
 *
 * Concurrency contract: one store per directory, used from one event loop (the broker's, which holds
 * the broker directory's lock). Writes of different groups run concurrently.
 *
 * Test seam: crash points `group-offsets:<step>` (`io/crash-point.ts`, `KAFKA_LITE_CRASH_AT`), one
 * per step of an atomic write ({@link GROUP_OFFSETS_STEPS}), and `group-offsets:after-unlink` when a
 * group's file is deleted.
 */
import fs from 'node:fs'
import path from 'node:path'
import { LogError } from '../../index.js'
import { ioError, closedError } from '../../base/errors.js'
import { ATOMIC_WRITE_STEPS, atomicWriteCrashPoints, removeDeadTemps, writeFileAtomic } from '../../io/atomic-file.js'
import { crashPoint } from '../../io/crash-point.js'
import { fsyncDir } from '../../io/files.js'
import {
  GROUP_FILE_PREFIX,
  encodeGroupFile,
  groupFileName,
  readGroupFile,
  type CommittedOffset,
  type GroupOffsets,
  type GroupRecord,
} from './offset-file.js'

/** Steps of a write where the crash seam can stop the process: crash points `group-offsets:<step>`. */
export const GROUP_OFFSETS_STEPS = ATOMIC_WRITE_STEPS
const CRASH_POINTS = atomicWriteCrashPoints('group-offsets')

/** One partition's offset in a change. */
export interface OffsetEntry {
  readonly topic: string
  readonly partition: number
  readonly value: CommittedOffset
}

/** A topic partition. */
export interface TopicPartitionRef {
  readonly topic: string
  readonly partition: number
}

/** A file the store could not use at open, and why. */
export interface DamagedGroupFile {
  readonly file: string
  readonly error: LogError
}

type Op =
  | { kind: 'put'; entries: readonly OffsetEntry[] }
  | { kind: 'remove'; partitions: readonly TopicPartitionRef[] | 'all' }
  | { kind: 'record'; record: GroupRecord }

interface Waiter {
  op: Op
  resolve(): void
  reject(err: unknown): void
}

interface GroupState {
  record: GroupRecord
  /** Durable offsets (what the file on disk holds). */
  offsets: Map<string, Map<number, CommittedOffset>>
  /** Whether the group's file exists (or may: a damaged one). */
  fileOnDisk: boolean
  queue: Waiter[]
  writing: Promise<void> | null
}

const NO_RECORD: GroupRecord = Object.freeze({ protocolType: null, generationId: 0, emptySince: null })

const cloneOffsets = (o: ReadonlyMap<string, ReadonlyMap<number, CommittedOffset>>): Map<string, Map<number, CommittedOffset>> =>
  new Map([...o].map(([t, p]) => [t, new Map(p)]))

/** The committed offsets of every group of one directory. */
export class GroupOffsetStore {
  readonly #dir: string
  readonly #groups = new Map<string, GroupState>()
  readonly #damaged: DamagedGroupFile[]
  readonly #damagedNames: Set<string>
  #closed = false

  private constructor(dir: string, loaded: Map<string, GroupState>, damaged: DamagedGroupFile[]) {
    this.#dir = dir
    this.#groups = loaded
    this.#damaged = damaged
    this.#damagedNames = new Set(damaged.map((d) => path.basename(d.file)))
  }

  /**
   * Opens the store of `dir` (created if needed), reading every group's file with bounded reads.
   * Temp files of writes whose process is provably dead are removed.
   * @throws LogError `KLOG_IO` when the directory cannot be listed
   */
  static async open(dir: string): Promise<GroupOffsetStore> {
    if (typeof dir !== 'string' || dir === '') throw new TypeError('dir must be a non-empty string')
    let entries: string[]
    try {
      await fs.promises.mkdir(dir, { recursive: true })
      entries = await fs.promises.readdir(dir)
    } catch (err) {
      throw ioError(err, 'listing group offsets', dir)
    }
    removeDeadTemps(dir, entries)
    const loaded = new Map<string, GroupState>()
    const damaged: DamagedGroupFile[] = []
    for (const name of entries.filter((e) => e.startsWith(GROUP_FILE_PREFIX)).sort()) {
      const file = path.join(dir, name)
      try {
        const content = await readGroupFile(file)
        if (groupFileName(content.groupId) !== name) {
          throw new LogError('KLOG_CORRUPT_CHECKPOINT', `group offsets file ${file} holds group ${JSON.stringify(content.groupId)}`, {
            file,
          })
        }
        loaded.set(content.groupId, {
          record: content.record,
          offsets: cloneOffsets(content.offsets),
          fileOnDisk: true,
          queue: [],
          writing: null,
        })
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue
        damaged.push({ file, error: err instanceof LogError ? err : ioError(err, 'reading group offsets', file) })
      }
    }
    return new GroupOffsetStore(dir, loaded, damaged)
  }

  /** The directory holding the files. */
  get dir(): string {
    return this.#dir
  }

  /** The files found damaged or unreadable at open (their groups are fenced until deleted). */
  get damaged(): readonly DamagedGroupFile[] {
    return this.#damaged
  }

  /** Whether `groupId`'s file was found damaged at open and not deleted since. */
  isDamaged(groupId: string): boolean {
    return this.#damagedNames.has(groupFileName(groupId))
  }

  /** The ids of the groups with committed offsets (durable ones), sorted. */
  groupIds(): string[] {
    return [...this.#groups.entries()]
      .filter(([, g]) => g.offsets.size > 0)
      .map(([id]) => id)
      .sort()
  }

  /** The group record last written for `groupId`. */
  record(groupId: string): GroupRecord | undefined {
    const g = this.#groups.get(groupId)
    return g === undefined || g.offsets.size === 0 ? undefined : g.record
  }

  /** The durable offsets of `groupId` (empty when it has none). Do not keep: it changes. */
  offsets(groupId: string): GroupOffsets {
    return this.#groups.get(groupId)?.offsets ?? new Map()
  }

  /** The durable offset of one partition. */
  get(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.#groups.get(groupId)?.offsets.get(topic)?.get(partition)
  }

  /**
   * Commits offsets of `groupId` (with its current record) durably.
   * @throws LogError `KLOG_IO`, `KLOG_DISK_FULL`, `KLOG_CLOSED`
   */
  commit(groupId: string, record: GroupRecord, entries: readonly OffsetEntry[]): Promise<void> {
    return this.#enqueue(groupId, record, [
      { kind: 'record', record },
      { kind: 'put', entries },
    ])
  }

  /** Removes offsets of `groupId` (OffsetDelete, expiry); the file goes with the last one. */
  remove(groupId: string, partitions: readonly TopicPartitionRef[]): Promise<void> {
    return this.#enqueue(groupId, undefined, [{ kind: 'remove', partitions }])
  }

  /** Updates the group record of a group that has offsets (a no-op for one without). */
  updateRecord(groupId: string, record: GroupRecord): Promise<void> {
    const g = this.#groups.get(groupId)
    if (g === undefined) return Promise.resolve()
    return this.#enqueue(groupId, record, [{ kind: 'record', record }])
  }

  /** Deletes every offset of `groupId` and its file (a damaged one too, which ends its fencing). */
  deleteGroup(groupId: string): Promise<void> {
    const name = groupFileName(groupId)
    const damaged = this.#damagedNames.has(name)
    const done = this.#enqueue(groupId, undefined, [{ kind: 'remove', partitions: 'all' }], damaged)
    return damaged ? done.then(() => void this.#damagedNames.delete(name)) : done
  }

  /** Waits for every write in flight; later changes reject with `KLOG_CLOSED`. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true
    await Promise.allSettled([...this.#groups.values()].map((g) => g.writing).filter((w) => w !== null))
  }

  #enqueue(groupId: string, record: GroupRecord | undefined, ops: Op[], fileMayExist = false): Promise<void> {
    if (this.#closed) return Promise.reject(closedError('the group offset store'))
    let g = this.#groups.get(groupId)
    if (g === undefined) {
      g = { record: record ?? NO_RECORD, offsets: new Map(), fileOnDisk: false, queue: [], writing: null }
      this.#groups.set(groupId, g)
    }
    if (fileMayExist) g.fileOnDisk = true
    const state = g
    const promises = ops.map((op) => new Promise<void>((resolve, reject) => state.queue.push({ op, resolve, reject })))
    if (state.writing === null) state.writing = this.#drain(groupId, state)
    return Promise.all(promises).then(() => undefined)
  }

  /** Writes the group's queued changes, batch after batch, until its queue is empty. */
  async #drain(groupId: string, g: GroupState): Promise<void> {
    while (g.queue.length > 0) {
      const batch = g.queue.splice(0)
      let record = g.record
      const next = cloneOffsets(g.offsets)
      for (const { op } of batch) {
        if (op.kind === 'record') record = op.record
        else if (op.kind === 'put') {
          for (const e of op.entries) {
            let partitions = next.get(e.topic)
            if (partitions === undefined) next.set(e.topic, (partitions = new Map<number, CommittedOffset>()))
            partitions.set(e.partition, e.value)
          }
        } else if (op.partitions === 'all') next.clear()
        else {
          for (const tp of op.partitions) {
            const partitions = next.get(tp.topic)
            partitions?.delete(tp.partition)
            if (partitions?.size === 0) next.delete(tp.topic)
          }
        }
      }
      try {
        await this.#persist(groupId, record, next, g.fileOnDisk)
        g.fileOnDisk = next.size > 0
        g.record = record
        g.offsets = next
        for (const w of batch) w.resolve()
      } catch (err) {
        const error = ioError(err, 'writing group offsets', path.join(this.#dir, groupFileName(groupId)))
        for (const w of batch) w.reject(error)
      }
    }
    g.writing = null
    if (g.offsets.size === 0 && !g.fileOnDisk && this.#groups.get(groupId) === g) this.#groups.delete(groupId)
  }

  async #persist(groupId: string, record: GroupRecord, offsets: GroupOffsets, fileMayExist: boolean): Promise<void> {
    const name = groupFileName(groupId)
    if (offsets.size === 0) {
      if (!fileMayExist) return
      try {
        await fs.promises.unlink(path.join(this.#dir, name))
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
        return
      }
      crashPoint('group-offsets:after-unlink')
      await fsyncDir(this.#dir)
      return
    }
    await writeFileAtomic(this.#dir, name, encodeGroupFile({ groupId, record, offsets }), { crashPoints: CRASH_POINTS })
  }
}

export type { CommittedOffset, GroupOffsets, GroupRecord } from './offset-file.js'
