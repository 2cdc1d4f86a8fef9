// starved-followers child, run under a low `ulimit -n`: followers in read-only views of a log that
// the test's process writes. Counts the EMFILE failures of the library's fs calls (fs is patched:
// the library calls it through the module's default export).
// argv: <entry> <dir> <views> <total> <mode> <report> <ready> <appended>
//   mode 'release': once the follow-up appends are published and every view has failed at least
//     once for lack of a descriptor, frees the descriptors it hoarded; followers must deliver all.
//   mode 'hold': never frees them; followers must end with KLOG_IO (cause EMFILE), never raw.
//   mode 'many': no hoarding (the views alone exhaust the limit); each follower delivers all or
//     ends with KLOG_IO (its reader or its iteration), never with a raw error.
// Writes the report with synchronous writes.
import fs from 'node:fs'

const [entry, dir, viewsArg, totalArg, mode, reportPath, readyPath, appendedPath] = process.argv.slice(2)
const views = Number(viewsArg)
const total = Number(totalArg)
let emfiles = 0
for (const name of ['openSync', 'readdirSync', 'statSync', 'fstatSync']) {
  const original = fs[name]
  fs[name] = function (...args) {
    try {
      return original.apply(this, args)
    } catch (err) {
      if (err?.code === 'EMFILE') emfiles++
      throw err
    }
  }
}
const { Log, LogError } = await import(entry)
const turn = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms))

const delivered = new Array(views).fill(0)
const outcomes = []
const followers = []
const opened = []
for (let i = 0; i < views; i++) {
  followers.push(
    (async () => {
      try {
        const view = await Log.open(dir, { readOnly: true })
        opened.push(view)
        for await (const r of view.reader({ from: 0, follow: true })) {
          if (r.offset !== delivered[i] || r.value.toString() !== `v${r.offset}`.padEnd(600, '.')) {
            throw new Error(`follower ${i}: offset ${r.offset} (${r.value.subarray(0, 8)}) where ${delivered[i]} was due`)
          }
          if (++delivered[i] === total) break
        }
        return 'delivered'
      } catch (err) {
        return err instanceof LogError ? `LogError:${err.code}:${err.cause?.code ?? ''}` : `raw:${err?.code ?? err?.message}`
      }
    })().then((o) => outcomes.push(o)),
  )
}

const hoard = []
if (mode !== 'many') {
  // Every follower has its first record: its view has its files open.
  while (delivered.some((n) => n === 0) && outcomes.length === 0) await turn()
  for (;;) {
    try {
      hoard.push(fs.openSync('/dev/null', 'r'))
    } catch {
      break
    }
  }
  fs.closeSync(hoard.pop())
  fs.writeFileSync(readyPath, 'ready')
  try {
    hoard.push(fs.openSync('/dev/null', 'r'))
  } catch {}
  emfiles = 0
  if (mode === 'release') {
    while (!fs.existsSync(appendedPath) || emfiles < views) await turn()
    for (const fd of hoard.splice(0)) fs.closeSync(fd)
  }
} else {
  fs.writeFileSync(readyPath, 'ready')
}
await Promise.all(followers)
const emfilesSeen = emfiles
for (const fd of hoard.splice(0)) fs.closeSync(fd)
// The views' open segments may hold every descriptor left: close them before writing the report.
for (const view of opened) await view.close()
const counts = {}
for (const o of outcomes) counts[o] = (counts[o] ?? 0) + 1
fs.writeFileSync(
  reportPath,
  JSON.stringify({
    views,
    total,
    mode,
    outcomes: counts,
    emfiles: emfilesSeen,
    fullyDelivered: delivered.filter((n) => n === total).length,
  }),
)
process.exit(0)
