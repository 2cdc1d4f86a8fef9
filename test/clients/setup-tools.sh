#!/usr/bin/env bash
# Installs what `npm run test:clients` needs, only what is missing (so a prepared machine pays
# nothing): a JDK and Maven (Kafka's jars, the Java client and console tools), kcat and Debian's
# kafka-python 2.0.2 with its codecs (Debian's packages), and the PyPI clients pinned in
# test/clients/py/requirements.txt in their own venv (.cache/clients/venv), apart from Debian's.
set -euo pipefail
cd "$(dirname "$0")/../.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v java >/dev/null && command -v javac >/dev/null || missing+=(default-jdk-headless)
command -v mvn >/dev/null || missing+=(maven)
command -v kcat >/dev/null || missing+=(kcat)
/usr/bin/python3 -s -c 'import kafka, snappy, lz4, zstandard' 2>/dev/null ||
  missing+=(python3-kafka python3-snappy python3-lz4 python3-zstandard)
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-tools: apt-get install ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

venv=.cache/clients/venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check -r test/clients/py/requirements.txt
echo "setup-tools: $(kcat -V 2>&1 | grep -o 'librdkafka [0-9.]*' | head -1) (kcat)," \
  "kafka-python $(/usr/bin/python3 -s -c 'import kafka; print(kafka.__version__)') (Debian)," \
  "$("$venv/bin/python" -s -c 'import kafka, confluent_kafka; print("kafka-python", kafka.__version__, "and confluent-kafka", confluent_kafka.version(), "on librdkafka", confluent_kafka.libversion()[0])') (venv)"
