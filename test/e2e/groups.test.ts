import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { json, ktk, uniqueTopic } from '../helpers/cli.js'
import { type ClusterName, type TestCluster, testCluster } from '../helpers/clusters.js'
import {
  asReference,
  commitWithKafka,
  consumerGroupsTool,
  createTopic,
  deleteRecords,
  kafkajsClient,
  type OffsetRowJson,
  parseKafkaGroupOffsets,
  produceCount,
  type RunningConsumer,
  startConsoleConsumer,
  waitForGroup,
} from '../helpers/groups.js'

interface DescribeJson {
  view: string
  groups: {
    group: string
    type: string
    state: string
    offsets?: OffsetRowJson[]
    members?: { consumerId: string; host: string; clientId: string; partitions: number; assignment: string }[]
    stateRow: { assignmentStrategy: string; state: string; members: number; coordinator: string }
  }[]
  missing: string[]
}

describe.each<ClusterName>(['kafka41', 'kafka39'])('groups describe on %s', (name) => {
  let cluster: TestCluster
  let b: string[]
  const running: RunningConsumer[] = []
  const stopAll = async () => {
    await Promise.all(running.map((c) => c.stop()))
    running.length = 0
  }
  beforeAll(async () => {
    cluster = await testCluster(name)
    b = ['-b', cluster.bootstrap]
  })
  afterAll(stopAll)

  it('matches kafka-consumer-groups --describe: committed, uncommitted, deleted past the commit, Java and kafkajs members', async () => {
    const topic = uniqueTopic('grp.parity')
    const other = uniqueTopic('grp.parity.kjs')
    await createTopic(cluster, topic, 3)
    await createTopic(cluster, other, 2)
    await produceCount(cluster, topic, 0, 30)
    await produceCount(cluster, topic, 1, 20)
    await produceCount(cluster, topic, 2, 10)
    await produceCount(cluster, other, 0, 7)
    const id = topic.split('.').pop()!
    const committed = `committed-${id}`
    const deleted = `deleted-${id}`
    const uncommitted = `uncommitted-${id}`
    const kjs = `kafkajs-${id}`

    // No members, commits on every partition.
    await commitWithKafka(cluster, committed, topic, { 0: 10, 1: 20, 2: 5 })
    // No members, committed offset below the log start after records are deleted.
    await commitWithKafka(cluster, deleted, topic, { 0: 2, 1: 3 })
    await deleteRecords(cluster, topic, 0, 15)
    // A running Java consumer that never commits: assigned partitions without offsets.
    running.push(
      startConsoleConsumer(cluster, [
        '--topic',
        topic,
        '--group',
        uncommitted,
        '--consumer-property',
        'enable.auto.commit=false',
        '--consumer-property',
        'client.id=parity-java',
      ]),
    )
    // A running kafkajs consumer that commits what it reads.
    const consumer = kafkajsClient(cluster, 'parity-kafkajs').consumer({ groupId: kjs })
    await consumer.connect()
    await consumer.subscribe({ topic: other, fromBeginning: true })
    let seen = 0
    await consumer.run({
      eachMessage: async () => {
        seen++
      },
    })
    try {
      await waitForGroup(cluster, uncommitted, (g) => g.state === 'Stable' && g.stateRow.members === 1)
      await waitForGroup(cluster, kjs, (g) => g.state === 'Stable' && g.stateRow.members === 1)
      const deadline = Date.now() + 60_000
      while (seen < 7 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
      expect(seen).toBe(7)
      await consumer.commitOffsets([{ topic: other, partition: 0, offset: '7' }])

      const groups = [committed, deleted, uncommitted, kjs]
      const reference = await consumerGroupsTool(cluster, [
        '--describe',
        ...groups.flatMap((g) => ['--group', g]),
      ])
      expect(reference.code, reference.stderr).toBe(0)
      const theirs = parseKafkaGroupOffsets(reference.stdout)

      const all = await ktk(['groups', 'describe', '--all-groups', ...b, '--json'])
      expect(all.code, all.stderr).toBe(0)
      const fromAll = json<DescribeJson>(all).groups.filter((g) => groups.includes(g.group))
      const named = await ktk([
        'groups',
        'describe',
        ...groups.flatMap((g) => ['--group', g]),
        ...b,
        '--json',
      ])
      expect(named.code, named.stderr).toBe(0)
      const ours = json<DescribeJson>(named).groups

      for (const view of [fromAll, ours]) {
        expect(view.map((g) => g.group).sort()).toEqual([...groups].sort())
        expect(asReference(view.flatMap((g) => g.offsets!))).toEqual(theirs)
      }
      // The cases are what they claim to be.
      const row = (g: string, p: number) =>
        ours.find((x) => x.group === g)!.offsets!.find((r) => r.partition === p)!
      expect(row(committed, 0)).toMatchObject({
        currentOffset: 10,
        logEndOffset: 30,
        lag: 20,
        consumerId: null,
      })
      expect(row(deleted, 0)).toMatchObject({ currentOffset: 2, logEndOffset: 30, lag: 28 })
      expect(row(uncommitted, 1)).toMatchObject({ currentOffset: null, lag: null, clientId: 'parity-java' })
      expect(row(kjs, 0)).toMatchObject({ currentOffset: 7, lag: 0, clientId: 'parity-kafkajs' })
      expect(ours.find((g) => g.group === committed)!.state).toBe('Empty')

      // Piped text: Kafka's columns, '-' for missing values, one header.
      const text = await ktk(['groups', 'describe', '--group', uncommitted, '--group', committed, ...b])
      expect(text.code, text.stderr).toBe(0)
      const lines = text.stdout.trim().split('\n')
      expect(lines[0]!.split(/\s+/)).toEqual([
        'GROUP',
        'TOPIC',
        'PARTITION',
        'CURRENT-OFFSET',
        'LOG-END-OFFSET',
        'LAG',
        'CONSUMER-ID',
        'HOST',
        'CLIENT-ID',
      ])
      expect(lines.slice(1).every((l) => l.split(/\s+/).length === 9)).toBe(true)
      expect(text.stdout).toMatch(
        new RegExp(`${committed}\\s+${topic.replaceAll('.', '\\.')}\\s+0\\s+10\\s+30\\s+20\\s+-\\s+-\\s+-`),
      )
      expect(text.stderr).toContain(`Consumer group '${committed}' has no active members.`)

      // --members and --state agree with Kafka's views.
      const members = json<DescribeJson>(
        await ktk([
          'groups',
          'describe',
          '--members',
          '--group',
          uncommitted,
          '--group',
          kjs,
          ...b,
          '--json',
        ]),
      )
      const refMembers = await consumerGroupsTool(cluster, [
        '--describe',
        '--members',
        '--group',
        uncommitted,
        '--group',
        kjs,
      ])
      for (const g of members.groups) {
        for (const m of g.members!) {
          expect(refMembers.stdout).toMatch(
            new RegExp(`${g.group}\\s+${m.consumerId}\\s+${m.host}\\s+${m.clientId}\\s+${m.partitions}\\b`),
          )
        }
      }
      expect(members.groups.find((g) => g.group === uncommitted)!.members![0]!.partitions).toBe(3)
      const states = json<DescribeJson>(
        await ktk([
          'groups',
          'describe',
          '--state',
          ...groups.flatMap((g) => ['--group', g]),
          ...b,
          '--json',
        ]),
      )
      const refStates = await consumerGroupsTool(cluster, [
        '--describe',
        '--state',
        ...groups.flatMap((g) => ['--group', g]),
      ])
      for (const g of states.groups) {
        const s = g.stateRow
        // Kafka 3.9's tool prints nothing for a group without an assignor, 4.1's prints '-' (as ktk does).
        const strategy = s.assignmentStrategy ? `${s.assignmentStrategy}\\s+` : '(?:-\\s+)?'
        expect(refStates.stdout).toMatch(
          new RegExp(
            `${g.group}\\s+${s.coordinator.replace(/[().]/g, '\\$&')}\\s+${strategy}${s.state}\\s+${s.members}`,
          ),
        )
      }

      // list --state --type agrees with kafka-consumer-groups --list --state --type.
      const listed = json<{ groups: { groupId: string; state: string; type: string }[] }>(
        await ktk(['groups', 'list', ...b, '--json']),
      ).groups.filter((g) => groups.includes(g.groupId))
      const refList = await consumerGroupsTool(cluster, ['--list', '--state', '--type'])
      for (const g of listed) {
        expect(refList.stdout).toMatch(
          new RegExp(`${g.groupId}\\s+${g.type[0]!.toUpperCase()}${g.type.slice(1)}\\s+${g.state}`),
        )
      }
      const stable = json<{ groups: { groupId: string }[] }>(
        await ktk(['groups', 'list', ...b, '--state', 'stable', '--json']),
      ).groups.map((g) => g.groupId)
      expect(stable).toContain(uncommitted)
      expect(stable).not.toContain(committed)
    } finally {
      await consumer.disconnect()
      await stopAll()
    }
  })

  it('a group whose topic was deleted does not fail --all-groups; a named group that does not exist exits 4', async () => {
    const kept = uniqueTopic('grp.kept')
    const gone = uniqueTopic('grp.gone')
    await createTopic(cluster, kept, 1)
    await createTopic(cluster, gone, 2)
    await produceCount(cluster, kept, 0, 5)
    await produceCount(cluster, gone, 0, 5)
    const id = kept.split('.').pop()!
    const both = `both-${id}`
    const onlyGone = `only-gone-${id}`
    await commitWithKafka(cluster, both, kept, { 0: 3 })
    await commitWithKafka(cluster, both, gone, { 0: 4 })
    await commitWithKafka(cluster, onlyGone, gone, { 0: 1 })
    expect((await ktk(['topics', 'delete', gone, ...b, '--yes'])).code).toBe(0)

    const all = await ktk(['groups', 'describe', '--all-groups', ...b, '--json'])
    expect(all.code, all.stderr).toBe(0)
    const g = json<DescribeJson>(all).groups.find((x) => x.group === both)!
    const keptRow = g.offsets!.find((r) => r.topic === kept)!
    expect(keptRow).toMatchObject({ currentOffset: 3, logEndOffset: 5, lag: 2 })
    // Whatever the broker still holds for the deleted topic has no log end offset and no lag.
    for (const r of g.offsets!.filter((x) => x.topic === gone))
      expect(r).toMatchObject({ logEndOffset: null, lag: null })

    const missing = `missing-${id}`
    const text = await ktk(['groups', 'describe', '--group', missing, '--group', both, ...b])
    expect(text.code).toBe(4)
    expect(text.stderr).toContain(`consumer group "${missing}" does not exist`)
    expect(text.stdout).toContain(both)
    const asJson = await ktk(['groups', 'describe', '--group', missing, ...b, '--json'])
    expect(asJson.code).toBe(4)
    expect(json<{ error: { code: string; exit: number } }>(asJson).error).toMatchObject({
      code: 'GROUP_NOT_FOUND',
      exit: 4,
    })
  })
})

describe('KIP-848 consumer groups on kafka41', () => {
  let cluster: TestCluster
  let b: string[]
  let consumer: RunningConsumer | undefined
  beforeAll(async () => {
    cluster = await testCluster('kafka41')
    b = ['-b', cluster.bootstrap]
  })
  afterAll(async () => {
    await consumer?.stop()
  })

  it('describes a group.protocol=consumer group as Kafka does: state, type, offsets, lag, members', async () => {
    const topic = uniqueTopic('grp.kip848')
    expect((await ktk(['topics', 'create', topic, ...b, '--partitions', '2'])).code).toBe(0)
    await produceCount(cluster, topic, 0, 12)
    await produceCount(cluster, topic, 1, 4)
    const group = `kip848-${topic.split('.').pop()}`
    consumer = startConsoleConsumer(cluster, [
      '--topic',
      topic,
      '--group',
      group,
      '--from-beginning',
      '--consumer-property',
      'group.protocol=consumer',
      '--consumer-property',
      'auto.commit.interval.ms=200',
    ])
    await waitForGroup(cluster, group, (g) => g.state === 'Stable' && g.stateRow.members === 1)
    // Wait until the consumer has committed everything it read.
    const deadline = Date.now() + 60_000
    let ours: DescribeJson['groups'][number] | undefined
    while (Date.now() < deadline) {
      ours = json<DescribeJson>(await ktk(['groups', 'describe', '--group', group, ...b, '--json'])).groups[0]
      if (ours?.offsets?.every((r) => r.lag === 0)) break
      await new Promise((r) => setTimeout(r, 500))
    }
    expect(ours!.type).toBe('consumer')
    expect(ours!.state).toBe('Stable')
    const reference = await consumerGroupsTool(cluster, ['--describe', '--group', group])
    expect(asReference(ours!.offsets!)).toEqual(parseKafkaGroupOffsets(reference.stdout))
    expect(ours!.offsets!.map((r) => r.currentOffset)).toEqual([12, 4])

    const refList = await consumerGroupsTool(cluster, ['--list', '--type'])
    expect(refList.stdout).toMatch(new RegExp(`${group}\\s+Consumer`))
    const listed = json<{ groups: { groupId: string; type: string }[] }>(
      await ktk(['groups', 'list', ...b, '--type', 'consumer', '--json']),
    ).groups
    expect(listed.find((g) => g.groupId === group)?.type).toBe('consumer')

    const members = await ktk(['groups', 'describe', '--group', group, '--members', '--verbose', ...b])
    expect(members.code, members.stderr).toBe(0)
    expect(members.stdout).toMatch(new RegExp(`${topic.replaceAll('.', '\\.')}:0,1`))
    const state = json<DescribeJson>(
      await ktk(['groups', 'describe', '--group', group, '--state', ...b, '--json']),
    )
    expect(state.groups[0]!.stateRow.assignmentStrategy).toBe('uniform')
  })
})
