// A compacted log read as a table: the latest price per product, materialised by `log.table()` and
// kept current while a writer goes on appending; a tombstone removes a product; compaction rewrites
// the segments underneath and the table does not change; a table built after reopening is the same.
// Run with `npx tsx examples/table.ts`.
import fs from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Log } from '../src/index.js'

interface Price {
  sku: string
  cents: number
}

const options = { cleanupPolicy: 'compact', segmentBytes: 1024, valueEncoding: 'json', keyEncoding: 'utf8' } as const

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(tmpdir(), 'kafka-lite-table-'))
  try {
    {
      await using log = await Log.open<Price, string>(dir, options)
      const writer = await log.writer()
      await using prices = await log.table()
      for (let round = 1; round <= 20; round++) {
        await writer.append(['tea', 'cake', 'jam'].map((sku) => ({ key: sku, value: { sku, cents: 100 * round } })))
      }
      await writer.append({ key: 'jam', value: null }) // jam is no longer sold
      await prices.catchUp() // the table has seen every append above
      console.log('prices:', [...prices].map((r) => `${r.key}=${r.value?.cents}`).join(' '))
      console.log('jam listed:', prices.has('jam'))
      const report = await writer.compact()
      console.log('compaction removed', report?.recordsRemoved, 'records; table size still', prices.size)
    }
    // After a restart: a new table scanned from the compacted log.
    await using log = await Log.open<Price, string>(dir, options)
    await using prices = await log.table()
    console.log('after reopen: tea =', prices.get('tea')?.value?.cents, 'size', prices.size)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

void main()
