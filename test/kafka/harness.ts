/**
 * The Apache Kafka harness for the interop tests (test/kafka/**), reusable by any later suite that
 * wants Kafka as the judge (compression, lifecycle).
 *
 * What it owns:
 * - Kafka's jars: `test/kafka/pom.xml` pins the version; Maven resolves it once into the local
 *   repository (~/.m2) and the classpath is written to `.cache/kafka/classpath.txt` (gitignored).
 *   `test/kafka/java/KafkaProbe.java` is compiled next to it (`.cache/kafka/classes`).
 * - `dumpLogSegments(files, flags)`: Kafka's own `org.apache.kafka.tools.DumpLogSegments`, and
 *   `parseDump(text)` turning its output into batches, records and index entries.
 * - `kafkaRecords(files)`: every batch and record as Kafka's `FileRecords` reads them, bytes in hex
 *   (DumpLogSegments prints header keys but not header values).
 * - `startBroker()`: one KRaft broker+controller (`process.roles=broker,controller`) on free loopback
 *   ports with a small heap, in its own temp directory; `stop()` (SIGTERM: a clean, controlled
 *   shutdown), `kill()` (SIGKILL), `start()` again on the same directory and ports, `close()`.
 * - `javaConsume(...)`: Kafka's Java consumer reading a partition from the beginning.
 *
 * Every JVM is started with a small heap and C1 only (`-XX:TieredStopAtLevel=1`): these are short
 * runs on a 2-core machine, where start-up time dominates.
 *
 * Each concept has its file under `harness/` (java, dump-log-segments, probe, broker, checkpoints);
 * this module re-exports them so tests import one place.
 *
 * Concurrency: test-process only. `ensureKafka()` is meant for vitest's globalSetup (one fetch per
 * run); the other helpers assume it has run.
 */
export * from './harness/broker.js'
export * from './harness/checkpoints.js'
export * from './harness/dump-log-segments.js'
export * from './harness/java.js'
export * from './harness/probe.js'
