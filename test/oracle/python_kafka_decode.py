"""Decodes Kafka .log segments with kafka-python (Debian's python3-kafka) and its codecs (python-snappy,
python-lz4 = liblz4, python-zstandard = libzstd): an independent oracle for our compressed batches.

Usage: /usr/bin/python3 python_kafka_decode.py <file.log>...  -> JSON on stdout:
[{"file", "batches": [{"position", "size", "baseOffset", "codec", "crcValid", "records":
  [{"offset", "timestamp", "key", "value", "headers": [[key, value]]}]}]}]
Bytes are hex strings, null stays null.
"""
import json
import sys

from kafka.record import MemoryRecords


def hexed(b):
    return None if b is None else bytes(b).hex()


out = []
for path in sys.argv[1:]:
    with open(path, 'rb') as f:
        data = f.read()
    records = MemoryRecords(data)
    batches = []
    position = 0
    while True:
        batch = records.next_batch()
        if batch is None:
            break
        size = 12 + int.from_bytes(data[position + 8:position + 12], 'big', signed=True)
        batches.append({
            'position': position,
            'size': size,
            'baseOffset': batch.base_offset,
            'codec': batch.compression_type,
            'crcValid': batch.validate_crc(),
            'records': [
                {
                    'offset': r.offset,
                    'timestamp': r.timestamp,
                    'key': hexed(r.key),
                    'value': hexed(r.value),
                    'headers': [[k, hexed(v)] for k, v in r.headers],
                }
                for r in batch
            ],
        })
        position += size
    out.append({'file': path, 'batches': batches})
json.dump(out, sys.stdout)
