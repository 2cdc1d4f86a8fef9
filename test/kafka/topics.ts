/** Creating single-partition topics on the test broker (kafkajs admin), shared by the Kafka suites. */
import { Kafka, logLevel } from 'kafkajs'

/** A topic to create: one partition, replication 1, optional topic configs (`name` → `value`). */
export interface TopicSpec {
  topic: string
  config?: Record<string, string>
}

/** Creates `topics` on the broker at `bootstrap` and waits for their leaders. */
export async function createTopics(bootstrap: string, topics: readonly TopicSpec[]): Promise<void> {
  const admin = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin()
  await admin.connect()
  try {
    await admin.createTopics({
      topics: topics.map(({ topic, config = {} }) => ({
        topic,
        numPartitions: 1,
        replicationFactor: 1,
        configEntries: Object.entries(config).map(([name, value]) => ({ name, value })),
      })),
      waitForLeaders: true,
    })
  } finally {
    await admin.disconnect()
  }
}
