import { type ChildProcess, spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CompressionTypes, Kafka, logLevel } from 'kafkajs'
import { javaBinary } from '../../src/local/java.js'
import { kafkaToolClass } from '../../src/local/versions.js'
import { json, ktk } from './cli.js'
import type { TestCluster } from './clusters.js'
import { kafkaTool } from './kafka-tools.js'

/** One row of kafka-consumer-groups --describe (offsets view). '-' stays '-'. */
export interface ReferenceOffsetRow {
  group: string
  topic: string
  partition: string
  currentOffset: string
  logEndOffset: string
  lag: string
  consumerId: string
  host: string
  clientId: string
}

/** Parses kafka-consumer-groups --describe output: a header line per group, then whitespace-separated rows. */
export function parseKafkaGroupOffsets(stdout: string): ReferenceOffsetRow[] {
  const rows: ReferenceOffsetRow[] = []
  for (const line of stdout.split('\n')) {
    const f = line.trim().split(/\s+/)
    if (f.length < 9 || f[0] === 'GROUP') continue
    const [group, topic, partition, currentOffset, logEndOffset, lag, consumerId, host, clientId] = f as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ]
    rows.push({ group, topic, partition, currentOffset, logEndOffset, lag, consumerId, host, clientId })
  }
  return rows.sort((a, b) =>
    a.group !== b.group
      ? a.group.localeCompare(b.group)
      : a.topic !== b.topic
        ? a.topic.localeCompare(b.topic)
        : Number(a.partition) - Number(b.partition),
  )
}

/** One row of ktk groups describe --json (offsets view). */
export interface OffsetRowJson {
  group: string
  topic: string
  partition: number
  currentOffset: number | null
  logEndOffset: number | null
  lag: number | null
  consumerId: string | null
  host: string | null
  clientId: string | null
}

const cell = (v: number | string | null) => (v === null || v === '' ? '-' : String(v))

/** ktk's offsets rows in kafka-consumer-groups' shape, for a field-by-field comparison. */
export function asReference(rows: readonly OffsetRowJson[]) {
  return rows.map((r) => ({
    group: r.group,
    topic: r.topic,
    partition: String(r.partition),
    currentOffset: cell(r.currentOffset),
    logEndOffset: cell(r.logEndOffset),
    lag: cell(r.lag),
    consumerId: cell(r.consumerId),
    host: cell(r.host),
    clientId: cell(r.clientId),
  }))
}

/** Runs kafka-consumer-groups with the cluster's bootstrap server. */
export function consumerGroupsTool(cluster: TestCluster, args: readonly string[]) {
  return kafkaTool(cluster, 'consumer-groups', ['--bootstrap-server', cluster.bootstrap, ...args])
}

/** kafkajs against the cluster, quiet. */
export function kafkajsClient(cluster: TestCluster, clientId = 'ktk-e2e'): Kafka {
  return new Kafka({ brokers: cluster.bootstrap.split(','), clientId, logLevel: logLevel.NOTHING })
}

export interface TimedRecord {
  partition: number
  value: string
  /** CreateTime, ms since the epoch. */
  timestamp: number
  key?: string
}

/**
 * Produces records with exact CreateTime timestamps (kafkajs sets the record timestamp as given): one
 * request per record, or all in one gzip-compressed batch with `gzipBatch`.
 */
export async function produceRecords(
  cluster: TestCluster,
  topic: string,
  records: readonly TimedRecord[],
  options: { gzipBatch?: boolean } = {},
) {
  const producer = kafkajsClient(cluster).producer({ allowAutoTopicCreation: false })
  await producer.connect()
  const message = (r: TimedRecord) => ({
    partition: r.partition,
    key: r.key ?? null,
    value: r.value,
    timestamp: String(r.timestamp),
  })
  try {
    if (options.gzipBatch) {
      await producer.send({
        topic,
        acks: -1,
        compression: CompressionTypes.GZIP,
        messages: records.map(message),
      })
    } else {
      for (const r of records) await producer.send({ topic, acks: -1, messages: [message(r)] })
    }
  } finally {
    await producer.disconnect()
  }
}

/** Produces records in one committed transaction: the log then ends with a transaction marker. */
export async function produceTransaction(
  cluster: TestCluster,
  topic: string,
  records: readonly TimedRecord[],
) {
  const producer = kafkajsClient(cluster).producer({
    allowAutoTopicCreation: false,
    transactionalId: `ktk-e2e-${topic}`,
    idempotent: true,
    maxInFlightRequests: 1,
  })
  await producer.connect()
  try {
    const tx = await producer.transaction()
    await tx.send({
      topic,
      messages: records.map((r) => ({
        partition: r.partition,
        value: r.value,
        timestamp: String(r.timestamp),
      })),
    })
    await tx.commit()
  } finally {
    await producer.disconnect()
  }
}

/** Produces `count` records into one partition, timestamps now. */
export function produceCount(cluster: TestCluster, topic: string, partition: number, count: number) {
  const now = Date.now()
  return produceRecords(
    cluster,
    topic,
    Array.from({ length: count }, (_, i) => ({ partition, value: `v${i}`, timestamp: now })),
  )
}

/** Commits offsets for an empty group with Kafka's own tool (reset --to-offset --execute), as a user would. */
export async function commitWithKafka(
  cluster: TestCluster,
  group: string,
  topic: string,
  offsets: Record<number, number>,
): Promise<void> {
  for (const [partition, offset] of Object.entries(offsets)) {
    const r = await consumerGroupsTool(cluster, [
      '--reset-offsets',
      '--group',
      group,
      '--topic',
      `${topic}:${partition}`,
      '--to-offset',
      String(offset),
      '--execute',
    ])
    if (r.code !== 0 || /Error/.test(r.stdout)) throw new Error(`reset failed: ${r.stdout}\n${r.stderr}`)
  }
}

/** A long-running Java console consumer in a group; stop() ends it by pid. */
export interface RunningConsumer {
  process: ChildProcess
  stop(): Promise<void>
}

export function startConsoleConsumer(cluster: TestCluster, args: readonly string[]): RunningConsumer {
  const child = spawn(
    javaBinary(),
    [
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      '-Xmx128m',
      `-Dlog4j2.configurationFile=${join(process.cwd(), 'test', 'helpers', 'tools-log4j2.properties')}`,
      `-Dlog4j.configuration=file:${join(process.cwd(), 'test', 'helpers', 'tools-log4j.properties')}`,
      '-cp',
      `${cluster.jarsDir}/*`,
      kafkaToolClass('console-consumer', cluster.version),
      '--bootstrap-server',
      cluster.bootstrap,
      ...args,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  return {
    process: child,
    async stop() {
      if (child.exitCode === null && child.pid !== undefined) child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      await exited
      clearTimeout(timer)
    },
  }
}

interface DescribedJson {
  groups: { group: string; state: string; stateRow: { members: number } }[]
}

/** Waits until ktk sees the group in a state (e.g. Stable with n members); returns the last answer. */
export async function waitForGroup(
  cluster: TestCluster,
  group: string,
  ready: (g: DescribedJson['groups'][number]) => boolean,
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last = ''
  while (Date.now() < deadline) {
    const r = await ktk(['groups', 'describe', '-b', cluster.bootstrap, '-g', group, '--state', '--json'])
    if (r.code === 0) {
      const g = json<DescribedJson>(r).groups[0]
      if (g && ready(g)) return
      last = r.stdout
    } else last = r.stdout + r.stderr
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`group ${group} did not become ready within ${timeoutMs} ms: ${last}`)
}

/** Creates a topic with ktk (partitions and any topic configs). */
export async function createTopic(
  cluster: TestCluster,
  topic: string,
  partitions: number,
  configs: string[] = [],
) {
  const r = await ktk([
    'topics',
    'create',
    topic,
    '-b',
    cluster.bootstrap,
    '--partitions',
    String(partitions),
    ...configs.flatMap((c) => ['--config', c]),
  ])
  if (r.code !== 0) throw new Error(`cannot create ${topic}: ${r.stderr}`)
}

/** Deletes a partition's records below `offset` with Kafka's kafka-delete-records. */
export async function deleteRecords(cluster: TestCluster, topic: string, partition: number, offset: number) {
  const file = join(tmpdir(), `ktk-delete-records-${process.pid}-${Date.now()}.json`)
  writeFileSync(file, JSON.stringify({ version: 1, partitions: [{ topic, partition, offset }] }))
  const r = await kafkaTool(cluster, 'delete-records', [
    '--bootstrap-server',
    cluster.bootstrap,
    '--offset-json-file',
    file,
  ])
  if (r.code !== 0) throw new Error(`kafka-delete-records failed: ${r.stdout}${r.stderr}`)
}

/** Kafka's --to-datetime format, UTC. */
export const kafkaDateTime = (ms: number) => new Date(ms).toISOString().replace('Z', '')

/**
 * GROUP TOPIC PARTITION NEW-OFFSET rows of a kafka-consumer-groups --reset-offsets run. Kafka 3.9's tool
 * prints the rows without line breaks, so the rows are read as groups of four fields after the header.
 */
export function parseKafkaPlan(stdout: string): Map<string, number> {
  const plan = new Map<string, number>()
  const tokens = stdout.split(/\s+/).filter(Boolean)
  const start = tokens.indexOf('NEW-OFFSET')
  if (start < 0) return plan
  for (
    let i = start + 1;
    i + 3 < tokens.length + 0 && /^\d+$/.test(tokens[i + 2]!) && /^\d+$/.test(tokens[i + 3]!);
    i += 4
  ) {
    plan.set(`${tokens[i]} ${tokens[i + 1]}-${tokens[i + 2]}`, Number(tokens[i + 3]))
  }
  return plan
}
