#!/usr/bin/env node
// Where the time goes: runs one workload for one peer in this process under V8's CPU profiler and
// prints the functions with the most self time (and writes the .cpuprofile for Chrome DevTools).
//
//   node profile.mjs <workload> [--peer kafka-lite] [--quick] [--top 25] [--out FILE]
//
// Only the measured phase is profiled (scan and random-read populate their data first, unprofiled).
// Uses ../dist like run.mjs: build first (`npm --prefix .. run build`).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Session } from 'node:inspector/promises'
import { loadAdapter } from './peers/index.mjs'
import { WORKLOADS, paramsOf, runWorkload } from './workloads.mjs'

const args = process.argv.slice(2)
const opt = (name, fallback) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : fallback
}
const workload = args[0]
if (!WORKLOADS[workload]) {
  console.error(`usage: node profile.mjs <${Object.keys(WORKLOADS).join('|')}> [--peer P] [--quick] [--top N] [--out FILE]`)
  process.exit(2)
}
const peer = opt('--peer', 'kafka-lite')
const top = Number(opt('--top', 25))
const out = opt('--out', path.join(os.tmpdir(), `${peer}-${workload}.cpuprofile`))
const params = paramsOf(workload, args.includes('--quick'))

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klprofile-'))
const adapter = await loadAdapter(peer)
await adapter.load()
const open = (durable) => adapter.open(dir, { durable })
try {
  const populate = WORKLOADS[workload].populate
  if (populate) await runWorkload(populate, params, open, 'populate')
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 100 })
  await session.post('Profiler.start')
  const result = await runWorkload(workload, params, open, 'measure')
  const { profile } = await session.post('Profiler.stop')
  fs.writeFileSync(out, JSON.stringify(profile))

  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map()
  let total = 0
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame
    const key = `${f.functionName || '(anonymous)'}  ${f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}` : ''}`
    const dt = profile.timeDeltas[i] ?? 0
    self.set(key, (self.get(key) ?? 0) + dt)
    total += dt
  })
  const records = result.records
  console.log(
    `${peer} ${workload}: ${Math.round(records / result.seconds).toLocaleString('en')} records/s, ` +
      `${result.verify?.ok === false ? 'WRONG' : 'verified'}; profile ${(total / 1000).toFixed(0)} ms (workload and its verification)`,
  )
  console.log('   self ms   µs/record  function')
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(us / 1000).toFixed(1).padStart(10)}  ${(us / records).toFixed(3).padStart(10)}  ${key}`)
  }
  console.log(`full profile: ${out} (open in Chrome DevTools → Performance)`)
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
