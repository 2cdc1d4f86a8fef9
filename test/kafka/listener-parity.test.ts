/**
 * Kafka as the judge of the listener's edge cases: the same raw frames go to a real Kafka broker
 * (the harness's, PLAINTEXT listener) and to our listener (stub handlers serving Produce 3-12,
 * Fetch 4-17 and Metadata 0-13, Kafka 4's ranges), and each must either answer the same way or close
 * the connection the same way.
 *
 * The judge is the harness's Kafka (4.4 at the time of writing: test/kafka/pom.xml), whose
 * listener rules are Kafka 4.0's; where its version ranges differ from 4.0's (ApiVersions v5), the
 * probes avoid or factor out the difference.
 *
 * A probe is a list of frames followed by a sentinel ApiVersions v0 request: the sentinel's answer
 * proves that the connection survived every frame before it (responses come in order); a close
 * before it proves that one of them closed the connection. Where both answer, the answers must be
 * byte for byte the same when the answer does not depend on what the broker serves (unsupported
 * ApiVersions, invalid client software, SaslHandshake).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createListener, handlerTable, type Listener } from '../../src/broker/net/index.js'
import { decodeResponse, encodeRequest } from '../../src/protocol/index.js'
import { stubHandler } from '../helpers/stub-handlers.js'
import { rawRequest, WireClient } from '../helpers/wire-client.js'
import { startBroker, type Broker } from './harness.js'

let kafka: Broker
let kafkaPort: number
let listener: Listener
let ourPort: number

beforeAll(async () => {
  kafka = await startBroker()
  kafkaPort = Number(kafka.bootstrap.split(':')[1])
  listener = createListener({
    handlers: handlerTable([
      stubHandler(0, { versions: [3, 12] }),
      stubHandler(1, { versions: [4, 17] }),
      stubHandler(3, { versions: [0, 13] }),
    ]),
  })
  ourPort = (await listener.listen({ port: 0 })).port
})
afterAll(async () => {
  await listener?.close()
  await kafka?.close()
})

const SENTINEL = 999_999
const sentinel = (): Buffer => encodeRequest(18, 0, SENTINEL, 'parity', { clientSoftwareName: '', clientSoftwareVersion: '' })

interface Outcome {
  /** The frames answered before the sentinel (or before the close). */
  answers: Buffer[]
  /** Whether the sentinel was answered: no frame closed the connection. */
  survived: boolean
}

async function probe(port: number, frames: Buffer[]): Promise<Outcome> {
  const client = await WireClient.connect(port)
  try {
    client.send(Buffer.concat([...frames, sentinel()]))
    const answers: Buffer[] = []
    for (;;) {
      const frame = await client.nextFrame()
      if (frame === null) return { answers, survived: false }
      if (frame.readInt32BE(0) === SENTINEL) return { answers, survived: true }
      answers.push(frame)
    }
  } finally {
    client.destroy()
  }
}

async function both(frames: Buffer[]): Promise<{ kafka: Outcome; ours: Outcome }> {
  return { kafka: await probe(kafkaPort, frames), ours: await probe(ourPort, frames) }
}

const apiVersions = (version: number, correlationId: number, name = 'parity', softwareVersion = '1.0'): Buffer =>
  encodeRequest(18, Math.min(version, 4), correlationId, 'parity', { clientSoftwareName: name, clientSoftwareVersion: softwareVersion })

describe('answered the same, byte for byte', () => {
  // Kafka 4.1+ serves ApiVersions v5, so the probes use versions no Kafka serves, and the one entry
  // (ApiVersions' own range) ends with each broker's highest version: 4 here (Kafka 4.0's).
  it.each([6, 127, -1])(
    "an ApiVersions request of version %i: v0 body, UNSUPPORTED_VERSION, ApiVersions' own range only",
    async (version) => {
      // The body is ignored (Kafka does not parse it): a v3 body under the unsupported version number.
      const frame = rawRequest({ apiKey: 18, apiVersion: version, correlationId: 7, clientId: 'parity', flexibleHeader: version >= 3 })
      const { kafka: k, ours } = await both([frame])
      expect(k.survived).toBe(true)
      expect(ours.survived).toBe(true)
      expect(k.answers).toHaveLength(1)
      const [kafkaAnswer, ourAnswer] = [k.answers[0]!, ours.answers[0]!]
      expect(ourAnswer.length).toBe(kafkaAnswer.length)
      expect(ourAnswer.subarray(0, -2).equals(kafkaAnswer.subarray(0, -2))).toBe(true)
      expect(kafkaAnswer.readInt16BE(kafkaAnswer.length - 2)).toBeGreaterThanOrEqual(4)
      const body = decodeResponse(18, 0, ourAnswer).body
      expect(body.errorCode).toBe(35)
      expect(body.apiKeys.map((a) => [a.apiKey, a.minVersion, a.maxVersion])).toEqual([[18, 0, 4]])
    },
  )

  it.each([
    ['', '1.0'],
    ['has space', '1.0'],
    ['name', '-1'],
  ])('an ApiVersions v3 request naming its software %j %j: INVALID_REQUEST, no entries', async (name, version) => {
    const { kafka: k, ours } = await both([apiVersions(3, 8, name, version)])
    expect(k.survived && ours.survived).toBe(true)
    expect(ours.answers[0]!.equals(k.answers[0]!)).toBe(true)
    expect(decodeResponse(18, 3, ours.answers[0]!).body.errorCode).toBe(42)
  })

  it.each([0, 1])('SaslHandshake v%i on a listener without SASL: ILLEGAL_SASL_STATE, no mechanisms, connection kept', async (version) => {
    const { kafka: k, ours } = await both([encodeRequest(17, version, 9, 'parity', { mechanism: 'PLAIN' })])
    expect(k.survived && ours.survived).toBe(true)
    expect(ours.answers[0]!.equals(k.answers[0]!)).toBe(true)
    expect(decodeResponse(17, version, ours.answers[0]!).body).toMatchObject({ errorCode: 34, mechanisms: [] })
  })
})

describe('the same advertisement rules', () => {
  it('Produce is listed from version 0 and SaslHandshake 0-1 on a plaintext listener, by both', async () => {
    const { kafka: k, ours } = await both([apiVersions(3, 10)])
    for (const outcome of [k, ours]) {
      const keys = decodeResponse(18, 3, outcome.answers[0]!).body.apiKeys
      expect(keys.find((a) => a.apiKey === 0)).toMatchObject({ minVersion: 0 })
      expect(keys.find((a) => a.apiKey === 17)).toMatchObject({ minVersion: 0, maxVersion: 1 })
      expect(keys.find((a) => a.apiKey === 18)).toMatchObject({ minVersion: 0 })
    }
    expect(decodeResponse(18, 3, ours.answers[0]!).body.apiKeys.find((a) => a.apiKey === 18)).toMatchObject({ maxVersion: 4 })
  })
})

describe('closed the same', () => {
  const produceV3Body = (): Buffer => {
    const frame = encodeRequest(0, 3, 1, 'parity', { transactionalId: null, acks: 1, timeoutMs: 1000, topicData: [] })
    return frame.subarray(4 + 10 + 6)
  }
  const cases: [string, () => Buffer[]][] = [
    [
      'Produce v2 (listed, refused: KAFKA-18659)',
      () => [rawRequest({ apiKey: 0, apiVersion: 2, correlationId: 1, clientId: 'parity', body: produceV3Body().subarray(2) })],
    ],
    [
      'Produce v0',
      () => [rawRequest({ apiKey: 0, apiVersion: 0, correlationId: 1, clientId: 'parity', body: produceV3Body().subarray(2) })],
    ],
    [
      'Fetch v3 (below Kafka 4)',
      () => [rawRequest({ apiKey: 1, apiVersion: 3, correlationId: 1, clientId: 'parity', body: Buffer.alloc(40) })],
    ],
    ['an API key no Kafka has (1000)', () => [rawRequest({ apiKey: 1000, apiVersion: 0, correlationId: 1, clientId: 'parity' })]],
    [
      'an API the broker listener does not enable (Vote, 52)',
      () => [rawRequest({ apiKey: 52, apiVersion: 0, correlationId: 1, clientId: 'parity', body: Buffer.alloc(32) })],
    ],
    ['a size prefix of 2^31 - 1', () => [Buffer.from([0x7f, 0xff, 0xff, 0xff])]],
    ['a negative size prefix', () => [Buffer.from([0xff, 0xff, 0xff, 0xfe])]],
    ['a frame shorter than a header', () => [Buffer.from([0, 0, 0, 3, 0, 18, 0])]],
    [
      'a Metadata v12 request cut inside its body',
      () => {
        const frame = encodeRequest(3, 12, 1, 'parity', {
          topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'topic' }],
          allowAutoTopicCreation: true,
          includeTopicAuthorizedOperations: false,
          includeClusterAuthorizedOperations: false,
        })
        const cut = frame.subarray(0, frame.length - 12)
        cut.writeInt32BE(cut.length - 4, 0)
        return [cut]
      },
    ],
    [
      'an ApiVersions v3 request whose software name runs past the frame',
      () => {
        const frame = apiVersions(3, 1, 'abc', '1')
        // Header v2: 10 bytes + client id 'parity' (6) + empty tagged fields (1); then the name's compact length.
        frame[4 + 17] = 100
        return [frame]
      },
    ],
  ]
  it.each(cases)('%s', async (_name, frames) => {
    const { kafka: k, ours } = await both(frames())
    expect(k).toEqual({ answers: [], survived: false })
    expect(ours).toEqual({ answers: [], survived: false })
  })

  it('bytes after a request body are ignored by both', async () => {
    const frame = apiVersions(3, 11)
    const padded = Buffer.concat([frame, Buffer.from([1, 2, 3])])
    padded.writeInt32BE(padded.length - 4, 0)
    const { kafka: k, ours } = await both([padded])
    expect(k.survived && ours.survived).toBe(true)
    expect(k.answers).toHaveLength(1)
    expect(ours.answers).toHaveLength(1)
  })
})
