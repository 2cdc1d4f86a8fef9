#!/usr/bin/env node
// npm run soak [-- --cycles N]: SIGKILL a writer process N times at random moments (during open,
// appends, rolls, retention and truncation) while a reader process follows the log; after each kill
// reopen the log, check every acknowledged record that truncation and retention did not remove, and
// report cycles, acknowledged records, lost (must be 0), corrupt reads (must be 0) and the longest
// open (lock wait included). Not part of CI: it takes minutes and depends on nothing but time.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { recordIsIntact } from './soak-records.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const entry = path.join(here, '..', 'dist', 'index.js')
const cyclesArg = process.argv.indexOf('--cycles')
const cycles = cyclesArg > 0 ? Number(process.argv[cyclesArg + 1]) : 100
const { Log } = await import(entry)
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-lite-soak-'))
const dir = path.join(work, 'log')
fs.mkdirSync(dir)
const readerReport = path.join(work, 'reader.json')
const reader = spawn(process.execPath, [path.join(here, 'soak-reader.mjs'), entry, dir, readerReport], { stdio: 'inherit' })

let acked = 0
let lost = 0
let corrupt = 0
let longestOpenMs = 0
const policies = ['never', 'interval', 'always']
for (let cycle = 0; cycle < cycles; cycle++) {
  const fsync = policies[cycle % 3]
  const reportPath = path.join(work, `writer-${cycle}.txt`)
  fs.writeFileSync(reportPath, '')
  const child = spawn(process.execPath, [path.join(here, 'soak-writer.mjs'), entry, dir, fsync, String(cycle * 7919 + 1), reportPath], {
    stdio: 'inherit',
  })
  // Kill at a random moment: one cycle in five during open and recovery (soon after the spawn),
  // the others some time after the open, during appends, rolls, retention and truncation.
  const exited = new Promise((r) => child.once('close', r))
  if (Math.random() < 0.2) await new Promise((r) => setTimeout(r, Math.random() * 60))
  else {
    const opened = () => fs.readFileSync(reportPath, 'utf8').startsWith('open ')
    while (!opened() && child.exitCode === null) await new Promise((r) => setTimeout(r, 5))
    await new Promise((r) => setTimeout(r, Math.random() * 500))
  }
  child.kill('SIGKILL')
  await exited
  // What the child was told, in order: the log must hold every acknowledged offset still in range.
  let mustHave = -1
  for (const line of fs.readFileSync(reportPath, 'utf8').split('\n')) {
    const [kind, a, b, c] = line.split(' ')
    if (kind === 'open') {
      longestOpenMs = Math.max(longestOpenMs, Number(c))
      mustHave = Math.max(mustHave, Number(b))
    } else if (kind === 'ack') {
      acked += Number(b) - Number(a) + 1
      mustHave = Math.max(mustHave, Number(b) + 1)
    } else if (kind === 'trytrunc') mustHave = Math.min(mustHave, Number(a))
    else if (kind === 'trunc') mustHave = Number(a)
  }
  const log = await Log.open(dir, { fsync: 'never' })
  try {
    if (log.logEndOffset < mustHave) lost += mustHave - log.logEndOffset
    let next = log.logStartOffset
    try {
      for await (const r of log.reader({ from: 'earliest' })) {
        if (r.offset !== next++ || !recordIsIntact(r)) corrupt++
      }
    } catch {
      corrupt++
    }
  } finally {
    await log.close()
  }
  if ((cycle + 1) % 10 === 0) process.stdout.write(`cycle ${cycle + 1}: acknowledged ${acked}, lost ${lost}, corrupt ${corrupt}\n`)
}
reader.kill('SIGKILL')
await new Promise((r) => reader.once('close', r))
const r = fs.existsSync(readerReport) ? JSON.parse(fs.readFileSync(readerReport, 'utf8')) : { read: 0, corrupt: 0 }
const summary = { cycles, acknowledged: acked, lost, corruptReads: corrupt + r.corrupt, readerRecords: r.read, longestOpenMs }
process.stdout.write(JSON.stringify(summary) + '\n')
fs.rmSync(work, { recursive: true, force: true })
process.exit(lost === 0 && summary.corruptReads === 0 ? 0 : 1)
