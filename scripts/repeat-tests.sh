#!/usr/bin/env bash
# Runs the given vitest files N times in a row and stops at the first failure: the flakiness check of
# issue 19 ("20 times in a row green with both cores busy"). Prints one line per run and a summary.
#
#   scripts/repeat-tests.sh 20 test/property/log-model.property.test.ts test/integration/...
#
# Each run is a fresh `vitest run`, so every seeded test draws a new random seed (printed by the test).
set -u
runs=$1
shift
start=$(date +%s)
for i in $(seq 1 "$runs"); do
  t0=$(date +%s)
  if ! out=$(npx vitest run "$@" 2>&1); then
    echo "$out" | tail -80
    echo "run $i of $runs FAILED after $(($(date +%s) - start)) s"
    exit 1
  fi
  counts=$(echo "$out" | sed 's/\x1b\[[0-9;]*m//g' | grep -E '^ *Tests ' | tr -s ' ')
  echo "run $i/$runs green in $(($(date +%s) - t0)) s:$counts"
done
echo "all $runs runs green in $(($(date +%s) - start)) s"
