import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.ByteBufferOutputStream;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Prints payloads compressed by Kafka's own record compression streams (snappy, lz4, zstd, gzip), as
 * JSON, for test/unit/kafka/records/compression.test.ts. Run from the repository root:
 *
 *   java -cp "$HOME/.cache/ktk/kafka/4.1.2/libs/*" scripts/CompressionVectors.java > test/unit/fixtures/compression-vectors.json
 *   npx biome format --write test/unit/fixtures/compression-vectors.json
 */
public class CompressionVectors {
  static String hex(byte[] b, int len) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < len; i++) sb.append(String.format("%02x", b[i] & 0xff));
    return sb.toString();
  }

  public static void main(String[] args) throws Exception {
    Random random = new Random(20251122L);
    String text = "the quick brown fox jumps over the lazy dog; ".repeat(200);
    // Over 64 KiB (more than one lz4 block), with some randomness so it does not shrink to nothing.
    StringBuilder records = new StringBuilder();
    for (int i = 0; records.length() < 100_000; i++) records.append(String.format("record-%06d:%c;", i, (char) ('a' + random.nextInt(4))));
    byte[][] inputs = {text.getBytes(StandardCharsets.UTF_8), records.toString().getBytes(StandardCharsets.UTF_8), new byte[0], "x".getBytes(StandardCharsets.UTF_8)};
    String[] names = {"text", "records", "empty", "one-byte"};
    Compression[] codecs = {Compression.gzip().build(), Compression.snappy().build(), Compression.lz4().build(), Compression.zstd().build()};
    StringBuilder sb = new StringBuilder("{\n  \"generator\": \"scripts/CompressionVectors.java\",\n  \"vectors\": [\n");
    boolean first = true;
    for (Compression codec : codecs) {
      for (int i = 0; i < inputs.length; i++) {
        ByteBufferOutputStream buffer = new ByteBufferOutputStream(1024);
        try (OutputStream out = codec.wrapForOutput(buffer, RecordBatch.MAGIC_VALUE_V2)) {
          out.write(inputs[i]);
        }
        ByteBuffer compressed = buffer.buffer();
        compressed.flip();
        byte[] bytes = new byte[compressed.remaining()];
        compressed.get(bytes);
        sb.append(first ? "" : ",\n").append("    {\"codec\": \"").append(codec.type().name).append("\", \"name\": \"").append(names[i])
            .append("\", \"plainLength\": ").append(inputs[i].length).append(", \"plainSha256\": \"").append(hex(java.security.MessageDigest.getInstance("SHA-256").digest(inputs[i]), 32)).append("\", \"compressed\": \"").append(hex(bytes, bytes.length)).append("\"}");
        first = false;
      }
    }
    sb.append("\n  ]\n}\n");
    System.out.print(sb);
  }
}
