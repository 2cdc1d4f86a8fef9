// Event-sourcing projection: account events go into a log; a projection folds them into balances,
// saves its state and commits its consumer position; after a restart it resumes where it stopped;
// after a rollback of the events it had read, it learns so and rebuilds instead of mixing histories.
// Run with `npx tsx examples/event-projection.ts`.
import fs from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Log, LogError } from '../src/index.js'

interface Projection {
  balances: Record<string, number>
  /** Offset after the last event folded in: saved with the state, so a replay is idempotent. */
  appliedUpTo: number
}

const event = (account: string, amount: number): { key: string; value: string } => ({ key: account, value: JSON.stringify({ amount }) })

/** One run of the projection service: resume, fold what is new, save, commit, stop. */
async function runProjection(dir: string, stateFile: string): Promise<Projection> {
  // The projection is a separate service: it opens the log read-only and takes no lock.
  const log = await Log.open(dir, { readOnly: true })
  const consumer = log.consumer('balances')
  let state: Projection = fs.existsSync(stateFile)
    ? (JSON.parse(fs.readFileSync(stateFile, 'utf8')) as Projection)
    : { balances: {}, appliedUpTo: 0 }
  const reader = await consumer.reader({ from: 'earliest' })
  console.log(`projection: resuming at offset ${reader.position}`)
  for (;;) {
    let records
    try {
      records = await reader.read({ maxRecords: 3 })
    } catch (err) {
      // The events this projection was built from were truncated away: rebuild from the start.
      if (!(err instanceof LogError) || err.code !== 'KLOG_OFFSET_OUT_OF_RANGE') throw err
      console.log('projection: history changed below the committed position, rebuilding')
      state = { balances: {}, appliedUpTo: 0 }
      reader.seek(log.logStartOffset)
      continue
    }
    if (records.length === 0) break
    for (const r of records) {
      if (r.offset < state.appliedUpTo) continue // saved but not committed before a crash
      const { amount } = JSON.parse(r.value!.toString()) as { amount: number }
      const account = r.key!.toString()
      state.balances[account] = (state.balances[account] ?? 0) + amount
      state.appliedUpTo = r.offset + 1
    }
    // State first (atomically), then the position: a crash in between replays events the saved
    // state already holds, and `appliedUpTo` skips them.
    fs.writeFileSync(stateFile + '.tmp', JSON.stringify(state))
    fs.renameSync(stateFile + '.tmp', stateFile)
    await consumer.commit(reader)
  }
  const [info] = await log.consumers()
  console.log(`projection: committed offset ${info?.committed?.offset}, lag ${info?.lag}`)
  await log.close()
  return state
}

const dir = fs.mkdtempSync(path.join(tmpdir(), 'kafka-lite-projection-'))
const stateFile = path.join(dir, '..', `${path.basename(dir)}-projection.json`)
try {
  const log = await Log.open(dir, { fsync: 'always' })
  const writer = await log.writer()
  for (const e of [event('alice', 100), event('bob', 50), event('alice', -30), event('bob', 20), event('carol', 10)]) {
    await writer.append(e)
  }
  console.log('balances', (await runProjection(dir, stateFile)).balances)

  // While the projection is stopped, more events arrive; its restart folds in only those.
  await writer.append([event('alice', 5), event('carol', 15)])
  console.log('balances', (await runProjection(dir, stateFile)).balances)

  // The last three events are rolled back and replaced by three others, so the log is as long as
  // before: only the truncation epoch in the committed position tells the projection what happened.
  await writer.truncateTo(4)
  await writer.append([event('carol', 1), event('carol', 2), event('carol', 3)])
  console.log('balances', (await runProjection(dir, stateFile)).balances)
  await log.close()
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
  fs.rmSync(stateFile, { force: true })
}
