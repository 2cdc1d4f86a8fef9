"""kafka-python (Debian's 2.0.2 under /usr/bin/python3, or the current PyPI release in the suite's
venv) for the real-client suite: each round with a KafkaProducer of its own (compression_type, acks,
and enable_idempotence where the release has it: 2.0.2 has no idempotent producer), its default
partitioner (murmur2, as Java's); then a KafkaConsumer by assignment (no group) reads every
partition from the beginning to the end offsets. Prints `delivered` and `consumed` lines."""
import sys

import kafka
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from driver_input import consumed, delivered, read_plan

HAS_IDEMPOTENCE = "enable_idempotence" in KafkaProducer.DEFAULT_CONFIG


def main():
    bootstrap, topic, partitions, rounds = read_plan()
    out = []
    for i, r in enumerate(rounds):
        config = {
            "bootstrap_servers": bootstrap,
            "compression_type": None if r["codec"] == "none" else r["codec"],
            "acks": "all" if r["acks"] == "all" else 1,
            "linger_ms": 5,
        }
        if HAS_IDEMPOTENCE:
            config["enable_idempotence"] = r["idempotent"]
        elif r["idempotent"]:
            raise SystemExit("kafka-python %s has no idempotent producer" % kafka.__version__)
        producer = KafkaProducer(**config)
        futures = [(k, v, producer.send(topic, key=k.encode(), value=v.encode())) for k, v in r["records"]]
        producer.flush()
        for k, v, fut in futures:
            m = fut.get(timeout=120)
            delivered(out, i, k, v, m.partition, m.offset)
        producer.close()
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None)
    tps = [TopicPartition(topic, p) for p in range(partitions)]
    consumer.assign(tps)
    consumer.seek_to_beginning(*tps)
    end = consumer.end_offsets(tps)
    while any(consumer.position(tp) < end[tp] for tp in tps):
        for tp, records in consumer.poll(timeout_ms=500).items():
            for rec in records:
                consumed(out, rec.partition, rec.offset, rec.key.decode(), rec.value.decode())
    consumer.close()
    sys.stdout.write("".join(line + "\n" for line in out))


if __name__ == "__main__":
    main()
