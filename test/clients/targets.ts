/**
 * The ONE parameterised target of the real-client suite: each client's test runs once against a
 * real Apache Kafka 4.x broker (the run's broker, started by global-setup.ts from the Kafka harness)
 * and once against our broker (`Broker.open` + `broker.listen({ host, port: 0 })` from
 * `@kafka-lite/log/broker`, in this test process, on a fresh temp directory per file).
 *
 * Topics are created out of band (kafkajs's admin on Kafka, `broker.createTopic` on ours) so that
 * the produce/fetch tests do not depend on CreateTopics over the wire.
 *
 * Our target runs only once `Broker.prototype.listen` exists (the wire-core branch); until then its
 * tests are skipped with {@link OUR_BROKER_SKIP} as the reason. Remove the skip when it merges.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, inject, it } from 'vitest'
import { Broker } from '../../src/broker/index.js'

/** The two targets every client test runs against. */
export const TARGETS = ['kafka', 'kafka-lite'] as const
export type TargetName = (typeof TARGETS)[number]

/** A bootstrap address and the topic administration the tests need. */
export interface Target {
  readonly name: TargetName
  /** `host:port` for the client. */
  readonly bootstrap: string
  /** Creates `topic` with `partitions` partitions (replication factor 1) and waits for its leaders. */
  createTopic(topic: string, partitions: number): Promise<void>
  close(): Promise<void>
}

// The planned API (wire-core): `broker.listen({ host, port })` resolves to the bound address.
interface Listening {
  listen(options: { host: string; port: number }): Promise<{ host?: string; address?: string; port: number }>
}

/** Why our target is skipped, or undefined once the broker can listen. */
export const OUR_BROKER_SKIP: string | undefined =
  typeof (Broker.prototype as Partial<Listening>).listen === 'function'
    ? undefined
    : 'Broker.prototype.listen is missing (the wire-core branch is not merged): the kafka-lite target is skipped'

/** Whether `name`'s tests are skipped on this build. */
export function skipTarget(name: TargetName): boolean {
  return name === 'kafka-lite' && OUR_BROKER_SKIP !== undefined
}

async function kafkaTarget(): Promise<Target> {
  const bootstrap = inject('kafkaBootstrap')
  const { Kafka, logLevel } = await import('kafkajs')
  const admin = new Kafka({ brokers: [bootstrap], clientId: 'clients-admin', logLevel: logLevel.NOTHING }).admin()
  await admin.connect()
  return {
    name: 'kafka',
    bootstrap,
    async createTopic(topic, partitions) {
      const created = await admin.createTopics({
        topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
        waitForLeaders: true,
      })
      if (!created) throw new Error(`topic ${topic} already exists`)
    },
    async close() {
      await admin.disconnect()
    },
  }
}

async function ourTarget(): Promise<Target> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-lite-clients-'))
  const broker = await Broker.open(dir, {})
  const addr = await (broker as unknown as Listening).listen({ host: '127.0.0.1', port: 0 })
  return {
    name: 'kafka-lite',
    bootstrap: `127.0.0.1:${addr.port}`,
    async createTopic(topic, partitions) {
      await broker.createTopic(topic, { partitions })
    },
    async close() {
      await broker.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * Opens `name` for the enclosing describe block (beforeAll/afterAll) and returns a getter. Call it
 * inside a `describe.skipIf(skipTarget(name))` block.
 */
export function useTarget(name: TargetName): () => Target {
  let target: Target | undefined
  beforeAll(async () => {
    target = name === 'kafka' ? await kafkaTarget() : await ourTarget()
  })
  afterAll(async () => {
    await target?.close()
  })
  return () => {
    if (target === undefined) throw new Error(`target ${name} is not open`)
    return target
  }
}

/**
 * `describe`s `title` once per target, with the target open for the block; our target's block holds
 * one skipped test named by {@link OUR_BROKER_SKIP} while the broker cannot listen.
 */
export function describeTargets(title: string, body: (name: TargetName, target: () => Target) => void): void {
  describe.each(TARGETS)(`${title} against %s`, (name) => {
    if (skipTarget(name)) {
      it.skip(OUR_BROKER_SKIP!, () => {})
      return
    }
    body(name, useTarget(name))
  })
}
