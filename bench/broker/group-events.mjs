// What groups.mjs gathers from the members of one case (group-records.mjs's events and joins), the
// checks that keep a broken run out of the report, and the figures.
//
// Checks (check()): no value with a wrong byte; every id produced consumed; each id always at the same
// (partition, offset), in partition id % partitions; per partition the offsets consumed are exactly
// 0 .. high watermark - 1 (nothing lost, nothing extra); each member's offsets of a partition increase
// within one epoch; and a record consumed twice is a redelivery after a rebalance: each delivery after
// its earliest is by a member epoch that began after the delivery before it in time (records handed out
// and not yet committed when their partition moved), never within one epoch.

export class GroupEvents {
  constructor() {
    this.id = []
    this.partition = []
    this.offset = []
    this.member = []
    this.epoch = []
    this.at = []
    this.sent = []
    this.bad = 0
    /** `${member}:${epoch}` → the time (ns since base) the member reported that (re)join. */
    this.joins = new Map()
    /** id → index of its first delivery. */
    this.first = []
    this.unique = 0
    this.errors = []
    /** `${member}:${epoch}:${partition}` → last offset delivered. */
    this.lastOffset = new Map()
  }

  /** A message from a member: { type: 'events' | 'join', ... }. */
  add(m) {
    if (m.type === 'join') {
      const key = `${m.member}:${m.epoch}`
      if (!this.joins.has(key)) this.joins.set(key, m.at)
      return
    }
    this.bad += m.bad
    for (let i = 0; i < m.ids.length; i++) {
      const k = this.id.length
      const id = m.ids[i]
      this.id.push(id)
      this.partition.push(m.partitions[i])
      this.offset.push(m.offsets[i])
      this.member.push(m.member)
      this.epoch.push(m.epochs[i])
      this.at.push(m.at[i])
      this.sent.push(m.sent[i])
      // Members report in batches, each on its own timer: the earliest delivery may arrive last.
      if (this.first[id] === undefined) {
        this.first[id] = k
        this.unique++
      } else if (m.at[i] < this.at[this.first[id]]) this.first[id] = k
      const po = `${m.member}:${m.epochs[i]}:${m.partitions[i]}`
      const last = this.lastOffset.get(po)
      if (last !== undefined && m.offsets[i] <= last) {
        this.error(`member ${m.member} (epoch ${m.epochs[i]}) got offset ${m.offsets[i]} of partition ${m.partitions[i]} after ${last}`)
      }
      this.lastOffset.set(po, m.offsets[i])
    }
  }

  error(message) {
    if (this.errors.length < 20) this.errors.push(message)
  }

  joinAt(member, epoch) {
    return this.joins.get(`${member}:${epoch}`)
  }

  /**
   * When every partition had a record consumed by a member epoch that began after `t0`, from the events
   * at index `fromIndex` on: the time (ns since base), or undefined while some partition has none yet.
   */
  allConsumingSince(t0, fromIndex, partitions) {
    const firstAt = new Array(partitions).fill(Infinity)
    for (let k = fromIndex; k < this.id.length; k++) {
      if (this.at[k] <= t0) continue
      const joined = this.joinAt(this.member[k], this.epoch[k])
      if (joined === undefined || joined <= t0) continue
      const p = this.partition[k]
      if (this.at[k] < firstAt[p]) firstAt[p] = this.at[k]
    }
    const t = Math.max(...firstAt)
    return t === Infinity ? undefined : t
  }

  /** p50, p99 and max of produce-to-consume latency (ms) over the first deliveries of ids from..to-1. */
  latency(from, to) {
    const xs = new Float64Array(to - from)
    for (let id = from; id < to; id++) {
      const k = this.first[id]
      xs[id - from] = (this.at[k] - this.sent[k]) / 1e6
    }
    xs.sort()
    const q = (p) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]
    return { p50Ms: q(0.5), p99Ms: q(0.99), maxMs: xs[xs.length - 1] }
  }

  /** The last first-delivery time of ids from..to-1 (ns since base). */
  lastConsumed(from, to) {
    let t = -Infinity
    for (let id = from; id < to; id++) t = Math.max(t, this.at[this.first[id]])
    return t
  }

  /**
   * The checks (see the module comment) over ids 0..total-1 and the partitions' high watermarks.
   * Returns { ok, errors, deliveries, duplicates, redeliveries }.
   */
  check(total, highWatermarks) {
    const partitions = highWatermarks.length
    if (this.bad > 0) this.error(`${this.bad} values with a wrong byte`)
    let missing = 0
    for (let id = 0; id < total; id++) if (this.first[id] === undefined) missing++
    if (missing > 0) this.error(`${missing} of ${total} records never consumed`)
    if (this.first.length > total) this.error(`ids up to ${this.first.length - 1} consumed, only ${total} produced`)
    const offsets = Array.from({ length: partitions }, () => new Set())
    let duplicates = 0
    /** id → the indexes of its deliveries, for the ids delivered more than once. */
    const again = new Map()
    for (let k = 0; k < this.id.length; k++) {
      const id = this.id[k]
      const p = this.partition[k]
      const f = this.first[id]
      if (p !== id % partitions) this.error(`record ${id} in partition ${p}, sent to ${id % partitions}`)
      if (this.offset[k] < 0 || this.offset[k] >= highWatermarks[p]) {
        this.error(`partition ${p}: offset ${this.offset[k]} consumed, high watermark ${highWatermarks[p]}`)
      }
      offsets[p].add(this.offset[k])
      if (f === k) continue
      duplicates++
      if (this.partition[f] !== p || this.offset[f] !== this.offset[k]) {
        this.error(`record ${id} at ${this.partition[f]}/${this.offset[f]} and at ${p}/${this.offset[k]} (sent twice?)`)
      }
      if (!again.has(id)) again.set(id, [f])
      again.get(id).push(k)
    }
    // Each delivery after the earliest: by a member epoch that began after the delivery before it.
    for (const [id, ks] of again) {
      ks.sort((a, b) => this.at[a] - this.at[b])
      for (let n = 1; n < ks.length; n++) {
        const k = ks[n]
        const joined = this.joinAt(this.member[k], this.epoch[k])
        if (joined === undefined || !(joined > this.at[ks[n - 1]])) {
          this.error(
            `record ${id} (${this.partition[k]}/${this.offset[k]}) delivered again by member ${this.member[k]} in an epoch that began ` +
              `before its delivery by member ${this.member[ks[n - 1]]}`,
          )
        }
      }
    }
    for (let p = 0; p < partitions; p++) {
      const ids = Math.floor(total / partitions) + (p < total % partitions ? 1 : 0)
      if (offsets[p].size !== highWatermarks[p] || ids !== highWatermarks[p]) {
        this.error(
          `partition ${p}: ${offsets[p].size} distinct offsets consumed, high watermark ${highWatermarks[p]}, ${ids} records sent to it`,
        )
      }
    }
    for (let k = 0; k < this.id.length; k++) {
      if (this.at[k] < this.sent[k]) {
        this.error(`record ${this.id[k]} consumed before it was sent (clock?)`)
        break
      }
    }
    return { ok: this.errors.length === 0, errors: this.errors, deliveries: this.id.length, duplicates }
  }
}
