// The peers, in table order. Each module's default export is an adapter:
//
//   {
//     name, label,                 // CLI name and table column
//     durable: true | string,      // true, or why it has no durable (fsync-before-ack) mode
//     async load(),                // imports the package; throws when it is not installed / loadable
//     async open(dir, { durable }) // -> store (dir exists and is empty, or holds what this adapter wrote)
//   }
//   store.append(values: Buffer[]) -> Promise|void   one batch, resolved once acknowledged
//   store.scan(visit: (value: Buffer) => void)       every value from offset 0, in offset order
//   store.get(offset) -> Promise<Buffer>             or store.getSync(offset) -> Buffer
//   store.close() -> Promise|void
//
// Every adapter is used the fastest correct way its package's docs show; see bench/README.md.
export const PEERS = ['kafka-lite', 'lmdb', 'better-sqlite3', 'classic-level', 'event-storage', 'hypercore', 'jsonl', 'raw']

/** Peers that are not compared against as "the fastest peer". */
export const SUBJECT = 'kafka-lite'
export const CEILING = 'raw'

export async function loadAdapter(name) {
  if (!PEERS.includes(name)) throw new Error(`unknown peer ${name} (known: ${PEERS.join(', ')})`)
  return (await import(`./${name}.mjs`)).default
}
