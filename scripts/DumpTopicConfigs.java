import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.storage.internals.log.LogConfig;
import java.util.*;
/**
 * Prints Kafka's topic-level config definitions (LogConfig) as JSON, for scripts/gen-topic-configs.mjs.
 * Run: java -cp "<kafka libs>/*" scripts/DumpTopicConfigs.java > topic-configs-<version>.json
 */
public class DumpTopicConfigs {
  @SuppressWarnings("unchecked")
  static Set<String> nonInternalNames() {
    try { // 4.x has nonInternalConfigNames(); 3.9 only configNames()
      return new HashSet<>((List<String>) LogConfig.class.getMethod("nonInternalConfigNames").invoke(null));
    } catch (ReflectiveOperationException e) {
      return new HashSet<>(LogConfig.configNames());
    }
  }
  static String q(Object o){ if(o==null) return "null"; String s=String.valueOf(o); return "\"" + s.replace("\\","\\\\").replace("\"","\\\"").replace("\n"," ") + "\""; }
  public static void main(String[] a) {
    Map<String, ConfigDef.ConfigKey> keys = LogConfig.configKeys();
    Set<String> nonInternal = nonInternalNames();
    StringBuilder sb = new StringBuilder("[\n");
    boolean first = true;
    for (Map.Entry<String, ConfigDef.ConfigKey> e : new TreeMap<>(keys).entrySet()) {
      ConfigDef.ConfigKey k = e.getValue();
      if (!nonInternal.contains(k.name)) continue;
      if (!first) sb.append(",\n"); first = false;
      Object def = k.defaultValue == ConfigDef.NO_DEFAULT_VALUE ? null : k.defaultValue;
      sb.append("{\"name\":").append(q(k.name)).append(",\"type\":").append(q(k.type)).append(",\"default\":").append(def==null?"null":q(ConfigDef.convertToString(def, k.type)))
        .append(",\"validator\":").append(q(k.validator)).append(",\"doc\":").append(q(k.documentation==null?"":k.documentation.split("\\. ")[0])).append("}");
    }
    sb.append("\n]");
    System.out.println(sb);
  }
}
