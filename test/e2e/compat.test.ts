import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { javaBinary } from '../../src/local/java.js'
import { errorLine, isolatedState, json, ktk, noStackTrace, run, uniqueTopic } from '../helpers/cli.js'
import type { TestCluster } from '../helpers/clusters.js'
import {
  atLeast,
  COMPAT_CLUSTERS,
  type CompatSpec,
  compatCluster,
  holdCluster,
  type OwnCluster,
  startOwnCluster,
} from '../helpers/compat.js'
import {
  asReference,
  consumerGroupsTool,
  deleteRecords,
  kafkaDateTime,
  type OffsetRowJson,
  parseKafkaGroupOffsets,
  parseKafkaPlan,
  produceRecords,
  type ReferenceOffsetRow,
  type RunningConsumer,
  startConsoleConsumer,
  waitForGroup,
} from '../helpers/groups.js'
import { kafkaTool, parseKafkaTopicsDescribe } from '../helpers/kafka-tools.js'

/**
 * The compatibility suite: on every Kafka line ktk is tested with (2.8.2 and 3.4.1 in ZooKeeper mode,
 * 3.9.2, 4.1.2 with one and three brokers, 4.4.0), the fidelity scenarios of topics, records and
 * groups, condensed, with every number compared against Kafka's own tools from the same jars. A feature
 * a broker cannot offer is asserted to fail with its one-line message (exit 2), never skipped.
 * Versions run side by side: each test below runs once per version, all of them concurrently.
 */

/**
 * Records of the groups scenario are ten minutes apart: --by-duration is computed when each tool runs,
 * so a target in the middle of a gap stays in it for five minutes of a slow machine.
 */
const STEP = 10 * 60_000

/** kafka-consumer-groups with a minute for its admin calls (its default, 5 s, is short on a busy machine). */
const groupsTool = (cluster: TestCluster, args: readonly string[]) =>
  consumerGroupsTool(cluster, [...args, '--timeout', '60000'])

interface DescribeJson {
  topics: {
    name: string
    partitionCount: number
    replicationFactor: number
    configs: { name: string; value: string; source: string }[]
    partitions: { partition: number; leader: number | null; replicas: number[]; isr: number[] }[]
  }[]
  matched: number
}

interface ProduceJson {
  records: number
  acknowledged: number
  notAcknowledged: number
  partitions: { partition: number; records: number; firstOffset: number; lastOffset: number }[]
  transaction: { id: string; outcome: string } | null
}

interface GroupsDescribeJson {
  groups: {
    group: string
    state: string
    offsets?: OffsetRowJson[]
    members?: { consumerId: string; host: string; clientId: string; partitions: number }[]
    stateRow: { assignmentStrategy: string; state: string; members: number; coordinator: string }
  }[]
}

interface LagJson {
  partitions: {
    group: string
    topic: string
    partition: number
    currentOffset: number | null
    logEndOffset: number | null
    lag: number | null
    oldestUnconsumedTimestamp: number | null
    behindNewestMs: number | null
  }[]
}

const regexEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const lines = (s: string) => s.split('\n').filter((l) => l.trim() !== '')
const byKey = (a: ReferenceOffsetRow, b: ReferenceOffsetRow) =>
  a.group !== b.group
    ? a.group.localeCompare(b.group)
    : a.topic !== b.topic
      ? a.topic.localeCompare(b.topic)
      : Number(a.partition) - Number(b.partition)

/** Everything the scenarios need of one cluster. */
interface Env {
  spec: CompatSpec
  cluster: TestCluster
  b: string[]
  /** Kafka's tools' connection flags (GetOffsetShell and the console producer took --broker-list in 2.x). */
  tool: { bootstrap: string[]; brokerList: string[] }
  /** A prefix no other run uses: compat.<version>.<random>. */
  prefix: string
}

/** Partition -> offset lines of GetOffsetShell ("topic:partition:offset"). */
const offsetsOf = (stdout: string) =>
  Object.fromEntries(
    lines(stdout).map((l) => {
      const [, p, o] = l.split(':')
      return [Number(p), Number(o)]
    }),
  ) as Record<number, number>

async function kafkaDescribe(env: Env, args: string[]) {
  const r = await kafkaTool(env.cluster, 'topics', [...env.tool.bootstrap, '--describe', ...args])
  expect(r.code, r.stderr).toBe(0)
  return r.stdout
}

/**
 * The lines Kafka's console consumer prints for a topic's records: values, or with `record` the lines
 * it recognises as records (4.4's prints one more line when print.partition is on).
 */
async function kafkaConsume(
  env: Env,
  topic: string,
  count: number,
  extra: string[] = [],
  record: (line: string) => boolean = () => true,
) {
  const r = await kafkaTool(env.cluster, 'console-consumer', [
    ...env.tool.bootstrap,
    '--topic',
    topic,
    '--from-beginning',
    '--max-messages',
    String(count),
    '--timeout-ms',
    '30000',
    ...extra,
  ])
  const read = lines(r.stdout).filter(record)
  expect(read, `${r.stdout}\n${r.stderr}`).toHaveLength(count)
  return read
}

async function topicsScenario(env: Env) {
  const { cluster, b, spec } = env
  const main = `${env.prefix}.main`
  const extra = `${env.prefix}.extra`
  const n = String(spec.brokers)
  const created = await ktk([
    'topics',
    'create',
    main,
    ...b,
    '--partitions',
    '3',
    '--replication-factor',
    n,
    '--config',
    'retention.ms=3600000',
    '--config',
    'cleanup.policy=compact,delete',
    '--config',
    `min.insync.replicas=${n}`,
  ])
  expect(created.code, created.stderr).toBe(0)
  const second = await ktk(['topics', 'create', extra, ...b])
  expect(second.code, second.stderr).toBe(0)

  // list: the same lines as kafka-topics --list, for this run's topics (the shared clusters are busy).
  const pattern = `${regexEscape(env.prefix)}\\..*`
  const ourList = await ktk(['topics', 'list', ...b, '--topic', pattern])
  expect(ourList.code, ourList.stderr).toBe(0)
  const theirList = await kafkaTool(cluster, 'topics', [...env.tool.bootstrap, '--list', '--topic', pattern])
  expect(theirList.code, theirList.stderr).toBe(0)
  expect(lines(ourList.stdout)).toEqual([extra, main])
  expect(ourList.stdout).toBe(theirList.stdout)

  // describe: wait for every replica in sync (three brokers), then partitions, leaders, replicas, ISR, configs.
  let theirs = parseKafkaTopicsDescribe(await kafkaDescribe(env, ['--topic', main]))[0]!
  const deadline = Date.now() + 60_000
  while (theirs.partitions.some((p) => p.isr.length < spec.brokers) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500))
    theirs = parseKafkaTopicsDescribe(await kafkaDescribe(env, ['--topic', main]))[0]!
  }
  const described = await ktk(['topics', 'describe', main, ...b, '--json'])
  expect(described.code, described.stderr).toBe(0)
  const ours = json<DescribeJson>(described).topics[0]!
  expect(ours.partitionCount).toBe(theirs.partitionCount)
  expect(ours.replicationFactor).toBe(theirs.replicationFactor)
  expect(ours.replicationFactor).toBe(spec.brokers)
  const shape = (p: { partition: number; leader: number | null; replicas: number[]; isr: number[] }) => ({
    partition: p.partition,
    leader: p.leader,
    replicas: p.replicas,
    isr: p.isr,
  })
  expect(ours.partitions.map(shape)).toEqual(theirs.partitions.map(shape))
  const configs = Object.fromEntries(ours.configs.map((c) => [c.name, c.value]))
  expect(configs).toEqual(theirs.configs)
  expect(configs).toMatchObject({ 'retention.ms': '3600000', 'cleanup.policy': 'compact,delete' })

  // Health filters: the partitions kafka-topics lists under each, and exit 3 when some match. Every
  // replica is in sync and min.insync.replicas is the broker count: all at min ISR, none of the others.
  for (const filter of [
    '--under-replicated-partitions',
    '--under-min-isr-partitions',
    '--at-min-isr-partitions',
    '--unavailable-partitions',
  ]) {
    const r = await ktk(['topics', 'describe', main, filter, ...b, '--json'])
    const matched = json<DescribeJson>(r).topics.flatMap((t) => t.partitions.map((p) => p.partition))
    const reference = parseKafkaTopicsDescribe(await kafkaDescribe(env, ['--topic', main, filter]))
    const referenceMatched = reference.flatMap((t) => t.partitions.map((p) => p.partition))
    expect(matched.sort(), filter).toEqual(referenceMatched.sort())
    expect(r.code, filter).toBe(matched.length > 0 ? 3 : 0)
    expect(matched, filter).toEqual(filter === '--at-min-isr-partitions' ? [0, 1, 2] : [])
  }

  // alter: configs (set, delete) and partitions in one run; a decrease is refused (exit 5).
  const altered = await ktk([
    'topics',
    'alter',
    main,
    ...b,
    '--config',
    'retention.ms=86400000',
    '--delete-config',
    'cleanup.policy',
    '--partitions',
    '4',
  ])
  expect(altered.code, altered.stderr).toBe(0)
  const shrink = await ktk(['topics', 'alter', main, ...b, '--partitions', '2'])
  expect(shrink.code).toBe(5)
  expect(errorLine(shrink.stderr)).toMatch(/has 4 partitions; Kafka cannot reduce it to 2/)
  const afterAlter = parseKafkaTopicsDescribe(await kafkaDescribe(env, ['--topic', main]))[0]!
  expect(afterAlter.partitionCount).toBe(4)
  expect(afterAlter.configs).toEqual({ 'retention.ms': '86400000', 'min.insync.replicas': n })

  // partition-for: where the Java producer puts each key; ktk's consume reads the same placement.
  const keys = Array.from({ length: 24 }, (_, i) => `customer-${i * 7919}`)
  const produced = await kafkaTool(
    cluster,
    'console-producer',
    [
      ...env.tool.brokerList,
      '--topic',
      main,
      '--property',
      'parse.key=true',
      '--property',
      'key.separator=|',
    ],
    `${keys.map((k) => `${k}|x`).join('\n')}\n`,
  )
  expect(produced.code, produced.stderr).toBe(0)
  const placed = await kafkaConsume(
    env,
    main,
    keys.length,
    ['--property', 'print.partition=true', '--property', 'print.key=true', '--property', 'print.value=false'],
    (line) => line.startsWith('Partition:'),
  )
  const javaPlacement = new Map(
    placed.map((line) => {
      const [partition, key] = line.split('\t')
      return [key!.trim(), Number(partition!.replace('Partition:', '').trim())] as const
    }),
  )
  expect(javaPlacement.size).toBe(keys.length)
  expect(new Set(javaPlacement.values()).size).toBeGreaterThan(1)
  const forKeys = await ktk(['topics', 'partition-for', '--topic', main, ...b, '--json'], {
    input: `${keys.join('\n')}\n`,
  })
  expect(forKeys.code, forKeys.stderr).toBe(0)
  expect(
    new Map(
      json<{ keys: { key: string; partition: number }[] }>(forKeys).keys.map((k) => [k.key, k.partition]),
    ),
  ).toEqual(javaPlacement)
  const consumed = await ktk(['consume', main, ...b, '--from-beginning', '-e', '--format', '%k\t%p\\n'])
  expect(consumed.code, consumed.stderr).toBe(0)
  expect(
    new Map(
      lines(consumed.stdout).map((l) => {
        const [key, partition] = l.split('\t')
        return [key!, Number(partition)] as const
      }),
    ),
  ).toEqual(javaPlacement)

  // delete: refused without --yes, then gone for kafka-topics too; again is "not found" (exit 4).
  const refused = await ktk(['topics', 'delete', extra, ...b])
  expect(refused.code).toBe(2)
  const deleted = await ktk(['topics', 'delete', extra, '--yes', ...b, '--json'])
  expect(deleted.code, deleted.stderr).toBe(0)
  expect(json<{ deleted: string[] }>(deleted).deleted).toEqual([extra])
  const gone = Date.now() + 60_000
  let listed: string[] = []
  do {
    const r = await kafkaTool(cluster, 'topics', [...env.tool.bootstrap, '--list', '--topic', pattern])
    listed = lines(r.stdout)
    if (!listed.some((t) => t.startsWith(extra))) break
    await new Promise((resolve) => setTimeout(resolve, 1000))
  } while (Date.now() < gone)
  expect(listed).toEqual([main])
  const again = await ktk(['topics', 'delete', extra, '--yes', ...b])
  expect(again.code).toBe(4)
  noStackTrace(again.stderr)
}

async function recordsScenario(env: Env) {
  const { cluster, b } = env
  const create = async (topic: string, partitions: number) => {
    const r = await ktk(['topics', 'create', topic, ...b, '--partitions', String(partitions)])
    expect(r.code, r.stderr).toBe(0)
  }

  // Plain: every line acknowledged, per partition as GetOffsetShell counts them; both consumers read all.
  const plain = `${env.prefix}.plain`
  await create(plain, 2)
  const input = Array.from({ length: 40 }, (_, i) => `k${i}:v${i}`)
  const produced = await ktk(['produce', plain, ...b, '--key-separator', ':', '--json'], {
    input: `${input.join('\n')}\n`,
  })
  expect(produced.code, produced.stderr).toBe(0)
  const result = json<ProduceJson>(produced)
  expect(result).toMatchObject({ records: 40, acknowledged: 40, notAcknowledged: 0 })
  const latest = await kafkaTool(cluster, 'get-offsets', [
    ...env.tool.brokerList,
    '--topic',
    plain,
    '--time',
    '-1',
  ])
  expect(latest.code, latest.stderr).toBe(0)
  expect(offsetsOf(latest.stdout)).toEqual(
    Object.fromEntries(
      [0, 1].map((p) => [p, result.partitions.find((x) => x.partition === p)?.records ?? 0]),
    ),
  )
  const values = input.map((l) => l.split(':')[1]!).sort()
  expect((await kafkaConsume(env, plain, 40)).sort()).toEqual(values)
  const ours = await ktk(['consume', plain, ...b, '--from-beginning', '-e'])
  expect(ours.code, ours.stderr).toBe(0)
  expect(lines(ours.stdout).sort()).toEqual(values)

  // Compressed: ktk writes zstd batches (stored as such), Kafka's producer lz4; each reads the other's.
  const compressed = `${env.prefix}.zstd`
  await create(compressed, 1)
  const zstd = Array.from({ length: 30 }, (_, i) => `zstd ${i} ${'abc'.repeat(i)}`)
  const z = await ktk(['produce', compressed, ...b, '--compression', 'zstd'], {
    input: `${zstd.join('\n')}\n`,
  })
  expect(z.code, z.stderr).toBe(0)
  expect(await kafkaConsume(env, compressed, 30)).toEqual(zstd)
  const nodeDir = readdirSync(cluster.root)
    .filter((d) => d.startsWith('node-'))
    .map((d) => join(cluster.root, d, 'data', `${compressed}-0`))
    .find((d) => readdirSync(join(d, '..')).includes(`${compressed}-0`))
  expect(nodeDir).toBeDefined()
  const dumped = await run(javaBinary(), [
    '-cp',
    `${cluster.jarsDir}/*`,
    // Moved to the tools jar in 4.4 (checked with unzip -l against the 4.1.2 and 4.4.0 jars).
    atLeast(cluster.version, 4, 4) ? 'org.apache.kafka.tools.DumpLogSegments' : 'kafka.tools.DumpLogSegments',
    '--files',
    join(nodeDir!, '00000000000000000000.log'),
  ])
  expect(dumped.stdout.toLowerCase()).toContain('compresscodec: zstd')
  const lz4 = Array.from({ length: 30 }, (_, i) => `lz4 ${i}`)
  const javaLz4 = await kafkaTool(
    cluster,
    'console-producer',
    [...env.tool.brokerList, '--topic', compressed, '--compression-codec', 'lz4'],
    `${lz4.join('\n')}\n`,
  )
  expect(javaLz4.code, javaLz4.stderr).toBe(0)
  const back = await ktk(['consume', compressed, ...b, '--offset', '30', '-e'])
  expect(back.code, back.stderr).toBe(0)
  expect(lines(back.stdout)).toEqual(lz4)

  // Transactional (every Kafka from 0.11 on): committed, and read_committed readers see all of it.
  const txTopic = `${env.prefix}.txn`
  await create(txTopic, 2)
  const txInput = Array.from({ length: 20 }, (_, i) => `t${i}`)
  const tx = await ktk(['produce', txTopic, ...b, '--transactional-id', `${env.prefix}.tx`, '--json'], {
    input: `${txInput.join('\n')}\n`,
  })
  expect(tx.code, tx.stderr).toBe(0)
  expect(json<ProduceJson>(tx).transaction?.outcome).toBe('committed')
  expect((await kafkaConsume(env, txTopic, 20, ['--isolation-level', 'read_committed'])).sort()).toEqual(
    [...txInput].sort(),
  )
  const committed = await ktk([
    'consume',
    txTopic,
    ...b,
    '--from-beginning',
    '-e',
    '--isolation-level',
    'read_committed',
  ])
  expect(committed.code, committed.stderr).toBe(0)
  expect(lines(committed.stdout).sort()).toEqual([...txInput].sort())
}

async function groupsScenario(env: Env) {
  const { cluster, b, spec } = env
  const topic = `${env.prefix}.groups`
  const id = env.prefix.split('.').pop()!
  const state = isolatedState()
  const created = await ktk(['topics', 'create', topic, ...b, '--partitions', '3'])
  expect(created.code, created.stderr).toBe(0)
  // 20 records per partition, STEP apart, each partition one gzip batch; records below 4 of
  // partition 2 deleted.
  const base = Date.now() - 25 * STEP
  for (const partition of [0, 1, 2]) {
    await produceRecords(
      cluster,
      topic,
      Array.from({ length: 20 }, (_, i) => ({
        partition,
        value: `p${partition}-${i}`,
        timestamp: base + i * STEP,
      })),
      { gzipBatch: true },
    )
  }
  await deleteRecords(cluster, topic, 2, 4)

  // Twin groups per reset scenario, Kafka's and ktk's, with the same offsets set by Kafka's tool.
  const fromFile = join(state, 'plan.csv')
  writeFileSync(fromFile, `${topic},0,3\n${topic},1,17\n${topic},2,6\n`)
  const scenarios: { name: string; args: () => string[] }[] = [
    { name: 'earliest', args: () => ['--topic', topic, '--to-earliest'] },
    { name: 'latest', args: () => ['--topic', topic, '--to-latest'] },
    { name: 'offset', args: () => ['--topic', `${topic}:0,2`, '--to-offset', '12'] },
    { name: 'shift', args: () => ['--all-topics', '--shift-by', '-7'] },
    { name: 'datetime', args: () => ['--topic', topic, '--to-datetime', kafkaDateTime(base + 7.5 * STEP)] },
    // Aimed at the middle of the gap between records 15 and 16, computed just before it runs.
    {
      name: 'duration',
      args: () => [
        '--topic',
        topic,
        '--by-duration',
        `PT${Math.round((Date.now() - base - 15.5 * STEP) / 1000)}S`,
      ],
    },
    { name: 'file', args: () => ['--from-file', fromFile] },
  ]
  const twin = (who: 'kafka' | 'ktk', s: string) => `${who}-${s}-${id}`
  const allTwins = scenarios.flatMap((s) => [twin('kafka', s.name), twin('ktk', s.name)])
  const initFile = join(state, 'initial.csv')
  writeFileSync(
    initFile,
    `${allTwins.flatMap((g) => [`${g},${topic},0,10`, `${g},${topic},1,5`, `${g},${topic},2,8`]).join('\n')}\n`,
  )
  const init = await groupsTool(cluster, [
    '--reset-offsets',
    ...allTwins.flatMap((g) => ['--group', g]),
    '--from-file',
    initFile,
    '--execute',
  ])
  expect(init.code, init.stdout + init.stderr).toBe(0)

  // reset-offsets, every scenario: ktk's dry-run plan is what Kafka's tool sets, then both execute.
  for (const s of scenarios) {
    const args = s.args()
    const theirs = await groupsTool(cluster, [
      '--reset-offsets',
      '--group',
      twin('kafka', s.name),
      ...args,
      '--execute',
    ])
    expect(theirs.code, theirs.stdout + theirs.stderr).toBe(0)
    const kafkaPlan = parseKafkaPlan(theirs.stdout)
    expect(kafkaPlan.size, `${s.name}: ${theirs.stdout}`).toBeGreaterThan(0)
    const plan = await ktk(
      ['groups', 'reset-offsets', '--group', twin('ktk', s.name), ...args, ...b, '--json'],
      {
        env: { KTK_STATE_DIR: state },
      },
    )
    expect(plan.code, `${s.name}: ${plan.stdout}${plan.stderr}`).toBe(0)
    const ourPlan = json<{
      dryRun: boolean
      groups: { partitions: { topic: string; partition: number; newOffset: number }[] }[]
    }>(plan)
    expect(ourPlan.dryRun).toBe(true)
    expect(
      new Map(
        ourPlan.groups[0]!.partitions.map((p) => [
          `${twin('kafka', s.name)} ${p.topic}-${p.partition}`,
          p.newOffset,
        ]),
      ),
      s.name,
    ).toEqual(kafkaPlan)
    const exec = await ktk(
      ['groups', 'reset-offsets', '--group', twin('ktk', s.name), ...args, '--execute', ...b],
      {
        env: { KTK_STATE_DIR: state },
      },
    )
    expect(exec.code, `${s.name}: ${exec.stderr}`).toBe(0)
  }

  // A live Java consumer in a group, to compare members and states; it reads everything and commits.
  const live = `live-${id}`
  let consumer: RunningConsumer | undefined = startConsoleConsumer(cluster, [
    '--topic',
    topic,
    '--group',
    live,
    '--from-beginning',
    '--consumer-property',
    'auto.commit.interval.ms=200',
    '--consumer-property',
    'client.id=compat-java',
  ])
  try {
    await waitForGroup(cluster, live, (g) => g.state === 'Stable' && g.stateRow.members === 1, 60_000)
    const caughtUp = Date.now() + 60_000
    for (;;) {
      const r = await ktk(['groups', 'describe', '--group', live, ...b, '--json'])
      const rows = r.code === 0 ? (json<GroupsDescribeJson>(r).groups[0]?.offsets ?? []) : []
      if (rows.length === 3 && rows.every((row) => row.lag === 0)) break
      if (Date.now() > caughtUp)
        throw new Error(`${live} did not commit the end of ${topic}: ${r.stdout}${r.stderr}`)
      await new Promise((resolve) => setTimeout(resolve, 500))
    }

    // describe: every offsets row (committed offset, log end, lag, member) as kafka-consumer-groups.
    const groups = [...allTwins, live]
    const reference = await groupsTool(cluster, ['--describe', ...groups.flatMap((g) => ['--group', g])])
    expect(reference.code, reference.stderr).toBe(0)
    const theirRows = parseKafkaGroupOffsets(reference.stdout)
    const described = await ktk([
      'groups',
      'describe',
      ...groups.flatMap((g) => ['--group', g]),
      ...b,
      '--json',
    ])
    expect(described.code, described.stderr).toBe(0)
    const ourGroups = json<GroupsDescribeJson>(described).groups
    expect(ourGroups.map((g) => g.group).sort()).toEqual([...groups].sort())
    expect(asReference(ourGroups.flatMap((g) => g.offsets!)).sort(byKey)).toEqual(theirRows)
    const committed = new Map(theirRows.map((r) => [`${r.group} ${r.partition}`, r.currentOffset]))
    for (const s of scenarios) {
      for (const p of [0, 1, 2]) {
        expect(committed.get(`${twin('ktk', s.name)} ${p}`), `${s.name} ${p}`).toBe(
          committed.get(`${twin('kafka', s.name)} ${p}`),
        )
      }
    }
    // The scenarios did what they say (spot checks against the known log).
    const at = (s: string, p: number) => committed.get(`${twin('ktk', s)} ${p}`)
    expect([0, 1, 2].map((p) => at('earliest', p))).toEqual(['0', '0', '4'])
    expect([0, 1, 2].map((p) => at('latest', p))).toEqual(['20', '20', '20'])
    expect([0, 1, 2].map((p) => at('offset', p))).toEqual(['12', '5', '12'])
    expect([0, 1, 2].map((p) => at('shift', p))).toEqual(['3', '0', '4'])
    expect([0, 1, 2].map((p) => at('datetime', p))).toEqual(['8', '8', '8'])
    expect([0, 1, 2].map((p) => at('duration', p))).toEqual(['16', '16', '16'])
    expect([0, 1, 2].map((p) => at('file', p))).toEqual(['3', '17', '6'])

    // --members and --state, as Kafka's views print them.
    const members = json<GroupsDescribeJson>(
      await ktk(['groups', 'describe', '--members', '--group', live, ...b, '--json']),
    ).groups[0]!.members!
    expect(members).toHaveLength(1)
    expect(members[0]!).toMatchObject({ clientId: 'compat-java', partitions: 3 })
    const refMembers = await groupsTool(cluster, ['--describe', '--members', '--group', live])
    expect(refMembers.stdout).toMatch(
      new RegExp(
        `${live}\\s+${regexEscape(members[0]!.consumerId)}\\s+${regexEscape(members[0]!.host)}\\s+compat-java\\s+3\\b`,
      ),
    )
    const stateGroups = [live, twin('ktk', 'file')]
    const states = json<GroupsDescribeJson>(
      await ktk([
        'groups',
        'describe',
        '--state',
        ...stateGroups.flatMap((g) => ['--group', g]),
        ...b,
        '--json',
      ]),
    ).groups
    expect(Object.fromEntries(states.map((g) => [g.group, g.stateRow.state]))).toEqual({
      [live]: 'Stable',
      [twin('ktk', 'file')]: 'Empty',
    })
    const refStates = await groupsTool(cluster, [
      '--describe',
      '--state',
      ...stateGroups.flatMap((g) => ['--group', g]),
    ])
    for (const g of states) {
      const s = g.stateRow
      // Older tools print nothing for a group without an assignor, 4.x prints '-' (as ktk does); the
      // Scala tools (before 3.8) one space before the coordinator's id, the Java ones two (as ktk does).
      const coordinator = regexEscape(s.coordinator).replace(/ +/g, '\\s+')
      const strategy = s.assignmentStrategy ? `${s.assignmentStrategy}\\s+` : '(?:-\\s+)?'
      expect(refStates.stdout).toMatch(
        new RegExp(`${g.group}\\s+${coordinator}\\s+${strategy}${s.state}\\s+${s.members}`),
      )
    }

    // list: states as kafka-consumer-groups --list --state; --state filters.
    const listed = json<{ groups: { groupId: string; state: string }[] }>(
      await ktk(['groups', 'list', ...b, '--json']),
    ).groups.filter((g) => groups.includes(g.groupId))
    expect(listed.map((g) => g.groupId).sort()).toEqual([...groups].sort())
    const refList = await groupsTool(cluster, ['--list', '--state'])
    expect(refList.code, refList.stderr).toBe(0)
    for (const g of listed)
      expect(refList.stdout).toMatch(new RegExp(`^${g.groupId}\\s+${g.state}\\s*$`, 'm'))
    const stable = json<{ groups: { groupId: string }[] }>(
      await ktk(['groups', 'list', ...b, '--state', 'stable', '--json']),
    ).groups.map((g) => g.groupId)
    expect(stable).toContain(live)
    expect(stable).not.toContain(twin('ktk', 'file'))

    // Group types: Kafka 3.8 and newer report them (ListGroups v5); older brokers cannot, in one line.
    const typed = await ktk(['groups', 'list', ...b, '--type', 'classic', '--json'])
    if (atLeast(spec.version, 3, 8)) {
      expect(typed.code, typed.stderr).toBe(0)
      const classic = json<{ groups: { groupId: string; type: string }[] }>(typed).groups.map(
        (g) => g.groupId,
      )
      expect(classic).toEqual(expect.arrayContaining(groups))
      const refTypes = await groupsTool(cluster, ['--list', '--type'])
      for (const g of groups) expect(refTypes.stdout).toMatch(new RegExp(`^${g}\\s+Classic\\s*$`, 'm'))
    } else {
      const text = await ktk(['groups', 'list', ...b, '--type', 'classic'])
      expect(text.code).toBe(2)
      expect(text.stdout).toBe('')
      expect(lines(text.stderr).filter((l) => l.startsWith('error: '))).toHaveLength(1)
      expect(errorLine(text.stderr)).toMatch(/group.*type.*Kafka 3\.8 or newer/)
      // The line names the broker's own release, told by its API versions (3.4 raised no client API over 3.3).
      const [major, minor] = spec.version.split('.')
      expect(errorLine(text.stderr)).toMatch(
        new RegExp(
          `the broker at \\S+ is Kafka (\\d+\\.\\d+ or )?${major}\\.${minor} \\(by its API versions\\)`,
        ),
      )
      noStackTrace(text.stderr)
      expect(typed.code).toBe(2)
      expect(json<{ error: { exit: number; message: string } }>(typed).error).toMatchObject({
        exit: 2,
        message: errorLine(text.stderr).slice('error: '.length),
      })
    }

    // lag: the lag Kafka's tool printed, and the time lag from the known timestamps.
    const lagged = await ktk([
      'groups',
      'lag',
      '--group',
      twin('ktk', 'offset'),
      '--group',
      twin('ktk', 'datetime'),
      ...b,
      '--json',
    ])
    expect(lagged.code, lagged.stderr).toBe(0)
    const lagRows = json<LagJson>(lagged).partitions
    expect(lagRows).toHaveLength(6)
    for (const r of lagRows) {
      const ref = theirRows.find((x) => x.group === r.group && Number(x.partition) === r.partition)!
      expect(String(r.lag), `${r.group} ${r.partition}`).toBe(ref.lag)
      expect(String(r.logEndOffset)).toBe(ref.logEndOffset)
      expect(r.oldestUnconsumedTimestamp, `${r.group} ${r.partition}`).toBe(base + r.currentOffset! * STEP)
      expect(r.behindNewestMs, `${r.group} ${r.partition}`).toBe((19 - r.currentOffset!) * STEP)
    }

    // Refusals while the group has a member: delete (exit 5) and delete-offsets of a subscribed topic.
    const busy = await ktk(['groups', 'delete', '--group', live, '--yes', ...b])
    expect(busy.code).toBe(5)
    expect(errorLine(busy.stderr)).toMatch(
      new RegExp(`group "${live}" is Stable with 1 member: .*client compat-java`),
    )
    const subscribed = await ktk([
      'groups',
      'delete-offsets',
      '--group',
      live,
      '--topic',
      topic,
      '--yes',
      ...b,
    ])
    expect(subscribed.code).toBe(5)
    expect(subscribed.stderr).toContain(`it is subscribed to ${topic}`)
    await consumer.stop()
    consumer = undefined
  } finally {
    await consumer?.stop()
  }

  // delete and delete-offsets: what Kafka's tool sees afterwards.
  const gone = [twin('kafka', 'earliest'), twin('ktk', 'earliest')]
  const deleted = await ktk(['groups', 'delete', ...gone.flatMap((g) => ['--group', g]), '--yes', ...b])
  expect(deleted.code, deleted.stderr).toBe(0)
  expect(deleted.stdout).toContain(
    `Deletion of requested consumer groups ('${gone[0]}', '${gone[1]}') was successful.`,
  )
  const missing = await ktk(['groups', 'delete', '--group', gone[0]!, '--yes', ...b, '--json'])
  expect(missing.code).toBe(4)
  expect(json<{ error: { code: string } }>(missing).error.code).toBe('GROUP_NOT_FOUND')
  const partly = twin('ktk', 'file')
  const offsetsDeleted = await ktk([
    'groups',
    'delete-offsets',
    '--group',
    partly,
    '--topic',
    `${topic}:1`,
    '--yes',
    ...b,
  ])
  expect(offsetsDeleted.code, offsetsDeleted.stderr).toBe(0)
  expect(offsetsDeleted.stdout).toMatch(new RegExp(`${regexEscape(topic)}\\s+1\\s+Successful`))
  const after = await groupsTool(cluster, ['--describe', '--group', partly])
  expect(parseKafkaGroupOffsets(after.stdout).map((r) => `${r.partition}=${r.currentOffset}`)).toEqual([
    '0=3',
    '2=6',
  ])
  const refList = await groupsTool(cluster, ['--list'])
  const present = lines(refList.stdout).map((l) => l.trim())
  for (const g of gone) expect(present).not.toContain(g)
  expect(present).toContain(partly)
}

describe.concurrent('compatibility: the fidelity scenarios on Kafka 2.8 to 4.4, against Kafka’s own tools', () => {
  const own = new Map<string, OwnCluster>()

  beforeAll(async () => {
    const log = (message: string) => process.stderr.write(`[compat] ${message}\n`)
    const mine = COMPAT_CLUSTERS.filter((s): s is Extract<CompatSpec, { slot: number }> => 'slot' in s)
    const started = await Promise.allSettled(
      mine.map(async (spec) =>
        own.set(spec.label, await startOwnCluster(spec, (m) => log(`${spec.label}: ${m}`))),
      ),
    )
    const failed = started.find((r) => r.status === 'rejected')
    if (failed) throw (failed as PromiseRejectedResult).reason
  })

  afterAll(async () => {
    await Promise.all([...own.values()].map(({ handle }) => handle.stop({ deleteData: true })))
  })

  const envFor = async (spec: CompatSpec): Promise<Env> => {
    const cluster = await compatCluster(spec, own)
    const bootstrap = ['--bootstrap-server', cluster.bootstrap]
    return {
      spec,
      cluster,
      b: ['-b', cluster.bootstrap],
      tool: {
        bootstrap,
        brokerList: atLeast(spec.version, 3, 0) ? bootstrap : ['--broker-list', cluster.bootstrap],
      },
      prefix: uniqueTopic(
        `compat.${spec.version.replaceAll('.', '')}${spec.brokers > 1 ? `x${spec.brokers}` : ''}`,
      ),
    }
  }
  /** kafka41x3 is shared with three-brokers.test.ts, which stops a broker: never at the same time. */
  const using = async (spec: CompatSpec, scenario: (env: Env) => Promise<void>) => {
    const release =
      'shared' in spec && spec.shared === 'kafka41x3' ? await holdCluster('kafka41x3') : () => {}
    try {
      await scenario(await envFor(spec))
    } finally {
      release()
    }
  }

  const TIMEOUT = 900_000
  describe.each(COMPAT_CLUSTERS.map((s) => [s.label, s] as const))('%s', (_, spec) => {
    it(
      'topics: list, describe with the health filters, create, alter, delete, partition-for',
      () => using(spec, topicsScenario),
      TIMEOUT,
    )
    it('produce and consume: plain, compressed, transactional', () => using(spec, recordsScenario), TIMEOUT)
    it(
      "cluster describe: every broker's Kafka release, told by its API versions",
      () =>
        using(spec, async ({ b }) => {
          const described = await ktk(['cluster', 'describe', ...b, '--json'])
          expect(described.code, described.stderr).toBe(0)
          const brokers = json<{ brokers: { kafkaRelease: string | null }[] }>(described).brokers
          expect(brokers).toHaveLength(spec.brokers)
          // 3.4 raised no client API over 3.3; the newest line ktk knows reads "or newer".
          const [major, minor] = spec.version.split('.')
          const release = new RegExp(`^Kafka (\\d+\\.\\d+ or )?${major}\\.${minor}( or newer)?$`)
          for (const broker of brokers) expect(broker.kafkaRelease).toMatch(release)
          const text = await ktk(['cluster', 'describe', ...b])
          expect(text.stdout).toMatch(/\bKAFKA\b/)
        }),
      TIMEOUT,
    )
    it(
      'groups: list, describe, lag, reset-offsets (every scenario), delete, delete-offsets',
      () => using(spec, groupsScenario),
      TIMEOUT,
    )
  })
})
