// Benchmark: ktk's group commands against kafka-consumer-groups from the same Kafka jars, on a cluster
// with 200 consumer groups over 2 topics of 12 partitions. Goal (issue #3): under 2 s and at least 3x
// faster than kafka-consumer-groups --describe --all-groups.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import kafkajs from 'kafkajs'
import {
  BENCH_PORT_BASE,
  benchCluster,
  benchGateway,
  hyperfine,
  KTK,
  machine,
  ms,
  ROOT,
  writeSection,
} from './lib.mjs'

const GROUPS = 200
const TOPICS = ['bench.groups.orders.v1', 'bench.groups.payments.v1']
const PARTITIONS = 12
const RECORDS = 1000 // per partition, 100 bytes each

export async function run() {
  const kafka = await benchCluster({ name: 'groups', port: BENCH_PORT_BASE + 200 })
  try {
    const gateway = benchGateway(kafka.bootstrap)
    await gateway.createTopics(
      TOPICS.map((name) => ({ name, partitions: PARTITIONS, replicationFactor: 1, configs: {} })),
      { validateOnly: false },
    )
    // Records a millisecond apart, so each offset has its own timestamp.
    const producer = new kafkajs.Kafka({
      brokers: [kafka.bootstrap],
      clientId: 'ktk-bench',
      logLevel: kafkajs.logLevel.NOTHING,
    }).producer()
    await producer.connect()
    const start = Date.now() - 3_600_000
    const value = 'x'.repeat(100)
    for (const topic of TOPICS) {
      for (let partition = 0; partition < PARTITIONS; partition++) {
        for (let i = 0; i < RECORDS; i += 250) {
          await producer.send({
            topic,
            acks: -1,
            messages: Array.from({ length: 250 }, (_, j) => ({
              partition,
              value,
              timestamp: String(start + i + j),
            })),
          })
        }
      }
    }
    await producer.disconnect()
    // 200 groups without members, each with an offset on every partition (deterministic, spread out).
    for (let g = 0; g < GROUPS; g++) {
      const offsets = TOPICS.flatMap((topic, t) =>
        Array.from({ length: PARTITIONS }, (_, partition) => ({
          topic,
          partition,
          offset: (g * 37 + partition * 101 + t * 211) % (RECORDS + 1),
        })),
      )
      await gateway.commitOffsets(`bench-group-${String(g).padStart(3, '0')}`, offsets)
    }
    await gateway.close()

    const tool = `${join(ROOT, 'bench', 'kafka-tool.sh')} ${kafka.jars} org.apache.kafka.tools.consumer.group.ConsumerGroupCommand`
    const b = `--bootstrap-server ${kafka.bootstrap}`
    const commands = {
      'ktk groups describe --all-groups': `${KTK} groups describe --all-groups ${b}`,
      'ktk groups lag --all-groups': `${KTK} groups lag --all-groups ${b}`,
      'kafka-consumer-groups --describe --all-groups': `${tool} ${b} --describe --all-groups`,
    }
    const same = sameNumbers(
      commands['ktk groups describe --all-groups'],
      commands['kafka-consumer-groups --describe --all-groups'],
    )
    const times = hyperfine('groups', commands, { warmup: 1, runs: 7 })

    const theirs = times['kafka-consumer-groups --describe --all-groups']
    const row = (label, goal) => {
      const ours = times[label]
      const ratio = theirs.median / ours.median
      const met = ours.median < 2000 && ratio >= 3
      return `| \`${label.replace('ktk ', '')}\` | ${ms(ours.median)} (±${ms(ours.stddev)}) | ${ms(theirs.median)} (±${ms(theirs.stddev)}) | **${ratio.toFixed(1)}×** | ${goal}: ${met ? 'met' : 'NOT met'} |`
    }
    writeSection(
      'groups',
      `## Consumer groups: describe and lag with many groups (issue #3)

${new Date().toISOString().slice(0, 10)}, Apache Kafka ${kafka.version}, one broker on loopback, ${GROUPS} groups (no members) each with an offset on all ${TOPICS.length * PARTITIONS} partitions of ${TOPICS.length} topics of ${PARTITIONS} partitions (${RECORDS} records of 100 bytes each). ${machine()}.

| ktk command | ktk median | kafka-consumer-groups --describe --all-groups | ratio | goal (< 2 s and ≥ 3×) |
|---|---:|---:|---:|---|
${row('ktk groups describe --all-groups', 'describe')}
${row('ktk groups lag --all-groups', 'lag')}

Both print the same ${same.rows} rows: every CURRENT-OFFSET, LOG-END-OFFSET and LAG of ktk's describe equals kafka-consumer-groups' (checked in this run). \`groups lag\` does more than either: it also asks for log start offsets and reads the record at each of the ${same.lagging} committed offsets with lag for its timestamp (lag in time), with ListOffsets per leader and Fetch rounds per leader. ktk batches: one FindCoordinator for all groups, one DescribeGroups, ConsumerGroupDescribe and OffsetFetch per coordinator, one ListOffsets per leader; Kafka's tool asks per group.

Commands (hyperfine -N, ${theirs.runs} runs after 1 warm-up; kafka-consumer-groups runs as bin/kafka-run-class.sh would run it, see bench/kafka-tool.sh):

\`\`\`
${Object.values(times)
  .map((x) => x.command.replaceAll(ROOT, '.'))
  .join('\n')}
\`\`\`

Reproduce: \`npm run build && npm run bench -- groups\`.`,
    )
  } finally {
    await kafka.stop()
  }
}

/** Runs both describes once and checks every offset, log end offset and lag is the same. */
function sameNumbers(ktkCommand, kafkaCommand) {
  const rows = (command) => {
    const [bin, ...args] = command.split(' ')
    return execFileSync(bin, args, {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((f) => f.length >= 6 && f[0] !== 'GROUP' && f[0] !== '')
      .map((f) => f.slice(0, 6).join(' '))
      .sort()
  }
  const ours = rows(ktkCommand)
  const theirs = rows(kafkaCommand)
  if (ours.length !== theirs.length || ours.some((r, i) => r !== theirs[i])) {
    throw new Error(`ktk and kafka-consumer-groups disagree (${ours.length} vs ${theirs.length} rows)`)
  }
  return { rows: ours.length, lagging: ours.filter((r) => r.split(' ')[5] !== '0').length }
}
