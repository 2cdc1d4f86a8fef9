/**
 * `kafka-lite-log serve` (the built CLI, `dist/cli.js`) in a child process, for the tests that need a
 * broker they can SIGKILL or fuzz from outside.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The built CLI (`npx tsup` builds it; `npm test` does). */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url))

/** The one JSON line `serve` prints once it listens. */
export interface ServeLine {
  host: string
  port: number
  clusterId: string
  nodeId: number
}

/** A listening `serve` child. */
export interface ServeChild {
  child: ChildProcess
  line: ServeLine
  /** What it wrote to stderr so far (empty with `stderr: 'inherit'`). */
  stderr: () => string
}

/**
 * Spawns `kafka-lite-log serve <args>` and resolves once it prints its listening line; rejects with
 * its exit and stderr if it exits first. The child is pushed onto `options.children` at spawn, so a
 * test's cleanup kills it even when the wait fails. `stderr: 'inherit'` shows the broker's stderr in
 * the test's output instead of collecting it.
 */
export function startServe(
  args: readonly string[],
  options: { children?: ChildProcess[]; stderr?: 'pipe' | 'inherit' } = {},
): Promise<ServeChild> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', options.stderr ?? 'pipe'] })
  options.children?.push(child)
  let err = ''
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()))
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const nl = out.indexOf('\n')
      if (nl >= 0) resolve({ child, line: JSON.parse(out.slice(0, nl)) as ServeLine, stderr: () => err })
    })
    child.once('exit', (code, signal) => reject(new Error(`serve exited (${code ?? signal}) before listening: ${err}`)))
  })
}
