/**
 * The usage text of `kafka-lite-log` and of each of its commands (printed by `--help`, and after a
 * usage mistake). Pure strings: src/cli/main.ts prints them.
 */

/** Usage per command (`main` for the tool itself). */
export const HELP: Record<string, string> = {
  main: `Usage: kafka-lite-log <command> [options]

Commands:
  dump <dir|file>   print the batches (and records) of a log directory, .log, .index or .timeindex file
  verify <dir>      check that a reader can read the whole log (CRCs, records, offsets, indexes); exit 1 if not
  stats <dir>       segments, bytes, offsets, checkpoints and consumer lag of a log directory
  tail <dir>        print the last records as JSON lines; -f keeps following; -w waits for the log
  append <dir>      append one record per line of stdin
  mirror <dir>      copy the log into a Kafka topic partition, resumably; -f keeps mirroring
  serve <dir>       a Kafka broker on a TCP port, its topics in <dir>, until SIGINT/SIGTERM

Run 'kafka-lite-log <command> --help' for a command's options.
Options: -h, --help   -v, --version

Exit codes: 0 success; 1 problems found (verify) or a runtime failure (a path missing, unreadable
or not a log, bad input, a LogError: one line on stderr with its code); 2 a wrong command line.`,
  dump: `Usage: kafka-lite-log dump <dir|file> [options]
       kafka-lite-log dump --files <file1,file2,...> [options]

Prints every batch of a log directory (all segments in offset order) or of .log files, or the
entries of .index and .timeindex files, with the fields Kafka's kafka-dump-log prints (its flags
are accepted too). Read-only.

Options:
      --files <list>          comma-separated files to dump (instead of <dir|file>)
  -r, --records, --deep-iteration
                              decode and print each batch's records
      --payloads, --print-data-log
                              print keys and values (payload) too, and header values in --json
      --skip-record-metadata  print only each record's key and payload (implies --print-data-log)
  -e, --encoding <enc>        payload encoding: utf8 (default), base64 or hex
      --json                  one JSON object per line
  -h, --help`,
  verify: `Usage: kafka-lite-log verify <dir> [options]

Checks every batch (bounds, magic, CRC-32C) and decodes its records as a reader does (codec,
record framing, records against the batch header); offsets within and across segments (no hole
outside the compacted range, each segment starting where the one before ends); every .index and
.timeindex entry against the batches. Never changes a file. Exit 0 when a reader can read the whole
log, 1 on any error (or when <dir> is not a log).

Options:
      --json             the report as one JSON object
  -h, --help`,
  stats: `Usage: kafka-lite-log stats <dir> [options]

Segments, bytes, records, offsets, the recovery point and whether the last shutdown was clean,
from the files (read-only), and every consumer (.consumers/<name>): its committed offset, when it
was committed, and its lag: log end offset - committed offset, never below 0, i.e. the offsets
written and not yet processed (the records, unless compaction left gaps). A consumer whose offset
is below the log start is flagged: records it never processed were deleted. A damaged position
file is listed as unreadable with its error code (KLOG_CORRUPT_CHECKPOINT), not guessed around.

Options:
      --json             one JSON object
  -h, --help`,
  tail: `Usage: kafka-lite-log tail <dir> [options]

Prints the last records of a log as JSON lines ({ offset, timestamp, key, value, headers }), opening
it read-only (a writer may be running). With -f, keeps printing new records until interrupted.
With -w, a <dir> that holds no log yet (or does not exist) is waited for until a writer has created
the log there; -w -f then follows it from its first record.

Options:
  -n, --lines <n>        how many of the last records to print first (default 10; records, not
                         offsets: a compacted log's holes do not count)
  -f, --follow           wait for new records
  -w, --wait             wait for the log to be created instead of failing (Ctrl-C ends the wait)
  -e, --encoding <enc>   key/value encoding: utf8 (default), base64 or hex
  -h, --help`,
  append: `Usage: kafka-lite-log append <dir> [options]

Appends one record per line of stdin (the line is the value, UTF-8) and prints
{ "count", "baseOffset", "lastOffset" } as JSON. Takes the writer lock: fails with KLOG_LOCKED if
another writer holds the log.

Options:
      --json-input       each line is a JSON record { "value", "key"?, "headers"?, "timestamp"? }
                         (strings or null; headers [{ "key", "value" }]); at a line that is not,
                         the records before it are appended and the command fails (exit 1)
  -k, --key <key>        the key of every record
      --batch <n>        records per append (default 1000)
      --fsync <policy>   the log's fsync policy while appending: always (each append durable
                         before the next), interval (default) or never; every record is durable
                         when the command exits 0
  -h, --help`,
  mirror: `Usage: kafka-lite-log mirror <dir> --brokers <host:port,...> --topic <topic> [options]

Copies the log's records (keys, values, headers, timestamps) into a Kafka topic partition, in
transactions that also record how far it got: run it again (or after a crash of either side) and it
resumes there, without loss or duplicates. Needs the optional package kafkajs. Prints one JSON line
per committed transaction with --progress, and a JSON summary at the end.

Options:
  -b, --brokers <list>   bootstrap brokers, comma-separated (required)
  -t, --topic <topic>    target topic, which must exist (required)
  -p, --partition <n>    target partition (default 0)
      --from <offset>    where to start when the partition holds nothing mirrored yet (default: log start)
  -f, --follow           keep mirroring new records until interrupted (SIGINT/SIGTERM)
      --progress         print {"nextOffset": n} after each committed transaction
      --on-truncation <error|remirror>
                         when the log was truncated below what the topic holds: fail (default,
                         KLOG_MIRROR_CONFLICT) or send the log again from the cut
  -h, --help`,
  serve: `Usage: kafka-lite-log serve <dir> [options]

Serves the broker directory <dir> (created if needed: one Log directory per topic partition) to
Kafka clients over Kafka's wire protocol: produce (idempotent producers included), fetch, offsets,
classic consumer groups and topic administration (see the README's Kafka protocol section for every
API and version). Topics are created on first use (Metadata auto-creation). Plaintext only (no TLS,
no SASL): it listens on the loopback address unless --host says otherwise. Prints one JSON line once
listening ({ host, port, advertisedHost, clusterId, nodeId }); SIGINT or SIGTERM closes the
connections, then every log, cleanly, and exits 0.

Options:
  -p, --port <port>          the port (default 9092; 0 picks a free one, printed)
      --host <address>       the address to bind (default 127.0.0.1; 0.0.0.0 for every interface,
                             on a trusted network only)
      --advertised-host <h>  the host name clients are told to connect to (default: --host; for a
                             wildcard --host, the address each client reached)
      --max-partitions <n>   the most partitions clients can create, all topics together (default
                             1000): past it CreateTopics, CreatePartitions and auto-creation answer
                             POLICY_VIOLATION
  -h, --help`,
}
