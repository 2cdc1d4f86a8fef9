/**
 * The partition directories of a broker's topics on disk: `<root>/<topic>-<partition>/` (Kafka's
 * layout), each holding a `Log` and a `partition.metadata` naming its topic id. Owns opening a range
 * of them (creating the directory and the metadata file, refusing a directory of another topic id),
 * and removing them the way Kafka does: rename to `<topic>-<p>.<topic id>-delete`, fsync the root,
 * then remove; an open removes `-delete` leftovers of an interrupted deletion.
 *
 * Concurrency: the broker's thread, inside its admin queue (or its open).
 */
import fs from 'node:fs'
import path from 'node:path'
import { LogError } from '../index.js'
import { crashPoint } from '../io/crash-point.js'
import { fsyncDirSync } from '../io/files.js'
import { readPartitionMetadata, writePartitionMetadata, type TopicRecord } from './broker-metadata.js'
import type { Partition } from './partition.js'

/** The directory of partition `partition` of `topic` under the broker directory `root`. */
export function partitionDir(root: string, topic: string, partition: number): string {
  return path.join(root, `${topic}-${partition}`)
}

/**
 * Opens partitions [from, to) of `t` with `open`, creating their directories and `partition.metadata`.
 * On a failure the ones already opened are closed and the error is thrown.
 * @throws LogError `KLOG_CORRUPT_CHECKPOINT` when a `partition.metadata` names another topic id
 */
export async function openPartitionDirs(
  root: string,
  t: TopicRecord,
  from: number,
  to: number,
  open: (dir: string, partition: number) => Promise<Partition>,
): Promise<Partition[]> {
  const opened: Partition[] = []
  try {
    for (let p = from; p < to; p++) {
      const dir = partitionDir(root, t.name, p)
      const known = readPartitionMetadata(dir)
      if (known !== undefined && known !== t.topicId) {
        throw new LogError('KLOG_CORRUPT_CHECKPOINT', `${dir}/partition.metadata names topic id ${known}, not ${t.name}'s ${t.topicId}`, {
          file: path.join(dir, 'partition.metadata'),
        })
      }
      const partition = await open(dir, p)
      opened.push(partition)
      // After the log exists (a directory holding only this file would not open as a log).
      if (known === undefined) writePartitionMetadata(dir, t.topicId)
    }
    return opened
  } catch (err) {
    await Promise.allSettled(opened.map((p) => p.close()))
    throw err
  }
}

/** Renames every partition directory of `t` from `from` on to Kafka's `-delete` name, then removes it. */
export function removePartitionDirs(root: string, t: TopicRecord, from: number): void {
  const doomed: string[] = []
  for (let p = from; p < t.partitions; p++) {
    const dir = partitionDir(root, t.name, p)
    const renamed = `${dir}.${t.topicId.replaceAll('-', '_')}-delete`
    try {
      fs.renameSync(dir, renamed)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
    doomed.push(renamed)
  }
  fsyncDirSync(root)
  crashPoint('broker:delete-renamed')
  for (const d of doomed) fs.rmSync(d, { recursive: true, force: true })
}

/** Removes the `-delete` directories under `root` that an interrupted deletion left. */
export function removeDeletionLeftovers(root: string): void {
  for (const name of fs.readdirSync(root)) {
    // A deletion renamed it, then stopped: nothing refers to it any more.
    if (name.endsWith('-delete')) fs.rmSync(path.join(root, name), { recursive: true, force: true })
  }
}
