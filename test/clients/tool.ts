/**
 * Runs a client program (kcat, python3, java) as a child process: stdin from a string, stdout
 * returned; a non-zero exit rejects with the tail of stderr. Always asynchronous: our broker may be
 * serving from this very process, so the event loop must keep running while the child talks to it.
 */
import { spawn } from 'node:child_process'

/** Options of {@link runTool}. */
export interface ToolOptions {
  /** Written to the child's stdin, which is then closed. */
  input?: string
  env?: NodeJS.ProcessEnv
}

/** Runs `cmd args` and resolves to its stdout. */
export function runTool(cmd: string, args: readonly string[], options: ToolOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (b: Buffer) => out.push(b))
    child.stderr.on('data', (b: Buffer) => err.push(b))
    child.once('error', reject)
    child.once('close', (code, signal) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'))
      else {
        const tail = Buffer.concat(err).toString('utf8').slice(-3000)
        reject(new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}:\n${tail}`))
      }
    })
    child.stdin.on('error', () => {})
    child.stdin.end(options.input ?? '')
  })
}
