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
 * Two more line kinds check framing with Kafka's request/response classes (the client's and the
 * broker's own code paths):
 *  - `REQ\t<apiKey>\t<version>\t<frame hex>`: our request frame (no size prefix) is read with
 *    `RequestHeader.parse` and `AbstractRequest.parseRequest` (every byte must be consumed), and
 *    written again with `serializeWithHeader`: `OK\t<hex>`;
 *  - `RES\t<apiKey>\t<version>\t<correlationId>\t<frame hex>`: our response frame is read with
 *    `AbstractResponse.parseResponse` (the client's path: Kafka's own response header version), and
 *    written again as Kafka frames it (header at `ApiKeys.responseHeaderVersion`, then the body):
 *    `OK\t<hex>`.
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
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;

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

    private static String request(String[] p) {
        ApiKeys api = ApiKeys.forId(Short.parseShort(p[1]));
        short version = Short.parseShort(p[2]);
        ByteBuffer frame = ByteBuffer.wrap(unhex(p[3]));
        RequestHeader header = RequestHeader.parse(frame);
        if (header.apiKey() != api || header.apiVersion() != version) throw new IllegalStateException("header says " + header);
        AbstractRequest request = AbstractRequest.parseRequest(api, version, frame).request;
        if (frame.hasRemaining()) throw new IllegalStateException(frame.remaining() + " bytes of ours left unread");
        return hex(request.serializeWithHeader(new RequestHeader(api, version, header.clientId(), header.correlationId())));
    }

    private static String response(String[] p) {
        ApiKeys api = ApiKeys.forId(Short.parseShort(p[1]));
        short version = Short.parseShort(p[2]);
        int correlationId = Integer.parseInt(p[3]);
        ByteBuffer frame = ByteBuffer.wrap(unhex(p[4]));
        AbstractResponse response = AbstractResponse.parseResponse(frame, new RequestHeader(api, version, "golden", correlationId));
        if (frame.hasRemaining()) throw new IllegalStateException(frame.remaining() + " bytes of ours left unread");
        ResponseHeader header = new ResponseHeader(correlationId, api.responseHeaderVersion(version));
        return hex(MessageUtil.toByteBuffer(header.data(), header.headerVersion())) + hex(MessageUtil.toByteBuffer(response.data(), version));
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
            if (line.startsWith("REQ\t") || line.startsWith("RES\t")) {
                try {
                    String[] p = line.split("\t");
                    out.write("OK\t" + (p[0].equals("REQ") ? request(p) : response(p)) + "\n");
                } catch (Throwable t) {
                    Throwable r = root(t);
                    out.write("ERR\tline " + lineNo + ": " + r.getClass().getSimpleName() + ": " + String.valueOf(r.getMessage()).replace('\n', ' ') + "\n");
                }
                continue;
            }
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
