/**
 * The layering of src/, checked by `npm run lint` (dependency-cruiser): every folder is a layer and
 * imports only the layers listed before it (docs/design.md has the diagram). A file directly in src/
 * is a layer of its own. Type-only imports count: a type cycle is a cycle.
 */
const LAYERS = [
  ['base', 'errors, events and report types, metrics, argument checks, options'],
  ['io', 'files, atomic small files, mapped-file, lock, file names, crash points'],
  ['codec', "Kafka's compression codecs behind one registry"],
  ['format', 'RecordBatch v2 bytes: varint, crc32c, record, batch encode/check/decode, header walk'],
  ['protocol', "Kafka's wire protocol: generated message codecs and framing (pure bytes)"],
  ['segment', 'one segment and its indexes, the segment list, the batch walk, checkpoint files'],
  ['publish', 'the published snapshot, state file, waits, and read-only views'],
  ['cleaner', 'compaction: one round and the swap'],
  ['storage', "the writer's log: owner, loader, recovery, append pipeline"],
  ['read', 'point reads and the reader engine'],
  ['writer.ts', 'LogWriter'],
  ['stream.ts', 'Node streams over readers and writers'],
  ['reader.ts', 'LogReader'],
  ['consumer', 'durable consumer positions'],
  ['table', 'log.table(): the latest record per key, kept current'],
  ['log', 'the parts of Log: its owner or view and the writer hand-out, its readers and waits'],
  ['log.ts', 'Log'],
  ['index.ts', 'the public entry point'],
  ['inspect', 'read-only dump / verify / stats'],
  ['mirror', 'mirrorToKafka'],
  ['broker', 'topics, partitions, the Kafka broker'],
  ['cli', 'the kafka-lite-log command'],
]
const esc = (s) => s.replace(/[.]/g, '\\.')
const pathOf = (layer) => (layer.endsWith('.ts') ? `^src/${esc(layer)}$` : `^src/${layer}/`)
const PURE = ['format', 'codec', 'protocol']

module.exports = {
  forbidden: [
    ...LAYERS.map(([layer, what], i) => ({
      name: `layer-${layer.replace(/\.ts$/, '')}`,
      comment: `${layer} (${what}) may import only the layers below it: ${
        LAYERS.slice(0, i)
          .map(([l]) => l)
          .join(', ') || 'none'
      }`,
      severity: 'error',
      from: { path: pathOf(layer) },
      to: { path: '^src/', pathNot: [pathOf(layer), ...LAYERS.slice(0, i).map(([l]) => pathOf(l))] },
    })),
    {
      name: 'no-circular',
      comment: 'no import cycle at any level, type-only imports included',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'pure-bytes',
      comment: `${PURE.join(', ')} are pure byte logic (the property-test targets): no file or socket I/O`,
      severity: 'error',
      from: { path: `^src/(${PURE.join('|')})/` },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|net|child_process|worker_threads)$' },
    },
    {
      name: 'one-addon-loader',
      comment: 'the native addon is loaded by base/native-addon.ts alone',
      severity: 'error',
      from: { pathNot: '^src/base/native-addon\\.ts$' },
      to: { path: 'native/|mmap', pathNot: '^src/(base/native-addon|io/mapped-file)\\.ts$' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
  },
}
