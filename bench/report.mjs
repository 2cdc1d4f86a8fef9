// Medians, the text/markdown tables, and results/latest.{json,md} (+ chart.svg via chart.mjs).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { WORKLOADS, paramsOf } from './workloads.mjs'
import { SUBJECT, CEILING } from './peers/index.mjs'
import { renderChart } from './chart.mjs'

const median = (xs) => {
  if (xs.length === 0) return null
  const s = [...xs].sort((a, b) => a - b),
    m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

export function summarize({ o, samples, unavailable, adapters, started, references = [] }) {
  const cells = {}
  for (const w of o.workloads) {
    cells[w] = {}
    for (const p of o.peers) {
      const runs = samples[w][p]
      const cell = { status: 'ok', runs: runs.map((r) => (r.ok ? r.result : { error: r.error })) }
      cells[w][p] = cell
      if (unavailable[p]) {
        Object.assign(cell, { status: 'unavailable', note: unavailable[p] })
        continue
      }
      if (WORKLOADS[w].durable && adapters[p].durable !== true) {
        Object.assign(cell, { status: 'n/a', note: adapters[p].durable })
        continue
      }
      const good = runs.filter((r) => r.ok && r.result.verify?.ok)
      const failedVerify = runs.find((r) => r.ok && !r.result.verify?.ok)
      const errored = runs.find((r) => !r.ok)
      if (good.length === 0) {
        if (failedVerify) Object.assign(cell, { status: 'verify-failed', note: failedVerify.result.verify.errors.join('; ') })
        else Object.assign(cell, { status: 'error', note: errored ? errored.error.split('\n')[0] : 'no runs' })
        continue
      }
      if (failedVerify || errored)
        cell.note = `${runs.length - good.length} of ${runs.length} runs failed: ${failedVerify ? failedVerify.result.verify.errors.join('; ') : errored.error.split('\n')[0]}`
      const rs = good.map((r) => r.result)
      cell.opsPerSec = median(rs.map((r) => r.records / r.seconds))
      cell.mbPerSec = median(rs.map((r) => r.bytes / r.seconds / 1e6))
      cell.seconds = median(rs.map((r) => r.seconds))
      cell.maxRSSMiB = median(rs.map((r) => r.maxRSSMiB))
      if (rs[0].latencyMs) cell.latencyMs = { p50: median(rs.map((r) => r.latencyMs.p50)), p99: median(rs.map((r) => r.latencyMs.p99)) }
      if (rs[0].loopDelayMs)
        cell.loopDelayMs = { p99: median(rs.map((r) => r.loopDelayMs.p99)), max: median(rs.map((r) => r.loopDelayMs.max)) }
    }
  }
  const ratios = {}
  for (const w of o.workloads) {
    const row = cells[w]
    let best = null
    for (const p of o.peers) {
      if (p === SUBJECT || p === CEILING || row[p].status !== 'ok') continue
      if (!best || row[p].opsPerSec > row[best].opsPerSec) best = p
    }
    const kl = row[SUBJECT]?.status === 'ok' ? row[SUBJECT].opsPerSec : null
    ratios[w] = {
      bestPeer: best,
      vsBest: kl && best ? kl / row[best].opsPerSec : null,
      vsRaw: kl && row[CEILING]?.status === 'ok' ? kl / row[CEILING].opsPerSec : null,
    }
  }
  const cpus = os.cpus()
  return {
    meta: {
      date: started.toISOString(),
      mode: o.quick ? 'quick' : 'full',
      runs: o.runs,
      node: process.version,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      cpu: `${cpus[0]?.model ?? '?'} × ${cpus.length}`,
      memGiB: Math.round(os.totalmem() / 2 ** 30),
      tmpdir: os.tmpdir(),
      peers: o.peers.map((p) => ({ name: p, label: adapters[p].label })),
      workloads: o.workloads.map((w) => ({ name: w, title: WORKLOADS[w].title, params: paramsOf(w, o.quick) })),
    },
    unavailable,
    cells,
    ratios,
    reference: {
      fsyncPerRecordOpsPerSec: median(references.map((r) => r.fsync)),
      fdatasyncPerRecordOpsPerSec: median(references.map((r) => r.fdatasync)),
    },
  }
}

export const fmtNum = (x) =>
  x == null
    ? '–'
    : x >= 1e6
      ? (x / 1e6).toFixed(2) + 'M'
      : x >= 1e4
        ? (x / 1e3).toFixed(0) + 'k'
        : x >= 1e3
          ? (x / 1e3).toFixed(1) + 'k'
          : x >= 10
            ? x.toFixed(0)
            : x.toFixed(1)
const fmtRatio = (x) => (x == null ? '–' : x >= 10 ? x.toFixed(0) + '×' : x >= 0.1 ? x.toFixed(2) + '×' : x.toFixed(3) + '×')
const STATUS = { unavailable: 'unavailable', 'n/a': 'n/a', error: 'error', 'verify-failed': 'WRONG' }

function cellText(cell, field) {
  if (cell.status !== 'ok') return STATUS[cell.status]
  const v = cell[field]
  return field === 'maxRSSMiB' ? v.toFixed(0) : fmtNum(v)
}

function grid(summary, field) {
  const { meta, cells, ratios } = summary
  const head = ['workload', ...meta.peers.map((p) => p.label)]
  const withRatios = field === 'opsPerSec' && meta.peers.some((p) => p.name === SUBJECT)
  if (withRatios) head.push('kl ÷ best peer', 'kl ÷ raw')
  const rows = meta.workloads.map(({ name }) => {
    const row = [name, ...meta.peers.map((p) => cellText(cells[name][p.name], field))]
    if (withRatios) {
      const r = ratios[name]
      row.push(r.vsBest == null ? '–' : `${fmtRatio(r.vsBest)} (${r.bestPeer})`, fmtRatio(r.vsRaw))
    }
    return row
  })
  return { head, rows }
}

function notes(summary) {
  const out = []
  for (const [p, why] of Object.entries(summary.unavailable)) out.push(`${p}: unavailable — ${why}`)
  for (const { name } of summary.meta.workloads) {
    for (const { name: p } of summary.meta.peers) {
      const c = summary.cells[name][p]
      if (c.status === 'unavailable') continue
      if (c.note) out.push(`${name} / ${p}: ${c.status === 'ok' ? '' : c.status + ' — '}${c.note}`)
    }
  }
  const ref = summary.reference
  if (ref.fsyncPerRecordOpsPerSec)
    out.push(
      `reference: one fsync per record (write + fsync, 1 producer, no batching) = ${fmtNum(ref.fsyncPerRecordOpsPerSec)} records/s; with fdatasync = ${fmtNum(ref.fdatasyncPerRecordOpsPerSec)} records/s`,
    )
  return out
}

function textTable({ head, rows }) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

function mdTable({ head, rows }) {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n')
}

export function renderTable(summary) {
  const m = summary.meta
  return [
    `\n@kafka-lite/log bench — ${m.mode}, median of ${m.runs} run(s), ${m.node}, ${m.cpu}`,
    '\nrecords/s (higher is better)',
    textTable(grid(summary, 'opsPerSec')),
    '\nMB/s of values',
    textTable(grid(summary, 'mbPerSec')),
    '\npeak RSS of the measuring process, MiB',
    textTable(grid(summary, 'maxRSSMiB')),
    '',
    ...notes(summary).map((n) => `* ${n}`),
    '',
  ].join('\n')
}

function renderMarkdown(summary) {
  const m = summary.meta
  const params = m.workloads.map(
    (w) =>
      `| ${w.name} | ${w.title} | ${Object.entries(w.params)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')} |`,
  )
  const lat = []
  for (const { name } of m.workloads) {
    for (const p of m.peers) {
      const c = summary.cells[name][p.name]
      if (c.latencyMs && (name.startsWith('durable') || name === 'append-single'))
        lat.push(
          `| ${name} | ${p.label} | ${c.latencyMs.p50.toFixed(3)} | ${c.latencyMs.p99.toFixed(3)} | ${c.loopDelayMs ? `${c.loopDelayMs.p99.toFixed(2)} / ${c.loopDelayMs.max.toFixed(1)}` : 'n/a'} |`,
        )
    }
  }
  return [
    '# @kafka-lite/log benchmark results',
    '',
    `${m.mode} run, median of ${m.runs} run(s) per cell, ${m.date}. Node ${m.node}, ${m.platform}, ${m.cpu}, ${m.memGiB} GiB RAM, temp dirs in ${m.tmpdir}.`,
    'Each (peer, workload, run) ran in a fresh child process; every cell was checked (record count and checksum of all values). Generated by `bench/run.mjs`; see `bench/README.md` for the method.',
    '',
    '![chart](chart.svg)',
    '',
    '## records/s (higher is better)',
    '',
    mdTable(grid(summary, 'opsPerSec')),
    '',
    '## MB/s of values',
    '',
    mdTable(grid(summary, 'mbPerSec')),
    '',
    '## peak RSS of the measuring process (MiB)',
    '',
    mdTable(grid(summary, 'maxRSSMiB')),
    '',
    ...(lat.length
      ? [
          '## append latency (ms per acknowledged append), and how late the event loop ran meanwhile',
          '',
          'Event-loop delay: how late a 1 ms interval fired while the producers ran (p99 / max, ms); a store that syncs on the calling thread blocks the loop for every sync.',
          '',
          '| workload | peer | p50 | p99 | loop delay p99 / max |',
          '| --- | --- | ---: | ---: | ---: |',
          ...lat,
          '',
        ]
      : []),
    '## notes',
    '',
    ...notes(summary).map((n) => `- ${n}`),
    '',
    '## workloads',
    '',
    '| name | what | parameters |',
    '| --- | --- | --- |',
    ...params,
    '',
  ].join('\n')
}

export function writeReports(summary, outDir) {
  fs.mkdirSync(outDir, { recursive: true })
  const put = (name, text) => {
    const f = path.join(outDir, name)
    fs.writeFileSync(f + '.tmp', text)
    fs.renameSync(f + '.tmp', f)
  }
  put('latest.json', JSON.stringify(summary, null, 2) + '\n')
  put('latest.md', renderMarkdown(summary))
  put('chart.svg', renderChart(summary))
}
