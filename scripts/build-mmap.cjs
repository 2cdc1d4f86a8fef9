#!/usr/bin/env node
// Builds the package's own mmap addon (native/mmap.c, Node-API) at install time.
//
// Runs as the package's `install` script, so `npm install @kafka-lite/log` (from the registry, a
// tarball or git) builds it with no manual step wherever a C compiler, make and Python are present.
// It uses the node-gyp that npm bundles (npm passes its path in `npm_config_node_gyp`), so the package
// has no build-time dependency of its own.
//
// This script never fails the install: when the addon cannot be built (no compiler, no Python, no
// Node headers offline, Windows), @kafka-lite/log reads index files into memory instead
// (src/io/mapped-file.ts), says so once through `process.emitWarning` (code KLOG_MMAP_FALLBACK), and
// `mappedFileBackend()` returns 'read'. `KAFKA_LITE_SKIP_MMAP_BUILD=1` skips the build.
'use strict'
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const NATIVE = path.join(__dirname, '..', 'native')
const ADDON = path.join(NATIVE, 'build', 'Release', 'kafka_lite_mmap.node')
const say = (msg) => console.log(`[@kafka-lite/log] ${msg}`)

function loads() {
  const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(ADDON)})`], { stdio: 'ignore' })
  return r.status === 0
}

/** node-gyp commands to try: npm's own (lifecycle scripts get its path), then one on PATH. */
function gypCommands() {
  const out = []
  const fromNpm = process.env.npm_config_node_gyp
  if (fromNpm && fs.existsSync(fromNpm)) out.push([process.execPath, [fromNpm, 'rebuild']])
  // Run by hand (`node scripts/build-mmap.cjs`): the node-gyp bundled with the npm next to this node.
  const bundled = path.join(
    path.dirname(process.execPath),
    '..',
    'lib',
    'node_modules',
    'npm',
    'node_modules',
    'node-gyp',
    'bin',
    'node-gyp.js',
  )
  if (fs.existsSync(bundled)) out.push([process.execPath, [bundled, 'rebuild']])
  out.push(['node-gyp', ['rebuild']])
  return out
}

/**
 * Node's own headers, when they sit next to this node (official tarballs and most distributions ship
 * `<prefix>/include/node`): building against them needs no download, so offline installs work too.
 */
function buildEnv() {
  const env = { ...process.env }
  const prefix = path.join(path.dirname(process.execPath), '..')
  if (
    !env.npm_config_nodedir &&
    fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) &&
    fs.existsSync(path.join(prefix, 'include', 'node', 'common.gypi'))
  ) {
    env.npm_config_nodedir = path.resolve(prefix)
  }
  return env
}

function main() {
  if (process.env.KAFKA_LITE_SKIP_MMAP_BUILD) return say('mmap addon build skipped (KAFKA_LITE_SKIP_MMAP_BUILD).')
  if (process.platform === 'win32') return say('no mmap addon on Windows; index files are read into memory.')
  let detail = ''
  const env = buildEnv()
  for (const [cmd, args] of gypCommands()) {
    const r = spawnSync(cmd, args, { cwd: NATIVE, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
    if (r.status === 0 && loads()) return say('built the mmap addon.')
    detail = (r.error ? r.error.message : r.stderr || '').trim().split('\n').slice(-3).join(' | ')
  }
  say(`could not build the mmap addon (${detail || 'no node-gyp'}); index files will be read into memory.`)
}

try {
  main()
} catch (err) {
  say(`mmap addon build skipped: ${err && err.message}`)
}
