/**
 * vitest globalSetup of the real-client suite: resolves Kafka's jars through the Kafka harness
 * (test/kafka/harness), compiles the Java programs of test/clients/java/ (ClientsJava, GroupMemberJava), and
 * starts ONE real Apache Kafka broker for the whole run; every test file gets its address through
 * `inject('kafkaBootstrap')`. The broker is closed (and its directory removed) at the end of the run.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import type { TestProject } from 'vitest/node'
import { ensureKafka, kafkaClasspath, ROOT, startBroker } from '../kafka/harness.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** `127.0.0.1:<port>` of the run's real Kafka broker. */
    kafkaBootstrap: string
    /** Classpath of Kafka's jars with the compiled ClientsJava first. */
    clientsClasspath: string
  }
}

const execFileP = promisify(execFile)
const JAVA_DIR = path.join(ROOT, 'test', 'clients', 'java')
const CLASSES = path.join(ROOT, '.cache', 'clients', 'classes')

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await ensureKafka()
  // Each program of test/clients/java/, compiled when its class is missing or older than its source.
  const sources = fs.readdirSync(JAVA_DIR).filter((f) => f.endsWith('.java'))
  const stale = sources.filter((f) => {
    const cls = path.join(CLASSES, f.replace(/\.java$/, '.class'))
    return !fs.existsSync(cls) || fs.statSync(cls).mtimeMs < fs.statSync(path.join(JAVA_DIR, f)).mtimeMs
  })
  if (stale.length > 0) {
    fs.mkdirSync(CLASSES, { recursive: true })
    await execFileP('javac', ['-nowarn', '-d', CLASSES, '-cp', kafkaClasspath(), ...stale.map((f) => path.join(JAVA_DIR, f))])
  }
  const t = performance.now()
  const kafka = await startBroker({ properties: { 'auto.create.topics.enable': 'false' } })
  console.log(`test:clients: Apache Kafka broker at ${kafka.bootstrap} (started in ${Math.round(performance.now() - t)} ms)`)
  project.provide('kafkaBootstrap', kafka.bootstrap)
  project.provide('clientsClasspath', [CLASSES, kafkaClasspath()].join(path.delimiter))
  return async () => {
    await kafka.close()
  }
}
