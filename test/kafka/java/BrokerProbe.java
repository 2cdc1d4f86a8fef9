/*
 * Kafka's own classes asked what the broker core must agree with (test/kafka/broker-core.test.ts):
 *
 *   partitions <numPartitions> <keysFile>   for each line of hex key bytes: Utils.murmur2(key) and the
 *                                           Java producer's BuiltInPartitioner.partitionForKey(key, n),
 *                                           one "<hash> <partition>" line per key
 *   partition-metadata <file>...            the topic id Kafka's PartitionMetadataFile reads from each
 *   topic-configs                           every non-internal topic config of Kafka's LogConfig with
 *                                           its default, "<name>\t<default>" (ConfigDef's string form)
 */
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.storage.internals.checkpoint.PartitionMetadataFile;
import org.apache.kafka.storage.internals.log.LogConfig;

public final class BrokerProbe {
  public static void main(String[] args) throws Exception {
    StringBuilder out = new StringBuilder();
    switch (args[0]) {
      case "partitions": {
        int n = Integer.parseInt(args[1]);
        for (String line : Files.readAllLines(new File(args[2]).toPath(), StandardCharsets.US_ASCII)) {
          byte[] key = new byte[line.length() / 2];
          for (int i = 0; i < key.length; i++) key[i] = (byte) Integer.parseInt(line.substring(2 * i, 2 * i + 2), 16);
          out.append(Utils.murmur2(key)).append(' ').append(BuiltInPartitioner.partitionForKey(key, n)).append('\n');
        }
        break;
      }
      case "partition-metadata":
        for (int i = 1; i < args.length; i++) out.append(new PartitionMetadataFile(new File(args[i]), null).read().topicId()).append('\n');
        break;
      case "topic-configs": {
        Map<String, ConfigDef.ConfigKey> keys = new TreeMap<>(LogConfig.configDefCopy().configKeys());
        for (ConfigDef.ConfigKey k : keys.values()) {
          if (k.internalConfig) continue;
          out.append(k.name).append('\t').append(ConfigDef.convertToString(k.defaultValue, k.type)).append('\n');
        }
        break;
      }
      default:
        throw new IllegalArgumentException("unknown command " + args[0]);
    }
    System.out.print(out);
    System.out.flush();
  }
}
