// Apache Kafka's own Java client (kafka-clients 4.x, unchanged) for the real-client suite
// (test/clients/java-client.test.ts). Reads the suite's line protocol on stdin (test/clients/plan.ts):
// produces each round with a KafkaProducer of its own (compression.type, acks, enable.idempotence
// as the round says; Kafka's default partitioner), then reads every partition back with a
// KafkaConsumer by assignment (no group) from the beginning to the end offsets. Prints `delivered`
// and `consumed` lines on stdout.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

public class ClientsJava {
  static final class Round {
    String codec;
    String acks;
    boolean idempotent;
    final List<String[]> records = new ArrayList<>();
  }

  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String bootstrap = null;
    String topic = null;
    int partitions = 0;
    List<Round> rounds = new ArrayList<>();
    for (String line; (line = in.readLine()) != null; ) {
      if (line.isEmpty()) continue;
      String[] f = line.split("\t", -1);
      switch (f[0]) {
        case "bootstrap": bootstrap = f[1]; break;
        case "topic": topic = f[1]; break;
        case "partitions": partitions = Integer.parseInt(f[1]); break;
        case "round": {
          Round r = new Round();
          r.codec = f[1];
          r.acks = f[2];
          r.idempotent = f[3].equals("1");
          rounds.add(r);
          break;
        }
        case "rec": rounds.get(rounds.size() - 1).records.add(new String[] {f[1], f[2]}); break;
        default: throw new IllegalArgumentException("bad input line: " + line);
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < rounds.size(); i++) {
      Round r = rounds.get(i);
      Properties p = new Properties();
      p.put("bootstrap.servers", bootstrap);
      p.put("compression.type", r.codec);
      p.put("acks", r.acks);
      p.put("enable.idempotence", String.valueOf(r.idempotent));
      p.put("linger.ms", "5");
      p.put("key.serializer", StringSerializer.class.getName());
      p.put("value.serializer", StringSerializer.class.getName());
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (String[] rec : r.records) sent.add(producer.send(new ProducerRecord<>(topic, rec[0], rec[1])));
        producer.flush();
        for (int j = 0; j < sent.size(); j++) {
          RecordMetadata m = sent.get(j).get();
          String[] rec = r.records.get(j);
          out.append("delivered\t").append(i).append('\t').append(rec[0]).append('\t').append(rec[1]).append('\t')
              .append(m.partition()).append('\t').append(m.offset()).append('\n');
        }
      }
    }
    Properties c = new Properties();
    c.put("bootstrap.servers", bootstrap);
    c.put("enable.auto.commit", "false");
    c.put("key.deserializer", StringDeserializer.class.getName());
    c.put("value.deserializer", StringDeserializer.class.getName());
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
      List<TopicPartition> tps = new ArrayList<>();
      for (int p = 0; p < partitions; p++) tps.add(new TopicPartition(topic, p));
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(tps));
      while (true) {
        boolean done = true;
        for (TopicPartition tp : tps) if (consumer.position(tp) < end.get(tp)) done = false;
        if (done) break;
        for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(500))) {
          out.append("consumed\t").append(rec.partition()).append('\t').append(rec.offset()).append('\t').append(rec.key())
              .append('\t').append(rec.value()).append('\n');
        }
      }
    }
    System.out.print(out);
    System.out.flush();
  }
}
