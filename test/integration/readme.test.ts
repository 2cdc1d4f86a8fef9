/**
 * The README's code runs as written. Every fenced block must carry a language tag: `ts` and `js`
 * blocks are programs, run in a fresh project directory whose `node_modules/@kafka-lite/log` is this
 * package (its `package.json` exports and the built `dist/`, as a consumer gets them): `ts` blocks are
 * type-checked with `strict` TypeScript (one tsc run) and each run with tsx, a `js` block runs under plain Node (so it
 * must be JavaScript that Node itself accepts). `sh` (commands) and `text` (diagrams, output) blocks
 * are skipped explicitly; any other or missing tag fails, so a new block cannot slip by untested.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { useTempDirs } from '../helpers/temp-dir.js'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs')
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc')
const dirs = useTempDirs('kafka-lite-readme-')

interface Block {
  lang: string
  code: string
  line: number
}

function codeBlocks(markdown: string): Block[] {
  const blocks: Block[] = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(.*)$/.exec(lines[i]!)
    if (open === null) continue
    const start = i
    const body: string[] = []
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]!)
    blocks.push({ lang: open[1]!.trim(), code: body.join('\n') + '\n', line: start + 1 })
  }
  return blocks
}

/** A consumer project: `@kafka-lite/log` resolves to this package through a symlink, as `npm link` does. */
function project(): string {
  const dir = dirs.make()
  fs.mkdirSync(path.join(dir, 'node_modules/@kafka-lite'), { recursive: true })
  fs.symlinkSync(ROOT, path.join(dir, 'node_modules/@kafka-lite/log'), 'dir')
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }))
  return dir
}

const blocks = codeBlocks(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'))
const programs = blocks.filter((b) => b.lang === 'ts' || b.lang === 'js')

describe('README code blocks', () => {
  it('every block is tagged ts, js, sh or text', () => {
    expect(programs.length).toBeGreaterThanOrEqual(2)
    expect(blocks.filter((b) => !['ts', 'js', 'sh', 'text'].includes(b.lang)).map((b) => `line ${b.line}: '${b.lang}'`)).toEqual([])
  })

  it('every ts block type-checks (strict, NodeNext, against the published types)', async () => {
    // One tsc run for all blocks: each is its own module in one project.
    const dir = project()
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

  it.each(programs.map((b) => [`${b.lang} block at line ${b.line}`, b] as const))('%s runs as written', async (_, block) => {
    const dir = project()
    if (block.lang === 'ts') {
      fs.writeFileSync(path.join(dir, 'main.ts'), block.code)
      await run(process.execPath, [TSX, 'main.ts'], { cwd: dir, timeout: 60_000 })
    } else {
      fs.writeFileSync(path.join(dir, 'main.js'), block.code)
      await run(process.execPath, ['main.js'], { cwd: dir, timeout: 60_000 })
    }
    // The samples write real logs relative to where they run.
    expect(fs.readdirSync(path.join(dir, 'data')).length).toBeGreaterThan(0)
  })
})
