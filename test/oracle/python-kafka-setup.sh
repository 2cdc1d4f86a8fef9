#!/bin/sh
# Makes Debian's kafka-python (with its snappy, lz4 and zstd codecs) available to /usr/bin/python3
# for the compression oracle test. Idempotent; installs with apt-get only when the modules are
# missing and apt-get can run. Prints one line and exits 1 when the oracle stays unavailable.
PY=/usr/bin/python3
CHECK='import kafka, snappy, lz4.frame, zstandard'
[ -x "$PY" ] && "$PY" -c "$CHECK" 2>/dev/null && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  PKGS="python3-kafka python3-snappy python3-lz4 python3-zstandard"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $PKGS >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $PKGS >/dev/null 2>&1; }
fi
[ -x "$PY" ] && "$PY" -c "$CHECK" 2>/dev/null && exit 0
echo "python kafka oracle unavailable: /usr/bin/python3 cannot import kafka, snappy, lz4, zstandard (apt-get install python3-kafka python3-snappy python3-lz4 python3-zstandard)"
exit 1
