import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.Properties;

/**
 * Sends records with the given CreateTime timestamps into one partition, in one compressed batch, with
 * Kafka's Java producer: java -cp 'libs/*' TimedProducer.java BOOTSTRAP TOPIC PARTITION CODEC TS...
 */
public class TimedProducer {
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", args[0]);
    props.put("compression.type", args[3]);
    props.put("linger.ms", "5000");
    props.put("batch.size", "1048576");
    props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    props.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      for (int i = 4; i < args.length; i++) {
        long ts = Long.parseLong(args[i]);
        producer.send(new ProducerRecord<>(args[1], Integer.parseInt(args[2]), ts, null, "value-" + i + "-" + "x".repeat(50)));
      }
      producer.flush();
    }
  }
}
