// One consumer-group member for the real-client suite's group scenario (test/clients/group-scenario.ts)
// with Apache Kafka's KafkaConsumer (kafka-clients 4.x, classic group protocol), unchanged:
//   GroupMemberJava <bootstrap> <topic> <group> <client-id> <out-file> <instance-id|-> <session-ms> <heartbeat-ms>
// Subscribes, and after each poll writes every record as `rec\t<partition>\t<offset>\t<key>\t<value>`
// to <out-file> (one write per record on an append-mode FileOutputStream: in the kernel at once, a
// SIGKILL loses nothing), then commitSync (commit after process). A commit refused by a rebalance is
// ignored: the next owner processes those records again, as the client's semantics allow.
// SIGTERM: the shutdown hook wakes the loop, which closes the consumer (leaves the group).
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

public class GroupMemberJava {
  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", args[0]);
    p.put("group.id", args[2]);
    p.put("client.id", args[3]);
    if (!args[5].equals("-")) p.put("group.instance.id", args[5]);
    p.put("session.timeout.ms", args[6]);
    p.put("heartbeat.interval.ms", args[7]);
    p.put("enable.auto.commit", "false");
    p.put("auto.offset.reset", "earliest");
    p.put("max.poll.records", "20");
    p.put("key.deserializer", StringDeserializer.class.getName());
    p.put("value.deserializer", StringDeserializer.class.getName());
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
    Thread main = Thread.currentThread();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      consumer.wakeup();
      try {
        main.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    try (FileOutputStream out = new FileOutputStream(args[4], true)) {
      consumer.subscribe(List.of(args[1]));
      while (true) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<String, String> r : records) {
          String line = "rec\t" + r.partition() + "\t" + r.offset() + "\t" + r.key() + "\t" + r.value() + "\n";
          out.write(line.getBytes(StandardCharsets.UTF_8));
        }
        if (!records.isEmpty()) {
          try {
            consumer.commitSync();
          } catch (WakeupException e) {
            throw e;
          } catch (KafkaException e) {
            // CommitFailedException, RebalanceInProgressException: the next owner processes them again.
          }
        }
      }
    } catch (WakeupException e) {
      // SIGTERM
    } finally {
      consumer.close();
    }
  }
}
