/**
 * Kafka's checkpoint files in a broker's log directory, and adopting a directory we wrote as a
 * partition (the recipe of docs/kafka-interop.md).
 */
import fs from 'node:fs'
import path from 'node:path'

/**
 * With the broker stopped: replaces the segment files of `<topic>-<partition>` by those of `ours`
 * (Kafka's `partition.metadata` kept) and sets the log directory's recovery point and high
 * watermark to `logEndOffset` and the log start checkpoint to `logStartOffset` — the adoption recipe
 * of docs/kafka-interop.md.
 */
export function replacePartition(
  logDir: string,
  topic: string,
  partition: number,
  ours: string,
  logStartOffset: number,
  logEndOffset: number,
): void {
  const partitionDir = path.join(logDir, `${topic}-${partition}`)
  if (!fs.existsSync(path.join(partitionDir, 'partition.metadata'))) throw new Error(`${partitionDir} has no partition.metadata`)
  for (const name of fs.readdirSync(partitionDir)) if (name !== 'partition.metadata') fs.rmSync(path.join(partitionDir, name))
  for (const name of fs.readdirSync(ours)) {
    if (/^\d{20}\.(log|index|timeindex)$/.test(name)) fs.copyFileSync(path.join(ours, name), path.join(partitionDir, name))
  }
  setCheckpointEntry(logDir, 'recovery-point-offset-checkpoint', topic, partition, logEndOffset)
  setCheckpointEntry(logDir, 'replication-offset-checkpoint', topic, partition, logEndOffset)
  setCheckpointEntry(logDir, 'log-start-offset-checkpoint', topic, partition, logStartOffset)
}

/** Reads one checkpoint file of the log directory: `topic partition` → offset. */
export function readCheckpoint(logDir: string, name: string): Map<string, number> {
  const file = path.join(logDir, name)
  const out = new Map<string, number>()
  if (!fs.existsSync(file)) return out
  for (const l of fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((x) => x !== '')
    .slice(2)) {
    const [t, p, o] = l.split(' ')
    out.set(`${t} ${p}`, Number(o))
  }
  return out
}

/**
 * Sets `topic partition`'s entry in one of the log directory's checkpoint files
 * (`recovery-point-offset-checkpoint`, `replication-offset-checkpoint`,
 * `log-start-offset-checkpoint`): version line `0`, entry count, then `topic partition offset`.
 */
export function setCheckpointEntry(logDir: string, name: string, topic: string, partition: number, offset: number): void {
  const file = path.join(logDir, name)
  const entries = new Map<string, string>()
  if (fs.existsSync(file)) {
    const lines = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
    for (const l of lines.slice(2)) {
      const [t, p, o] = l.split(' ')
      entries.set(`${t} ${p}`, o!)
    }
  }
  entries.set(`${topic} ${partition}`, String(offset))
  const body = [...entries].map(([k, o]) => `${k} ${o}`)
  fs.writeFileSync(file, ['0', String(body.length), ...body].join('\n') + '\n')
}
