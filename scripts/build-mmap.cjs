#!/usr/bin/env node
// Builds the optional `mmap-io` addon with C++17.
//
// mmap-io 1.1.x pins `-std=c++11` in its binding.gyp, but Node 20's headers need C++17, so its own
// install script fails out of the box. The project's package.json denies that script
// (`allowScripts`), npm installs the package's files, and this postinstall builds it with
// `CXXFLAGS=-std=gnu++17` (appended after the target's flags, so it wins).
//
// This script never fails the install: when the addon cannot be built (no compiler, no Python, an
// unsupported platform), @kafka-lite/log falls back to reading indexes into Buffers
// (src/io/mapped-file.ts), and says so through `mappedFileBackend()`.
'use strict'
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

function locate() {
  try {
    return path.dirname(require.resolve('mmap-io/package.json', { paths: [process.cwd(), __dirname] }))
  } catch {
    return null
  }
}

function loads(dir) {
  const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(dir)})`], { stdio: 'ignore' })
  return r.status === 0
}

function main() {
  if (process.env.KAFKA_LITE_SKIP_MMAP_BUILD) return
  const dir = locate()
  if (dir === null) {
    console.log('[@kafka-lite/log] mmap-io is not installed; indexes will be read into Buffers.')
    return
  }
  if (loads(dir)) return
  const env = { ...process.env, CXXFLAGS: `${process.env.CXXFLAGS ?? ''} -std=gnu++17`.trim() }
  // Prefer the node-gyp that npm puts on PATH for lifecycle scripts; fall back to npx.
  const attempts = [['node-gyp', ['rebuild']], ['npx', ['--yes', 'node-gyp', 'rebuild']]]
  for (const [cmd, args] of attempts) {
    const r = spawnSync(cmd, args, { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'], shell: process.platform === 'win32' })
    if (r.status === 0 && loads(dir)) {
      console.log('[@kafka-lite/log] built mmap-io with C++17.')
      return
    }
  }
  const built = fs.existsSync(path.join(dir, 'build', 'Release', 'mmap-io.node'))
  console.log(`[@kafka-lite/log] could not build mmap-io (${built ? 'built but does not load' : 'build failed'}); ` +
    'indexes will be read into Buffers instead of mmapped.')
}

try { main() } catch (err) { console.log(`[@kafka-lite/log] mmap-io build skipped: ${err && err.message}`) }
