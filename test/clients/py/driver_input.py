"""The real-client suite's line protocol (test/clients/plan.ts), shared by the Python drivers."""
import sys


def read_plan():
    """Reads the plan from stdin: (bootstrap, topic, partitions, rounds); each round a dict."""
    bootstrap = topic = None
    partitions = 0
    rounds = []
    for line in sys.stdin.read().split("\n"):
        if not line:
            continue
        f = line.split("\t")
        if f[0] == "bootstrap":
            bootstrap = f[1]
        elif f[0] == "topic":
            topic = f[1]
        elif f[0] == "partitions":
            partitions = int(f[1])
        elif f[0] == "round":
            rounds.append({"codec": f[1], "acks": f[2], "idempotent": f[3] == "1", "records": []})
        elif f[0] == "rec":
            rounds[-1]["records"].append((f[1], f[2]))
        else:
            raise ValueError("bad input line: %r" % line)
    return bootstrap, topic, partitions, rounds


def delivered(out, round_index, key, value, partition, offset):
    out.append("delivered\t%d\t%s\t%s\t%d\t%d" % (round_index, key, value, partition, offset))


def consumed(out, partition, offset, key, value):
    out.append("consumed\t%d\t%d\t%s\t%s" % (partition, offset, key, value))
