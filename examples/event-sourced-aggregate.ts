// Event-sourced aggregate with optimistic concurrency: a bank account whose events live in a log.
// A command loads the account by folding its events, decides from that state, and appends the new
// events with `expectedOffset` = the log end it read: if another command appended in between, the
// append is refused with KLOG_OFFSET_CONFLICT (nothing written) and the command reloads and decides
// again, so a decision is never made on stale state (no overdraft from two concurrent withdrawals).
// Run with `npx tsx examples/event-sourced-aggregate.ts`.
import fs from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Log, LogError, type LogWriter } from '../src/index.js'

type AccountEvent = { type: 'opened'; owner: string } | { type: 'deposited'; amount: number } | { type: 'withdrawn'; amount: number }

interface Account {
  owner: string
  balance: number
  /** The log end offset the state was folded up to: the version a decision is made at. */
  version: number
}

/** Folds every event of the stream (one log per aggregate here) into the account's state. */
async function load(log: Log): Promise<Account> {
  const state: Account = { owner: '', balance: 0, version: log.logStartOffset }
  for (const r of await log.reader({ from: 'earliest' }).read({ maxRecords: 10_000 })) {
    const e = JSON.parse(String(r.value)) as AccountEvent
    if (e.type === 'opened') state.owner = e.owner
    else if (e.type === 'deposited') state.balance += e.amount
    else state.balance -= e.amount
    state.version = r.offset + 1
  }
  return state
}

/** Decides from the state: the events a withdrawal produces, or an error when it would overdraw. */
function withdraw(state: Account, amount: number): AccountEvent[] {
  if (amount > state.balance) throw new Error(`insufficient funds: balance ${state.balance}, asked ${amount}`)
  return [{ type: 'withdrawn', amount }]
}

/** Runs a command: load, decide, append at the version loaded; on a conflict, reload and decide again. */
async function handle(log: Log, writer: LogWriter, name: string, decide: (s: Account) => AccountEvent[]): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const state = await load(log)
    let events: AccountEvent[]
    try {
      events = decide(state)
    } catch (err) {
      return `${name}: refused (${(err as Error).message}) after ${attempt} attempt(s)`
    }
    try {
      const { baseOffset } = await writer.append(
        events.map((e) => ({ key: 'account-1', value: JSON.stringify(e) })),
        { expectedOffset: state.version },
      )
      return `${name}: appended at offset ${baseOffset} after ${attempt} attempt(s)`
    } catch (err) {
      if (!(err instanceof LogError) || err.code !== 'KLOG_OFFSET_CONFLICT') throw err
      console.log(`${name}: conflict at version ${state.version} (the log is at ${log.logEndOffset}), retrying`)
    }
  }
}

const dir = fs.mkdtempSync(path.join(tmpdir(), 'kafka-lite-aggregate-'))
try {
  const log = await Log.open(dir)
  const writer = await log.writer()
  console.log(await handle(log, writer, 'open', () => [{ type: 'opened', owner: 'ada' }]))
  console.log(await handle(log, writer, 'deposit', () => [{ type: 'deposited', amount: 100 }]))

  // Two withdrawals of 70 decided concurrently from the same state (balance 100): one wins, the
  // other conflicts, reloads (balance 30) and is refused instead of overdrawing the account.
  const results = await Promise.all([
    handle(log, writer, 'withdraw-a', (s) => withdraw(s, 70)),
    handle(log, writer, 'withdraw-b', (s) => withdraw(s, 70)),
  ])
  for (const line of results) console.log(line)

  const final = await load(log)
  console.log(`final: owner ${final.owner}, balance ${final.balance}, version ${final.version}`)
  await log.close()
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
