/**
 * An fs fault-injection seam for tests: makes every call of one kind (open, read, write, fsync, ...)
 * fail with a given errno while armed. The library calls `fs` through the module's default export,
 * so replacing its methods reaches every call site (sync, callback and promise forms alike), with no
 * test hook in the library itself.
 */
import fs from 'node:fs'
import { vi } from 'vitest'

/** The kinds of file-system call a fault can target. */
export type FaultKind = 'open' | 'read' | 'write' | 'fsync' | 'ftruncate' | 'rename' | 'unlink' | 'stat' | 'readdir' | 'mkdir' | 'close'

const METHODS: Record<FaultKind, string[]> = {
  open: ['openSync', 'open'],
  read: ['readSync', 'read', 'readFileSync'],
  write: ['writeSync', 'writevSync', 'write', 'writev', 'writeFileSync'],
  fsync: ['fsyncSync', 'fdatasyncSync', 'fsync', 'fdatasync'],
  ftruncate: ['ftruncateSync', 'ftruncate', 'truncateSync'],
  rename: ['renameSync', 'rename'],
  unlink: ['unlinkSync', 'unlink', 'rmSync'],
  stat: ['statSync', 'fstatSync', 'stat', 'fstat'],
  readdir: ['readdirSync', 'readdir'],
  mkdir: ['mkdirSync', 'mkdir'],
  close: ['closeSync', 'close'],
}

/** Every kind, for matrices. */
export const FAULT_KINDS = Object.keys(METHODS) as FaultKind[]

function errnoError(code: string, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected fault, ${syscall}`), { code, errno: -5, syscall })
}

/**
 * Arms a fault: every call of `kind` fails with `code` (e.g. 'EIO', 'ENOSPC', 'EMFILE') until the
 * returned function is called. Callback forms call back with the error on a later tick.
 */
export function injectFault(kind: FaultKind, code: string): () => void {
  const f = fs as unknown as Record<string, (...args: unknown[]) => unknown>
  const spies = METHODS[kind].map((name) =>
    vi.spyOn(f, name).mockImplementation((...args: unknown[]) => {
      const err = errnoError(code, name)
      if (name.endsWith('Sync')) throw err
      const cb = args[args.length - 1]
      if (typeof cb === 'function') {
        setImmediate(() => (cb as (e: unknown) => void)(err))
        return undefined
      }
      throw err
    }),
  )
  return () => {
    for (const s of spies) s.mockRestore()
  }
}
