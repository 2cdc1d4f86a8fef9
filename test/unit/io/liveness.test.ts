/**
 * io/liveness.ts: a leftover's owner is dead only when it is provably gone on this host.
 */
import { spawnSync } from 'node:child_process'
import os from 'node:os'
import { describe, expect, it } from 'vitest'
import { hostTag, isDeadHere, ownerTag, parseOwnerTag, thisProcess } from '../../../src/io/liveness.js'

/** pid 2^22+1 is above Linux's pid_max limit, so it is never a live process. */
const DEAD_PID = 2 ** 22 + 1

describe('liveness', () => {
  it('a pid of this host that does not exist is dead; by host name or host tag', () => {
    expect(isDeadHere({ pid: DEAD_PID, hostname: os.hostname() })).toBe(true)
    expect(isDeadHere({ pid: DEAD_PID, hostTag: hostTag() })).toBe(true)
    // A child that has exited and been reaped.
    const child = spawnSync(process.execPath, ['-e', ''])
    expect(child.status).toBe(0)
    expect(isDeadHere({ pid: child.pid, hostname: os.hostname() })).toBe(true)
  })

  it('another host, no host, a live process, our own pid, or no usable pid is never dead', () => {
    expect(isDeadHere({ pid: DEAD_PID, hostname: `${os.hostname()}-elsewhere` })).toBe(false)
    expect(isDeadHere({ pid: DEAD_PID, hostTag: '000000000000' === hostTag() ? '000000000001' : '000000000000' })).toBe(false)
    expect(isDeadHere({ pid: DEAD_PID })).toBe(false)
    expect(isDeadHere({ pid: process.ppid, hostname: os.hostname() })).toBe(false)
    expect(isDeadHere({ pid: process.pid, hostname: os.hostname() })).toBe(false)
    expect(isDeadHere(thisProcess())).toBe(false)
    for (const pid of ['1', -1, 0, 1.5, NaN, undefined]) expect(isDeadHere({ pid, hostname: os.hostname() })).toBe(false)
    expect(isDeadHere(undefined)).toBe(false)
  })

  it('host tags are 12 hex digits, stable per host name, different between host names', () => {
    expect(hostTag()).toMatch(/^[0-9a-f]{12}$/)
    expect(hostTag('a')).toBe(hostTag('a'))
    expect(hostTag('a')).not.toBe(hostTag('b'))
    expect(hostTag(os.hostname())).toBe(hostTag())
  })

  it('owner tags round-trip and reject other shapes', () => {
    expect(parseOwnerTag(ownerTag())).toEqual({ hostTag: hostTag(), pid: process.pid })
    for (const bad of [
      '',
      '123',
      `${hostTag()}-`,
      `${hostTag()}-x`,
      `${hostTag().toUpperCase()}-1`,
      `${hostTag()}1-1`,
      `${hostTag()}-12345678901`,
    ]) {
      expect(parseOwnerTag(bad)).toBeUndefined()
    }
  })
})
