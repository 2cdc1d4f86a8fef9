// hypercore 10: one core in the temp directory (random-access-file storage), append(array) per
// batch, scan with createReadStream(), random reads with get(i). Hypercore has no option to fsync
// before an append resolves, so it sits out the durable workloads.
let Hypercore

export default {
  name: 'hypercore',
  label: 'hypercore',
  durable: 'no fsync-before-ack mode',
  async load() {
    Hypercore = (await import('hypercore')).default
  },
  async open(dir) {
    const core = new Hypercore(dir)
    await core.ready()
    return {
      append(values) {
        return core.append(values)
      },
      async scan(visit) {
        for await (const block of core.createReadStream()) visit(block)
      },
      get(offset) {
        return core.get(offset)
      },
      close() {
        return core.close()
      },
    }
  },
}
