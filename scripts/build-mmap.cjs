#!/usr/bin/env node
// Decides, at install, which mmap backend @kafka-lite/log will use, and says so in ONE line.
//
// Runs as the package's `install` script. In order:
//   1. the prebuilt addon shipped in the package for this platform and libc
//      (native/prebuilds/<platform>-<arch>-<libc>/kafka_lite_mmap.node: linux-x64 glibc and musl,
//      made by scripts/prebuild.cjs): if it loads in a fresh Node, nothing is compiled;
//   2. otherwise the addon is compiled from native/mmap.c and native/crc32c.c with the node-gyp npm bundles (npm passes
//      its path in `npm_config_node_gyp`), against Node's own headers when they sit next to node;
//   3. otherwise index files will be read into memory (src/io/mapped-file.ts warns once at run time,
//      code KLOG_MMAP_FALLBACK, and `mappedFileBackend()` returns 'read').
// The line names the backend and why, with the compiler's own error when a build fails (not only
// node-gyp's "not ok"). The runtime loads in the same order, so an install with `--ignore-scripts`
// (this script never runs) still uses the prebuilt addon where one fits.
//
// Where the line goes: stdout; and, because npm runs a dependency's install script in the background
// and shows its output only when it fails, also the terminal (/dev/tty) when there is one and npm is
// not running scripts in the foreground (`--foreground-scripts`), so that the user sees it once.
//
// This script never fails the install. `KAFKA_LITE_SKIP_MMAP_BUILD=1` skips the compile (step 2).
'use strict'
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.join(__dirname, '..')
const NATIVE = path.join(ROOT, 'native')
const ADDON = 'kafka_lite_mmap.node'
const BUILT = path.join(NATIVE, 'build', 'Release', ADDON)
const PREFIX = '[@kafka-lite/log]'

function say(msg) {
  const line = `${PREFIX} ${msg}\n`
  process.stdout.write(line)
  if (process.env.npm_config_foreground_scripts === 'true' || process.stdout.isTTY) return
  try {
    const tty = fs.openSync('/dev/tty', 'w')
    try {
      fs.writeSync(tty, line)
    } finally {
      fs.closeSync(tty)
    }
  } catch {
    // No terminal (CI, a container): the line is in npm's log and in `--foreground-scripts` output.
  }
}

/** The prebuilt directory for this Node: the same rule as src/base/native-addon.ts (this script runs without the library built). */
function prebuildTag() {
  let libc = ''
  if (process.platform === 'linux') {
    try {
      libc = /\/ld-musl-|\/libc\.musl-/.test(fs.readFileSync('/proc/self/maps', 'utf8')) ? '-musl' : '-glibc'
    } catch {
      libc = '-glibc'
    }
  }
  return `${process.platform}-${process.arch}${libc}`
}

/** Loads `file` in a fresh Node and maps a file with it; returns null when it works, else why not. */
function tryAddon(file) {
  const script = `
    const fs = require('node:fs'), os = require('node:os'), path = require('node:path')
    const b = require(${JSON.stringify(file)})
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-lite-install-'))
    try {
      const f = path.join(dir, 'f'); fs.writeFileSync(f, Buffer.alloc(8192, 7))
      const fd = fs.openSync(f, 'r'); const m = b.map(fd, 8192); fs.closeSync(fd)
      if (m[8191] !== 7) throw new Error('mapped bytes differ')
    } finally { fs.rmSync(dir, { recursive: true, force: true }) }`
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' })
  if (r.status === 0) return null
  return firstError(r.error ? r.error.message : r.stderr) || `exit ${r.status}`
}

/** The line of a failure's output that says what went wrong (not node-gyp's closing "not ok"). */
function firstError(text) {
  const lines = String(text || '')
    .split('\n')
    .map((l) => l.replace(/^gyp (ERR|WARN)! (find Python |stack |configure error |build error )?/, '').trim())
    .filter(Boolean)
  // Most telling first: the compiler's own error, a missing tool, then node-gyp's own explanation.
  // (node-gyp's own "Error: `gyp` failed with exit code: 1" says least: it comes last.)
  const patterns = [
    /\berror:|: fatal error|undefined reference/i,
    /You need to install/,
    /not found|No such file|ENOENT|EACCES|Permission denied|could not be run|cannot find/i,
    /^Error: /,
  ]
  const noise = /^(gyp info|not ok|cwd|node -v|node-gyp -v|System|command)\b|^Error: `gyp` failed|^at /
  for (const [i, pattern] of patterns.entries()) {
    const hit = lines.find((l) => pattern.test(l) && !noise.test(l) && (i === 3 || !/^Error: /.test(l)))
    if (hit !== undefined) return hit.slice(0, 240)
  }
  return lines.filter((l) => !noise.test(l))[0] || ''
}

/** node-gyp commands to try: npm's own (lifecycle scripts get its path), then the bundled one, then PATH. */
function gypCommands() {
  const out = []
  const fromNpm = process.env.npm_config_node_gyp
  if (fromNpm && fs.existsSync(fromNpm)) out.push([process.execPath, [fromNpm, 'rebuild']])
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

/** Node's own headers next to this node (official tarballs, most distributions): no download needed. */
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

/** Compiles the addon; returns null when it built and loads, else why not. */
function compile() {
  let why = ''
  const env = buildEnv()
  for (const [cmd, args] of gypCommands()) {
    const r = spawnSync(cmd, args, { cwd: NATIVE, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' })
    if (r.error && r.error.code === 'ENOENT') {
      why = why || 'node-gyp not found'
      continue
    }
    if (r.status === 0) {
      const err = tryAddon(BUILT)
      if (err === null) return null
      why = `the compiled addon does not load: ${err}`
      continue
    }
    // The compiler's message is in stdout (make) or stderr (gyp): take the first line that says why.
    why = firstError(`${r.stderr || ''}\n${r.stdout || ''}`) || `node-gyp exited with ${r.status}`
  }
  return why
}

function main() {
  if (process.platform === 'win32') return say('mmap backend: read (no mmap addon on Windows; index files are read into memory)')
  const tag = prebuildTag()
  const prebuilt = path.join(NATIVE, 'prebuilds', tag, ADDON)
  let prebuiltWhy = `no prebuilt addon for ${tag}`
  if (fs.existsSync(prebuilt)) {
    const err = tryAddon(prebuilt)
    if (err === null) return say(`mmap backend: mmap (prebuilt addon for ${tag}; nothing compiled)`)
    prebuiltWhy = `the prebuilt addon for ${tag} does not load here: ${err}`
  }
  if (process.env.KAFKA_LITE_SKIP_MMAP_BUILD) {
    return say(`mmap backend: read (${prebuiltWhy}; compiling skipped by KAFKA_LITE_SKIP_MMAP_BUILD; index files will be read into memory)`)
  }
  const why = compile()
  if (why === null) return say(`mmap backend: mmap (compiled the addon here: ${prebuiltWhy})`)
  say(`mmap backend: read (${prebuiltWhy}, and compiling failed: ${why}; index files will be read into memory)`)
}

try {
  main()
} catch (err) {
  say(`mmap backend: read unless an addon loads at run time (the install check failed: ${err && err.message})`)
}
