import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { type ErrorJson, isolatedState, json, ktk, noStackTrace, uniqueTopic } from '../helpers/cli.js'
import { type ClusterName, type TestCluster, testCluster } from '../helpers/clusters.js'
import {
  consumerGroupsTool,
  createTopic,
  deleteRecords,
  kafkaDateTime,
  parseKafkaGroupOffsets,
  parseKafkaPlan,
  produceRecords,
  startConsoleConsumer,
  waitForGroup,
} from '../helpers/groups.js'

const MIN = 60_000

describe.each<ClusterName>(['kafka41', 'kafka39'])('groups reset-offsets on %s', (name) => {
  let cluster: TestCluster
  let b: string[]
  let topic: string
  let base: number
  const dir = mkdtempSync(join(tmpdir(), 'ktk-reset-'))
  const state = isolatedState()
  const env = { KTK_STATE_DIR: state }

  /** Committed offsets of groups, as kafka-consumer-groups --describe reports them: "group topic-p" -> offset. */
  const committedByKafka = async (groups: string[]) => {
    const r = await consumerGroupsTool(cluster, ['--describe', ...groups.flatMap((g) => ['--group', g])])
    expect(r.code, r.stderr).toBe(0)
    return new Map(
      parseKafkaGroupOffsets(r.stdout).map((row) => [
        `${row.group} ${row.topic}-${row.partition}`,
        row.currentOffset,
      ]),
    )
  }
  /** The same offsets for two groups, keyed without the group. */
  const sameOffsets = (all: Map<string, string>, a: string, b2: string) => {
    const of = (g: string) =>
      [...all].filter(([k]) => k.startsWith(`${g} `)).map(([k, v]) => [k.slice(g.length + 1), v] as const)
    return [of(a), of(b2)]
  }

  beforeAll(async () => {
    cluster = await testCluster(name)
    b = ['-b', cluster.bootstrap]
    topic = uniqueTopic('reset')
    await createTopic(cluster, topic, 3)
    base = Date.now() - 60 * MIN
    // 20 records per partition, a minute apart; records below 4 of partition 2 deleted.
    for (const partition of [0, 1, 2]) {
      await produceRecords(
        cluster,
        topic,
        Array.from({ length: 20 }, (_, i) => ({
          partition,
          value: `p${partition}-${i}`,
          timestamp: base + i * MIN,
        })),
      )
    }
    await deleteRecords(cluster, topic, 2, 4)
  })

  it('every scenario ends at the offsets kafka-consumer-groups sets, dry run and --execute', async () => {
    const id = topic.split('.').pop()!
    const scenarios: { name: string; args: string[] | (() => string[]); initial?: Record<number, number> }[] =
      [
        { name: 'earliest', args: ['--topic', topic, '--to-earliest'] },
        { name: 'latest', args: ['--topic', topic, '--to-latest'] },
        { name: 'current', args: ['--all-topics', '--to-current'] },
        { name: 'current-uncommitted', args: ['--topic', topic, '--to-current'], initial: { 0: 10 } },
        { name: 'offset-some', args: ['--topic', `${topic}:0,2`, '--to-offset', '12'] },
        { name: 'offset-high', args: ['--topic', topic, '--to-offset', '100'] },
        { name: 'offset-low', args: ['--topic', topic, '--to-offset', '1'] },
        { name: 'shift-fwd', args: ['--all-topics', '--shift-by', '3'] },
        { name: 'shift-back', args: ['--all-topics', '--shift-by', '-7'] },
        { name: 'shift-far', args: ['--all-topics', '--shift-by', '50'] },
        { name: 'datetime', args: ['--topic', topic, '--to-datetime', kafkaDateTime(base + 7.5 * MIN)] },
        {
          name: 'datetime-zone',
          args: ['--topic', topic, '--to-datetime', `${kafkaDateTime(base + 120 * MIN + 3 * MIN)}+02:00`],
        },
        {
          name: 'datetime-future',
          args: ['--topic', topic, '--to-datetime', kafkaDateTime(Date.now() + 60 * MIN)],
        },
        // Aimed at the middle of the gap between records 15 and 16, computed just before it runs.
        {
          name: 'duration',
          args: () => [
            '--topic',
            topic,
            '--by-duration',
            `PT${Math.round((Date.now() - base - 15.5 * MIN) / 1000)}S`,
          ],
        },
      ]
    const initialOf = (s: (typeof scenarios)[number]) => s.initial ?? { 0: 10, 1: 5, 2: 8 }
    // Twin groups per scenario, Kafka's and ktk's, with the same committed offsets, set by Kafka's tool.
    const csv = scenarios
      .flatMap((s) =>
        ['kafka', 'ktk'].flatMap((who) =>
          Object.entries(initialOf(s)).map(([p, o]) => `${who}-${s.name}-${id},${topic},${p},${o}`),
        ),
      )
      .join('\n')
    const initFile = join(dir, 'initial.csv')
    writeFileSync(initFile, `${csv}\n`)
    const groupsOf = (who: string) => scenarios.map((s) => `${who}-${s.name}-${id}`)
    const init = await consumerGroupsTool(cluster, [
      '--reset-offsets',
      ...[...groupsOf('kafka'), ...groupsOf('ktk')].flatMap((g) => ['--group', g]),
      '--from-file',
      initFile,
      '--execute',
    ])
    expect(init.code, init.stdout + init.stderr).toBe(0)

    for (const s of scenarios) {
      const theirs = `kafka-${s.name}-${id}`
      const ours = `ktk-${s.name}-${id}`
      const args = typeof s.args === 'function' ? s.args() : s.args
      const dry = await consumerGroupsTool(cluster, [
        '--reset-offsets',
        '--group',
        theirs,
        ...args,
        '--dry-run',
      ])
      expect(dry.code, dry.stdout).toBe(0)
      const kafkaPlan = parseKafkaPlan(dry.stdout)
      expect(kafkaPlan.size, `${s.name}: ${dry.stdout}`).toBeGreaterThan(0)
      const plan = await ktk(['groups', 'reset-offsets', '--group', ours, ...args, ...b, '--json'], { env })
      expect(plan.code, `${s.name}: ${plan.stdout}${plan.stderr}`).toBe(0)
      const ourPlan = json<{
        dryRun: boolean
        groups: { partitions: { topic: string; partition: number; newOffset: number }[] }[]
      }>(plan)
      expect(ourPlan.dryRun).toBe(true)
      expect(
        new Map(
          ourPlan.groups[0]!.partitions.map((p) => [`${theirs} ${p.topic}-${p.partition}`, p.newOffset]),
        ),
        s.name,
      ).toEqual(kafkaPlan)

      const run = await consumerGroupsTool(cluster, [
        '--reset-offsets',
        '--group',
        theirs,
        ...args,
        '--execute',
      ])
      expect(run.code, run.stdout).toBe(0)
      const exec = await ktk(['groups', 'reset-offsets', '--group', ours, ...args, '--execute', ...b], {
        env,
      })
      expect(exec.code, `${s.name}: ${exec.stderr}`).toBe(0)
    }
    const after = await committedByKafka([...groupsOf('kafka'), ...groupsOf('ktk')])
    for (const s of scenarios) {
      const [theirs, ours] = sameOffsets(after, `kafka-${s.name}-${id}`, `ktk-${s.name}-${id}`)
      expect(ours, s.name).toEqual(theirs)
    }
    // The scenarios did what they say (spot checks against the known log).
    expect(after.get(`ktk-offset-low-${id} ${topic}-2`)).toBe('4')
    expect(after.get(`ktk-shift-far-${id} ${topic}-0`)).toBe('20')
    expect(after.get(`ktk-datetime-${id} ${topic}-1`)).toBe('8')
    expect(after.get(`ktk-datetime-zone-${id} ${topic}-1`)).toBe('3')
    expect(after.get(`ktk-duration-${id} ${topic}-0`)).toBe('16')
    expect(after.get(`ktk-current-uncommitted-${id} ${topic}-1`)).toBe('20')

    // Clamping and falling back are warned about.
    const warned = await ktk(
      [
        'groups',
        'reset-offsets',
        '--group',
        `ktk-earliest-${id}`,
        '--topic',
        topic,
        '--to-offset',
        '100',
        ...b,
      ],
      { env },
    )
    expect(warned.stderr).toContain(
      `New offset (100) is higher than latest offset for topic partition ${topic}-0. Value will be set to 20`,
    )
  })

  it('--export writes Kafka CSV that both tools read back with --from-file', async () => {
    const id = topic.split('.').pop()!
    const ours = `export-ktk-${id}`
    const theirs = `export-kafka-${id}`
    const exported = await ktk(
      ['groups', 'reset-offsets', '--group', ours, '--topic', topic, '--to-offset', '6', '--export', ...b],
      { env },
    )
    expect(exported.code, exported.stderr).toBe(0)
    const kafkaExport = await consumerGroupsTool(cluster, [
      '--reset-offsets',
      '--group',
      theirs,
      '--topic',
      topic,
      '--to-offset',
      '6',
      '--export',
      '--dry-run',
    ])
    const lines = (s: string) => s.trim().split('\n').filter(Boolean).sort()
    expect(lines(exported.stdout)).toEqual(lines(kafkaExport.stdout))
    expect(lines(exported.stdout)).toEqual([`${topic},0,6`, `${topic},1,6`, `${topic},2,6`])

    const file = join(dir, 'plan.csv')
    writeFileSync(file, exported.stdout)
    const applied = await ktk(
      ['groups', 'reset-offsets', '--group', ours, '--from-file', file, '--execute', ...b],
      { env },
    )
    expect(applied.code, applied.stderr).toBe(0)
    const kafkaApplied = await consumerGroupsTool(cluster, [
      '--reset-offsets',
      '--group',
      theirs,
      '--from-file',
      file,
      '--execute',
    ])
    expect(kafkaApplied.code).toBe(0)
    const after = await committedByKafka([ours, theirs])
    const [a, c] = sameOffsets(after, theirs, ours)
    expect(c).toEqual(a)
    expect(c!.map(([, v]) => v)).toEqual(['6', '6', '6'])
  })

  it('refuses a running group with exit 5 naming its members, and changes nothing', async () => {
    const group = `reset-active-${topic.split('.').pop()}`
    const consumer = startConsoleConsumer(cluster, [
      '--topic',
      topic,
      '--group',
      group,
      '--from-beginning',
      '--consumer-property',
      'client.id=reset-guard',
    ])
    try {
      await waitForGroup(cluster, group, (g) => g.state === 'Stable')
      // Let it commit what it read (auto-commit, every 5 s): Kafka reports every partition read to its end.
      const lags = async () =>
        parseKafkaGroupOffsets(
          (await consumerGroupsTool(cluster, ['--describe', '--group', group])).stdout,
        ).map((row) => row.lag)
      await expect.poll(lags, { timeout: 90_000, interval: 500 }).toEqual(['0', '0', '0'])
      const before = await committedByKafka([group])
      for (const args of [[], ['--json']]) {
        const r = await ktk(
          [
            'groups',
            'reset-offsets',
            '--group',
            group,
            '--all-topics',
            '--to-earliest',
            '--execute',
            ...b,
            ...args,
          ],
          { env },
        )
        expect(r.code).toBe(5)
        const message =
          args.length > 0 ? json<{ error: { code: string; message: string } }>(r).error.message : r.stderr
        expect(message).toContain(`group "${group}" is Stable with 1 member`)
        expect(message).toContain('client reset-guard')
      }
      const dry = await ktk(
        ['groups', 'reset-offsets', '--group', group, '--all-topics', '--to-earliest', ...b],
        { env },
      )
      expect(dry.code).toBe(5)
      expect(await committedByKafka([group])).toEqual(before)
    } finally {
      await consumer.stop()
    }
  })

  it('--from-file with a negative offset is exit 2 naming the line, as Kafka refuses it; nothing changes', async () => {
    const group = `reset-negative-${topic.split('.').pop()}`
    const initFile = join(dir, 'negative-init.csv')
    writeFileSync(initFile, `${topic},0,11\n${topic},2,9\n`)
    const init = await consumerGroupsTool(cluster, [
      '--reset-offsets',
      '--group',
      group,
      '--from-file',
      initFile,
      '--execute',
    ])
    expect(init.code, init.stderr).toBe(0)
    const before = await committedByKafka([group])

    const file = join(dir, 'negative.csv')
    writeFileSync(file, `${topic},0,5\n${topic},2,-1\n`)
    for (const mode of ['--dry-run', '--execute']) {
      const r = await ktk(['groups', 'reset-offsets', '--group', group, '--from-file', file, mode, ...b], {
        env,
      })
      expect(r.code).toBe(2)
      expect(r.stderr.trim().split('\n')[0]).toBe('error: reset file line 2: invalid negative offset -1')
      expect(r.stderr).not.toContain('warning')
      noStackTrace(r.stderr)
      expect(r.stdout).toBe('')
    }
    const j = await ktk(
      ['groups', 'reset-offsets', '--group', group, '--from-file', file, '--execute', ...b, '--json'],
      { env },
    )
    expect(json<ErrorJson>(j).error).toMatchObject({ code: 'USAGE', exit: 2 })
    expect(await committedByKafka([group])).toEqual(before)
    // Kafka's own tool refuses the same file.
    const kafka = await consumerGroupsTool(cluster, [
      '--reset-offsets',
      '--group',
      group,
      '--from-file',
      file,
      '--dry-run',
    ])
    expect(`${kafka.stdout}${kafka.stderr}`).toContain('Invalid negative offset')
  })

  it('the undo file restores the previous offsets, and Kafka reads it too', async () => {
    const group = `reset-undo-${topic.split('.').pop()}`
    const initFile = join(dir, 'undo-init.csv')
    writeFileSync(initFile, `${topic},0,11\n${topic},1,7\n`)
    const init = await consumerGroupsTool(cluster, [
      '--reset-offsets',
      '--group',
      group,
      '--from-file',
      initFile,
      '--execute',
    ])
    expect(init.code).toBe(0)
    const before = await committedByKafka([group])

    const r = await ktk(
      [
        'groups',
        'reset-offsets',
        '--group',
        group,
        '--topic',
        topic,
        '--to-latest',
        '--execute',
        ...b,
        '--json',
      ],
      { env },
    )
    expect(r.code, r.stderr).toBe(0)
    const result = json<{
      undo: { file: string; restore: string; withoutPreviousOffset: { topic: string; partition: number }[] }
    }>(r)
    expect(result.undo.file.startsWith(join(state, 'groups', 'resets'))).toBe(true)
    expect(r.stderr).toContain(`Previous offsets saved to ${result.undo.file}`)
    expect(readFileSync(result.undo.file, 'utf8')).toBe(`${group},${topic},0,11\n${group},${topic},1,7\n`)
    expect(result.undo.withoutPreviousOffset).toEqual([{ group, topic, partition: 2 }])
    expect((await committedByKafka([group])).get(`${group} ${topic}-0`)).toBe('20')

    // Kafka's own tool understands the file.
    const kafkaReads = await consumerGroupsTool(cluster, [
      '--reset-offsets',
      '--group',
      group,
      '--from-file',
      result.undo.file,
      '--dry-run',
    ])
    expect(parseKafkaPlan(kafkaReads.stdout)).toEqual(
      new Map([
        [`${group} ${topic}-0`, 11],
        [`${group} ${topic}-1`, 7],
      ]),
    )
    // ktk's restore command (groups from the file) puts the offsets back.
    const restore = await ktk(
      ['groups', 'reset-offsets', '--from-file', result.undo.file, '--execute', ...b],
      { env },
    )
    expect(restore.code, restore.stderr).toBe(0)
    const restored = await committedByKafka([group])
    expect(restored.get(`${group} ${topic}-0`)).toBe(before.get(`${group} ${topic}-0`))
    expect(restored.get(`${group} ${topic}-1`)).toBe(before.get(`${group} ${topic}-1`))
  })
})
