// Re-vendors Kafka's message definitions (`common/message/*.json`) into vendor/kafka-messages/.
//
// The source is one pinned artifact from Maven Central, `org.apache.kafka:kafka-clients`, resolved by
// Maven into the local repository (~/.m2) and checked against the sha256 below before anything is
// extracted. The JSON files are copied byte for byte (Kafka's `//` comments kept: the generator strips
// them when it parses), with the jar's LICENSE and NOTICE, and README.md is rewritten to name the
// artifact, its version, its sha256 and the file count.
//
// Usage: `node scripts/protocol/vendor.mjs` (needs `mvn` on the PATH). To move to another Kafka
// version, change VERSION and SHA256 together, run it, then `npm run gen:protocol` and the tests.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { inflateRawSync } from 'node:zlib'

const GROUP = 'org.apache.kafka'
const ARTIFACT = 'kafka-clients'
const VERSION = '4.0.2'
const SHA256 = '902bf4749ad601b7f272a0f3385a781f44750121a54abe52b7495be4de8f977f'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const OUT = path.join(ROOT, 'vendor', 'kafka-messages')

/** Resolves the jar through Maven into a temporary directory and returns its path. */
function resolveJar() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-messages-'))
  execFileSync('mvn', ['-q', '-B', 'dependency:copy', `-Dartifact=${GROUP}:${ARTIFACT}:${VERSION}`, `-DoutputDirectory=${dir}`], {
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  return path.join(dir, `${ARTIFACT}-${VERSION}.jar`)
}

/**
 * The entries of a zip archive (a jar), read from its central directory: name -> () => Buffer.
 * Only what a jar from Maven Central uses: stored (0) and deflated (8) entries, no zip64.
 */
function readZip(buf) {
  let eocd = -1
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new Error('not a zip archive: no end of central directory record')
  const count = buf.readUInt16LE(eocd + 10)
  let p = buf.readUInt32LE(eocd + 16)
  const entries = new Map()
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry at ${p}`)
    const method = buf.readUInt16LE(p + 10)
    const compressedSize = buf.readUInt32LE(p + 20)
    const nameLength = buf.readUInt16LE(p + 28)
    const extraLength = buf.readUInt16LE(p + 30)
    const commentLength = buf.readUInt16LE(p + 32)
    const localHeader = buf.readUInt32LE(p + 42)
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength)
    entries.set(name, () => {
      const dataStart = localHeader + 30 + buf.readUInt16LE(localHeader + 26) + buf.readUInt16LE(localHeader + 28)
      const data = buf.subarray(dataStart, dataStart + compressedSize)
      if (method === 0) return Buffer.from(data)
      if (method === 8) return inflateRawSync(data)
      throw new Error(`${name}: unsupported compression method ${method}`)
    })
    p += 46 + nameLength + extraLength + commentLength
  }
  return entries
}

function main() {
  const jarPath = resolveJar()
  const jar = fs.readFileSync(jarPath)
  const sha = createHash('sha256').update(jar).digest('hex')
  if (sha !== SHA256) throw new Error(`${path.basename(jarPath)} has sha256 ${sha}, expected ${SHA256}`)
  const entries = readZip(jar)
  const jsonNames = [...entries.keys()].filter((n) => /^common\/message\/[A-Za-z0-9]+\.json$/.test(n)).sort()
  if (jsonNames.length === 0) throw new Error('the jar has no common/message/*.json')

  fs.mkdirSync(OUT, { recursive: true })
  for (const f of fs.readdirSync(OUT)) if (f.endsWith('.json')) fs.rmSync(path.join(OUT, f))
  for (const name of jsonNames) fs.writeFileSync(path.join(OUT, path.basename(name)), entries.get(name)())
  for (const name of ['LICENSE', 'NOTICE']) {
    const entry = entries.get(name)
    if (entry === undefined) throw new Error(`the jar has no ${name}`)
    fs.writeFileSync(path.join(OUT, name), entry())
  }
  fs.writeFileSync(path.join(OUT, 'README.md'), readme(jsonNames.length))
  fs.rmSync(path.dirname(jarPath), { recursive: true, force: true })
  console.log(`vendored ${jsonNames.length} message definitions from ${GROUP}:${ARTIFACT}:${VERSION} into ${path.relative(ROOT, OUT)}`)
}

function readme(count) {
  return `# Apache Kafka message definitions (vendored)

The ${count} \`*.json\` files here are Apache Kafka's protocol message definitions, copied byte for byte
(comments included) from \`common/message/\` inside one artifact from Maven Central:

| | |
| --- | --- |
| artifact | \`${GROUP}:${ARTIFACT}:${VERSION}\` (\`${ARTIFACT}-${VERSION}.jar\`) |
| sha256 of the jar | \`${SHA256}\` |

\`LICENSE\` and \`NOTICE\` are the jar's own. These files are licensed under the Apache License 2.0
by the Apache Software Foundation; see \`NOTICE\`.

They are the input of \`scripts/protocol/generate.mjs\` (\`npm run gen:protocol\`), which writes
\`src/protocol/messages/\`. Do not edit them by hand: \`node scripts/protocol/vendor.mjs\` re-vendors them
(it checks the jar's sha256 first). See docs/protocol.md.
`
}

main()
