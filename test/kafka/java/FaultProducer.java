/*
 * Kafka's Java producer, idempotent, as the faults test drives it (test/kafka/idempotence-faults.test.ts):
 *
 *   FaultProducer <bootstrap> <topic> <count> <keys> <compression.type>
 *
 * sends <count> records to <topic>: record i has key "key-<i mod keys>" (the default partitioner
 * spreads the keys over the topic's partitions by murmur2) and value "<i>" (decimal ASCII), in order
 * of i, with enable.idempotence=true, acks=all, max.in.flight.requests.per.connection=5, unbounded
 * retries, a delivery timeout of 30 minutes and short reconnect back-offs: a cut connection is
 * retried, never given up on. Small batches (4 KiB, linger 2 ms) keep several requests in flight when
 * a connection is cut. Prints one line per record as its callback runs:
 *
 *   ack <i> <partition> <offset>      acknowledged
 *   err <i> <exception class>         failed for good
 *
 * then "done" after close(). Exits 0 even when records failed: the test judges the lines.
 */
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

public final class FaultProducer {
  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String topic = args[1];
    int count = Integer.parseInt(args[2]);
    int keys = Integer.parseInt(args[3]);
    String compression = args[4];

    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    p.put(ProducerConfig.RETRIES_CONFIG, Integer.toString(Integer.MAX_VALUE));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "1800000");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "60000");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1800000");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, "4096");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
    p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "20");
    p.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "500");
    p.put(ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG, "20");
    p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
    p.put(ProducerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, "5000");
    p.put(ProducerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, "10000");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "fault-producer");

    StringBuffer out = new StringBuffer();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      for (int n = 0; n < count; n++) {
        final int i = n;
        byte[] key = ("key-" + (i % keys)).getBytes("US-ASCII");
        byte[] value = Integer.toString(i).getBytes("US-ASCII");
        producer.send(new ProducerRecord<>(topic, key, value), (md, err) -> {
          String line = err == null ? "ack " + i + " " + md.partition() + " " + md.offset() : "err " + i + " " + err.getClass().getName();
          synchronized (System.out) {
            System.out.println(line);
          }
        });
      }
      producer.flush();
    }
    System.out.println("done");
    System.out.flush();
  }
}
