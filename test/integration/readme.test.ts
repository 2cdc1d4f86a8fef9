/**
 * The README's code runs as written, in an app made by `npm init -y` (CommonJS: npm 11 writes
 * `"type": "commonjs"`) and in an ES module app. Every fenced block, indented ones inside list items
 * included, must carry a language tag: `ts` and `js` blocks are programs, run in a fresh project
 * directory of each kind whose `node_modules/@kafka-lite/log` is this package (its `package.json`
 * exports and the built `dist/`, as a consumer gets them): `ts` blocks are type-checked with
 * `strict` TypeScript (one tsc run per kind of project) and each run with tsx; a `js` block is
 * CommonJS and runs under plain Node (as `main.js` in the CommonJS app, `main.cjs` in the other). A
 * block that imports `@kafka-lite/log/mirror` needs a Kafka broker: it is type-checked here and run
 * by `test/kafka/mirror.test.ts`. `sh` (commands) and `text` (diagrams, output) blocks are skipped
 * explicitly; any other or missing tag fails, so a new block cannot slip by untested.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { PROJECT_KINDS, ROOT, TSX, makeProject, needsKafka, programFile, readmeBlocks } from '../helpers/readme.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const run = promisify(execFile)
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc')
const dirs = useTempDirs('kafka-lite-readme-')

const blocks = readmeBlocks()
const programs = blocks.filter((b) => b.lang === 'ts' || b.lang === 'js')

describe('README code blocks', () => {
  it('every block is tagged ts, js, sh or text; a block inside a list item counts too', () => {
    expect(programs.length).toBeGreaterThanOrEqual(2)
    expect(programs.some(needsKafka)).toBe(true)
    expect(blocks.filter((b) => !['ts', 'js', 'sh', 'text'].includes(b.lang)).map((b) => `line ${b.line}: '${b.lang}'`)).toEqual([])
  })

  it.each(PROJECT_KINDS)('every ts block type-checks in a %s app (strict, NodeNext, against the published types)', async (kind) => {
    // One tsc run for all blocks: each is its own module in one project.
    const dir = dirs.make()
    await makeProject(dir, kind)
    const files = programs
      .filter((b) => b.lang === 'ts')
      .map((b) => {
        fs.writeFileSync(path.join(dir, `block-${b.line}.ts`), b.code)
        return `block-${b.line}.ts`
      })
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          lib: ['ES2023', 'ESNext.Disposable'],
          types: ['node'],
          typeRoots: [path.join(ROOT, 'node_modules/@types')],
        },
        files,
      }),
    )
    const result = await run(process.execPath, [TSC, '-p', dir], { cwd: dir, timeout: 120_000 }).then(
      () => '',
      (err: { stdout?: string }) => err.stdout ?? String(err),
    )
    expect(result).toBe('')
  })

  const runnable = programs.filter((b) => !needsKafka(b))
  it.each(PROJECT_KINDS.flatMap((kind) => runnable.map((b) => [`${b.lang} block at line ${b.line}, ${kind} app`, b, kind] as const)))(
    '%s: runs as written',
    async (_, block, kind) => {
      const dir = dirs.make()
      await makeProject(dir, kind)
      const file = programFile(block, kind)
      fs.writeFileSync(path.join(dir, file), block.code)
      await run(process.execPath, block.lang === 'ts' ? [TSX, file] : [file], { cwd: dir, timeout: 60_000 })
      // The samples write real logs relative to where they run.
      expect(fs.readdirSync(path.join(dir, 'data')).length).toBeGreaterThan(0)
    },
  )
})
