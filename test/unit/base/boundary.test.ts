/**
 * src/base/errors.ts: `boundaryError` and `guardPublicMethods`, the one wrapper at the public API's
 * boundary (issue 19 item 9).
 */
import { describe, expect, it } from 'vitest'
import { LogError, boundaryError, guardPublicMethods } from '../../../src/base/errors.js'

function errno(code: string, path?: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed`), { code, syscall: 'open', ...(path === undefined ? {} : { path }) })
}

describe('boundaryError', () => {
  it('wraps a raw fs error as KLOG_IO (KLOG_DISK_FULL for ENOSPC / EDQUOT), keeping it as cause and its path as file', () => {
    const raw = errno('EACCES', '/some/dir/.kafka-lite-state')
    const e = boundaryError(raw, 'log.reader') as LogError
    expect(e).toBeInstanceOf(LogError)
    expect(e.code).toBe('KLOG_IO')
    expect(e.cause).toBe(raw)
    expect(e.file).toBe('/some/dir/.kafka-lite-state')
    expect((boundaryError(errno('ENOSPC'), 'writer.append') as LogError).code).toBe('KLOG_DISK_FULL')
    expect((boundaryError(new Error('internal'), 'x') as LogError).code).toBe('KLOG_IO')
  })

  it('passes LogErrors, argument errors and AbortErrors through unchanged', () => {
    for (const err of [
      new LogError('KLOG_CLOSED', 'closed'),
      new TypeError('bad'),
      new RangeError('bad'),
      new DOMException('aborted', 'AbortError'),
    ]) {
      expect(boundaryError(err, 'x')).toBe(err)
    }
  })
})

describe('guardPublicMethods', () => {
  class Thing {
    static make(fail: boolean): Thing {
      if (fail) throw errno('EMFILE')
      return new Thing()
    }
    #hidden = 1
    get value(): number {
      throw errno('EACCES')
    }
    sync(): number {
      return this.#hidden
    }
    async later(): Promise<number> {
      await Promise.resolve()
      throw errno('EIO')
    }
    argument(n: unknown): Promise<number> {
      if (typeof n !== 'number') throw new TypeError('n must be a number')
      return Promise.resolve(n)
    }
    [Symbol.asyncDispose](): Promise<void> {
      return Promise.reject(errno('EBADF'))
    }
  }
  guardPublicMethods(Thing, 'thing')

  it('converts synchronous throws of methods, getters and statics, and keeps results and private state', () => {
    const t = new Thing()
    expect(t.sync()).toBe(1)
    expect(() => t.value).toThrow(expect.objectContaining({ code: 'KLOG_IO' }) as Error)
    expect(() => Thing.make(true)).toThrow(expect.objectContaining({ code: 'KLOG_IO' }) as Error)
    expect(Thing.make(false)).toBeInstanceOf(Thing)
    expect(Thing.prototype.sync.name).toBe('sync')
  })

  it('converts rejections, and leaves a synchronous TypeError synchronous', async () => {
    const t = new Thing()
    await expect(t.later()).rejects.toMatchObject({ code: 'KLOG_IO', cause: { code: 'EIO' } })
    await expect(t[Symbol.asyncDispose]()).rejects.toMatchObject({ code: 'KLOG_IO', cause: { code: 'EBADF' } })
    expect(() => t.argument('x')).toThrow(TypeError)
    await expect(t.argument(3)).resolves.toBe(3)
  })
})
