#!/usr/bin/env node
// Builds the prebuilt native addons (mmap and CRC-32C) shipped in the npm package, reproducibly, and checks them.
//
//   npm run prebuilds          compile native/mmap.c and native/crc32c.c for every target below into
//                              native/prebuilds/<tag>/kafka_lite_mmap.node and record
//                              native/prebuilds/manifest.json (toolchain, flags, sha256)
//   npm run check:prebuilds    rebuild into a temp directory and compare byte for byte with the
//                              committed binaries (same toolchain), check what each binary needs
//                              from its libc, and load and use each one where a runtime for its libc
//                              is at hand (run by `npm run check:package`, so by CI)
//
// Why committed binaries: `npm install git+…` and `npm pack` then need no cross toolchain, and a
// consumer with no compiler (or with `--ignore-scripts`) still maps files. Why they can be trusted:
// this check rebuilds them from source with the recorded toolchain and fails on any byte difference.
//
// Targets (Node-API, NAPI_VERSION 8: one binary per platform and libc serves every Node >= 20):
//   linux-x64-glibc  Debian's gcc, libc.so.6, only GLIBC_2.2.5 symbols (any x86-64 glibc)
//   linux-x64-musl   Debian's musl-gcc (musl-tools), NEEDED libc.so, which musl's loader maps to itself
// Node-API declarations come from the pinned `node-api-headers` devDependency, not from the Node
// install or a download, so the bytes do not depend on which Node built them.
'use strict'
const { spawnSync } = require('node:child_process')
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const ROOT = path.join(__dirname, '..')
const NATIVE = path.join(ROOT, 'native')
const SOURCES = ['mmap.c', 'crc32c.c']
const PREBUILDS = path.join(NATIVE, 'prebuilds')
const MANIFEST = path.join(PREBUILDS, 'manifest.json')
const ADDON = 'kafka_lite_mmap.node'
const HEADERS_PKG = path.join(ROOT, 'node_modules', 'node-api-headers')

// No debug info and stripped: the output depends on the source, the headers, the flags and the
// compiler, not on the directory it was built in. A build id is a hash of the contents.
const FLAGS = [
  '-std=gnu11',
  '-O2',
  '-Wall',
  '-Wextra',
  '-Werror',
  '-fPIC',
  '-fvisibility=hidden',
  '-shared',
  '-s',
  '-Wl,--build-id=sha1',
  '-Wl,-z,relro,-z,now',
  '-DNODE_GYP_MODULE_NAME=kafka_lite_mmap',
]

/** The libc functions the addon may use: each must exist in every target's libc. */
const LIBC_ALLOWED = new Set([
  '__errno_location',
  'madvise',
  'mmap',
  'munmap',
  'stpcpy',
  'strcpy',
  'strcat',
  'strlen',
  'strncat',
  'strerror',
])

const TARGETS = [
  {
    tag: 'linux-x64-glibc',
    cc: process.env.KAFKA_LITE_CC_GLIBC || 'gcc',
    needed: ['libc.so.6'],
    libc: '/lib/x86_64-linux-gnu/libc.so.6',
    // Node 20 itself needs glibc 2.28; the addon asks for nothing newer than the x86-64 baseline.
    maxGlibc: '2.17',
    libcVersion: () => (run('ldd', ['--version']).stdout.split('\n')[0] || '').trim(),
  },
  {
    tag: 'linux-x64-musl',
    cc: process.env.KAFKA_LITE_CC_MUSL || 'musl-gcc',
    // musl's dynamic loader treats any NEEDED "libc.*" as itself (Alpine names it libc.musl-x86_64.so.1).
    needed: ['libc.so'],
    libc: '/usr/lib/x86_64-linux-musl/libc.so',
    maxGlibc: null,
    libcVersion: () => {
      const r = run('/lib/ld-musl-x86_64.so.1', [])
      const v = /Version ([\d.]+)/.exec(r.stderr || '')
      return v ? `musl ${v[1]}` : 'musl (version unknown)'
    },
  },
]

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...options })
  return { status: r.error ? -1 : r.status, stdout: r.stdout || '', stderr: r.stderr || (r.error ? r.error.message : '') }
}

const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')
/** Each source's sha256, by file name: what the manifest records the binaries were built from. */
const sourceHashes = () => Object.fromEntries(SOURCES.map((s) => [s, sha256(path.join(NATIVE, s))]))
const say = (msg) => console.log(`[prebuild] ${msg}`)
let failures = 0
const fail = (msg) => {
  failures++
  console.error(`[prebuild] FAIL: ${msg}`)
}

function headers() {
  const include = path.join(HEADERS_PKG, 'include')
  if (!fs.existsSync(path.join(include, 'node_api.h'))) {
    throw new Error('node-api-headers is not installed (run npm ci): the prebuilt addons are compiled against it')
  }
  const { version } = JSON.parse(fs.readFileSync(path.join(HEADERS_PKG, 'package.json'), 'utf8'))
  return { include, id: `node-api-headers@${version}` }
}

function compilerVersion(cc) {
  const r = run(cc, ['--version'])
  return r.status === 0 ? r.stdout.split('\n')[0].trim() : null
}

/** Compiles one target into `outDir/<tag>/`; returns the file. Compiles in a temp dir so no path leaks. */
function compile(target, include, outDir) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-lite-prebuild-'))
  try {
    for (const source of SOURCES) fs.copyFileSync(path.join(NATIVE, source), path.join(work, source))
    const r = run(target.cc, [...FLAGS, '-isystem', include, '-o', ADDON, ...SOURCES], { cwd: work })
    if (r.status !== 0) throw new Error(`${target.cc} failed for ${target.tag}: ${r.stderr.trim()}`)
    const dest = path.join(outDir, target.tag, ADDON)
    fs.mkdirSync(path.dirname(dest), { recursive: true })
    fs.copyFileSync(path.join(work, ADDON), dest)
    return dest
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}

/** What the binary needs from the system, read with readelf/nm (binutils), checked against its libc. */
function inspect(target, file) {
  const dyn = run('readelf', ['-h', '-d', '-W', file])
  if (dyn.status !== 0) return fail(`readelf ${file}: ${dyn.stderr.trim()}`)
  if (!/Type:\s+DYN/.test(dyn.stdout) || !/Machine:\s+Advanced Micro Devices X86-64/.test(dyn.stdout)) {
    fail(`${target.tag}: not an x86-64 shared object`)
  }
  const needed = [...dyn.stdout.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1])
  if (needed.join() !== target.needed.join()) fail(`${target.tag}: NEEDED ${needed.join(', ')}, expected ${target.needed.join(', ')}`)
  const exported = run('nm', ['-D', '--defined-only', file]).stdout
  for (const sym of ['napi_register_module_v1', 'node_api_module_get_api_version_v1']) {
    if (!new RegExp(`\\b${sym}\\b`).test(exported)) fail(`${target.tag}: does not export ${sym}`)
  }
  const undefinedSyms = run('nm', ['-D', '--undefined-only', file])
    .stdout.split('\n')
    .map((l) => /\s+U\s+(\S+)/.exec(l))
    .filter(Boolean)
    .map((m) => m[1])
  const versions = new Set()
  const fromLibc = []
  for (const s of undefinedSyms) {
    const [name, version] = s.split('@')
    if (name.startsWith('napi_')) continue
    if (!LIBC_ALLOWED.has(name)) fail(`${target.tag}: uses ${name}, not in the checked libc list`)
    fromLibc.push(name)
    if (version) versions.add(version)
  }
  if (target.maxGlibc === null && versions.size > 0) fail(`${target.tag}: asks for glibc symbol versions ${[...versions].join(', ')}`)
  if (target.maxGlibc !== null) {
    for (const v of versions) {
      const n = /^GLIBC_([\d.]+)$/.exec(v)
      if (!n || compareVersions(n[1], target.maxGlibc) > 0) fail(`${target.tag}: needs ${v}, newer than GLIBC_${target.maxGlibc}`)
    }
  }
  // Every libc function it calls is defined by that libc (musl's libc.so from musl-dev here).
  if (fs.existsSync(target.libc)) {
    const defined = new Set(
      run('nm', ['-D', '--defined-only', target.libc])
        .stdout.split('\n')
        .map((l) => l.trim().split(/\s+/)[2])
        .filter(Boolean)
        .map((s) => s.split('@')[0]),
    )
    for (const name of fromLibc) if (!defined.has(name)) fail(`${target.tag}: ${name} is not defined by ${target.libc}`)
  } else {
    say(`${target.tag}: ${target.libc} absent, symbols not checked against it`)
  }
  say(
    `${target.tag}: NEEDED ${needed.join(', ')}; libc symbols ${fromLibc.join(' ')}${versions.size ? ` (${[...versions].join(', ')})` : ''}`,
  )
}

function compareVersions(a, b) {
  const x = a.split('.').map(Number)
  const y = b.split('.').map(Number)
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] || 0) !== (y[i] || 0)) return (x[i] || 0) - (y[i] || 0)
  return 0
}

/** The libc of the running Node, as mapped into this process (no report: that costs ~60 ms). */
function runningLibc() {
  try {
    return /\/ld-musl-|\/libc\.musl-/.test(fs.readFileSync('/proc/self/maps', 'utf8')) ? 'musl' : 'glibc'
  } catch {
    return process.report.getReport().header.glibcVersionRuntime ? 'glibc' : 'musl'
  }
}

/** Loads the addon in a runtime and uses it: map a file, compare bytes, unmap; CRC-32C check values. */
function exercise(runtime, file) {
  const script = `
    const fs = require('node:fs'), os = require('node:os'), path = require('node:path')
    const b = require(${JSON.stringify(file)})
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-lite-prebuild-')), 'f')
    const bytes = Buffer.alloc(10000); for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7) & 0xff
    fs.writeFileSync(f, bytes)
    const fd = fs.openSync(f, 'r'); const m = b.map(fd, bytes.length); fs.closeSync(fd)
    if (!m.equals(bytes)) throw new Error('mapped bytes differ')
    b.dontneed(m)
    if (b.release(m) !== true || m.length !== 0) throw new Error('release did not unmap')
    // CRC-32C (exported where the CPU has SSE4.2, which every x86-64 CPU building these does):
    // the check value, and 100,000 bytes (both lane lengths and the tail) against a bitwise CRC.
    if (typeof b.crc32c !== 'function') throw new Error('no crc32c export')
    if (b.crc32c(Buffer.from('123456789'), 0) !== 0xe3069283) throw new Error('crc32c check value differs')
    const big = Buffer.alloc(100000); for (let i = 0; i < big.length; i++) big[i] = (i * 131 + (i >> 9)) & 0xff
    let c = ~0 >>> 0
    for (const x of big) { c ^= x; for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1 }
    if (b.crc32c(big, 0) !== (~c >>> 0)) throw new Error('crc32c of 100,000 bytes differs from the bitwise CRC')
    fs.rmSync(path.dirname(f), { recursive: true })
    console.log('ok')`
  const r = run(runtime, ['-e', script])
  return r.status === 0 && r.stdout.trim() === 'ok' ? null : (r.stderr || r.stdout).trim().split('\n').slice(0, 3).join(' | ')
}

function build() {
  const { include, id } = headers()
  const manifest = { sources: sourceHashes(), headers: id, flags: FLAGS, targets: {} }
  for (const target of TARGETS) {
    const cc = compilerVersion(target.cc)
    if (cc === null)
      throw new Error(
        `${target.cc} not found: ${target.tag} needs it (Debian: apt-get install ${target.tag.endsWith('musl') ? 'musl-tools' : 'gcc'})`,
      )
    const file = compile(target, include, PREBUILDS)
    inspect(target, file)
    manifest.targets[target.tag] = { cc, libc: target.libcVersion(), bytes: fs.statSync(file).size, sha256: sha256(file) }
    say(`${target.tag}: ${path.relative(ROOT, file)} (${fs.statSync(file).size} bytes, ${cc})`)
  }
  fs.writeFileSync(MANIFEST, JSON.stringify(manifest, null, 2) + '\n')
  say(`wrote ${path.relative(ROOT, MANIFEST)}`)
}

function check() {
  const manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'))
  const { include, id } = headers()
  if (JSON.stringify(manifest.sources) !== JSON.stringify(sourceHashes()))
    fail(`native/{${SOURCES.join(',')}} changed since the prebuilt addons were built: run npm run prebuilds`)
  if (manifest.headers !== id) fail(`built with ${manifest.headers}, ${id} installed: run npm run prebuilds`)
  if (JSON.stringify(manifest.flags) !== JSON.stringify(FLAGS))
    fail('compiler flags changed since the prebuilt addons were built: run npm run prebuilds')
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-lite-prebuild-check-'))
  try {
    for (const target of TARGETS) {
      const committed = path.join(PREBUILDS, target.tag, ADDON)
      const recorded = manifest.targets[target.tag]
      if (!recorded || !fs.existsSync(committed)) {
        fail(`${target.tag}: no committed binary`)
        continue
      }
      if (sha256(committed) !== recorded.sha256) fail(`${target.tag}: ${path.relative(ROOT, committed)} does not match manifest.json`)
      inspect(target, committed)
      const cc = compilerVersion(target.cc)
      if (cc === null) {
        fail(
          `${target.cc} not found, cannot rebuild ${target.tag} (Debian: apt-get install ${target.tag.endsWith('musl') ? 'musl-tools' : 'gcc'})`,
        )
        continue
      }
      const rebuilt = compile(target, include, tmp)
      if (cc === recorded.cc) {
        if (sha256(rebuilt) !== recorded.sha256) fail(`${target.tag}: rebuilt from source with the same toolchain, the bytes differ`)
        else say(`${target.tag}: rebuilt byte for byte (${cc})`)
      } else {
        say(
          `${target.tag}: toolchain differs (built with "${recorded.cc}", here "${cc}"): bytes not compared, the rebuild is checked instead`,
        )
        inspect(target, rebuilt)
      }
      // Load and use the committed binary and the rebuilt one where a runtime for this libc is at hand.
      const runtimes = []
      if (target.tag === `linux-x64-${runningLibc()}`) runtimes.push(process.execPath)
      if (target.tag.endsWith('musl') && process.env.KAFKA_LITE_MUSL_RUNTIME) runtimes.push(process.env.KAFKA_LITE_MUSL_RUNTIME)
      if (runtimes.length === 0) say(`${target.tag}: no runtime for this libc here (set KAFKA_LITE_MUSL_RUNTIME): not loaded`)
      for (const runtime of runtimes) {
        for (const file of [committed, rebuilt]) {
          const err = exercise(runtime, file)
          if (err) fail(`${target.tag}: ${path.basename(runtime)} could not use ${file}: ${err}`)
        }
        say(`${target.tag}: loaded and mapped a file under ${runtime}`)
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
  if (failures > 0) process.exit(1)
  say('prebuilt addons check passed')
}

if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.error('[prebuild] the prebuilt addons are built on linux-x64 (glibc and musl)')
  process.exit(1)
}
try {
  if (process.argv.includes('--check')) check()
  else build()
  if (failures > 0) process.exit(1)
} catch (err) {
  console.error(`[prebuild] ${err.message}`)
  process.exit(1)
}
