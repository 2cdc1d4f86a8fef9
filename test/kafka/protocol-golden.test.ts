/**
 * Kafka's own serializers judge the generated protocol codecs (src/protocol/messages/).
 *
 * For every generated message and every version in its `validVersions`, seeded random values
 * (test/property/protocol-arbitraries.ts) are encoded by our codec and also handed, in Kafka's JSON
 * form, to test/kafka/java/ProtocolGolden.java: Kafka 4.0.2's generated `*Data` classes build the
 * message from the JSON (`*JsonConverter.read`) and serialize it (`MessageUtil.toByteBuffer`), and
 * read our bytes back and serialize what they read. Asserted, per sample:
 *  - our bytes are Kafka's bytes, exactly;
 *  - Kafka reads our bytes (to the last byte) into a message that it serializes to the same bytes;
 *  - our decoder reads Kafka's bytes back to the value we started from.
 * Framing too: for every API and version, request and response frames from our encodeRequest /
 * encodeResponse are read by Kafka's own `RequestHeader.parse` + `AbstractRequest.parseRequest` and
 * `AbstractResponse.parseResponse` (Kafka's header versions, ApiVersions' v0 response header) and
 * written again as Kafka frames them: the bytes must be ours.
 * One JVM serves the whole batch. The seed is printed; replay with PROTOCOL_GOLDEN_SEED=<seed>.
 *
 * The classpath (kafka-clients 4.0.2 + Jackson) comes from test/kafka/java/protocol-golden.pom.xml,
 * resolved by Maven once into ~/.m2 and cached in .cache/kafka-protocol/ with the compiled program.
 */
import { execFile, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'

import { decodeRequest, decodeResponse, encodeRequest, encodeResponse, type ApiKey } from '../../src/protocol/framing.js'
import { API_CODECS, MESSAGE_CODECS } from '../../src/protocol/messages/index.js'
import type { MessageCodec } from '../../src/protocol/schema.js'
import { everyVersion, messageArbitrary, toKafkaJson } from '../property/protocol-arbitraries.js'
import { JVM_FLAGS, ROOT } from './harness.js'

const execFileP = promisify(execFile)

const SAMPLES_PER_VERSION = Number(process.env.PROTOCOL_GOLDEN_SAMPLES ?? 40)
const SEED = Number(process.env.PROTOCOL_GOLDEN_SEED ?? 20250607)

const CACHE = path.join(ROOT, '.cache', 'kafka-protocol')
const POM = path.join(ROOT, 'test', 'kafka', 'java', 'protocol-golden.pom.xml')
const SRC = path.join(ROOT, 'test', 'kafka', 'java', 'ProtocolGolden.java')
const CLASSPATH_FILE = path.join(CACHE, 'classpath.txt')
const CLASSES = path.join(CACHE, 'classes')

/** Resolves the classpath (Maven, once) and compiles ProtocolGolden.java when it changed. */
async function ensureProgram(): Promise<string> {
  fs.mkdirSync(CACHE, { recursive: true })
  const newer = (file: string, than: string): boolean => fs.existsSync(file) && fs.statSync(file).mtimeMs >= fs.statSync(than).mtimeMs
  const jarsPresent = (): boolean =>
    fs.existsSync(CLASSPATH_FILE) &&
    fs
      .readFileSync(CLASSPATH_FILE, 'utf8')
      .trim()
      .split(path.delimiter)
      .every((jar) => fs.existsSync(jar))
  if (!newer(CLASSPATH_FILE, POM) || !jarsPresent()) {
    await execFileP('mvn', ['-q', '-B', '-f', POM, 'dependency:build-classpath', `-Dmdep.outputFile=${CLASSPATH_FILE}`], {
      maxBuffer: 64 << 20,
    })
  }
  const jars = fs.readFileSync(CLASSPATH_FILE, 'utf8').trim()
  const cls = path.join(CLASSES, 'ProtocolGolden.class')
  if (!newer(cls, SRC) || !newer(cls, CLASSPATH_FILE)) {
    fs.mkdirSync(CLASSES, { recursive: true })
    await execFileP('javac', ['-nowarn', '-d', CLASSES, '-cp', jars, SRC])
  }
  return [CLASSES, jars].join(path.delimiter)
}

/** Runs ProtocolGolden over `input` (one sample a line) and returns its output lines. */
function runGolden(classpath: string, input: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', ['-Xmx512m', ...JVM_FLAGS, '-cp', classpath, 'ProtocolGolden'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (b: Buffer) => out.push(b))
    child.stderr.on('data', (b: Buffer) => err.push(b))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`ProtocolGolden exited with ${code}: ${Buffer.concat(err).toString().slice(0, 2000)}`))
      else resolve(Buffer.concat(out).toString('utf8').split('\n').slice(0, -1))
    })
    child.stdin.end(input)
  })
}

interface Sample {
  codec: MessageCodec<unknown>
  version: number
  index: number
  value: unknown
  ours: Buffer
  json: string
}

interface FrameSample {
  api: string
  apiKey: ApiKey
  kind: 'REQ' | 'RES'
  version: number
  body: unknown
  correlationId: number
  ours: Buffer
  line: string
}

const FRAME_SAMPLES_PER_VERSION = 4

/**
 * Kafka's request and response classes (unlike its *Data codecs) check or normalise a few fields on
 * construction; frame samples are made to satisfy them, so that the bytes can be compared:
 * - DescribeAclsRequest and DescribeAclsResponse refuse UNKNOWN (0, or any code outside the enum)
 *   resource, pattern, operation and permission types, and v0 responses refuse non-literal patterns;
 * - JoinGroupResponse sends an empty protocol name as null from v7 on (the broker should do the same).
 */
const FRAME_FIXUPS: Record<string, (body: Record<string, unknown>, version: number) => void> = {
  DescribeAclsRequest: (b) => Object.assign(b, { resourceTypeFilter: 1, patternTypeFilter: 1, operation: 1, permissionType: 1 }),
  DescribeAclsResponse: (b) => {
    for (const r of b.resources as {
      resourceType: number
      patternType: number
      acls: { operation: number; permissionType: number }[]
    }[]) {
      Object.assign(r, { resourceType: 2, patternType: 3 })
      for (const acl of r.acls) Object.assign(acl, { operation: 3, permissionType: 3 })
    }
  },
  JoinGroupResponse: (b, version) => {
    if (version >= 7 && b.protocolName === '') b.protocolName = null
  },
}

const samples: Sample[] = []
const results: string[][] = []
const frames: FrameSample[] = []
const frameResults: string[][] = []
let javaMs = 0

beforeAll(async () => {
  const classpath = await ensureProgram()
  for (const [codec, version] of everyVersion(MESSAGE_CODECS)) {
    const values = fc.sample(messageArbitrary(codec, version), {
      seed: SEED + codec.apiKey * 1000 + version,
      numRuns: SAMPLES_PER_VERSION,
    })
    // The all-defaults value too: it exercises every "is it the default?" branch of tagged fields.
    values.push(codec.create())
    values.forEach((value, index) => {
      samples.push({
        codec,
        version,
        index,
        value,
        ours: codec.encode(value, version),
        json: toKafkaJson(codec.schema, value, version),
      })
    })
  }
  for (const api of API_CODECS) {
    const apiKey = api.apiKey as ApiKey
    for (const [, version] of everyVersion([api.request])) {
      const seed = SEED + 500_000 + apiKey * 1000 + version
      const opts = { seed, numRuns: FRAME_SAMPLES_PER_VERSION }
      const ids = fc.sample(fc.tuple(fc.integer(), fc.string({ unit: 'grapheme-ascii', maxLength: 10 })), opts)
      const requests = [api.request.create(), ...fc.sample(messageArbitrary(api.request, version), opts)]
      const responses = [api.response.create(), ...fc.sample(messageArbitrary(api.response, version), opts)]
      requests.forEach((body, i) => {
        FRAME_FIXUPS[api.request.name]?.(body as Record<string, unknown>, version)
        const [correlationId, clientId] = ids[i % ids.length]!
        const ours = encodeRequest(apiKey, version, correlationId, clientId, body as never).subarray(4)
        frames.push({
          api: api.name,
          apiKey,
          kind: 'REQ',
          version,
          body,
          correlationId,
          ours,
          line: `REQ\t${apiKey}\t${version}\t${ours.toString('hex')}\n`,
        })
      })
      responses.forEach((body, i) => {
        FRAME_FIXUPS[api.response.name]?.(body as Record<string, unknown>, version)
        const [correlationId] = ids[i % ids.length]!
        const ours = encodeResponse(apiKey, version, correlationId, body as never).subarray(4)
        frames.push({
          api: api.name,
          apiKey,
          kind: 'RES',
          version,
          body,
          correlationId,
          ours,
          line: `RES\t${apiKey}\t${version}\t${correlationId}\t${ours.toString('hex')}\n`,
        })
      })
    }
  }
  const input =
    samples.map((s) => `${s.codec.name}\t${s.version}\t${s.ours.toString('hex')}\t${s.json}\n`).join('') +
    frames.map((f) => f.line).join('')
  const t = performance.now()
  const lines = await runGolden(classpath, input)
  javaMs = performance.now() - t
  expect(lines.length).toBe(samples.length + frames.length)
  for (const line of lines.slice(0, samples.length)) results.push(line.split('\t'))
  for (const line of lines.slice(samples.length)) frameResults.push(line.split('\t'))
  console.log(
    `protocol golden: ${samples.length} samples of ${MESSAGE_CODECS.length} messages and ${frames.length} frames, seed ${SEED}, ` +
      `Kafka's JVM took ${Math.round(javaMs)} ms`,
  )
})

describe("generated codecs vs Kafka 4.0.2's serializers", () => {
  it.each(MESSAGE_CODECS.map((c) => [c.name, c] as const))('%s: every version, byte for byte', (_name, codec) => {
    let checked = 0
    samples.forEach((s, i) => {
      if (s.codec !== codec) return
      const r = results[i]!
      const where = `${codec.name} v${s.version} sample ${s.index} (seed ${SEED}): ${s.json}`
      expect(r[0], `${where}\n${r.join(' ')}`).toBe('OK')
      const kafkaHex = r[1]!
      expect(s.ours.toString('hex'), `our encoding of ${where}`).toBe(kafkaHex)
      expect(r[2], `Kafka re-serializing our bytes of ${where}`).toBe(kafkaHex)
      expect(codec.decode(Buffer.from(kafkaHex, 'hex'), s.version), `our decoding of Kafka's bytes of ${where}`).toEqual(s.value)
      checked++
    })
    expect(checked).toBeGreaterThan(0)
  })
})

describe("request and response frames vs Kafka 4.0.2's request and response classes", () => {
  it.each(API_CODECS.map((a) => [a.name] as const))('%s: every version, both directions', (name) => {
    let checked = 0
    frames.forEach((f, i) => {
      if (f.api !== name) return
      const r = frameResults[i]!
      const where = `${f.kind} ${name} v${f.version} (seed ${SEED}): ${f.ours.toString('hex')}`
      expect(r[0], `${where}\n${r.join(' ')}`).toBe('OK')
      expect(r[1], `Kafka re-framing ${where}`).toBe(f.ours.toString('hex'))
      const kafkaFrame = Buffer.from(r[1]!, 'hex')
      if (f.kind === 'REQ') {
        const req = decodeRequest(kafkaFrame)
        expect([req.apiKey, req.apiVersion, req.correlationId], where).toEqual([f.apiKey, f.version, f.correlationId])
        expect(req.body, `our decoding of Kafka's frame, ${where}`).toEqual(f.body)
      } else {
        expect(decodeResponse(f.apiKey, f.version, kafkaFrame), `our decoding of Kafka's frame, ${where}`).toEqual({
          correlationId: f.correlationId,
          body: f.body,
        })
      }
      checked++
    })
    expect(checked).toBeGreaterThan(0)
  })
})
