/**
 * The README's code blocks, and consumer projects to run them in: the README test runs every
 * program block in both kinds of project, and the Kafka suite runs the mirror's block against a
 * real broker the same way.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** The package root (this repository). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
/** tsx's command line, as `npx tsx` runs it. */
export const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs')

/** One fenced block of the README. */
export interface Block {
  /** Its language tag (`ts`, `js`, `sh`, `text`, or anything else the test refuses). */
  lang: string
  /** Its text, without the indentation of the fence (a block inside a list item is indented). */
  code: string
  /** The line of its opening fence (1-based). */
  line: number
}

/** Every fenced block of `markdown`, indented ones (inside list items) included. */
export function codeBlocks(markdown: string): Block[] {
  const blocks: Block[] = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)```(.*)$/.exec(lines[i]!)
    if (open === null) continue
    const indent = open[1]!
    const start = i
    const body: string[] = []
    for (i++; i < lines.length && lines[i] !== `${indent}\`\`\``; i++) {
      body.push(lines[i]!.startsWith(indent) ? lines[i]!.slice(indent.length) : lines[i]!.trimStart())
    }
    blocks.push({ lang: open[2]!.trim(), code: body.join('\n') + '\n', line: start + 1 })
  }
  return blocks
}

/** The README's blocks. */
export function readmeBlocks(): Block[] {
  return codeBlocks(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'))
}

/** The kinds of project a README block must run in. */
export type ProjectKind = 'module' | 'commonjs'
export const PROJECT_KINDS: readonly ProjectKind[] = ['module', 'commonjs']

/**
 * `KAFKA_LITE_README_PACKAGE`: the package as installed from the packed tarball into a fresh app
 * (`node_modules/@kafka-lite/log` there, with its dependencies beside it), used instead of this
 * repository: `scripts/check-package.sh` runs the README test that way, so every block also runs
 * against exactly what `npm install <tarball>` gives a user.
 */
const INSTALLED_PACKAGE = process.env.KAFKA_LITE_README_PACKAGE || undefined

/**
 * A consumer project in `dir`: `'commonjs'` is exactly what `npm init -y` makes (npm 11 writes
 * `"type": "commonjs"`), `'module'` one with `"type": "module"`. `@kafka-lite/log` resolves to this
 * package through a symlink, as `npm link` does (its `package.json` exports and the built `dist/`,
 * as a consumer gets them).
 */
export async function makeProject(dir: string, kind: ProjectKind): Promise<void> {
  fs.mkdirSync(path.join(dir, 'node_modules/@kafka-lite'), { recursive: true })
  fs.symlinkSync(INSTALLED_PACKAGE ?? ROOT, path.join(dir, 'node_modules/@kafka-lite/log'), 'dir')
  // The README's Kafka protocol example talks to the broker with kafkajs, as an app that has it installed.
  fs.symlinkSync(path.join(ROOT, 'node_modules/kafkajs'), path.join(dir, 'node_modules/kafkajs'), 'dir')
  if (kind === 'commonjs') {
    await run('npm', ['init', '-y'], { cwd: dir, timeout: 60_000 })
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { type?: string }
    // The premise of the CommonJS run: an npm that writes no type would make it an ES module check.
    if (pkg.type !== 'commonjs') throw new Error(`npm init -y wrote "type": ${JSON.stringify(pkg.type)}, expected "commonjs"`)
  } else {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', type: 'module', private: true }))
  }
}

/**
 * The file a program block is saved as in a project of `kind`: `main.ts` (run with tsx); a `js`
 * block is CommonJS (what `npm init -y` sets up): `main.js` there, `main.cjs` in an ES module project.
 */
export function programFile(block: Block, kind: ProjectKind): string {
  if (block.lang === 'ts') return 'main.ts'
  return kind === 'commonjs' ? 'main.js' : 'main.cjs'
}

/** Whether a block needs a Kafka broker to run (it is run by the Kafka suite, test/kafka/mirror.test.ts). */
export function needsKafka(block: Block): boolean {
  return block.code.includes("'@kafka-lite/log/mirror'")
}
