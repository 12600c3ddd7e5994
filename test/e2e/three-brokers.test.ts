import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { json, ktk, uniqueTopic } from '../helpers/cli.js'
import { type TestCluster, testCluster } from '../helpers/clusters.js'
import { holdCluster } from '../helpers/compat.js'
import { checkGroupsAcrossCoordinators } from '../helpers/groups-cluster.js'
import { kafkaTool, parseKafkaTopicsDescribe } from '../helpers/kafka-tools.js'

interface Partition {
  partition: number
  leader: number | null
  replicas: number[]
  isr: number[]
  underReplicated: boolean
}
interface DescribeJson {
  topics: { name: string; partitions: Partition[] }[]
  matched: number
}

/**
 * One file for everything on the three-node cluster, in order: parity first, then stopping a broker
 * (with the CLI's own `ktk local stop --node`) and bringing it back.
 */
describe('a three-broker Kafka 4.1 cluster', () => {
  let cluster: TestCluster
  let b: string[]
  let asLocal: { env: Record<string, string> }
  const replicated = uniqueTopic('replicated')
  const pinned = uniqueTopic('pinned')
  // This file stops a broker: the compatibility suite must not run on kafka41x3 meanwhile.
  let release = () => {}

  const describeRef = async (args: string[]) => {
    const r = await kafkaTool(cluster, 'topics', [
      '--bootstrap-server',
      cluster.bootstrap,
      '--describe',
      ...args,
    ])
    expect(r.code, r.stderr).toBe(0)
    return parseKafkaTopicsDescribe(r.stdout)
  }
  const waitFor = async (what: string, check: () => Promise<boolean>, ms = 60_000) => {
    const deadline = Date.now() + ms
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
      await new Promise((r) => setTimeout(r, 500))
    }
  }

  beforeAll(async () => {
    release = await holdCluster('kafka41x3')
    cluster = await testCluster('kafka41x3')
    b = ['-b', cluster.bootstrap]
    asLocal = { env: { KTK_STATE_DIR: cluster.stateDir } }
    const created = await ktk([
      'topics',
      'create',
      replicated,
      ...b,
      '--partitions',
      '6',
      '--replication-factor',
      '3',
      '--config',
      'min.insync.replicas=2',
    ])
    expect(created.code, created.stderr).toBe(0)
    // One partition whose only replica is broker 3: it becomes unavailable when broker 3 stops.
    expect((await ktk(['topics', 'create', pinned, ...b, '--replica-assignment', '3'])).code).toBe(0)
    await waitFor('full ISR', async () =>
      (await describeRef(['--topic', replicated]))[0]!.partitions.every((p) => p.isr.length === 3),
    )
  })

  afterAll(async () => {
    // Leave the cluster whole for any later file, whatever happened above.
    try {
      await ktk(
        [
          'local',
          'start',
          '--brokers',
          '3',
          '--port',
          String(cluster.port),
          '--kafka-version',
          cluster.version,
        ],
        asLocal,
      )
    } finally {
      release()
    }
  })

  it('describe agrees with kafka-topics on leaders, replicas and ISR across three brokers', async () => {
    const ours = json<DescribeJson>(await ktk(['topics', 'describe', replicated, pinned, ...b, '--json']))
    // kafka-topics prints topics in hash order; ktk sorts them.
    const theirs = (await describeRef(['--topic', `${replicated},${pinned}`])).sort((x, y) =>
      x.topic.localeCompare(y.topic),
    )
    expect(ours.topics.map((t) => t.name)).toEqual(theirs.map((t) => t.topic))
    for (const [i, t] of ours.topics.entries()) {
      expect(
        t.partitions.map(({ partition, leader, replicas, isr }) => ({ partition, leader, replicas, isr })),
      ).toEqual(
        theirs[i]!.partitions.map(({ partition, leader, replicas, isr }) => ({
          partition,
          leader,
          replicas,
          isr,
        })),
      )
    }
    const spread = ours.topics.find((t) => t.name === replicated)!.partitions.flatMap((p) => p.replicas)
    expect(new Set(spread)).toEqual(new Set([1, 2, 3]))
  })

  it('with every replica in sync, the health filters match nothing and exit 0', async () => {
    for (const filter of [
      '--under-replicated-partitions',
      '--unavailable-partitions',
      '--under-min-isr-partitions',
    ]) {
      const r = await ktk(['topics', 'describe', replicated, pinned, filter, ...b])
      expect(r.code, `${filter}: ${r.stdout}`).toBe(0)
    }
  })

  it('consumer groups across several coordinators and leaders: describe and lag agree with kafka-consumer-groups', async () => {
    await checkGroupsAcrossCoordinators(cluster)
  })

  it('stopping broker 3 makes --under-replicated-partitions list the right partitions and exit 3', async () => {
    const stopped = await ktk(['local', 'stop', '--node', '3'], asLocal)
    expect(stopped.code, stopped.stderr).toBe(0)
    expect(stopped.stdout).toMatch(/Stopped node 3/)
    const status = json<{ nodes: { id: number; running: boolean }[] }>(
      await ktk(['local', 'status', '--json'], asLocal),
    )
    expect(status.nodes.map((n) => n.running)).toEqual([true, true, false])

    await waitFor('ISR to shrink', async () =>
      (await describeRef(['--topic', replicated]))[0]!.partitions.every((p) => !p.isr.includes(3)),
    )

    const theirs = await describeRef(['--topic', `${replicated},${pinned}`, '--under-replicated-partitions'])
    const theirSet = theirs.flatMap((t) => t.partitions.map((p) => `${p.topic}:${p.partition}`)).sort()
    expect(theirSet.filter((p) => p.startsWith(replicated))).toHaveLength(6)

    const plain = await ktk(['topics', 'describe', replicated, pinned, '--under-replicated-partitions', ...b])
    expect(plain.code).toBe(3)
    const rows = plain.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(/\s+/))
    expect(rows.map((r) => `${r[0]}:${r[1]}`).sort()).toEqual(theirSet)
    expect(plain.stderr).toMatch(new RegExp(`${theirSet.length} partitions matched under-replicated`))

    const asJson = await ktk([
      'topics',
      'describe',
      replicated,
      pinned,
      '--under-replicated-partitions',
      ...b,
      '--json',
    ])
    expect(asJson.code).toBe(3)
    const doc = json<DescribeJson>(asJson)
    expect(doc.matched).toBe(theirSet.length)
    expect(doc.topics.flatMap((t) => t.partitions.map((p) => `${t.name}:${p.partition}`)).sort()).toEqual(
      theirSet,
    )
    for (const t of doc.topics)
      for (const p of t.partitions) expect(p.isr.length).toBeLessThan(p.replicas.length)
  })

  it('--unavailable-partitions and --at-min-isr-partitions agree with kafka-topics while broker 3 is down', async () => {
    for (const filter of [
      '--unavailable-partitions',
      '--at-min-isr-partitions',
      '--under-min-isr-partitions',
    ]) {
      const theirs = (await describeRef(['--topic', `${replicated},${pinned}`, filter]))
        .flatMap((t) => t.partitions.map((p) => `${p.topic}:${p.partition}`))
        .sort()
      const ours = await ktk(['topics', 'describe', replicated, pinned, filter, ...b, '--json'])
      const mine = json<DescribeJson>(ours)
        .topics.flatMap((t) => t.partitions.map((p) => `${t.name}:${p.partition}`))
        .sort()
      expect(mine, filter).toEqual(theirs)
      expect(ours.code, filter).toBe(theirs.length > 0 ? 3 : 0)
    }
    const unavailable = json<DescribeJson>(
      await ktk(['topics', 'describe', pinned, '--unavailable-partitions', ...b, '--json']),
    )
    expect(unavailable.topics[0]?.partitions[0]?.leader).toBeNull()
  })

  it('ktk local start brings broker 3 back and the filters exit 0 again', async () => {
    const started = await ktk(
      [
        'local',
        'start',
        '--brokers',
        '3',
        '--port',
        String(cluster.port),
        '--kafka-version',
        cluster.version,
      ],
      asLocal,
    )
    expect(started.code, started.stderr).toBe(0)
    await waitFor(
      'ISR to recover',
      async () =>
        (await describeRef(['--topic', replicated]))[0]!.partitions.every((p) => p.isr.length === 3),
      120_000,
    )
    const healthy = await ktk([
      'topics',
      'describe',
      replicated,
      pinned,
      '--under-replicated-partitions',
      '--unavailable-partitions',
      ...b,
    ])
    expect(healthy.code, healthy.stdout).toBe(0)
    const info = json<{ brokers: { id: number }[]; controller: number }>(
      await ktk(['cluster', 'describe', ...b, '--json']),
    )
    expect(info.brokers.map((x) => x.id)).toEqual([1, 2, 3])
    const quorum = await kafkaTool(cluster, 'metadata-quorum', [
      '--bootstrap-server',
      cluster.bootstrap,
      'describe',
      '--status',
    ])
    expect(info.controller).toBe(Number(/LeaderId:\s+(\d+)/.exec(quorum.stdout)?.[1]))
  })
})
