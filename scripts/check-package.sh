#!/usr/bin/env bash
# The package as a consumer gets it: pack the tarball (prepack builds dist/), lint it with publint and
# @arethetypeswrong/cli, check what it ships, then install it into fresh ESM, CommonJS and TypeScript
# projects (strict; node16 and bundler resolution) and run a round trip in each: open a log, append,
# reopen, read back, and check mappedFileBackend() (`'mmap'`: the package ships prebuilt addons for
# linux-x64 glibc and musl; set EXPECT_BACKEND=read on a platform with neither a prebuilt nor a C
# toolchain). The installed bin round-trips a log, and on a terminal (script(1), where present) draws
# its progress bar with the cli-progress dependency.
# The mmap addon at install (scripts/build-mmap.cjs): each install prints exactly ONE line naming the
# backend and why (checked with --foreground-scripts, where npm shows a dependency's script output);
# on linux-x64 it is the prebuilt addon and nothing is compiled, also with no compiler on PATH; an
# install with --ignore-scripts (no line) uses the prebuilt addon; where no prebuilt fits (removed
# here) `npm rebuild` compiles one and says so; with neither, the line says 'read' and the run time
# falls back with its one KLOG_MMAP_FALLBACK warning.
#
# Usage: npm run check:package   (KEEP=1 keeps the temp directory for a look)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
EXPECT_BACKEND=${EXPECT_BACKEND:-mmap}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kafka-lite-package-XXXXXX")
if [[ -z "${KEEP:-}" ]]; then trap 'rm -rf "$TMP"' EXIT; else echo "keeping $TMP"; fi
TSC=(node "$ROOT/node_modules/typescript/bin/tsc")
step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

step "the prebuilt addons: rebuilt from source byte for byte, checked against each libc (scripts/prebuild.cjs --check)"
node scripts/prebuild.cjs --check

step "npm pack (prepack builds dist/)"
rm -rf dist
TARBALL="$TMP/$(npm pack --silent --pack-destination "$TMP" | tail -n 1)"
[[ -f "$TARBALL" ]] || fail "npm pack produced no tarball"
tar -tzf "$TARBALL" | sort > "$TMP/contents.txt"
cat "$TMP/contents.txt"
for f in package/dist/index.js package/dist/index.cjs package/dist/index.d.ts package/dist/index.d.cts \
  package/dist/broker/index.js package/dist/broker/index.cjs package/dist/broker/index.d.ts package/dist/broker/index.d.cts \
  package/LICENSE package/README.md package/native/mmap.c package/native/crc32c.c package/native/binding.gyp package/scripts/build-mmap.cjs \
  package/native/prebuilds/manifest.json package/native/prebuilds/linux-x64-glibc/kafka_lite_mmap.node \
  package/native/prebuilds/linux-x64-musl/kafka_lite_mmap.node; do
  grep -qx "$f" "$TMP/contents.txt" || fail "the tarball lacks $f"
done
! grep -E '\.map$|^package/src/|^package/test/|^package/native/build/' "$TMP/contents.txt" || fail "the tarball ships source maps, sources, tests or a build"
echo "tarball: $(du -k "$TARBALL" | cut -f1) KiB"

step "the broker entry shares the main entry's classes (one LogError)"
tar -xzf "$TARBALL" -C "$TMP" package/dist/broker/index.js package/dist/broker/index.cjs
! grep -E 'LogError = class|class LogError' "$TMP/package/dist/broker/index.js" "$TMP/package/dist/broker/index.cjs" \
  || fail "dist/broker bundles its own LogError"

step "published types name only the public API"
tar -xzf "$TARBALL" -C "$TMP" package/dist/index.d.ts
! grep -E 'class (LogOwner|Segment|Snapshot|SegmentList|OffsetIndex|TimeIndex)\b|interface LogSource\b' "$TMP/package/dist/index.d.ts" \
  || fail "dist/index.d.ts declares internal classes"

step "the prebuilt addons in the tarball are the committed ones (manifest sha256)"
tar -xzf "$TARBALL" -C "$TMP" package/native/prebuilds
node -e '
const fs = require("node:fs"), crypto = require("node:crypto"), path = require("node:path")
const dir = process.argv[1]
const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"))
for (const [tag, t] of Object.entries(manifest.targets)) {
  const sha = crypto.createHash("sha256").update(fs.readFileSync(path.join(dir, tag, "kafka_lite_mmap.node"))).digest("hex")
  if (sha !== t.sha256) { console.error(tag + ": sha256 differs from the manifest"); process.exit(1) }
  console.log(tag + ": " + sha)
}' "$TMP/package/native/prebuilds"

step "publint"
npx --no-install publint run "$TARBALL" --strict

step "arethetypeswrong"
# node10 resolution knows no "exports" subpaths: `@kafka-lite/log/mirror` needs node16 or a bundler
# (the package requires Node 20 anyway), so that profile is the one checked.
npx --no-install attw --profile node16 "$TARBALL"

# The round trip each project runs; `import`/`require` line and file name vary.
ROUND_TRIP='
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kafka-lite-roundtrip-"));
try {
  const log = await Log.open(dir, { segmentBytes: 1024, fsync: "always" });
  const writer = await log.writer();
  for (let i = 0; i < 100; i++) await writer.append({ key: "k" + i, value: "value-" + i });
  await log.close();
  const again = await Log.open(dir);
  const values: string[] = [];
  for await (const r of again.reader({ from: 0 })) values.push(String(r.value));
  const clean = again.recovery?.clean;
  await again.close();
  if (values.length !== 100 || values[99] !== "value-99" || clean !== true) throw new Error("round trip failed: " + values.length);
  const backend = mappedFileBackend();
  if (backend !== process.env.EXPECT_BACKEND) throw new Error("mappedFileBackend() is " + backend);
  console.log("round trip ok, backend " + backend);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
'
js() { sed -e 's/: string\[\]//' <<< "$ROUND_TRIP"; }

install_into() { # dir, extra env... (npm flags after --)
  local dir=$1; shift
  local envs=() flags=()
  while (($#)); do if [[ $1 == -- ]]; then shift; flags=("$@"); break; fi; envs+=("$1"); shift; done
  (cd "$dir" && env "${envs[@]}" npm install --no-fund --no-audit "${flags[@]}" "$TARBALL" 2>&1 | tee "$dir/npm-install.log")
}

# Exactly one install line, matching $2 (an extended regex), in the log $1.
install_line() {
  local n
  n=$(grep -c '^\[@kafka-lite/log\]' "$1" || true)
  [[ $n == 1 ]] || fail "the install printed $n lines of @kafka-lite/log (want exactly one): $(grep '^\[@kafka-lite/log\]' "$1")"
  grep -E "^\[@kafka-lite/log\] $2" "$1" || fail "the install line is not '$2': $(grep '^\[@kafka-lite/log\]' "$1")"
}
ADDON_TAG=$(node -e 'process.stdout.write(process.platform + "-" + process.arch + (/\/ld-musl-/.test(require("fs").readFileSync("/proc/self/maps", "utf8")) ? "-musl" : "-glibc"))')

new_project() { # name, package.json "type"
  local dir="$TMP/$1"
  mkdir -p "$dir"
  printf '{ "name": "consumer-%s", "private": true, "type": "%s" }\n' "$1" "$2" > "$dir/package.json"
  echo "$dir"
}

step "ESM project (install line: the prebuilt addon, nothing compiled)"
ESM=$(new_project esm module)
install_into "$ESM" -- --foreground-scripts
if [[ $EXPECT_BACKEND == mmap ]]; then
  install_line "$ESM/npm-install.log" "mmap backend: mmap \\(prebuilt addon for $ADDON_TAG; nothing compiled\\)"
  [[ ! -e "$ESM/node_modules/@kafka-lite/log/native/build" ]] || fail "the install compiled the addon although a prebuilt one fits"
fi
{ echo 'import fs from "node:fs"; import os from "node:os"; import path from "node:path";'
  echo 'import { Log, mappedFileBackend } from "@kafka-lite/log";'
  js; } > "$ESM/main.js"
(cd "$ESM" && EXPECT_BACKEND=$EXPECT_BACKEND node main.js)
echo "npm $(npm --version) said about install scripts:"
grep -iE 'script|allow|approve|build' "$ESM/npm-install.log" || echo "  (nothing)"

step "the kafka-lite-log command, installed as a bin"
(cd "$ESM" && printf 'one\ntwo\n' | npx --no-install kafka-lite-log append ./cli-log \
  && npx --no-install kafka-lite-log verify ./cli-log \
  && npx --no-install kafka-lite-log tail ./cli-log -n 1 | grep -q '"value":"two"') || fail "the CLI did not round-trip"
# On a terminal the CLI loads its progress library (a dependency) from the installed tree.
if command -v script > /dev/null; then
  TTY_OUT=$(cd "$ESM" && script -qec "npx --no-install kafka-lite-log verify ./cli-log" /dev/null)
  grep -q '100% | ETA' <<< "$TTY_OUT" || fail "the installed CLI drew no progress bar on a terminal"
fi

step "the broker entry (@kafka-lite/log/broker) in the ESM project: a topic, a keyed send, a read back"
cat > "$ESM/broker.js" <<'EOF2'
import fs from "node:fs"; import os from "node:os"; import path from "node:path";
import { LogError } from "@kafka-lite/log";
import { Broker, partitionForKey } from "@kafka-lite/log/broker";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kafka-lite-broker-"));
try {
  const broker = await Broker.open(dir);
  await broker.createTopic("orders", { partitions: 3 });
  const [m] = await broker.producer().send({ topic: "orders", messages: [{ key: "customer-7", value: "hello" }] });
  if (m.partition !== partitionForKey(Buffer.from("customer-7"), 3)) throw new Error("murmur2 partition " + m.partition);
  const r = await broker.log("orders", m.partition).get(m.offset);
  const err = await broker.createTopic("orders").catch((e) => e);
  if (String(r?.value) !== "hello" || !(err instanceof LogError) || err.code !== "KLOG_TOPIC_EXISTS") throw new Error("broker round trip failed");
  await broker.close();
  console.log("broker round trip ok");
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
EOF2
(cd "$ESM" && node broker.js)

step "CommonJS project, installed with no compiler, no make and no Python to be found (the prebuilt addon)"
CJS=$(new_project cjs commonjs)
install_into "$CJS" CC=/nonexistent/cc CXX=/nonexistent/c++ PYTHON=/nonexistent/python MAKE=/nonexistent/make -- --foreground-scripts
[[ $EXPECT_BACKEND != mmap ]] || install_line "$CJS/npm-install.log" "mmap backend: mmap \\(prebuilt addon for $ADDON_TAG; nothing compiled\\)"
{ echo 'const fs = require("node:fs"); const os = require("node:os"); const path = require("node:path");'
  echo 'const { Log, mappedFileBackend } = require("@kafka-lite/log");'
  echo '(async () => {'; js; echo '})().catch((err) => { console.error(err); process.exit(1) });'; } > "$CJS/main.cjs"
(cd "$CJS" && EXPECT_BACKEND=$EXPECT_BACKEND node main.cjs)

ts_project() { # name, "type", module, moduleResolution
  local dir
  dir=$(new_project "$1" "$2")
  install_into "$dir" > /dev/null
  { echo 'import fs from "node:fs"; import os from "node:os"; import path from "node:path";'
    echo 'import { Log, LogError, mappedFileBackend, type LogRecord, type LogOptions } from "@kafka-lite/log";'
    echo 'const options: LogOptions = { fsync: "never" }; void options; const r: LogRecord | undefined = undefined; void r; void LogError;'
    echo "$ROUND_TRIP"; } > "$dir/main.ts"
  cat > "$dir/tsconfig.json" <<EOF
{ "compilerOptions": { "strict": true, "target": "ES2022", "module": "$3", "moduleResolution": "$4",
  "lib": ["ES2023", "ESNext.Disposable"], "types": ["node"], "typeRoots": ["$ROOT/node_modules/@types"],
  "skipLibCheck": false, "outDir": "out" }, "files": ["main.ts"] }
EOF
  (cd "$dir" && "${TSC[@]}" -p . && EXPECT_BACKEND=$EXPECT_BACKEND node out/main.js)
}

step "Every README block, type-checked and run in CommonJS and ES module apps against the package installed from the tarball"
# The mirror and the broker examples use kafkajs, which an app using them installs beside the package.
ln -s "$ROOT/node_modules/kafkajs" "$CJS/node_modules/kafkajs"
(cd "$ROOT" && KAFKA_LITE_README_PACKAGE="$CJS/node_modules/@kafka-lite/log" npx vitest run test/integration/readme.test.ts)

step "TypeScript project: strict, module node16"
ts_project ts-node16 module node16 node16
step "TypeScript project: strict, moduleResolution bundler"
ts_project ts-bundler module esnext bundler

step "ESM project installed with --ignore-scripts: no install line, the prebuilt addon is used"
IGNORED=$(new_project ignore-scripts module)
install_into "$IGNORED" -- --ignore-scripts > /dev/null
! grep -q '^\[@kafka-lite/log\]' "$IGNORED/npm-install.log" || fail "an install with --ignore-scripts printed a line"
{ echo 'import fs from "node:fs"; import os from "node:os"; import path from "node:path";'
  echo 'import { Log, mappedFileBackend } from "@kafka-lite/log";'
  js; } > "$IGNORED/main.js"
(cd "$IGNORED" && EXPECT_BACKEND=$EXPECT_BACKEND node main.js)
[[ ! -e "$IGNORED/node_modules/@kafka-lite/log/native/build" ]] || fail "an install with --ignore-scripts has a compiled addon"

step "no prebuilt fits (removed): npm rebuild compiles the addon and says so; it is used"
COMPILED=$(new_project compiled module)
install_into "$COMPILED" -- --ignore-scripts > /dev/null
rm -rf "$COMPILED/node_modules/@kafka-lite/log/native/prebuilds"
(cd "$COMPILED" && npm rebuild @kafka-lite/log --foreground-scripts 2>&1 | tee "$COMPILED/npm-rebuild.log")
if [[ $EXPECT_BACKEND == mmap ]]; then
  install_line "$COMPILED/npm-rebuild.log" "mmap backend: mmap \\(compiled the addon here: no prebuilt addon for $ADDON_TAG\\)"
  [[ -f "$COMPILED/node_modules/@kafka-lite/log/native/build/Release/kafka_lite_mmap.node" ]] || fail "npm rebuild did not compile the addon"
fi
cp "$IGNORED/main.js" "$COMPILED/main.js"
(cd "$COMPILED" && EXPECT_BACKEND=$EXPECT_BACKEND node main.js)

step "neither a prebuilt addon nor a build: the install line says 'read', the run time warns once"
NOADDON=$(new_project no-addon module)
install_into "$NOADDON" -- --ignore-scripts > /dev/null
rm -rf "$NOADDON/node_modules/@kafka-lite/log/native/prebuilds"
(cd "$NOADDON" && KAFKA_LITE_SKIP_MMAP_BUILD=1 npm rebuild @kafka-lite/log --foreground-scripts 2>&1 | tee "$NOADDON/npm-rebuild.log")
install_line "$NOADDON/npm-rebuild.log" "mmap backend: read \\(no prebuilt addon for $ADDON_TAG; compiling skipped by KAFKA_LITE_SKIP_MMAP_BUILD"
{ echo 'import fs from "node:fs"; import os from "node:os"; import path from "node:path";'
  echo 'import { Log, mappedFileBackend } from "@kafka-lite/log";'
  echo 'const warnings = []; process.on("warning", (w) => warnings.push(w.code));'
  js
  echo 'await new Promise((r) => setImmediate(r));'
  echo 'if (warnings.join() !== "KLOG_MMAP_FALLBACK") throw new Error("warnings: " + warnings.join());'
  echo 'console.log("fallback warned once");'; } > "$NOADDON/main.js"
(cd "$NOADDON" && EXPECT_BACKEND=read node main.js 2>/dev/null)

step "package check passed"
