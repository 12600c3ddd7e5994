import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { json, ktk, uniqueTopic } from '../helpers/cli.js'
import { type ClusterName, type TestCluster, testCluster } from '../helpers/clusters.js'
import {
  consumerGroupsTool,
  createTopic,
  parseKafkaGroupOffsets,
  produceCount,
  startConsoleConsumer,
  waitForGroup,
} from '../helpers/groups.js'

describe.each<ClusterName>(['kafka41', 'kafka39'])('groups delete and delete-offsets on %s', (name) => {
  let cluster: TestCluster
  let b: string[]
  let t1: string
  let t2: string
  let id: string

  /** Sets offsets for groups with Kafka's tool (one run, four-column CSV). */
  const commit = async (rows: [string, string, number, number][]) => {
    const file = join(tmpdir(), `ktk-del-${process.pid}-${Date.now()}.csv`)
    writeFileSync(file, `${rows.map((r) => r.join(',')).join('\n')}\n`)
    const groups = [...new Set(rows.map((r) => r[0]))]
    const r = await consumerGroupsTool(cluster, [
      '--reset-offsets',
      ...groups.flatMap((g) => ['--group', g]),
      '--from-file',
      file,
      '--execute',
    ])
    expect(r.code, r.stdout).toBe(0)
  }
  const kafkaRows = async (group: string) =>
    parseKafkaGroupOffsets((await consumerGroupsTool(cluster, ['--describe', '--group', group])).stdout).map(
      (r) => `${r.topic}-${r.partition}=${r.currentOffset}`,
    )
  const kafkaList = async () =>
    (await consumerGroupsTool(cluster, ['--list'])).stdout.split('\n').map((l) => l.trim())

  beforeAll(async () => {
    cluster = await testCluster(name)
    b = ['-b', cluster.bootstrap]
    t1 = uniqueTopic('del.one')
    t2 = uniqueTopic('del.two')
    id = t1.split('.').pop()!
    await createTopic(cluster, t1, 2)
    await createTopic(cluster, t2, 1)
    await produceCount(cluster, t1, 0, 5)
    await produceCount(cluster, t2, 0, 5)
  })

  it('delete removes empty groups; a group with members exits 5 naming them; a missing group exits 4', async () => {
    const empty1 = `del-a-${id}`
    const empty2 = `del-b-${id}`
    await commit([
      [empty1, t1, 0, 1],
      [empty2, t1, 1, 2],
    ])
    expect(await kafkaList()).toEqual(expect.arrayContaining([empty1, empty2]))

    const noYes = await ktk(['groups', 'delete', '--group', empty1, ...b])
    expect(noYes.code).toBe(2) // not on a terminal: --yes is required
    const dry = await ktk(['groups', 'delete', '--group', empty1, '--dry-run', ...b])
    expect(dry.stdout.trim()).toBe(empty1)
    expect(await kafkaList()).toContain(empty1)

    const deleted = await ktk(['groups', 'delete', '--group', empty1, '--group', empty2, '--yes', ...b])
    expect(deleted.code, deleted.stderr).toBe(0)
    expect(deleted.stdout).toContain(
      `Deletion of requested consumer groups ('${empty1}', '${empty2}') was successful.`,
    )
    const after = await kafkaList()
    expect(after).not.toContain(empty1)
    expect(after).not.toContain(empty2)

    const missing = await ktk(['groups', 'delete', '--group', empty1, '--yes', ...b, '--json'])
    expect(missing.code).toBe(4)
    expect(json<{ error: { code: string } }>(missing).error.code).toBe('GROUP_NOT_FOUND')

    const live = `del-live-${id}`
    const consumer = startConsoleConsumer(cluster, [
      '--topic',
      t1,
      '--group',
      live,
      '--consumer-property',
      'client.id=del-guard',
    ])
    try {
      await waitForGroup(cluster, live, (g) => g.state === 'Stable')
      const refused = await ktk(['groups', 'delete', '--group', live, '--yes', ...b])
      expect(refused.code).toBe(5)
      expect(refused.stderr).toMatch(
        new RegExp(`group "${live}" is Stable with 1 member: .*client del-guard`),
      )
      expect(await kafkaList()).toContain(live)
    } finally {
      await consumer.stop()
    }
  })

  it('delete-offsets removes offsets per topic or partition (OffsetDelete), refused while subscribed', async () => {
    const group = `deloff-${id}`
    await commit([
      [group, t1, 0, 3],
      [group, t1, 1, 4],
      [group, t2, 0, 2],
    ])
    const one = await ktk(['groups', 'delete-offsets', '--group', group, '--topic', `${t1}:1`, '--yes', ...b])
    expect(one.code, one.stderr).toBe(0)
    expect(one.stdout).toMatch(new RegExp(`${t1.replaceAll('.', '\\.')}\\s+1\\s+Successful`))
    expect(await kafkaRows(group)).toEqual([`${t1}-0=3`, `${t2}-0=2`])

    const whole = await ktk([
      'groups',
      'delete-offsets',
      '--group',
      group,
      '--topic',
      t1,
      '--yes',
      ...b,
      '--json',
    ])
    expect(whole.code, whole.stderr).toBe(0)
    expect(
      json<{ partitions: { topic: string; partition: number; status: string }[] }>(whole).partitions,
    ).toEqual([
      expect.objectContaining({ topic: t1, partition: 0, status: 'deleted' }),
      expect.objectContaining({ topic: t1, partition: 1, status: 'deleted' }),
    ])
    expect(await kafkaRows(group)).toEqual([`${t2}-0=2`])

    const missing = await ktk([
      'groups',
      'delete-offsets',
      '--group',
      `nope-${id}`,
      '--topic',
      t2,
      '--yes',
      ...b,
    ])
    expect(missing.code).toBe(4)

    const live = `deloff-live-${id}`
    const consumer = startConsoleConsumer(cluster, ['--topic', t2, '--group', live, '--from-beginning'])
    try {
      await waitForGroup(cluster, live, (g) => g.state === 'Stable')
      // It commits what it read (auto-commit, every 5 s): all 5 records of t2.
      await expect.poll(() => kafkaRows(live), { timeout: 90_000, interval: 500 }).toEqual([`${t2}-0=5`])
      const before = await kafkaRows(live)
      const refused = await ktk(['groups', 'delete-offsets', '--group', live, '--topic', t2, '--yes', ...b])
      expect(refused.code).toBe(5)
      expect(refused.stderr).toContain(`it is subscribed to ${t2}`)
      expect(await kafkaRows(live)).toEqual(before)
    } finally {
      await consumer.stop()
    }
  })
})
