import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

import java.io.File;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns scripts/capture-vectors/inputs.mjs's values into Kafka's own bytes: each value is read into the
 * Java client's generated *Data class by its *DataJsonConverter (which insists on every field of the
 * version), serialized with MessageUtil.toByteBufferAccessor, and written back as the converter's canonical JSON
 * (int64 values as strings, so that JavaScript keeps them exact). One file per API in the output directory.
 * Run through scripts/capture-vectors/capture.sh.
 */
public class Capture {
  static String hex(ByteBuffer buffer) {
    StringBuilder sb = new StringBuilder();
    while (buffer.hasRemaining()) sb.append(String.format("%02x", buffer.get() & 0xff));
    return sb.toString();
  }

  /** Longs (int64, uint32) as strings: a JSON number beyond 2^53 does not survive JavaScript's JSON.parse. */
  static JsonNode exactLongs(JsonNode node) {
    if (node.isLong() || node.isBigInteger()) return new TextNode(node.asText());
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> e : node.properties()) out.set(e.getKey(), exactLongs(e.getValue()));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (JsonNode item : node) out.add(exactLongs(item));
      return out;
    }
    return node;
  }

  /**
   * The converters write records as empty (they are not meant to be logged); the bytes are opaque here, so
   * the JSON takes them from the input they were read from, and the hex shows what Kafka serialized.
   */
  static void restoreRecords(JsonNode out, JsonNode in) {
    if (out.isObject() && in != null && in.isObject()) {
      for (Map.Entry<String, JsonNode> e : out.properties()) {
        if (e.getKey().equals("records") && (e.getValue().isBinary() || e.getValue().isTextual())) {
          ((ObjectNode) out).set("records", in.get("records"));
        } else restoreRecords(e.getValue(), in.get(e.getKey()));
      }
    } else if (out.isArray() && in != null && in.isArray()) {
      for (int i = 0; i < out.size(); i++) restoreRecords(out.get(i), in.get(i));
    }
  }

  public static void main(String[] args) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode inputs = mapper.readTree(new File(args[0]));
    File outDir = new File(args[1]);
    Map<String, ArrayNode> byApi = new TreeMap<>();
    for (JsonNode input : inputs) {
      String message = input.get("message").asText();
      short version = (short) input.get("version").asInt();
      Class<?> converter = Class.forName("org.apache.kafka.common.message." + message + "DataJsonConverter");
      Class<?> dataClass = Class.forName("org.apache.kafka.common.message." + message + "Data");
      Method read = converter.getMethod("read", JsonNode.class, short.class);
      Method write = converter.getMethod("write", dataClass, short.class);
      ApiMessage data;
      try {
        data = (ApiMessage) read.invoke(null, input.get("value"), version);
      } catch (java.lang.reflect.InvocationTargetException e) {
        throw new RuntimeException(message + " v" + version + " " + input.get("variant").asText() + ": " + e.getCause(), e.getCause());
      }
      ObjectNode vector = JsonNodeFactory.instance.objectNode();
      vector.put("message", message);
      vector.put("version", version);
      vector.put("variant", input.get("variant").asText());
      ByteBuffer bytes = MessageUtil.toByteBufferAccessor(data, version).buffer();
      if (bytes.remaining() != data.size(new ObjectSerializationCache(), version)) throw new IllegalStateException(message + ": size mismatch");
      vector.put("hex", hex(bytes));
      JsonNode json = exactLongs((JsonNode) write.invoke(null, data, version));
      restoreRecords(json, input.get("value"));
      vector.set("json", json);
      byApi.computeIfAbsent(input.get("api").asText(), k -> JsonNodeFactory.instance.arrayNode()).add(vector);
    }
    outDir.mkdirs();
    for (Map.Entry<String, ArrayNode> e : byApi.entrySet()) {
      ObjectNode file = JsonNodeFactory.instance.objectNode();
      file.put("generator", "scripts/capture-vectors/Capture.java");
      file.put("kafkaClients", args[2]);
      file.set("vectors", e.getValue());
      mapper.writeValue(new File(outDir, e.getKey() + ".json"), file);
    }
  }
}
