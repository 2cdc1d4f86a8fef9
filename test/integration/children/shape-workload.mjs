// Records and checks for the shape-change stress test (shape-stress.test.ts). A record's value names
// the history it was written in: `<epoch>:<offset>:` followed by filler whose length is a function of
// (epoch, offset). `epoch` counts the writer's truncations so far, so a record read from a history
// that a truncation removed is told apart from the record now at that offset.
//
// A follower reads with onOutOfRange 'error'; when its position is cut (truncation below it) or
// removed (retention), it writes a reset marker and seeks to the log start. Between resets, what it
// delivered must be one contiguous slice of the log as it was at some moment: offsets step by one,
// and of two neighbours (o, e1) and (o + 1, e2), the first must have survived every truncation
// between e1 and e2 (o < that truncation's new log end), which is checked afterwards against the
// writer's list of truncations (`checkRuns`).

/**
 * The value of the record at `offset` written in truncation epoch `epoch`. Every value has the same
 * length, so single-record appends make equal batches and segments roll at the same offsets in
 * every history: a truncation followed by a refill recreates segments at base offsets the old
 * history used (the case where a view could keep serving the deleted file).
 */
export function valueOf(epoch, offset) {
  const head = `${String(epoch).padStart(5, '0')}:${String(offset).padStart(10, '0')}:`
  const fill = ((Math.imul(offset + 1, 0x9e3779b1) ^ Math.imul(epoch + 1, 0x85ebca6b)) >>> 0).toString(36).padStart(8, '0')
  return Buffer.from(head + fill.repeat(10))
}

/** Parses a value; `undefined` when it is not one of ours (or its filler is wrong). */
export function parseValue(buf) {
  if (buf === null) return undefined
  const s = buf.toString('latin1')
  const m = /^(\d+):(\d+):/.exec(s)
  if (m === null) return undefined
  const epoch = Number(m[1])
  const offset = Number(m[2])
  return valueOf(epoch, offset).equals(buf) ? { epoch, offset } : undefined
}

/** True when `last` ([offset, epoch]) is the final record `target` ({ end, epoch }) names. */
export function reached(last, target) {
  return target !== undefined && last !== undefined && last[0] === target.end - 1 && last[1] === target.epoch
}

/**
 * Follows `log` from 0 until it has delivered the record at `end - 1` of epoch `epoch`
 * (`stopAt()` returns `{ end, epoch }` once known; a caller that learns it while the follower waits
 * aborts `signal` when `reached(state.last, target)`). Returns `{ runs, errors, delivered }`: runs
 * are arrays of [offset, epoch] pairs between resets.
 */
export async function follow(log, { stopAt, signal, state = {} }) {
  const runs = [[]]
  const errors = []
  let delivered = 0
  const reader = log.reader({ from: 0, follow: true, signal, onOutOfRange: 'error' })
  try {
    for (;;) {
      try {
        for await (const r of reader) {
          delivered++
          const v = parseValue(r.value)
          if (v === undefined || v.offset !== r.offset) {
            errors.push(`record ${r.offset} has value ${r.value?.toString('latin1').slice(0, 40)}`)
            return { runs, errors, delivered }
          }
          // The high watermark read after a record is above it, unless a truncation cut the record
          // since: noted with the record and checked against the truncations afterwards.
          const hw = log.highWatermark
          runs[runs.length - 1].push(hw > r.offset ? [r.offset, v.epoch] : [r.offset, v.epoch, hw])
          state.last = [r.offset, v.epoch]
          if (reached(state.last, stopAt())) return { runs, errors, delivered }
        }
        errors.push('a follower ended without being stopped')
        return { runs, errors, delivered }
      } catch (err) {
        if (err?.code !== 'KLOG_OFFSET_OUT_OF_RANGE') throw err
        runs.push([])
        reader.seek(log.logStartOffset)
      }
    }
  } catch (err) {
    if (err?.name !== 'AbortError' || !reached(state.last, stopAt())) {
      errors.push(`reader failed: ${err?.stack ?? err?.message ?? err}`)
    }
    return { runs, errors, delivered }
  } finally {
    await reader.close()
  }
}

/**
 * Checks a follower's runs ([offset, epoch] or [offset, epoch, highWatermark seen after it]) against the writer's truncations (`cuts[k]` = the log end left by the
 * truncation that started epoch k + 1). Returns a list of problems (empty when all is well).
 */
export function checkRuns(runs, cuts) {
  const problems = []
  for (const run of runs) {
    for (const [o, e, hw] of run) {
      // Delivered, then the high watermark was at or below it: a later truncation must have cut it.
      if (hw !== undefined && !cuts.slice(e).some((cut) => cut <= o)) {
        problems.push(`offset ${o} of epoch ${e} was delivered at or above the high watermark ${hw}`)
      }
    }
    for (let i = 1; i < run.length; i++) {
      const [o1, e1] = run[i - 1]
      const [o2, e2] = run[i]
      if (o2 !== o1 + 1) {
        problems.push(`offset ${o2} after ${o1} without a reset`)
        break
      }
      if (e2 < e1) {
        problems.push(`offset ${o2} of epoch ${e2} after offset ${o1} of epoch ${e1}`)
        break
      }
      for (let k = e1; k < e2; k++) {
        if (!(o1 < cuts[k])) {
          problems.push(
            `offset ${o1} of epoch ${e1} was cut by truncation ${k + 1} (to ${cuts[k]}) before offset ${o2} of epoch ${e2} was written`,
          )
          break
        }
      }
      if (problems.length > 0) break
    }
  }
  return problems
}
