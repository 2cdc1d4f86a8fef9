"""confluent-kafka from PyPI (its wheel bundles a current librdkafka) for the real-client suite:
each round with a Producer of its own (compression.type, acks, enable.idempotence), partitioner
murmur2_random (Java's partitioner: librdkafka's default, consistent_random, hashes with CRC32);
then a Consumer by assignment (no group join) reads every partition from the beginning to the high
watermarks. Prints `delivered` and `consumed` lines."""
import sys

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition, OFFSET_BEGINNING

from driver_input import consumed, delivered, read_plan


def main():
    bootstrap, topic, partitions, rounds = read_plan()
    out = []
    for i, r in enumerate(rounds):
        producer = Producer({
            "bootstrap.servers": bootstrap,
            "compression.type": r["codec"],
            "acks": r["acks"],
            "enable.idempotence": r["idempotent"],
            "partitioner": "murmur2_random",
            "linger.ms": 100,
        })
        reports = {}

        def on_delivery(err, msg, reports=reports):
            if err is not None:
                raise KafkaException(err)
            reports[msg.value().decode()] = (msg.partition(), msg.offset())

        for k, v in r["records"]:
            producer.produce(topic, key=k.encode(), value=v.encode(), on_delivery=on_delivery)
            producer.poll(0)
        if producer.flush(120) != 0:
            raise SystemExit("round %d: records left undelivered" % i)
        for k, v in r["records"]:
            partition, offset = reports[v]
            delivered(out, i, k, v, partition, offset)
    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": "clients-suite-unused",
        "enable.auto.commit": False,
        "enable.partition.eof": True,
    })
    consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in range(partitions)])
    end = {p: consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=120)[1] for p in range(partitions)}
    next_offset = {p: 0 for p in range(partitions)}
    while any(next_offset[p] < end[p] for p in range(partitions)):
        msg = consumer.poll(0.5)
        if msg is None:
            continue
        if msg.error() is not None:
            if msg.error().code() == -191:  # _PARTITION_EOF
                continue
            raise KafkaException(msg.error())
        consumed(out, msg.partition(), msg.offset(), msg.key().decode(), msg.value().decode())
        next_offset[msg.partition()] = msg.offset() + 1
    consumer.close()
    sys.stdout.write("".join(line + "\n" for line in out))


if __name__ == "__main__":
    main()
