// results/chart.svg: grouped bars (one group per workload, one bar per peer), records/s on a log
// scale, value printed on each bar; kafka-lite's ratio to the raw ceiling under each group.
const COLORS = {
  'kafka-lite': '#d62728',
  lmdb: '#1f77b4',
  'better-sqlite3': '#2ca02c',
  'classic-level': '#9467bd',
  'event-storage': '#8c564b',
  hypercore: '#e377c2',
  jsonl: '#bcbd22',
  raw: '#555555',
}
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const short = (x) =>
  x >= 1e6 ? (x / 1e6).toFixed(x >= 1e7 ? 0 : 1) + 'M' : x >= 1e3 ? (x / 1e3).toFixed(x >= 1e4 ? 0 : 1) + 'k' : x.toFixed(0)
const decade = (e) => (e >= 6 ? `${10 ** (e - 6)}M` : e >= 3 ? `${10 ** (e - 3)}k` : `${10 ** e}`)

export function renderChart(summary) {
  const { meta, cells, ratios } = summary
  const peers = meta.peers,
    workloads = meta.workloads
  const values = []
  for (const w of workloads)
    for (const p of peers) {
      const c = cells[w.name][p.name]
      if (c.status === 'ok') values.push(c.opsPerSec)
    }
  const lo = Math.floor(Math.log10(Math.min(...values, 1e3) || 1)),
    hi = Math.ceil(Math.log10(Math.max(...values, 10)))
  const bar = 16,
    gap = 3,
    groupGap = 34
  const groupW = peers.length * (bar + gap) - gap
  const left = 64,
    top = 70,
    plotH = 360,
    right = 20
  const width = Math.max(640, left + workloads.length * (groupW + groupGap) + right)
  const height = top + plotH + 78
  const y = (v) => top + plotH - ((Math.log10(v) - lo) / (hi - lo)) * plotH
  const out = []
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="11">`,
  )
  out.push(`<rect width="100%" height="100%" fill="#fff"/>`)
  out.push(
    `<text x="${left}" y="20" font-size="15" font-weight="bold">@kafka-lite/log vs peers — records/s (log scale, higher is better)</text>`,
  )
  out.push(
    `<text x="${left}" y="36" fill="#555">${esc(`${meta.mode} run, median of ${meta.runs}, ${meta.node}, ${meta.cpu}, ${meta.date.slice(0, 10)}`)}</text>`,
  )
  // legend
  let lx = left
  for (const p of peers) {
    const label = p.label + (summary.unavailable[p.name] ? ' (unavailable)' : '')
    out.push(
      `<rect x="${lx}" y="46" width="11" height="11" fill="${COLORS[p.name] ?? '#999'}"/><text x="${lx + 15}" y="55.5">${esc(label)}</text>`,
    )
    lx += 22 + label.length * 6.2
  }
  // grid
  for (let e = lo; e <= hi; e++) {
    const gy = y(10 ** e)
    out.push(
      `<line x1="${left}" x2="${width - right}" y1="${gy}" y2="${gy}" stroke="#ddd"/><text x="${left - 6}" y="${gy + 4}" text-anchor="end" fill="#555">${decade(e)}</text>`,
    )
  }
  out.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}" stroke="#888"/>`)
  // bars
  workloads.forEach((w, gi) => {
    const gx = left + 14 + gi * (groupW + groupGap)
    peers.forEach((p, pi) => {
      const c = cells[w.name][p.name],
        x = gx + pi * (bar + gap)
      if (c.status !== 'ok') {
        const mark = c.status === 'n/a' ? 'n/a' : c.status === 'unavailable' ? '' : '!'
        if (mark)
          out.push(
            `<text x="${x + bar / 2}" y="${top + plotH - 4}" text-anchor="middle" font-size="9" fill="#999" transform="rotate(-90 ${x + bar / 2} ${top + plotH - 4})" dx="10">${mark}</text>`,
          )
        return
      }
      const by = y(c.opsPerSec)
      out.push(
        `<rect x="${x}" y="${by.toFixed(1)}" width="${bar}" height="${(top + plotH - by).toFixed(1)}" fill="${COLORS[p.name] ?? '#999'}"><title>${esc(`${p.label} · ${w.name}: ${Math.round(c.opsPerSec).toLocaleString('en-US')} records/s, ${c.mbPerSec.toFixed(1)} MB/s`)}</title></rect>`,
      )
      const tx = x + bar / 2 + 3.5,
        ty = by - 3
      out.push(`<text x="${tx}" y="${ty}" font-size="9" transform="rotate(-90 ${tx} ${ty})">${short(c.opsPerSec)}</text>`)
    })
    const cx = gx + groupW / 2
    out.push(`<text x="${cx}" y="${top + plotH + 16}" text-anchor="middle" font-weight="bold">${esc(w.name)}</text>`)
    const r = ratios[w.name]
    if (r?.vsRaw != null)
      out.push(`<text x="${cx}" y="${top + plotH + 30}" text-anchor="middle" fill="#d62728">kl = ${r.vsRaw.toFixed(2)}× raw</text>`)
    if (r?.vsBest != null)
      out.push(`<text x="${cx}" y="${top + plotH + 43}" text-anchor="middle" fill="#d62728">${r.vsBest.toFixed(2)}× best peer</text>`)
  })
  out.push(
    `<text x="${left}" y="${height - 8}" fill="#777" font-size="10">n/a = no durable mode; ! = error or failed verification; see latest.md. Bars: median records/s; hover for MB/s.</text>`,
  )
  out.push('</svg>')
  return out.join('\n') + '\n'
}
