/*
 * Kafka's own classes, asked what they see, printed as JSON lines for test/kafka/harness.ts.
 * Every byte string (keys, values, header keys and values) is printed as hex so nothing is lost to
 * a text encoding; null is printed as null. DumpLogSegments prints header keys only, so header
 * values are compared through this probe (the same FileRecords/RecordBatch code path Kafka's broker
 * and DumpLogSegments use).
 *
 *   dump <file.log>...                       every batch and record of each segment file
 *   consume <bootstrap> <topic> <partition> <count> <timeoutMs>
 *                                            the first <count> records with Kafka's Java consumer
 *                                            (assign + seekToBeginning, read_committed, no group);
 *                                            a negative <count> reads every committed record
 *   produce <bootstrap> <topic> <partition> <compression.type> <file>
 *                                            Kafka's Java producer sends the records of <file>
 *                                            (lines `r <ts> <keyHex|-> <valueHex|-> [<hkHex>=<hvHex|->]...`,
 *                                            tab-separated; a line `flush` ends a batch: linger is
 *                                            long, so each group between flushes is one batch) and
 *                                            prints each record's offset, in order, as {"offset":N}
 */
import java.io.File;
import java.nio.file.Files;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

public final class KafkaProbe {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "dump":
        for (int i = 1; i < args.length; i++) dump(new File(args[i]));
        break;
      case "consume":
        consume(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), Long.parseLong(args[5]));
        break;
      case "produce":
        produce(args[1], args[2], Integer.parseInt(args[3]), args[4], new File(args[5]));
        break;
      default:
        throw new IllegalArgumentException("unknown command " + args[0]);
    }
    System.out.flush();
  }

  private static String hex(byte[] b) {
    if (b == null) return "null";
    StringBuilder s = new StringBuilder(b.length * 2 + 2).append('"');
    for (byte x : b) s.append(HEX[(x >> 4) & 15]).append(HEX[x & 15]);
    return s.append('"').toString();
  }

  private static String hex(ByteBuffer b) {
    if (b == null) return "null";
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return hex(a);
  }

  private static String headers(Header[] hs) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < hs.length; i++) {
      if (i > 0) s.append(',');
      s.append('[').append(hex(hs[i].key().getBytes(StandardCharsets.UTF_8))).append(',').append(hex(hs[i].value())).append(']');
    }
    return s.append(']').toString();
  }

  private static void dump(File f) throws Exception {
    System.out.println("{\"file\":" + hex(f.getPath().getBytes(StandardCharsets.UTF_8)) + "}");
    try (FileRecords records = FileRecords.open(f, false)) {
      for (FileChannelRecordBatch batch : records.batches()) {
        System.out.println("{\"batch\":{\"baseOffset\":" + batch.baseOffset() + ",\"lastOffset\":" + batch.lastOffset()
            + ",\"count\":" + batch.countOrNull() + ",\"position\":" + batch.position() + ",\"size\":" + batch.sizeInBytes()
            + ",\"magic\":" + batch.magic() + ",\"valid\":" + batch.isValid() + ",\"crc\":" + batch.checksum()
            + ",\"maxTimestamp\":" + batch.maxTimestamp() + ",\"timestampType\":\"" + batch.timestampType() + "\""
            + ",\"compression\":\"" + batch.compressionType().name + "\",\"producerId\":" + batch.producerId()
            + ",\"partitionLeaderEpoch\":" + batch.partitionLeaderEpoch() + ",\"producerEpoch\":" + batch.producerEpoch() + ",\"control\":" + batch.isControlBatch() + "}}");
        for (Record r : batch) {
          System.out.println("{\"offset\":" + r.offset() + ",\"timestamp\":" + r.timestamp() + ",\"key\":" + hex(r.key())
              + ",\"value\":" + hex(r.value()) + ",\"headers\":" + headers(r.headers()) + "}");
        }
      }
    }
  }

  private static void consume(String bootstrap, String topic, int partition, int count, long timeoutMs) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    TopicPartition tp = new TopicPartition(topic, partition);
    List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      // The timeout only bounds a failing run; a passing run ends as soon as it has `count` records
      // or, with a negative count, once its position reaches the end offset (read_committed: the
      // last stable offset), i.e. it has every committed record.
      long deadline = System.currentTimeMillis() + timeoutMs;
      long end = count < 0 ? c.endOffsets(List.of(tp)).get(tp) : Long.MAX_VALUE;
      while ((count < 0 ? c.position(tp) < end : got.size() < count) && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) got.add(r);
      }
    }
    for (ConsumerRecord<byte[], byte[]> r : got) {
      System.out.println("{\"offset\":" + r.offset() + ",\"timestamp\":" + r.timestamp() + ",\"timestampType\":\""
          + r.timestampType() + "\",\"key\":" + hex(r.key()) + ",\"value\":" + hex(r.value()) + ",\"headers\":"
          + headers(r.headers().toArray()) + "}");
    }
  }

  private static byte[] unhex(String s) {
    if (s.equals("-")) return null;
    byte[] b = new byte[s.length() / 2];
    for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    return b;
  }

  private static void produce(String bootstrap, String topic, int partition, String compression, File file) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    // Batches are cut by the explicit flushes, not by time or size.
    p.put(ProducerConfig.LINGER_MS_CONFIG, "600000");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(4 << 20));
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(8 << 20));
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      for (String line : Files.readAllLines(file.toPath(), StandardCharsets.UTF_8)) {
        if (line.isEmpty()) continue;
        if (line.equals("flush")) {
          producer.flush();
          continue;
        }
        String[] f = line.split("\t", -1);
        List<Header> headers = new ArrayList<>();
        for (int i = 4; i < f.length; i++) {
          String[] kv = f[i].split("=", 2);
          headers.add(new RecordHeader(new String(unhex(kv[0]), StandardCharsets.UTF_8), unhex(kv[1])));
        }
        sent.add(producer.send(new ProducerRecord<>(topic, partition, Long.parseLong(f[1]), unhex(f[2]), unhex(f[3]), headers)));
      }
      producer.flush();
    }
    for (Future<RecordMetadata> m : sent) System.out.println("{\"offset\":" + m.get().offset() + "}");
  }
}
