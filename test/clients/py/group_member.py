# One consumer-group member for the real-client suite's group scenario (test/clients/group-scenario.ts),
# with kafka-python (Debian's 2.0.2 or PyPI's current) or confluent-kafka, unchanged:
#   group_member.py <kafka-python|confluent> <bootstrap> <topic> <group> <client-id> <out-file> <instance-id|-> <session-ms> <heartbeat-ms>
# Subscribes, and after each poll writes every record as `rec\t<partition>\t<offset>\t<key>\t<value>`
# to <out-file> (os.write on an O_APPEND descriptor: in the kernel at once, a SIGKILL loses nothing),
# then commits synchronously (commit after process). A commit refused by a rebalance is ignored: the
# next owner processes those records again, as the clients' semantics allow. SIGTERM: close (leave).
import os
import signal
import sys

lib, bootstrap, topic, group, client_id, out, instance, session_ms, heartbeat_ms = sys.argv[1:10]
stop = False


def on_term(*_):
    global stop
    stop = True


signal.signal(signal.SIGTERM, on_term)
fd = os.open(out, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)


def write(partition, offset, key, value):
    os.write(fd, ("rec\t%d\t%d\t%s\t%s\n" % (partition, offset, key.decode(), value.decode())).encode())


if lib == "kafka-python":
    # kafka-python adds a NullHandler to its logger, so nothing of its own reaches stderr: its log
    # goes beside <out-file> (<out-file>.debug.log), and a failed wait of the scenario shows its
    # group-protocol lines (group-scenario.ts, `protocolLog`).
    import logging

    logging.basicConfig(filename=out + ".debug.log", level=logging.DEBUG, format="%(asctime)s %(threadName)s %(levelname)s %(message)s")
    from kafka import KafkaConsumer
    from kafka.errors import KafkaError

    conf = dict(
        bootstrap_servers=bootstrap,
        group_id=group,
        client_id=client_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        session_timeout_ms=int(session_ms),
        heartbeat_interval_ms=int(heartbeat_ms),
        max_poll_records=20,
    )
    if instance != "-":
        conf["group_instance_id"] = instance
    c = KafkaConsumer(topic, **conf)
    while not stop:
        batch = c.poll(timeout_ms=200)
        for recs in batch.values():
            for r in recs:
                write(r.partition, r.offset, r.key, r.value)
        if batch:
            try:
                c.commit()
            except KafkaError:
                pass
    c.close()
else:
    from confluent_kafka import Consumer, KafkaException

    conf = {
        "bootstrap.servers": bootstrap,
        "group.id": group,
        "client.id": client_id,
        "enable.auto.commit": False,
        "auto.offset.reset": "earliest",
        "session.timeout.ms": int(session_ms),
        "heartbeat.interval.ms": int(heartbeat_ms),
    }
    if instance != "-":
        conf["group.instance.id"] = instance
    c = Consumer(conf)
    c.subscribe([topic])
    while not stop:
        msgs = [m for m in c.consume(num_messages=20, timeout=0.2) if m.error() is None]
        for m in msgs:
            write(m.partition(), m.offset(), m.key(), m.value())
        if msgs:
            try:
                c.commit(asynchronous=False)
            except KafkaException:
                pass
    c.close()
os.close(fd)
