// The records of the group bench and what a group member reports about them, shared by the producer
// (group-producer.mjs), the kafkajs members (group-member.mjs) and the in-process members (group-serve.mjs).
//
// A value is params.valueBytes long: the record id (u32), the producer's send time (i64 ns of
// process.hrtime.bigint(): CLOCK_MONOTONIC on Linux, one clock for every process on the machine), then
// the byte id % 251 repeated. A member checks every byte of every value it gets.
//
// A member reports each record it is handed as one event (id, partition, offset, epoch, consume time,
// send time; times in ns since the run's base time) and each (re)join as { epoch, at, partitions }. The
// epoch of a kafkajs member is its count of GROUP_JOIN events; of an in-process member, its generation.

/** The value of record `id`, sent at `sentNs` (a bigint of process.hrtime.bigint()). */
export function encodeValue(id, sentNs, valueBytes) {
  const b = Buffer.alloc(valueBytes, id % 251)
  b.writeUInt32BE(id, 0)
  b.writeBigInt64BE(sentNs, 4)
  return b
}

/** The id and send time of a value, or undefined when any byte of it is not what encodeValue wrote. */
export function decodeValue(b, valueBytes) {
  if (b === null || b.length !== valueBytes) return undefined
  const id = b.readUInt32BE(0)
  const fill = id % 251
  for (let i = 12; i < valueBytes; i++) if (b[i] !== fill) return undefined
  return { id, sentNs: b.readBigInt64BE(4) }
}

/**
 * What one member consumed, buffered and sent to the orchestrator (process.send, advanced serialization)
 * every 50 ms and on flush().
 */
export class Recorder {
  constructor(member, baseNs, valueBytes) {
    this.member = member
    this.baseNs = baseNs
    this.valueBytes = valueBytes
    this.epoch = 0
    this.bad = 0
    this.#reset()
    this.timer = setInterval(() => this.flush(), 50)
  }

  #reset() {
    this.ids = []
    this.partitions = []
    this.offsets = []
    this.epochs = []
    this.at = []
    this.sent = []
  }

  /** A (re)join: the member's epoch is now `epoch`, with these partitions. */
  joined(epoch, partitions) {
    this.epoch = epoch
    process.send({ type: 'join', member: this.member, epoch, at: Number(process.hrtime.bigint() - this.baseNs), partitions })
  }

  /** One record handed to the member. */
  record(partition, offset, value) {
    const now = process.hrtime.bigint()
    const v = decodeValue(value, this.valueBytes)
    if (v === undefined) {
      this.bad++
      return
    }
    this.ids.push(v.id)
    this.partitions.push(partition)
    this.offsets.push(offset)
    this.epochs.push(this.epoch)
    this.at.push(Number(now - this.baseNs))
    this.sent.push(Number(v.sentNs - this.baseNs))
  }

  flush() {
    if (this.ids.length === 0 && this.bad === 0) return
    process.send({
      type: 'events',
      member: this.member,
      bad: this.bad,
      ids: Uint32Array.from(this.ids),
      partitions: Uint8Array.from(this.partitions),
      offsets: Float64Array.from(this.offsets),
      epochs: Int32Array.from(this.epochs),
      at: Float64Array.from(this.at),
      sent: Float64Array.from(this.sent),
    })
    this.bad = 0
    this.#reset()
  }

  stop() {
    clearInterval(this.timer)
    this.flush()
  }
}
