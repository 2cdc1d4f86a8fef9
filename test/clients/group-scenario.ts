/**
 * The consumer-group scenario of the real-client suite, written once and run by each client's group
 * test through a small {@link GroupClient} adapter (how to start one member process and how to read
 * the lines it writes). Against our broker (`Broker.open` with `groups.minSessionTimeoutMs` 1000 and
 * `initialRebalanceDelayMs` 0, so sessions can be short), on a 6-partition topic that the broker's
 * in-process producer fills (6 records, one per partition, every {@link PRODUCE_EVERY_MS} ms) from
 * the first join until the static member's replacement processes records. Members, named by their
 * `client.id` (the broker's group shows it, so every step checks who is in the group):
 *
 * 1. `a` (dynamic) and `s` (static: `group.instance.id`, where the client has it) join;
 * 2. `c` (dynamic) joins late;
 * 3. `a` is stopped with SIGTERM: the client closes and leaves the group (its LeaveGroup reaches the
 *    broker: the coordinator's `leaveGroup` is spied on);
 * 4. `c` is SIGKILLed: no LeaveGroup, its session (3 s) expires and the group goes on with `s`;
 * 5. `s` is SIGKILLed and `s2` starts with its `group.instance.id` before its (long) session expires:
 *    the coordinator hands `s`'s place to `s2` without a rebalance (same generation, a new member
 *    id for the instance, KIP-345). A client without static membership (kafka-python 2.0.2) runs
 *    `s` as a dynamic member with a short session: `s2` joins once `s` expired;
 * 6. the producer stops; once every record was processed, `s2` is stopped with SIGTERM, and every
 *    partition's committed offset is its log end offset.
 *
 * Every member writes each record it processes to its own file (a write per record, in the kernel
 * at once: a SIGKILL loses nothing) and then commits (commit after process; kcat and the console
 * consumer auto-commit, see groups.test.ts). Steps wait for conditions (lines in files, members in the
 * broker's group), never for time. Every {@link SNAPSHOT_EVERY_MS} ms, and at each step, the test
 * reads the group's committed offsets from the broker and then the files' line counts, in one
 * synchronous block: a line past a count was written after those commits. Asserted (group-checks.ts):
 * every produced record processed (key and value as produced), committed offsets never go back,
 * per-key order within each member, no record processed again once its offset was committed, and
 * the records a killed member processed that others processed again all at or past their
 * partition's committed offset at the kill (the duplicates commit-after-process allows). Keys map to
 * partitions (`k<i>` to partition i % 6), so per-key order is per-partition order.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, vi } from 'vitest'
import { Broker } from '../../src/broker/index.js'
import { checkProcessing, type KillDuplicates, type ProcessedRecord, type Snapshot } from './group-checks.js'

export type { ProcessedRecord } from './group-checks.js'

/** How the scenario starts one member of a client. */
export interface GroupClient {
  /** Used in topic, group and instance names. */
  readonly name: string
  /** Whether the client sends `group.instance.id` (static membership, KIP-345). */
  readonly staticMembership: boolean
  /** The command of one member writing its processed records to `spec.out` (or to its stdout). */
  command(member: MemberSpec): { cmd: string; args: string[]; stdoutToFile?: boolean }
  /** The exit code of a member stopped with SIGTERM once it closed its consumer. @default 0 */
  readonly termExitCode?: number
  /**
   * Whether a SIGTERM can lose a record the member received but did not process yet (its offset
   * already stored for the commit on close): then the producer pauses and every record is processed
   * before `a` is stopped. @default false
   */
  readonly termDropsReceived?: boolean
  /** One line of the member's file as a record, or undefined for a line to ignore. */
  parseLine?(line: string): ProcessedRecord | undefined
}

/** What a member process is told. */
export interface MemberSpec {
  bootstrap: string
  topic: string
  group: string
  /** Its `client.id`: the member's name (`a`, `s`, `c`, `s2`). */
  clientId: string
  /** The file it writes its processed records to. */
  out: string
  /** Its `group.instance.id`, or undefined for a dynamic member. */
  instanceId: string | undefined
  sessionTimeoutMs: number
  heartbeatIntervalMs: number
}

/** What {@link runGroupScenario} observed, for the test to report. */
export interface GroupScenarioResult {
  records: number
  /** Processings in all (records + duplicates). */
  processed: number
  /** Processings beyond the first, in all. */
  duplicates: number
  /** Per killed member: its records processed again by others after the kill. */
  afterKill: KillDuplicates
  /** Per member: records processed. */
  perMember: Record<string, number>
  /** Committed-offset snapshots checked. */
  snapshots: number
}

const PARTITIONS = 6
const KEYS = 12
/** The producer writes one record per partition every this many ms (pacing, not a condition). */
const PRODUCE_EVERY_MS = 100
/** How often the committed offsets and the files' line counts are sampled. */
const SNAPSHOT_EVERY_MS = 100
/** Session timeout of the members whose session expires: the broker minimum here is 1000 ms. */
export const SESSION_TIMEOUT_MS = 3000
/** Session timeout of the static member, longer than its replacement takes to start on a loaded machine. */
const STATIC_SESSION_TIMEOUT_MS = 60_000
const HEARTBEAT_MS = 300
/** Overall bound of one wait (a failure, not a pace). */
const DEADLINE_MS = 150_000

/** Parses the members' own format `rec\t<p>\t<o>\t<key>\t<value>`. */
export function parseRecLine(line: string): ProcessedRecord | undefined {
  const f = line.split('\t')
  if (f[0] !== 'rec' || f.length !== 5) return undefined
  return { partition: Number(f[1]), offset: Number(f[2]), key: f[3]!, value: f[4]! }
}

class Member {
  readonly child: ChildProcess
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  #stderr = ''

  constructor(
    readonly label: string,
    readonly out: string,
    client: GroupClient,
    spec: MemberSpec,
  ) {
    const { cmd, args, stdoutToFile } = client.command(spec)
    const fd = fs.openSync(out, 'a')
    this.child = spawn(cmd, args, { stdio: ['ignore', stdoutToFile === true ? fd : 'ignore', 'pipe'] })
    fs.closeSync(fd)
    this.child.stderr!.on('data', (b: Buffer) => {
      this.#stderr = (this.#stderr + b.toString('utf8')).slice(-3000)
    })
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })))
  }

  get stderr(): string {
    return this.#stderr
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null
  }
}

function readRecords(file: string, client: GroupClient): ProcessedRecord[] {
  if (!fs.existsSync(file)) return []
  const parse = client.parseLine ?? parseRecLine
  const out: ProcessedRecord[] = []
  // A SIGKILLed writer may leave a partial last line: only whole lines count.
  const text = fs.readFileSync(file, 'utf8')
  for (const line of text.slice(0, text.lastIndexOf('\n') + 1).split('\n')) {
    if (line === '') continue
    const r = parse(line)
    if (r !== undefined) out.push(r)
  }
  return out
}

/**
 * The group-protocol lines of a member's debug log (`<out>.debug.log`, written by the kafka-python
 * member), for a failed wait: its JoinGroup, SyncGroup and LeaveGroup exchanges, any response with
 * an error code, and everything it logs at INFO or above (joins, rebalances, heartbeat failures),
 * the last `max` of them, each cut to 300 characters.
 */
function protocolLog(out: string, max = 40): string {
  const file = `${out}.debug.log`
  if (!fs.existsSync(file)) return ''
  const lines = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => / (INFO|WARNING|ERROR|CRITICAL) |JoinGroup|SyncGroup|LeaveGroup|error_code=[1-9]|Traceback/.test(l))
  return lines
    .slice(-max)
    .map((l) => `    ${l.slice(0, 300)}`)
    .join('\n')
}

async function waitFor(what: string, cond: () => boolean, state: () => string): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`group scenario: gave up waiting for ${what}\n${state()}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Runs the scenario for `client` against a fresh broker of ours; asserts, then returns the counts. */
export async function runGroupScenario(client: GroupClient): Promise<GroupScenarioResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-lite-group-scenario-'))
  const broker = await Broker.open(path.join(dir, 'broker'), { groups: { minSessionTimeoutMs: 1000, initialRebalanceDelayMs: 0 } })
  const members: Member[] = []
  let sampler: NodeJS.Timeout | undefined
  let producing: Promise<void> | undefined
  let stopProducing = false
  try {
    const coordinator = broker.groupCoordinator
    const leaveSpy = vi.spyOn(coordinator, 'leaveGroup')
    const addr = await broker.listen({ host: '127.0.0.1', port: 0 })
    const bootstrap = `127.0.0.1:${addr.port}`
    const topic = `group-${client.name}`
    const group = `group-${client.name}`
    const instanceId = `${client.name}-s`
    await broker.createTopic(topic, { partitions: PARTITIONS })

    const producer = broker.producer()
    let produced = 0
    let paused = false
    const produce = async (): Promise<void> => {
      while (!stopProducing) {
        if (!paused) {
          const messages = []
          for (let j = 0; j < PARTITIONS; j++, produced++) {
            messages.push({ key: `k${produced % KEYS}`, value: `v${produced}`, partition: (produced % KEYS) % PARTITIONS })
          }
          await producer.send({ topic, messages })
        }
        await new Promise((r) => setTimeout(r, PRODUCE_EVERY_MS))
      }
    }

    const start = (label: string, options: { instanceId?: string; sessionTimeoutMs?: number } = {}): Member => {
      const out = path.join(dir, `${label}.out`)
      const m = new Member(label, out, client, {
        bootstrap,
        topic,
        group,
        clientId: label,
        out,
        instanceId: options.instanceId,
        sessionTimeoutMs: options.sessionTimeoutMs ?? SESSION_TIMEOUT_MS,
        heartbeatIntervalMs: HEARTBEAT_MS,
      })
      members.push(m)
      return m
    }
    const lines = (m: Member): number => readRecords(m.out, client).length
    const all = (): ProcessedRecord[] => members.flatMap((m) => readRecords(m.out, client))
    const processedCount = (): number => new Set(all().map((r) => `${r.partition}:${r.offset}`)).size
    const committed = (): number[] =>
      Array.from({ length: PARTITIONS }, (_, p) => Number(coordinator.committedOffset(group, topic, p)?.offset ?? 0n))
    // Committed offsets first, then line counts, synchronously: lines past a count came after those commits.
    const snapshots: Snapshot[] = []
    const snapshot = (): Snapshot => {
      const s = { committed: committed(), lines: new Map(members.map((m) => [m.label, lines(m)])) }
      snapshots.push(s)
      return s
    }
    const snapshotGroup = () => coordinator.group(group)
    /** The group is Stable with exactly the members named `labels` (their client ids). */
    const stableWith = (...labels: string[]): boolean => {
      const g = snapshotGroup()
      return (
        g?.state === 'Stable' &&
        g.members
          .map((m) => m.clientId)
          .sort()
          .join() === [...labels].sort().join()
      )
    }
    const memberId = (label: string): string => {
      const found = snapshotGroup()?.members.find((m) => m.clientId === label)
      if (found === undefined) throw new Error(`no member ${label} in the group`)
      return found.memberId
    }
    const leftIds = (): string[] => leaveSpy.mock.calls.flatMap(([req]) => [req.memberId, ...req.members.map((m) => m.memberId)])
    const missing = (): string[] => {
      const done = new Set(all().map((r) => `${r.partition}:${r.offset}`))
      const out: string[] = []
      for (let p = 0; p < PARTITIONS; p++) {
        for (let o = 0; o < Number(broker.log(topic, p).highWatermark); o++) if (!done.has(`${p}:${o}`)) out.push(`${p}:${o}`)
      }
      return out
    }
    const state = (): string =>
      [
        `group: ${JSON.stringify(snapshotGroup(), (k, v: unknown) => (k === 'assignment' ? undefined : v))}`,
        `produced ${produced}; committed: ${committed().join(' ')}; log ends: ${Array.from({ length: PARTITIONS }, (_, p) => broker.log(topic, p).highWatermark).join(' ')}`,
        `missing: ${missing().slice(0, 40).join(' ')}`,
        ...members.map(
          (m) =>
            `${m.label}: ${lines(m)} records, exit ${m.child.exitCode ?? m.child.signalCode}, stderr: ${m.stderr}` +
            `\n  its group protocol (last lines of its debug log, if it keeps one):\n${protocolLog(m.out)}`,
        ),
      ].join('\n')
    const stop = async (m: Member): Promise<void> => {
      m.child.kill('SIGTERM')
      expect((await m.exited).code, `${m.label}'s exit; stderr:\n${m.stderr}`).toBe(client.termExitCode ?? 0)
    }
    const kill = async (m: Member): Promise<Snapshot> => {
      m.child.kill('SIGKILL')
      await m.exited
      return snapshot()
    }

    // 1. a and s join; the producer starts.
    const a = start('a')
    const s = client.staticMembership ? start('s', { instanceId, sessionTimeoutMs: STATIC_SESSION_TIMEOUT_MS }) : start('s')
    await waitFor('a and s in the group', () => stableWith('a', 's'), state)
    if (client.staticMembership) expect(snapshotGroup()!.members.find((m) => m.clientId === 's')!.groupInstanceId).toBe(instanceId)
    sampler = setInterval(snapshot, SNAPSHOT_EVERY_MS)
    producing = produce()
    await waitFor('a and s processing', () => lines(a) > 0 && lines(s) > 0, state)

    // 2. c joins late.
    const c = start('c')
    await waitFor('c in the group', () => stableWith('a', 's', 'c'), state)
    await waitFor('c processing', () => lines(c) > 0, state)

    // 3. a leaves cleanly: its LeaveGroup reaches the broker.
    const aId = memberId('a')
    if (client.termDropsReceived === true) {
      paused = true
      const target = produced
      await waitFor('every record processed before a stops', () => processedCount() >= target, state)
    }
    snapshot()
    await stop(a)
    paused = false
    await waitFor("a's LeaveGroup", () => leftIds().includes(aId), state)
    await waitFor('the group without a', () => stableWith('s', 'c'), state)

    // 4. c is SIGKILLed while it processes; its session expires.
    const cId = memberId('c')
    const cBefore = lines(c)
    await waitFor('c processing after the rebalance', () => lines(c) > cBefore, state)
    const atKillC = await kill(c)
    await waitFor("c's session to expire", () => stableWith('s'), state)
    expect(leftIds(), 'c sent no LeaveGroup: its session expired').not.toContain(cId)

    // 5. s is SIGKILLed while it processes; s2 takes its group.instance.id.
    const sBefore = lines(s)
    await waitFor('s processing alone', () => lines(s) > sBefore, state)
    const sId = memberId('s')
    const generation = snapshotGroup()!.generationId
    const atKillS = await kill(s)
    let s2: Member
    if (client.staticMembership) {
      s2 = start('s2', { instanceId, sessionTimeoutMs: STATIC_SESSION_TIMEOUT_MS })
      // KIP-345: the instance's new member id takes the old one's place and assignment, without a
      // rebalance (same generation). As in Kafka, the member keeps the client id it had (`s`).
      const replaced = (): boolean => {
        const g = snapshotGroup()
        return (
          g?.state === 'Stable' && g.members.length === 1 && g.members[0]!.groupInstanceId === instanceId && g.members[0]!.memberId !== sId
        )
      }
      await waitFor("s2 in s's place", replaced, state)
      expect(snapshotGroup()!.generationId, 'a static rejoin keeps the generation').toBe(generation)
    } else {
      s2 = start('s2')
      await waitFor('s2 in the group', () => stableWith('s2'), state)
    }
    expect(leftIds(), 's sent no LeaveGroup').not.toContain(sId)
    const s2Before = lines(s2)
    await waitFor('s2 processing', () => lines(s2) > s2Before, state)

    // 6. The producer stops; every record processed; s2 stops cleanly.
    stopProducing = true
    await producing
    const total = produced
    await waitFor(`all ${total} records processed`, () => processedCount() >= total, state)
    clearInterval(sampler)
    snapshot()
    await stop(s2)
    snapshot()
    // Every record was committed: the commits reached the broker and it kept them.
    expect(committed(), 'committed offsets at the end').toEqual(
      Array.from({ length: PARTITIONS }, (_, p) => Number(broker.log(topic, p).highWatermark)),
    )

    const files = new Map(members.map((m) => [m.label, readRecords(m.out, client)]))
    const checked = checkProcessing({
      partitions: PARTITIONS,
      keys: KEYS,
      total,
      files,
      snapshots,
      kills: [
        { label: 'c', at: atKillC },
        { label: 's', at: atKillS },
      ],
    })
    return { ...checked, records: total, snapshots: snapshots.length }
  } finally {
    clearInterval(sampler)
    stopProducing = true
    await producing?.catch(() => {})
    for (const m of members) if (m.running) m.child.kill('SIGKILL')
    await Promise.all(members.map((m) => m.exited))
    await broker.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
