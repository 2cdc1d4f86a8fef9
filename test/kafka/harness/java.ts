/**
 * Kafka's jars and a JVM to run them: `test/kafka/pom.xml` pins the version; Maven resolves it once
 * into the local repository (~/.m2) and the classpath is written to `.cache/kafka/classpath.txt`
 * (gitignored). `test/kafka/java/KafkaProbe.java` is compiled next to it (`.cache/kafka/classes`).
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const execFileP = promisify(execFile)

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
/** Where the classpath and the compiled probe live (gitignored). */
export const CACHE_DIR = path.join(ROOT, '.cache', 'kafka')
const POM = path.join(ROOT, 'test', 'kafka', 'pom.xml')
const PROBE_SRC = path.join(ROOT, 'test', 'kafka', 'java', 'KafkaProbe.java')
const CLASSPATH_FILE = path.join(CACHE_DIR, 'classpath.txt')
const CLASSES_DIR = path.join(CACHE_DIR, 'classes')

/** The Kafka version the pom pins (read from it, so there is one place to change). */
export const KAFKA_VERSION = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(fs.readFileSync(POM, 'utf8'))![1]!

/** Flags of every JVM the harness starts (small heap, C1 only: start-up dominates these runs). */
export const JVM_FLAGS = [
  '-XX:TieredStopAtLevel=1',
  '-XX:+UseSerialGC',
  '-Xss512k',
  '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
  '-Dorg.slf4j.simpleLogger.logFile=System.err',
]

/**
 * Resolves Kafka's jars (Maven, once: later runs reuse ~/.m2 and the cached classpath) and compiles
 * the probe. Returns how long each step took, in ms (0 when cached).
 */
export async function ensureKafka(): Promise<{ fetchMs: number; compileMs: number }> {
  fs.mkdirSync(CACHE_DIR, { recursive: true })
  let fetchMs = 0
  let compileMs = 0
  const pomTime = fs.statSync(POM).mtimeMs
  const stale = (file: string, than: number): boolean => !fs.existsSync(file) || fs.statSync(file).mtimeMs < than
  const jarsPresent = (): boolean => fs.existsSync(CLASSPATH_FILE) && classpathJars().every((jar) => fs.existsSync(jar))
  if (stale(CLASSPATH_FILE, pomTime) || !jarsPresent()) {
    const t = performance.now()
    await execFileP('mvn', ['-q', '-B', '-f', POM, 'dependency:build-classpath', `-Dmdep.outputFile=${CLASSPATH_FILE}`], {
      maxBuffer: 64 << 20,
    })
    fetchMs = performance.now() - t
  }
  const probeClass = path.join(CLASSES_DIR, 'KafkaProbe.class')
  if (stale(probeClass, Math.max(fs.statSync(PROBE_SRC).mtimeMs, fs.statSync(CLASSPATH_FILE).mtimeMs))) {
    const t = performance.now()
    fs.mkdirSync(CLASSES_DIR, { recursive: true })
    await execFileP('javac', ['-nowarn', '-d', CLASSES_DIR, '-cp', kafkaClasspath(), PROBE_SRC])
    compileMs = performance.now() - t
  }
  return { fetchMs, compileMs }
}

function classpathJars(): string[] {
  return fs.readFileSync(CLASSPATH_FILE, 'utf8').trim().split(path.delimiter)
}

/** Kafka's classpath (after {@link ensureKafka}), with the compiled probe first. */
export function kafkaClasspath(): string {
  return [CLASSES_DIR, ...classpathJars()].join(path.delimiter)
}

/** Runs `mainClass` on Kafka's classpath and returns its stdout (stderr is kept for errors). */
export async function runJava(mainClass: string, args: string[], heap = '256m'): Promise<string> {
  try {
    const { stdout } = await execFileP('java', [`-Xmx${heap}`, ...JVM_FLAGS, '-cp', kafkaClasspath(), mainClass, ...args], {
      maxBuffer: 256 << 20,
    })
    return stdout
  } catch (err) {
    const e = err as Error & { stderr?: string; code?: number }
    throw new Error(`${mainClass} ${args.join(' ')} exited with ${e.code}: ${(e.stderr ?? '').slice(0, 2000)}`)
  }
}
