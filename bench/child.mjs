// One (peer, workload, phase) in a fresh process. Started by run.mjs with fork(); argv[2] is JSON
// { peer, workload, phase, params, dir }. Sends one message { ok, result | error } and exits.
// phase 'probe' only loads the peer's package; phase 'reference' measures write+fsync per record.
import { loadAdapter } from './peers/index.mjs'
import { runWorkload, fsyncReference } from './workloads.mjs'

const job = JSON.parse(process.argv[2])

async function main() {
  if (job.phase === 'reference') return { ok: true, result: await fsyncReference(job.dir, job.params.records, job.params.size) }
  const adapter = await loadAdapter(job.peer)
  try {
    await adapter.load()
  } catch (e) {
    return { ok: false, unavailable: true, error: String(e?.message ?? e).split('\n')[0] }
  }
  if (job.phase === 'probe') return { ok: true }
  const open = (durable) => adapter.open(job.dir, { durable })
  const result = await runWorkload(job.workload, job.params, open, job.phase)
  result.maxRSSMiB ??= process.resourceUsage().maxRSS / 1024
  return { ok: true, result }
}

main().then(
  (msg) => process.send(msg, () => process.exit(0)),
  (e) => process.send({ ok: false, error: String(e?.stack ?? e) }, () => process.exit(1)),
)
