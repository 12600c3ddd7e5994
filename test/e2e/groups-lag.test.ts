import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { javaBinary } from '../../src/local/java.js'
import { json, ktk, run, uniqueTopic } from '../helpers/cli.js'
import { type ClusterName, type TestCluster, testCluster } from '../helpers/clusters.js'
import {
  commitWithKafka,
  consumerGroupsTool,
  createTopic,
  deleteRecords,
  parseKafkaGroupOffsets,
  produceRecords,
  produceTransaction,
  type RunningConsumer,
  startConsoleConsumer,
  waitForGroup,
} from '../helpers/groups.js'
import { kafkaTool } from '../helpers/kafka-tools.js'

interface PartitionJson {
  group: string
  topic: string
  partition: number
  logStartOffset: number | null
  currentOffset: number | null
  logEndOffset: number | null
  lag: number | null
  oldestUnconsumedTimestamp: number | null
  timeLagMs: number | null
  behindNewestMs: number | null
  timeExact: boolean
  warnings: string[]
}

interface LagJson {
  takenAt: string
  timeLagMethod: string | null
  groups: { group: string; lag: number; maxTimeLagMs: number | null; partitions: number }[]
  topics: { group: string; topic: string; lag: number }[]
  partitions: PartitionJson[]
  warnings: { group: string; warning: string; message: string }[]
  violations: { group: string; topic: string; partition: number; over: string[] }[]
}

const MIN = 60_000

describe.each<ClusterName>(['kafka41', 'kafka39'])('groups lag on %s', (name) => {
  let cluster: TestCluster
  let b: string[]
  beforeAll(async () => {
    cluster = await testCluster(name)
    b = ['-b', cluster.bootstrap]
  })

  const lag = async (args: string[]) => {
    const r = await ktk(['groups', 'lag', ...args, ...b, '--json'])
    return { code: r.code, result: json<LagJson>(r), stderr: r.stderr }
  }
  const partitionOf = (l: LagJson, topic: string, p: number) =>
    l.partitions.find((x) => x.topic === topic && x.partition === p)!

  it('lag in time is the exact age of the record at the committed offset, for plain, gzip and LogAppendTime topics', async () => {
    const topic = uniqueTopic('lag.time')
    await createTopic(cluster, topic, 2)
    const base = Date.now() - 50 * MIN
    // Partition 0: one record per request, a minute apart. Partition 1: one gzip batch, a minute apart.
    const times = Array.from({ length: 10 }, (_, i) => base + i * MIN + 123)
    await produceRecords(
      cluster,
      topic,
      times.map((timestamp, i) => ({ partition: 0, value: `r${i}`, timestamp })),
    )
    await produceRecords(
      cluster,
      topic,
      times.map((timestamp, i) => ({ partition: 1, value: `z${i}`, timestamp })),
      { gzipBatch: true },
    )
    const group = `lag-time-${topic.split('.').pop()}`
    await commitWithKafka(cluster, group, topic, { 0: 3, 1: 6 })

    const before = Date.now()
    const { code, result } = await lag(['--group', group])
    const after = Date.now()
    expect(code).toBe(0)
    expect(result.timeLagMethod).toMatch(/oldest unconsumed record/)
    const takenAt = Date.parse(result.takenAt)
    const p0 = partitionOf(result, topic, 0)
    expect(p0).toMatchObject({
      currentOffset: 3,
      logEndOffset: 10,
      lag: 7,
      oldestUnconsumedTimestamp: times[3],
    })
    expect(p0.timeLagMs).toBe(takenAt - times[3]!)
    expect(Math.abs(p0.timeLagMs! - (before - times[3]!))).toBeLessThan(1000 + (after - before))
    expect(p0.behindNewestMs).toBe(times[9]! - times[3]!)
    const p1 = partitionOf(result, topic, 1)
    expect(p1).toMatchObject({
      currentOffset: 6,
      lag: 4,
      oldestUnconsumedTimestamp: times[6],
      timeExact: true,
    })
    expect(p1.behindNewestMs).toBe(3 * MIN)

    // LogAppendTime: the broker's append time, not the producer's (an hour older) timestamp.
    const appendTime = uniqueTopic('lag.appendtime')
    await createTopic(cluster, appendTime, 1, ['message.timestamp.type=LogAppendTime'])
    const appendedFrom = Date.now()
    await produceRecords(cluster, appendTime, [
      { partition: 0, value: 'a', timestamp: base },
      { partition: 0, value: 'b', timestamp: base },
    ])
    const appendedTo = Date.now()
    await commitWithKafka(cluster, group, appendTime, { 0: 1 })
    const withAppend = (await lag(['--group', group])).result
    const a0 = partitionOf(withAppend, appendTime, 0)
    expect(a0.lag).toBe(1)
    expect(a0.oldestUnconsumedTimestamp).toBeGreaterThanOrEqual(appendedFrom - 1000)
    expect(a0.oldestUnconsumedTimestamp).toBeLessThanOrEqual(appendedTo + 1000)
  })

  it('skips transaction markers, dates deleted records from the log start, warns, and agrees with kafka-consumer-groups', async () => {
    const topic = uniqueTopic('lag.edges')
    await createTopic(cluster, topic, 3)
    const base = Date.now() - 20 * MIN
    const times = Array.from({ length: 8 }, (_, i) => base + i * MIN)
    // Partition 0: a committed transaction of 4 records, then its marker at offset 4 (log end 5).
    await produceTransaction(
      cluster,
      topic,
      times.slice(0, 4).map((timestamp, i) => ({ partition: 0, value: `t${i}`, timestamp })),
    )
    // Partition 1: 8 records; records below 5 deleted, the group committed 2.
    await produceRecords(
      cluster,
      topic,
      times.map((timestamp, i) => ({ partition: 1, value: `d${i}`, timestamp })),
    )
    const group = `lag-edges-${topic.split('.').pop()}`
    await commitWithKafka(cluster, group, topic, { 0: 4, 1: 2 })
    await deleteRecords(cluster, topic, 1, 5)
    // Another group runs a consumer that never commits: its partitions have no committed offset.
    const consumer: RunningConsumer = startConsoleConsumer(cluster, [
      '--topic',
      topic,
      '--group',
      `${group}-live`,
      '--consumer-property',
      'enable.auto.commit=false',
    ])
    try {
      const { code, result, stderr } = await lag(['--group', group])
      expect(code).toBe(0)
      // Caught up on the data: only the marker is "lag".
      expect(partitionOf(result, topic, 0)).toMatchObject({
        currentOffset: 4,
        logEndOffset: 5,
        lag: 1,
        timeLagMs: 0,
      })
      const deleted = partitionOf(result, topic, 1)
      expect(deleted).toMatchObject({ logStartOffset: 5, currentOffset: 2, logEndOffset: 8, lag: 6 })
      expect(deleted.oldestUnconsumedTimestamp).toBe(times[5])
      expect(deleted.warnings).toEqual(['below-log-start'])
      const text = await ktk(['groups', 'lag', '--group', group, ...b])
      expect(text.stderr).toMatch(
        /committed offset 2 is below the log start offset 5: 3 records were deleted/,
      )
      expect(stderr).toContain('is below the log start offset') // warnings go to stderr, also with --json

      // The same numbers as Kafka's tool, and LOG-START-OFFSET as GetOffsetShell --time -2.
      const reference = parseKafkaGroupOffsets(
        (await consumerGroupsTool(cluster, ['--describe', '--group', group])).stdout,
      )
      expect(
        result.partitions.map((p) => [
          p.topic,
          String(p.partition),
          String(p.currentOffset),
          String(p.logEndOffset),
          String(p.lag),
        ]),
      ).toEqual(reference.map((r) => [r.topic, r.partition, r.currentOffset, r.logEndOffset, r.lag]))
      const earliest = await kafkaTool(cluster, 'get-offsets', [
        '--bootstrap-server',
        cluster.bootstrap,
        '--topic',
        topic,
        '--time',
        '-2',
      ])
      for (const line of earliest.stdout.trim().split('\n')) {
        const [, p, o] = line.split(':')
        const row = result.partitions.find((x) => x.partition === Number(p))
        if (row) expect(row.logStartOffset).toBe(Number(o))
      }

      await waitForGroup(cluster, `${group}-live`, (g) => g.state === 'Stable')
      const live = await ktk(['groups', 'lag', '--group', `${group}-live`, ...b])
      expect(live.code, live.stderr).toBe(0)
      expect(live.stderr).toMatch(new RegExp(`${topic.replaceAll('.', '\\.')}-2: no committed offset`))
    } finally {
      await consumer.stop()
    }
  })

  it('--max-lag and --max-lag-seconds exit 3 over the limit and 0 under it, with and without --json', async () => {
    const topic = uniqueTopic('lag.gate')
    await createTopic(cluster, topic, 2)
    const old = Date.now() - 30 * MIN
    await produceRecords(
      cluster,
      topic,
      Array.from({ length: 12 }, (_, i) => ({ partition: 0, value: `g${i}`, timestamp: old + i })),
    )
    await produceRecords(cluster, topic, [{ partition: 1, value: 'x', timestamp: Date.now() }])
    const group = `lag-gate-${topic.split('.').pop()}`
    await commitWithKafka(cluster, group, topic, { 0: 2, 1: 0 }) // p0: lag 10, 30 min old; p1: lag 1, fresh

    const cases: { args: string[]; exit: number; over: string[] }[] = [
      { args: ['--max-lag', '10'], exit: 0, over: [] },
      { args: ['--max-lag', '9'], exit: 3, over: [`${topic}-0`] },
      { args: ['--max-lag', '0'], exit: 3, over: [`${topic}-0`, `${topic}-1`] },
      { args: ['--max-lag-seconds', String(40 * 60)], exit: 0, over: [] },
      { args: ['--max-lag-seconds', String(20 * 60)], exit: 3, over: [`${topic}-0`] },
      { args: ['--max-lag', '100', '--max-lag-seconds', '3600'], exit: 0, over: [] },
    ]
    for (const c of cases) {
      const text = await ktk(['groups', 'lag', '--group', group, ...c.args, ...b])
      expect(text.code, `${c.args.join(' ')}\n${text.stderr}`).toBe(c.exit)
      for (const tp of c.over) expect(text.stderr).toContain(`${group}: ${tp}:`)
      if (c.exit === 0) expect(text.stderr).not.toContain('over the limit')
      const asJson = await ktk(['groups', 'lag', '--group', group, ...c.args, ...b, '--json'])
      expect(asJson.code).toBe(c.exit)
      const doc = json<LagJson>(asJson)
      expect(doc.violations.map((v) => `${v.topic}-${v.partition}`).sort()).toEqual(c.over)
    }
    // Usage errors are exit 2, not a failed check.
    expect((await ktk(['groups', 'lag', '--group', group, '--max-lag-seconds', 'soon', ...b])).code).toBe(2)
  })
})

describe('lag in time through compressed batches from the Java producer, on kafka41', () => {
  it.each(['gzip', 'snappy', 'lz4', 'zstd'])(
    '%s: the record at the committed offset, exact',
    async (codec) => {
      const cluster = await testCluster('kafka41')
      const topic = uniqueTopic(`lag.${codec}`)
      await createTopic(cluster, topic, 1)
      const base = Date.now() - 40 * MIN
      const times = Array.from({ length: 8 }, (_, i) => base + i * 7_001)
      const produced = await run(
        javaBinary(),
        [
          '-cp',
          `${cluster.jarsDir}/*`,
          join(process.cwd(), 'test', 'helpers', 'TimedProducer.java'),
          cluster.bootstrap,
          topic,
          '0',
          codec,
          ...times.map(String),
        ],
        { timeoutMs: 120_000 },
      )
      expect(produced.code, produced.stderr).toBe(0)
      const group = `lag-${codec}-${topic.split('.').pop()}`
      await commitWithKafka(cluster, group, topic, { 0: 5 })
      const r = await ktk(['groups', 'lag', '--group', group, '-b', cluster.bootstrap, '--json'])
      expect(r.code, r.stderr).toBe(0)
      const p = json<LagJson>(r).partitions[0]!
      expect(p.lag).toBe(3)
      // Every codec is read (the same codecs as consume), so the time is the record's own, exact.
      expect(p).toMatchObject({ timeExact: true, oldestUnconsumedTimestamp: times[5] })
    },
  )
})
