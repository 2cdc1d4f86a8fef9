/*
 * Kafka's own serialization of protocol messages, for test/kafka/protocol-golden.test.ts.
 *
 * Reads lines from stdin, each `<MessageName>\t<version>\t<hex>\t<json>`:
 *  - <json> is the message in Kafka's JSON form (the generated *JsonConverter's input): Kafka builds
 *    the message from it with `<Class>JsonConverter.read` and serializes it with
 *    `MessageUtil.toByteBuffer` (the generated `write`, with its ObjectSerializationCache);
 *  - <hex> is the same message as encoded by our TypeScript codec: Kafka reads it with the generated
 *    `<Class>(Readable, short)` constructor, checks that every byte was consumed, and serializes what
 *    it read again.
 * Writes one line per input line: `OK\t<kafka hex>\t<kafka re-serialization of our bytes, hex>` or
 * `ERR\t<what failed>` (the test fails on any ERR). One JVM serves the whole batch.
 *
 * The class of a message is `org.apache.kafka.common.message.<Name>Data`, or `<Name>` for the data
 * messages named without the suffix (ConsumerProtocolSubscription, ConsumerProtocolAssignment).
 */
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.Readable;

public final class ProtocolGolden {
    private static final String PACKAGE = "org.apache.kafka.common.message.";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static final class Codec {
        final Method fromJson;
        final Constructor<?> fromBytes;

        Codec(Method fromJson, Constructor<?> fromBytes) {
            this.fromJson = fromJson;
            this.fromBytes = fromBytes;
        }
    }

    private static final Map<String, Codec> CODECS = new HashMap<>();

    private static Codec codec(String name) throws Exception {
        Codec c = CODECS.get(name);
        if (c != null) return c;
        Class<?> cls;
        try {
            cls = Class.forName(PACKAGE + name + "Data");
        } catch (ClassNotFoundException e) {
            cls = Class.forName(PACKAGE + name);
        }
        Class<?> converter = Class.forName(cls.getName() + "JsonConverter");
        c = new Codec(converter.getMethod("read", JsonNode.class, short.class), cls.getConstructor(Readable.class, short.class));
        CODECS.put(name, c);
        return c;
    }

    private static String hex(ByteBuffer buf) {
        StringBuilder sb = new StringBuilder(buf.remaining() * 2);
        for (int i = buf.position(); i < buf.limit(); i++) {
            int b = buf.get(i) & 0xff;
            sb.append(HEX[b >>> 4]).append(HEX[b & 0xf]);
        }
        return sb.toString();
    }

    private static byte[] unhex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        return out;
    }

    private static Throwable root(Throwable t) {
        return t instanceof InvocationTargetException && t.getCause() != null ? t.getCause() : t;
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        String line;
        int lineNo = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isEmpty()) continue;
            String[] parts = line.split("\t", 4);
            String step = "parse the line";
            try {
                String name = parts[0];
                short version = Short.parseShort(parts[1]);
                Codec c = codec(name);
                step = "JsonConverter.read";
                Message fromJson = (Message) c.fromJson.invoke(null, mapper.readTree(parts[3]), version);
                step = "serialize the JSON message";
                String kafkaHex = hex(MessageUtil.toByteBuffer(fromJson, version));
                step = "read our bytes";
                ByteBuffer ours = ByteBuffer.wrap(unhex(parts[2]));
                Message fromOurs = (Message) c.fromBytes.newInstance(new ByteBufferAccessor(ours), version);
                if (ours.hasRemaining()) throw new IllegalStateException(ours.remaining() + " bytes of ours left unread");
                step = "serialize what was read from our bytes";
                String againHex = hex(MessageUtil.toByteBuffer(fromOurs, version));
                out.write("OK\t" + kafkaHex + "\t" + againHex + "\n");
            } catch (Throwable t) {
                Throwable r = root(t);
                out.write("ERR\tline " + lineNo + ": " + step + ": " + r.getClass().getSimpleName() + ": " + String.valueOf(r.getMessage()).replace('\n', ' ') + "\n");
            }
        }
        out.flush();
    }
}
