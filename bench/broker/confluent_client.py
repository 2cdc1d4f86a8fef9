"""The broker bench's librdkafka workloads (confluent-kafka from PyPI) against one broker.

    python3 confluent_client.py <bootstrap> <params JSON>

Prints one JSON line like kafkajs-client.mjs: produce (params.records values of params.valueBytes
to params.topic, keys spread over its partitions, acks all, linger 5 ms, no compression; timed from
the first produce() to the end of flush()), latency (params.latencySends records to
params.latencyTopic one at a time: produce() then flush(), acks all, linger 0), fetch (every record of
params.topic from offset 0 by assign(), no group: count and value bytes checked).
"""
import json
import sys
import time

import confluent_kafka
from confluent_kafka import Consumer, Producer, TopicPartition, libversion

bootstrap, params = sys.argv[1], json.loads(sys.argv[2])
N, SIZE = params["records"], params["valueBytes"]


def value(i):
    b = bytearray([i % 251]) * SIZE
    b[0:4] = i.to_bytes(4, "big")
    return bytes(b)


def produce():
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 5, "enable.idempotence": False, "log_level": 3})
    p.produce(params["warmupTopic"], key=b"w", value=b"w")
    p.flush(60)
    failed = []

    def on_delivery(err, _msg):
        if err is not None:
            failed.append(str(err))

    t0 = time.perf_counter()
    for i in range(N):
        while True:
            try:
                p.produce(params["topic"], key=b"k%d" % (i % 64), value=value(i), on_delivery=on_delivery)
                break
            except BufferError:
                p.poll(0.01)
        p.poll(0)
    p.flush(600)
    seconds = time.perf_counter() - t0
    if failed:
        raise SystemExit("produce failed: %s" % failed[:3])
    return {"records": N, "seconds": seconds, "recordsPerSec": N / seconds, "mbPerSec": N * SIZE / seconds / 1e6}


def latency():
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 0, "log_level": 3})
    for i in range(20):
        p.produce(params["latencyTopic"], value=value(i))
        p.flush(60)
    times = []
    for i in range(params["latencySends"]):
        t = time.perf_counter()
        p.produce(params["latencyTopic"], value=value(i))
        p.flush(60)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    q = lambda f: times[min(len(times) - 1, int(f * len(times)))]
    return {"sends": len(times), "p50Ms": q(0.5), "p99Ms": q(0.99)}


def fetch():
    c = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": "bench-unused",
            "enable.auto.commit": False,
            "enable.auto.offset.store": False,
            "fetch.max.bytes": 4 << 20,
            "max.partition.fetch.bytes": 1 << 20,
            "log_level": 3,
        }
    )
    c.assign([TopicPartition(params["topic"], p, 0) for p in range(params["partitions"])])
    records = 0
    size = 0
    t0 = time.perf_counter()
    while records < N:
        for m in c.consume(num_messages=10000, timeout=1.0):
            if m.error() is not None:
                continue
            records += 1
            size += len(m.value())
    seconds = time.perf_counter() - t0
    c.close()
    if records != N or size != N * SIZE:
        raise SystemExit("fetch read %d records (%d B), expected %d" % (records, size, N))
    return {"records": records, "seconds": seconds, "recordsPerSec": records / seconds, "mbPerSec": size / seconds / 1e6}


out = {"client": "confluent-kafka %s, librdkafka %s" % (confluent_kafka.__version__, libversion()[0])}
out["produce"] = produce()
out["latency"] = latency()
out["fetch"] = fetch()
print(json.dumps(out))
