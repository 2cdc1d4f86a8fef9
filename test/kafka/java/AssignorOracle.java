/*
 * Kafka's own consumer assignors (kafka-clients 4.0.2) as the judge of src/broker/group/assignors/
 * (test/kafka/assignors-oracle.test.ts).
 *
 * stdin: one JSON sample a line:
 *   {"assignor":"range|roundrobin|cooperative-sticky","topics":{"t":3},
 *    "members":[{"id":"m1","instance":null,"topics":["t"],"owned":[["t",0]],"generation":-1,"userData":"00000001"|null}]}
 * stdout: one JSON line per sample:
 *   {"assignment":{"m1":[["t",0],…]},"subscriptions":{"m1":"<hex of ConsumerProtocol.serializeSubscription>"}}
 *   or {"error":"<the exception Kafka's assignor threw>","subscriptions":{…}}
 *
 * Each sample gets a fresh assignor, and the subscriptions map is a HashMap filled in the members'
 * order, as ConsumerCoordinator fills it from the JoinGroup response. The cluster has one node and no
 * racks, as a kafka-lite broker.
 */
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public class AssignorOracle {
    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        Node node = new Node(0, "localhost", 9092);
        String line;
        while ((line = in.readLine()) != null) {
            JsonNode sample = mapper.readTree(line);
            ConsumerPartitionAssignor assignor;
            switch (sample.get("assignor").asText()) {
                case "range": assignor = new RangeAssignor(); break;
                case "roundrobin": assignor = new RoundRobinAssignor(); break;
                case "cooperative-sticky": assignor = new CooperativeStickyAssignor(); break;
                default: throw new IllegalArgumentException(sample.get("assignor").asText());
            }
            List<PartitionInfo> partitions = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> topics = sample.get("topics").fields();
            while (topics.hasNext()) {
                Map.Entry<String, JsonNode> t = topics.next();
                for (int p = 0; p < t.getValue().asInt(); p++) partitions.add(new PartitionInfo(t.getKey(), p, node, new Node[] {node}, new Node[] {node}));
            }
            Cluster cluster = new Cluster("kafka-lite", Collections.singletonList(node), partitions, Collections.emptySet(), Collections.emptySet());
            Map<String, ConsumerPartitionAssignor.Subscription> subscriptions = new HashMap<>();
            ObjectNode serialized = mapper.createObjectNode();
            for (JsonNode m : sample.get("members")) {
                List<String> memberTopics = new ArrayList<>();
                for (JsonNode t : m.get("topics")) memberTopics.add(t.asText());
                List<TopicPartition> owned = new ArrayList<>();
                for (JsonNode tp : m.get("owned")) owned.add(new TopicPartition(tp.get(0).asText(), tp.get(1).asInt()));
                ByteBuffer userData = m.get("userData").isNull() ? null : ByteBuffer.wrap(HexFormat.of().parseHex(m.get("userData").asText()));
                ConsumerPartitionAssignor.Subscription s = new ConsumerPartitionAssignor.Subscription(
                    memberTopics, userData, owned, m.get("generation").asInt(), Optional.empty());
                s.setGroupInstanceId(m.get("instance").isNull() ? Optional.empty() : Optional.of(m.get("instance").asText()));
                ByteBuffer bytes = ConsumerProtocol.serializeSubscription(s);
                byte[] b = new byte[bytes.remaining()];
                bytes.get(b);
                serialized.put(m.get("id").asText(), HexFormat.of().formatHex(b));
                // Read back, as the leader gets it from the JoinGroup response.
                ConsumerPartitionAssignor.Subscription read = ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(b));
                read.setGroupInstanceId(s.groupInstanceId());
                subscriptions.put(m.get("id").asText(), read);
            }
            Map<String, ConsumerPartitionAssignor.Assignment> result;
            try {
                result = assignor.assign(cluster, new ConsumerPartitionAssignor.GroupSubscription(subscriptions)).groupAssignment();
            } catch (RuntimeException e) {
                // Kafka's assignor fails on some inputs (a NullPointerException in the sticky balance loop):
                // reported, so the test can say what ours does there instead.
                ObjectNode failed = mapper.createObjectNode();
                failed.put("error", e.toString());
                failed.set("subscriptions", serialized);
                out.println(mapper.writeValueAsString(failed));
                continue;
            }
            ObjectNode assignment = mapper.createObjectNode();
            for (Map.Entry<String, ConsumerPartitionAssignor.Assignment> e : result.entrySet()) {
                ArrayNode list = assignment.putArray(e.getKey());
                for (TopicPartition tp : e.getValue().partitions()) list.addArray().add(tp.topic()).add(tp.partition());
            }
            ObjectNode answer = mapper.createObjectNode();
            answer.set("assignment", assignment);
            answer.set("subscriptions", serialized);
            out.println(mapper.writeValueAsString(answer));
        }
        out.flush();
    }
}
