import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Prints murmur2 and default-partitioner vectors computed by the real Java client, as JSON, for
 * test/unit/core/partitioner.test.ts. Run from the repository root:
 *
 *   java -cp '/tmp/kx/4.1.2/libs/*' scripts/Murmur2Vectors.java > test/unit/fixtures/murmur2-vectors.json
 *
 * Output is deterministic (fixed random seed), so regenerating it gives the same file.
 */
public class Murmur2Vectors {
  static final int[] PARTITION_COUNTS = {1, 3, 6, 12, 50, 100};

  record Key(String label, String text, byte[] bytes) {}

  static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) sb.append(String.format("%02x", x & 0xff));
    return sb.toString();
  }

  /** A JSON string literal; everything outside printable ASCII is \\u-escaped so the file stays ASCII. */
  static String json(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') sb.append('\\').append(c);
      else if (c < 0x20 || c > 0x7e) sb.append(String.format("\\u%04x", (int) c));
      else sb.append(c);
    }
    return sb.append('"').toString();
  }

  static void text(List<Key> keys, String label, String s) {
    keys.add(new Key(label, s, s.getBytes(StandardCharsets.UTF_8)));
  }

  public static void main(String[] args) {
    List<Key> keys = new ArrayList<>();

    // Every length 0..20 (so every tail length 0..3 is hit several times), two different fillers.
    for (int len = 0; len <= 20; len++) text(keys, "repeat-a-" + len, "a".repeat(len));
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (int len = 0; len <= 20; len++) text(keys, "prefix-" + len, alphabet.substring(0, len));

    // Typical ASCII keys.
    String[] ascii = {
      "", " ", "0", "1", "a", "A", "key", "key1", "key2", "hello", "Hello, World!", "kafka", "orders",
      "user-42", "user_42", "customer:12345", "order-00000001", "prod.retail.order_placed.v1",
      "The quick brown fox jumps over the lazy dog", "{\"id\":1,\"name\":\"x\"}", "a\tb\nc", "~!@#$%^&*()",
      "550e8400-e29b-41d4-a716-446655440000", "9223372036854775807", "-1", "null",
    };
    for (int i = 0; i < ascii.length; i++) text(keys, "ascii-" + i, ascii[i]);
    for (int i = 0; i < 60; i++) text(keys, "key-" + i, "key-" + i);
    for (int i = 0; i < 20; i++) text(keys, "user-id-" + (i * 7919), "user-" + (i * 7919));

    // Unicode: Cyrillic, CJK, accents, emoji (4-byte UTF-8, surrogate pairs in Java and JS).
    String[] unicode = {
      "ключ", "ключ-1", "🔑key", "🔑", "😀😃😄", "👩‍👩‍👧‍👦", "日本語のキー", "键", "clé", "Straße", "naïve café",
      "ðæ", "Ω≈ç√∫", "ελληνικά", "עברית", "العربية", "🇫🇷🇩🇪", "\u0000", "\u00ff", "\uffff",
    };
    for (int i = 0; i < unicode.length; i++) text(keys, "unicode-" + i, unicode[i]);

    // Random bytes (many with the high bit set, which Java sees as negative bytes).
    Random random = new Random(20251122L);
    for (int i = 0; i < 150; i++) {
      int len = i < 40 ? i % 20 : random.nextInt(65);
      byte[] b = new byte[len];
      random.nextBytes(b);
      keys.add(new Key("random-" + i, null, b));
    }
    // Bytes chosen to exercise sign extension in every tail position.
    for (int len = 1; len <= 8; len++) {
      byte[] b = new byte[len];
      java.util.Arrays.fill(b, (byte) 0xff);
      keys.add(new Key("all-ff-" + len, null, b));
      byte[] c = new byte[len];
      java.util.Arrays.fill(c, (byte) 0x80);
      keys.add(new Key("all-80-" + len, null, c));
    }

    StringBuilder sb = new StringBuilder();
    sb.append("{\n");
    sb.append("  \"generator\": \"scripts/Murmur2Vectors.java\",\n");
    sb.append("  \"kafkaClientsVersion\": ").append(json(AppInfoParser.getVersion())).append(",\n");
    sb.append("  \"partitionCounts\": [");
    for (int i = 0; i < PARTITION_COUNTS.length; i++) sb.append(i == 0 ? "" : ", ").append(PARTITION_COUNTS[i]);
    sb.append("],\n");
    sb.append("  \"vectors\": [\n");
    for (int k = 0; k < keys.size(); k++) {
      Key key = keys.get(k);
      int hash = Utils.murmur2(key.bytes());
      // Laid out the way `biome format` lays out JSON, so the checked-in file passes `biome check` as is.
      sb.append("    {\n");
      sb.append("      \"label\": ").append(json(key.label())).append(",\n");
      if (key.text() != null) sb.append("      \"text\": ").append(json(key.text())).append(",\n");
      sb.append("      \"hex\": ").append(json(hex(key.bytes()))).append(",\n");
      sb.append("      \"murmur2\": ").append(hash).append(",\n");
      sb.append("      \"partitions\": { ");
      for (int i = 0; i < PARTITION_COUNTS.length; i++) {
        int n = PARTITION_COUNTS[i];
        int p = Utils.toPositive(hash) % n;
        // The producer's own code path must agree with the formula above.
        if (p != BuiltInPartitioner.partitionForKey(key.bytes(), n)) throw new IllegalStateException(key.label());
        sb.append(i == 0 ? "" : ", ").append('"').append(n).append("\": ").append(p);
      }
      sb.append(" }\n");
      sb.append("    }").append(k == keys.size() - 1 ? "\n" : ",\n");
    }
    sb.append("  ]\n}\n");
    System.out.print(sb);
  }
}
