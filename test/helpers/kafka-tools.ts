import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { javaBinary } from '../../src/local/java.js'
import { type KafkaTool, kafkaToolClass } from '../../src/local/versions.js'
import { type RunResult, run } from './cli.js'
import type { TestCluster } from './clusters.js'

/** Runs one of Apache Kafka's own CLIs from the same jars as the cluster: the reference for ktk's numbers. */
export async function kafkaTool(
  cluster: TestCluster,
  tool: KafkaTool,
  args: readonly string[],
  input?: string,
): Promise<RunResult> {
  const result = await run(
    javaBinary(),
    [
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      `-Dlog4j2.configurationFile=${join(HERE, 'tools-log4j2.properties')}`,
      `-Dlog4j.configuration=file:${join(HERE, 'tools-log4j.properties')}`,
      '-cp',
      `${cluster.jarsDir}/*`,
      kafkaToolClass(tool, cluster.version),
      ...args,
    ],
    { input, timeoutMs: 120_000 },
  )
  return result
}

const HERE = dirname(fileURLToPath(import.meta.url))

export interface ReferencePartition {
  topic: string
  partition: number
  leader: number | null
  replicas: number[]
  isr: number[]
}

export interface ReferenceTopic {
  topic: string
  partitionCount: number
  replicationFactor: number
  configs: Record<string, string>
  partitions: ReferencePartition[]
}

const ids = (s: string | undefined) => (s ? s.split(',').filter(Boolean).map(Number) : [])

/** Parses kafka-topics --describe output ("Topic: t\tPartitionCount: 3 …" and one line per partition). */
export function parseKafkaTopicsDescribe(stdout: string): ReferenceTopic[] {
  const topics: ReferenceTopic[] = []
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue
    const fields = Object.fromEntries(
      line
        .trim()
        .split('\t')
        .map((f) => {
          const i = f.indexOf(': ')
          return i < 0 ? [f.replace(/:$/, ''), ''] : [f.slice(0, i), f.slice(i + 2)]
        }),
    ) as Record<string, string>
    if (fields.Partition !== undefined) {
      const topic = topics.find((t) => t.topic === fields.Topic)
      const p: ReferencePartition = {
        topic: fields.Topic!,
        partition: Number(fields.Partition),
        leader: fields.Leader === 'none' ? null : Number(fields.Leader),
        replicas: ids(fields.Replicas),
        isr: ids(fields.Isr),
      }
      if (topic) topic.partitions.push(p)
      else
        topics.push({ topic: p.topic, partitionCount: 0, replicationFactor: 0, configs: {}, partitions: [p] })
    } else if (fields.Topic !== undefined) {
      const configs: Record<string, string> = {}
      // Values may hold commas (cleanup.policy=compact,delete): split only where a new key starts.
      for (const kv of (fields.Configs ?? '').split(/,(?=[a-z0-9._-]+=)/).filter(Boolean)) {
        const i = kv.indexOf('=')
        configs[kv.slice(0, i)] = kv.slice(i + 1)
      }
      topics.push({
        topic: fields.Topic,
        partitionCount: Number(fields.PartitionCount),
        replicationFactor: Number(fields.ReplicationFactor),
        configs,
        partitions: [],
      })
    }
  }
  return topics
}

/** Parses kafka-configs --describe --entity-type topics output into key -> value. */
export function parseKafkaConfigsDescribe(stdout: string): Record<string, string> {
  const configs: Record<string, string> = {}
  for (const line of stdout.split('\n')) {
    const m = /^\s+([\w.]+)=(\S*) sensitive=(true|false)/.exec(line)
    if (m) configs[m[1]!] = m[2]!
  }
  return configs
}

/** A topic's own configs as `kafka-configs --describe --entity-type topics` lists them. */
export async function kafkaTopicConfigs(
  cluster: TestCluster,
  topic: string,
): Promise<Record<string, string>> {
  const r = await kafkaTool(cluster, 'configs', [
    '--bootstrap-server',
    cluster.bootstrap,
    '--describe',
    '--entity-type',
    'topics',
    '--entity-name',
    topic,
  ])
  if (r.code !== 0) throw new Error(`kafka-configs --describe ${topic} failed: ${r.stderr}`)
  return parseKafkaConfigsDescribe(r.stdout)
}
