import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { json, ktk, uniqueTopic } from './cli.js'
import type { TestCluster } from './clusters.js'
import { consumerGroupsTool, createTopic, parseKafkaGroupOffsets, produceRecords } from './groups.js'

interface DescribeJson {
  groups: {
    group: string
    stateRow: { coordinatorId: number }
    offsets: {
      topic: string
      partition: number
      currentOffset: number | null
      logEndOffset: number | null
      lag: number | null
    }[]
  }[]
}
interface LagJson {
  takenAt: string
  partitions: {
    group: string
    topic: string
    partition: number
    lag: number
    oldestUnconsumedTimestamp: number | null
    timeLagMs: number | null
  }[]
}

/**
 * Groups spread over several coordinators and partitions over several leaders: ktk's describe and lag
 * batch per coordinator and per leader and must still agree with kafka-consumer-groups. Run from
 * test/e2e/three-brokers.test.ts, the one file that uses the three-broker cluster (it stops a broker).
 */
export async function checkGroupsAcrossCoordinators(cluster: TestCluster): Promise<void> {
  const topic = uniqueTopic('grp.x3')
  await createTopic(cluster, topic, 6)
  const base = Date.now() - 30 * 60_000
  for (let partition = 0; partition < 6; partition++) {
    await produceRecords(
      cluster,
      topic,
      Array.from({ length: 10 }, (_, i) => ({
        partition,
        value: `${partition}-${i}`,
        timestamp: base + partition * 1000 + i * 60_000,
      })),
    )
  }
  const id = topic.split('.').pop()!
  const groups = Array.from({ length: 12 }, (_, g) => `x3-${g}-${id}`)
  const file = join(tmpdir(), `ktk-x3-${id}.csv`)
  writeFileSync(
    file,
    groups
      .flatMap((g, n) => Array.from({ length: 6 }, (_, p) => `${g},${topic},${p},${(n + p) % 11}`))
      .join('\n'),
  )
  const init = await consumerGroupsTool(cluster, [
    '--reset-offsets',
    ...groups.flatMap((g) => ['--group', g]),
    '--from-file',
    file,
    '--execute',
  ])
  expect(init.code, init.stdout).toBe(0)

  const described = json<DescribeJson>(
    await ktk([
      'groups',
      'describe',
      ...groups.flatMap((g) => ['--group', g]),
      '-b',
      cluster.bootstrap,
      '--json',
    ]),
  )
  const coordinators = new Set(described.groups.map((g) => g.stateRow.coordinatorId))
  expect(coordinators.size).toBeGreaterThan(1) // the offsets topic has 3 partitions on 3 brokers
  const reference = parseKafkaGroupOffsets(
    (await consumerGroupsTool(cluster, ['--describe', ...groups.flatMap((g) => ['--group', g])])).stdout,
  )
  const ours = described.groups.flatMap((g) =>
    g.offsets.map((r) => [
      g.group,
      r.topic,
      String(r.partition),
      String(r.currentOffset),
      String(r.logEndOffset),
      String(r.lag),
    ]),
  )
  expect(ours).toEqual(
    reference.map((r) => [r.group, r.topic, r.partition, r.currentOffset, r.logEndOffset, r.lag]),
  )

  const lag = json<LagJson>(
    await ktk(['groups', 'lag', ...groups.flatMap((g) => ['--group', g]), '-b', cluster.bootstrap, '--json']),
  )
  const takenAt = Date.parse(lag.takenAt)
  for (const p of lag.partitions) {
    const committed = 10 - p.lag
    if (p.lag === 0) expect(p.timeLagMs).toBe(0)
    else {
      const ts = base + p.partition * 1000 + committed * 60_000
      expect(p.oldestUnconsumedTimestamp, `${p.group} ${p.partition}`).toBe(ts)
      expect(p.timeLagMs).toBe(takenAt - ts)
    }
  }
  expect(lag.partitions).toHaveLength(12 * 6)
}
