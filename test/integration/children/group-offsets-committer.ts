// Group-offsets child (run with `node --import tsx`): opens the group offset store of <dir> and, for
// commit n = first..first+count-1 (first: 1 + the n of the group's last stored commit, kept as the
// group record's generation), commits offset n for a rotating subset of partitions of group <group> (the
// partitions p with (n + p) % 3 !== 0, of four), every `deleteEvery`-th time instead deleting the
// group's offsets. Before each change it reports `try <n>`, after it `ok <n>`, with synchronous
// writes to the report file, so a SIGKILL loses no line. The crash seam
// (KAFKA_LITE_CRASH_AT=group-offsets:<step>[:<n>]) may kill it mid-write.
// argv: <dir> <group> <count> <report> <deleteEvery (0: never)>
import fs from 'node:fs'
import { GroupOffsetStore } from '../../../src/broker/group/offsets.js'

const [dir, group, count, report, deleteEvery] = process.argv.slice(2)
const fd = fs.openSync(report!, 'a')
const out = (line: string): void => void fs.writeSync(fd, line + '\n')
const store = await GroupOffsetStore.open(dir!)
const first = (store.record(group!)?.generationId ?? 0) + 1
out(`open ${first}`)
const every = Number(deleteEvery)
for (let n = first; n < first + Number(count); n++) {
  out(`try ${n}`)
  if (every > 0 && n % every === 0) {
    await store.deleteGroup(group!)
  } else {
    const entries = [0, 1, 2, 3]
      .filter((p) => (n + p) % 3 !== 0)
      .map((partition) => ({
        topic: 'orders',
        partition,
        value: { offset: BigInt(n), leaderEpoch: -1, metadata: `n=${n}`, commitTimestamp: Date.now(), expireTimestamp: null },
      }))
    await store.commit(group!, { protocolType: 'consumer', generationId: n, emptySince: null }, entries)
  }
  out(`ok ${n}`)
}
out('done')
await store.close()
fs.closeSync(fd)
