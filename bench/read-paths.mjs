#!/usr/bin/env node
// The read paths of @kafka-lite/log alone, one per process, for before/after comparisons of one
// change (two builds side by side: `--dist` picks the build). Whole-process timers (/usr/bin/time -v,
// hyperfine) compare two builds on one populated directory; the in-process rate it prints is only a
// hint on a loaded machine.
//
//   node read-paths.mjs populate DIR [--records 600000] [--batch 64] [--size 180]
//   node read-paths.mjs sync|async|iterate|chunks|first DIR [--reads 100000] [--dist ../dist/index.js]
//
// sync: log.getSync at uniformly random offsets; async: await log.get; iterate: `for await` over a
// reader from offset 0; chunks: reader.read({ maxBytes: 1 MiB }) from offset 0; first: a new reader
// at a random offset and its first record, `--reads` times. Every mode checks what it read (the id in
// each value's first 4 bytes, see data.mjs) and exits 1 when it is wrong.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { idOf, makeBatch, rng } from './data.mjs'

const args = process.argv.slice(2)
const opt = (name, fallback) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : fallback
}
const [mode, dir] = args
const dist = path.resolve(opt('--dist', new URL('../dist/index.js', import.meta.url).pathname))
const { Log } = await import(pathToFileURL(dist).href)
const reads = Number(opt('--reads', 100_000))

if (mode === 'populate') {
  const records = Number(opt('--records', 600_000))
  const batch = Number(opt('--batch', 64))
  const size = Number(opt('--size', 180))
  const log = await Log.open(dir, { fsync: 'never' })
  const w = await log.writer()
  for (let i = 0; i < records; i += batch) await w.append(makeBatch(i, Math.min(batch, records - i), size).map((value) => ({ value })))
  await w.close()
  await log.close()
  process.exit(0)
}

const log = await Log.open(dir, { fsync: 'never' })
const total = log.highWatermark
const rand = rng(0xc0ffee)
let wrong = 0
let count = 0
const t0 = performance.now()
if (mode === 'sync' || mode === 'async') {
  for (let i = 0; i < reads; i++) {
    const offset = Math.floor(rand() * total)
    const r = mode === 'sync' ? log.getSync(offset) : await log.get(offset)
    if (idOf(r.value) !== offset) wrong++
    count++
  }
} else if (mode === 'iterate' || mode === 'chunks') {
  const reader = log.reader({ from: 0 })
  if (mode === 'iterate') {
    for await (const r of reader) {
      if (idOf(r.value) !== count) wrong++
      if (++count === total) break
    }
  } else {
    while (count < total) {
      const rs = await reader.read({ maxBytes: 1 << 20 })
      for (const r of rs) if (idOf(r.value) !== count++) wrong++
    }
  }
  await reader.close()
} else if (mode === 'first') {
  for (let i = 0; i < reads; i++) {
    const offset = Math.floor(rand() * total)
    const reader = log.reader({ from: offset })
    for await (const r of reader) {
      if (idOf(r.value) !== offset) wrong++
      break
    }
    await reader.close()
    count++
  }
} else {
  console.error('usage: node read-paths.mjs populate|sync|async|iterate|chunks|first DIR [options]')
  process.exit(2)
}
const seconds = (performance.now() - t0) / 1000
await log.close()
console.log(`${mode}: ${count} records, ${Math.round(count / seconds)} records/s${wrong > 0 ? `, ${wrong} WRONG` : ''}`)
process.exit(wrong > 0 ? 1 : 0)
