import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.AppInfoParser;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Prints partition assignments computed by the Java client's own assignors, as JSON, for
 * test/unit/core/assignors.test.ts: RangeAssignor and RoundRobinAssignor for many member and topic
 * layouts (ktk must match them exactly), and CooperativeStickyAssignor through sequences of joins and
 * leaves (ktk's sticky assignor is compared with it for balance and movement). Run from the repository root:
 *
 *   java -cp "$HOME/.cache/ktk/kafka/4.1.2/libs/*" scripts/AssignorVectors.java > test/unit/fixtures/assignor-vectors.json
 *   npx biome format --write test/unit/fixtures/assignor-vectors.json
 *
 * Output is deterministic (fixed random seed), so regenerating it gives the same file.
 */
public class AssignorVectors {
  record Member(String id, String instanceId, List<String> topics) {}

  static final Node NODE = new Node(0, "localhost", 9092);

  static Cluster cluster(Map<String, Integer> topics) {
    List<PartitionInfo> partitions = new ArrayList<>();
    for (Map.Entry<String, Integer> t : topics.entrySet())
      for (int p = 0; p < t.getValue(); p++)
        partitions.add(new PartitionInfo(t.getKey(), p, NODE, new Node[] {NODE}, new Node[] {NODE}));
    return new Cluster("c", List.of(NODE), partitions, Collections.emptySet(), Collections.emptySet());
  }

  static Subscription subscription(Member m, List<TopicPartition> owned, int generation) {
    Subscription s = owned == null
        ? new Subscription(m.topics())
        : new Subscription(m.topics(), null, owned, generation, Optional.empty());
    s.setGroupInstanceId(Optional.ofNullable(m.instanceId()));
    return s;
  }

  static Map<String, List<TopicPartition>> assign(ConsumerPartitionAssignor assignor, Map<String, Integer> topics,
      List<Member> members, Map<String, List<TopicPartition>> owned, int generation) {
    Map<String, Subscription> subs = new LinkedHashMap<>();
    for (Member m : members) subs.put(m.id(), subscription(m, owned == null ? null : owned.getOrDefault(m.id(), List.of()), generation));
    Map<String, List<TopicPartition>> out = new TreeMap<>();
    assignor.assign(cluster(topics), new GroupSubscription(subs)).groupAssignment()
        .forEach((member, a) -> out.put(member, new ArrayList<>(a.partitions())));
    return out;
  }

  static String json(String s) {
    return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static String tps(List<TopicPartition> list) {
    List<TopicPartition> sorted = new ArrayList<>(list);
    sorted.sort((a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic()));
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < sorted.size(); i++) sb.append(i == 0 ? "" : ", ").append(json(sorted.get(i).topic() + "-" + sorted.get(i).partition()));
    return sb.append("]").toString();
  }

  static String assignmentJson(Map<String, List<TopicPartition>> a) {
    StringBuilder sb = new StringBuilder("{");
    int i = 0;
    for (Map.Entry<String, List<TopicPartition>> e : a.entrySet()) sb.append(i++ == 0 ? "" : ", ").append(json(e.getKey())).append(": ").append(tps(e.getValue()));
    return sb.append("}").toString();
  }

  static String topicsJson(Map<String, Integer> topics) {
    StringBuilder sb = new StringBuilder("{");
    int i = 0;
    for (Map.Entry<String, Integer> e : topics.entrySet()) sb.append(i++ == 0 ? "" : ", ").append(json(e.getKey())).append(": ").append(e.getValue());
    return sb.append("}").toString();
  }

  static String membersJson(List<Member> members) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < members.size(); i++) {
      Member m = members.get(i);
      sb.append(i == 0 ? "" : ", ").append("{\"id\": ").append(json(m.id())).append(", \"instanceId\": ").append(json(m.instanceId())).append(", \"topics\": [");
      for (int j = 0; j < m.topics().size(); j++) sb.append(j == 0 ? "" : ", ").append(json(m.topics().get(j)));
      sb.append("]}");
    }
    return sb.append("]").toString();
  }

  static List<Member> named(int n, List<String> topics) {
    List<Member> members = new ArrayList<>();
    for (int i = 1; i <= n; i++) members.add(new Member("c" + i, null, topics));
    return members;
  }

  public static void main(String[] args) {
    Random random = new Random(20251122L);
    List<String> cases = new ArrayList<>();
    List<Object[]> layouts = new ArrayList<>(); // topics, members

    for (int partitions : new int[] {1, 2, 3, 5, 7, 8, 12, 16, 24})
      for (int consumers : new int[] {1, 2, 3, 4, 5, 7, 10, 12})
        layouts.add(new Object[] {Map.of("t", partitions), named(consumers, List.of("t"))});
    Map<String, Integer> three = new TreeMap<>(Map.of("a", 3, "b", 5, "c", 7));
    for (int consumers : new int[] {1, 2, 3, 4, 5, 10, 11}) layouts.add(new Object[] {three, named(consumers, List.of("a", "b", "c"))});
    layouts.add(new Object[] {three, List.of(
        new Member("c1", null, List.of("a", "b")), new Member("c2", null, List.of("b", "c")),
        new Member("c3", null, List.of("a", "b", "c")), new Member("c4", null, List.of("c")))});
    layouts.add(new Object[] {three, List.of(
        new Member("x", null, List.of("c")), new Member("y", null, List.of("a")), new Member("z", null, List.of("a", "c")))});
    // Real-looking member ids, and static members (group.instance.id sorts before member id).
    for (int n : new int[] {3, 6}) {
      List<Member> members = new ArrayList<>();
      for (int i = 0; i < n; i++) members.add(new Member("consumer-app-" + (i + 1) + "-" + new UUID(random.nextLong(), random.nextLong()), null, List.of("a", "b", "c")));
      layouts.add(new Object[] {three, members});
    }
    layouts.add(new Object[] {three, List.of(
        new Member("m-1", "zeta", List.of("a", "b", "c")), new Member("m-2", null, List.of("a", "b", "c")),
        new Member("m-3", "alpha", List.of("a", "b", "c")), new Member("m-0", null, List.of("a", "b", "c")))});

    for (Object[] layout : layouts) {
      @SuppressWarnings("unchecked") Map<String, Integer> topics = new TreeMap<>((Map<String, Integer>) layout[0]);
      @SuppressWarnings("unchecked") List<Member> members = (List<Member>) layout[1];
      for (String strategy : new String[] {"range", "roundrobin"}) {
        ConsumerPartitionAssignor assignor = strategy.equals("range") ? new RangeAssignor() : new RoundRobinAssignor();
        cases.add("    {\"strategy\": " + json(strategy) + ", \"topics\": " + topicsJson(topics) + ", \"members\": "
            + membersJson(members) + ", \"assignment\": " + assignmentJson(assign(assignor, topics, members, null, -1)) + "}");
      }
    }

    // Cooperative sticky through joins and leaves; each rebalance passes the owned partitions and generation.
    List<String> sequences = new ArrayList<>();
    Object[][] runs = {
      {Map.of("t", 12), 3, new String[] {"join:c4", "leave:c2", "join:c5", "join:c6", "leave:c1", "leave:c6"}},
      {Map.of("t", 10), 4, new String[] {"leave:c3", "join:c5", "join:c6", "join:c7", "leave:c1", "leave:c2"}},
      {new TreeMap<>(Map.of("a", 3, "b", 5, "c", 7)), 2, new String[] {"join:c3", "join:c4", "leave:c1", "join:c5", "leave:c4"}},
      {Map.of("t", 5), 1, new String[] {"join:c2", "join:c3", "join:c4", "join:c5", "join:c6", "leave:c6", "leave:c1"}},
    };
    for (Object[] run : runs) {
      @SuppressWarnings("unchecked") Map<String, Integer> topics = new TreeMap<>((Map<String, Integer>) run[0]);
      List<String> topicList = new ArrayList<>(topics.keySet());
      List<Member> members = named((Integer) run[1], topicList);
      String[] events = (String[]) run[2];
      Map<String, List<TopicPartition>> owned = new TreeMap<>();
      int generation = 0;
      StringBuilder steps = new StringBuilder();
      List<String> all = new ArrayList<>();
      all.add("initial");
      Collections.addAll(all, events);
      for (String event : all) {
        if (event.startsWith("join:")) members.add(new Member(event.substring(5), null, topicList));
        if (event.startsWith("leave:")) {
          String id = event.substring(6);
          members.removeIf(m -> m.id().equals(id));
          owned.remove(id);
        }
        for (int round = 1; round <= 3; round++) {
          Map<String, List<TopicPartition>> a = assign(new CooperativeStickyAssignor(), topics, members, owned, generation);
          generation++;
          steps.append(steps.length() == 0 ? "" : ",\n").append("        {\"after\": ").append(json(event)).append(", \"round\": ").append(round)
              .append(", \"assignment\": ").append(assignmentJson(a)).append("}");
          int assigned = a.values().stream().mapToInt(List::size).sum();
          owned = a;
          if (assigned == topics.values().stream().mapToInt(Integer::intValue).sum()) break;
        }
      }
      sequences.add("    {\"strategy\": \"cooperative-sticky\", \"topics\": " + topicsJson(topics) + ", \"initial\": " + run[1]
          + ", \"events\": " + eventsJson(events) + ", \"rebalances\": [\n" + steps + "\n      ]}");
    }

    StringBuilder sb = new StringBuilder();
    sb.append("{\n  \"generator\": \"scripts/AssignorVectors.java\",\n");
    sb.append("  \"kafkaClientsVersion\": ").append(json(AppInfoParser.getVersion())).append(",\n");
    sb.append("  \"cases\": [\n").append(String.join(",\n", cases)).append("\n  ],\n");
    sb.append("  \"sequences\": [\n").append(String.join(",\n", sequences)).append("\n  ]\n}\n");
    System.out.print(sb);
  }

  static String eventsJson(String[] events) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < events.length; i++) sb.append(i == 0 ? "" : ", ").append(json(events[i]));
    return sb.append("]").toString();
  }
}
