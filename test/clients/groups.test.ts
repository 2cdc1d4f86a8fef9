/**
 * Every client's group consumer, unchanged, against our broker: the scenario of group-scenario.ts
 * (members join, one late, one leaves cleanly, one is SIGKILLed and its session expires, a static
 * member is SIGKILLed and replaced by one with its `group.instance.id`) run by kcat `-G`,
 * confluent-kafka, kafka-python 2.0.2 (Debian) and current (PyPI), Kafka's Java `KafkaConsumer` and
 * `kafka-console-consumer --group`. Static membership is left out only where the client lacks it:
 * kafka-python 2.0.2 has no `group_instance_id` (its `s2` joins as a dynamic member once `s` expired).
 *
 * The Python and Java members (test/clients/py/group_member.py, test/clients/java/GroupMemberJava.java)
 * commit synchronously after writing what they polled. kcat and the console consumer have no commit
 * of their own: they run with auto-commit every 200 ms. The console consumer's auto-commit commits,
 * at its next poll, the position past the records it has printed. kcat's librdkafka stores a
 * record's offset when it hands the record over, before kcat prints it, and commits stored offsets
 * in the background and on close: on SIGTERM kcat drops the record in hand unprinted (its
 * `consume_cb` returns once `run` is 0) and its close commits it, so its clean leave happens with
 * the producer paused and every record processed (`termDropsReceived`).
 */
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { JVM_FLAGS } from '../kafka/harness.js'
import { type GroupClient, type MemberSpec, parseRecLine, runGroupScenario } from './group-scenario.js'
import { DEBIAN_PYTHON, PY_DIR, VENV_PYTHON } from './python.js'

/** The member's settings as the Python and Java members take them, after their first arguments. */
const memberArgs = (m: MemberSpec): string[] => [
  ...[m.bootstrap, m.topic, m.group, m.clientId, m.out, m.instanceId ?? '-'],
  ...[String(m.sessionTimeoutMs), String(m.heartbeatIntervalMs)],
]

const python = (interpreter: string, lib: string, name: string, staticMembership: boolean): GroupClient => ({
  name,
  staticMembership,
  command: (m) => ({ cmd: interpreter, args: ['-s', path.join(PY_DIR, 'group_member.py'), lib, ...memberArgs(m)] }),
})

const java = (mainClass: string, args: string[]): { cmd: string; args: string[] } => ({
  cmd: 'java',
  args: ['-Xmx160m', ...JVM_FLAGS, '-cp', inject('clientsClasspath'), mainClass, ...args],
})

const CLIENTS: GroupClient[] = [
  {
    name: 'kcat',
    staticMembership: true,
    termDropsReceived: true,
    command: (m) => ({
      cmd: 'kcat',
      args: [
        ...['-b', m.bootstrap, '-G', m.group, m.topic, '-q', '-u', '-f', 'rec\t%p\t%o\t%k\t%s\n'],
        ...['-X', `client.id=${m.clientId}`, '-X', 'auto.offset.reset=earliest', '-X', 'auto.commit.interval.ms=200'],
        ...['-X', `session.timeout.ms=${m.sessionTimeoutMs}`, '-X', `heartbeat.interval.ms=${m.heartbeatIntervalMs}`],
        ...(m.instanceId === undefined ? [] : ['-X', `group.instance.id=${m.instanceId}`]),
      ],
      stdoutToFile: true,
    }),
  },
  python(VENV_PYTHON, 'confluent', 'confluent-kafka', true),
  python(DEBIAN_PYTHON, 'kafka-python', 'kafka-python-debian', false),
  python(VENV_PYTHON, 'kafka-python', 'kafka-python-pypi', true),
  {
    name: 'java-consumer',
    staticMembership: true,
    // SIGTERM: the shutdown hook wakes the poll loop and waits for it to close the consumer; the JVM
    // then exits with 128 + SIGTERM.
    termExitCode: 143,
    command: (m) => java('GroupMemberJava', memberArgs(m)),
  },
  {
    name: 'console-consumer',
    staticMembership: true,
    // The JVM exits with 128 + SIGTERM after its shutdown hook closed the consumer.
    termExitCode: 143,
    command: (m) => ({
      ...java('org.apache.kafka.tools.consumer.ConsoleConsumer', [
        ...['--bootstrap-server', m.bootstrap, '--topic', m.topic, '--group', m.group, '--from-beginning'],
        ...['--consumer-property', `client.id=${m.clientId}`],
        ...['--consumer-property', `session.timeout.ms=${m.sessionTimeoutMs}`],
        ...['--consumer-property', `heartbeat.interval.ms=${m.heartbeatIntervalMs}`],
        ...['--consumer-property', 'auto.commit.interval.ms=200'],
        ...(m.instanceId === undefined ? [] : ['--consumer-property', `group.instance.id=${m.instanceId}`]),
        ...['--formatter-property', 'print.partition=true', '--formatter-property', 'print.offset=true'],
        ...['--formatter-property', 'print.key=true'],
      ]),
      stdoutToFile: true,
    }),
    // DefaultMessageFormatter: `Partition:<p>\tOffset:<o>\t<key>\t<value>`.
    parseLine: (line) => {
      const m = /^Partition:(\d+)\tOffset:(\d+)\t([^\t]*)\t([^\t]*)$/.exec(line)
      return m === null ? undefined : parseRecLine(`rec\t${m[1]}\t${m[2]}\t${m[3]}\t${m[4]}`)
    },
  },
]

describe('group consumers against kafka-lite', () => {
  it.each(CLIENTS.map((c) => [c.name, c] as const))(
    '%s: join, late join, clean leave, SIGKILL and session expiry, static rejoin',
    async (_name, client) => {
      const t = performance.now()
      const r = await runGroupScenario(client)
      expect(r.processed).toBe(r.records + r.duplicates)
      console.log(
        `group scenario ${client.name}: ${r.records} records, ${r.duplicates} duplicates ` +
          `(after killing c: ${r.afterKill.c}, s: ${r.afterKill.s}), per member ${JSON.stringify(r.perMember)}, ` +
          `${r.snapshots} commit snapshots checked, ${Math.round((performance.now() - t) / 1000)} s`,
      )
    },
  )
})
