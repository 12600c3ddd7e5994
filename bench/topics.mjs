// Benchmark: ktk's start-up and topic commands against kafka-topics from the same Kafka jars, on a
// cluster with 200 topics. Goal (issue #2): --version <= 150 ms, topics list <= 300 ms, and at least
// 5x faster than kafka-topics for list and describe.
import { join } from 'node:path'
import {
  BENCH_PORT_BASE,
  benchCluster,
  hyperfine,
  KTK,
  ktkBundle,
  machine,
  ms,
  ROOT,
  writeSection,
} from './lib.mjs'

const TOPICS = 200
const PARTITIONS = 3

export async function run() {
  const kafka = await benchCluster({ name: 'topics', port: BENCH_PORT_BASE })
  try {
    const { openGateway } = ktkBundle()
    const gateway = openGateway({
      bootstrapServers: [kafka.bootstrap],
      source: 'flag',
      clientId: 'ktk-bench',
      timeoutMs: 60_000,
      securityProtocol: 'PLAINTEXT',
    })
    const specs = Array.from({ length: TOPICS }, (_, i) => ({
      name: `bench.topics.t${String(i).padStart(3, '0')}.v1`,
      partitions: PARTITIONS,
      replicationFactor: 1,
      configs: {},
    }))
    for (let i = 0; i < specs.length; i += 50)
      await gateway.createTopics(specs.slice(i, i + 50), { validateOnly: false })
    await gateway.close()

    const kafkaTopics = `${join(ROOT, 'bench', 'kafka-tool.sh')} ${kafka.jars} org.apache.kafka.tools.TopicCommand`
    const b = `--bootstrap-server ${kafka.bootstrap}`
    const version = hyperfine(
      'topics-version',
      {
        'node -e 0': 'node -e 0',
        'ktk --version': `${KTK} --version`,
        'kafka-topics --version': `${kafkaTopics} --version`,
      },
      { runs: 20 },
    )
    const list = hyperfine('topics-list', {
      'ktk topics list': `${KTK} topics list ${b}`,
      'kafka-topics --list': `${kafkaTopics} ${b} --list`,
    })
    const describe = hyperfine(
      'topics-describe',
      {
        'ktk topics describe': `${KTK} topics describe ${b}`,
        'kafka-topics --describe': `${kafkaTopics} ${b} --describe`,
      },
      { runs: 10 },
    )

    const row = (label, ours, theirs, goal) => {
      const ratio = theirs.median / ours.median
      return `| ${label} | ${ms(ours.median)} (±${ms(ours.stddev)}) | ${ms(theirs.median)} (±${ms(theirs.stddev)}) | **${ratio.toFixed(1)}×** | ${goal} |`
    }
    const v = version['ktk --version']
    const l = list['ktk topics list']
    const d = describe['ktk topics describe']
    writeSection(
      'topics',
      `## Start-up and topic commands (issue #2)

${new Date().toISOString().slice(0, 10)}, Apache Kafka ${kafka.version}, one broker on loopback, ${TOPICS} topics of ${PARTITIONS} partitions. ${machine()}.

| command | ktk median | kafka-topics median | kafka-topics / ktk | goal |
|---|---:|---:|---:|---|
${row('--version', v, version['kafka-topics --version'], `ktk ≤ 150 ms: ${v.median <= 150 ? 'met' : 'NOT met'}`)}
${row('list', l, list['kafka-topics --list'], `ktk ≤ 300 ms and ≥ 5×: ${l.median <= 300 && list['kafka-topics --list'].median / l.median >= 5 ? 'met' : 'NOT met'}`)}
${row('describe (all topics)', d, describe['kafka-topics --describe'], `≥ 5×: ${describe['kafka-topics --describe'].median / d.median >= 5 ? 'met' : 'NOT met'}`)}

Starting Node itself (\`node -e 0\`, the floor under every ktk command) took ${ms(version['node -e 0'].median)} in this run.
ktk's describe does more work than kafka-topics': it also asks every partition leader for the earliest and latest offsets.

Commands (hyperfine -N, ${v.runs}/${l.runs}/${d.runs} runs after 2 warm-ups; kafka-topics runs as bin/kafka-run-class.sh would run it, see bench/kafka-tool.sh):

\`\`\`
${Object.values({ ...version, ...list, ...describe })
  .map((x) => x.command.replaceAll(ROOT, '.'))
  .join('\n')}
\`\`\`

Reproduce: \`npm run build && npm run bench -- topics\`.`,
    )
  } finally {
    await kafka.stop()
  }
}
