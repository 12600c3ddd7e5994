import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { json, ktk } from '../helpers/cli.js'
import { type TestCluster, testCluster } from '../helpers/clusters.js'
import { kafkaTool, kafkaTopicConfigs, parseKafkaTopicsDescribe } from '../helpers/kafka-tools.js'

interface PlanJson {
  actions: (
    | { action: 'create'; topic: string; partitions: number; configs: Record<string, string> }
    | {
        action: 'update'
        topic: string
        partitions: { from: number; to: number } | null
        configs: { name: string; op: string; from: string | null; to: string | null }[]
      }
    | { action: 'delete'; topic: string }
  )[]
  differences: { topic: string; kind: string; cluster: number; spec: number }[]
  unchanged: string[]
}
interface SpecDoc {
  topics: {
    name: string
    partitions: number
    replicationFactor?: number
    configs?: Record<string, unknown>
  }[]
}

describe('topics as code on kafka41', () => {
  let cluster: TestCluster
  let b: string[]
  let dir: string
  /** A domain segment unique to this run: every topic of this file is dev.<domain>.<event>.v1. */
  const domain = `iac_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
  const name = (event: string) => `dev.${domain}.${event}.v1`
  const mine = `dev\\.${domain}\\..*`

  const configsOf = (topic: string) => kafkaTopicConfigs(cluster, topic)
  const describeTopic = async (topic: string) => {
    const r = await kafkaTool(cluster, 'topics', [
      '--bootstrap-server',
      cluster.bootstrap,
      '--describe',
      '--topic',
      topic.replaceAll('.', '\\.'),
    ])
    expect(r.code, r.stderr).toBe(0)
    return parseKafkaTopicsDescribe(r.stdout)[0]
  }
  /** The line of a file where a topic's entry starts (`- name: …`). */
  const lineOf = (path: string, topic: string) =>
    readFileSync(path, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(`name: ${topic}`)) + 1
  const write = (file: string, doc: SpecDoc | string) => {
    const path = join(dir, file)
    writeFileSync(path, typeof doc === 'string' ? doc : stringify(doc))
    return path
  }

  beforeAll(async () => {
    cluster = await testCluster('kafka41')
    b = ['-b', cluster.bootstrap]
    dir = mkdtempSync(join(tmpdir(), 'ktk-iac-'))
    mkdirSync(join(dir, '.git'))
    const create = async (topic: string, args: string[]) =>
      expect((await ktk(['topics', 'create', topic, ...b, ...args])).code).toBe(0)
    await create(name('order_placed'), [
      '--partitions',
      '2',
      '--config',
      'retention.ms=3600000',
      '--config',
      'segment.ms=7200000',
      '--config',
      'max.message.bytes=2000000',
    ])
    await create(name('untouched'), ['--partitions', '1', '--config', 'retention.ms=60000'])
  })

  it('export then plan shows no changes (exit 0)', async () => {
    const exported = await ktk(['topics', 'export', ...b, '--topic', mine])
    expect(exported.code, exported.stderr).toBe(0)
    const doc = parse(exported.stdout) as SpecDoc
    expect(doc.topics.map((t) => t.name)).toEqual([name('order_placed'), name('untouched')])
    expect(doc.topics[0]).toEqual({
      name: name('order_placed'),
      partitions: 2,
      replicationFactor: 1,
      configs: { 'max.message.bytes': 2000000, 'retention.ms': 3600000, 'segment.ms': 7200000 },
    })
    const file = write('exported.yaml', exported.stdout)

    const plan = await ktk(['topics', 'plan', '-f', file, ...b])
    expect(plan.code, plan.stderr).toBe(0)
    expect(plan.stdout).toContain('No changes: the cluster matches the spec.')
    const planJson = json<PlanJson>(await ktk(['topics', 'plan', '-f', file, ...b, '--json']))
    expect(planJson.actions).toEqual([])
    expect(planJson.differences).toEqual([])
    expect(planJson.unchanged).toEqual([name('order_placed'), name('untouched')])
    expect((await ktk(['topics', 'check', '-f', file, ...b])).code).toBe(0)
  })

  it('apply of an edited spec makes exactly the planned changes and leaves other configs alone; check exits 3 before and 0 after', async () => {
    const exported = await ktk(['topics', 'export', ...b, '--topic', `dev\\.${domain}\\.order_placed\\.v1`])
    const doc = parse(exported.stdout) as SpecDoc
    const topic = doc.topics[0]!
    topic.partitions = 4
    topic.configs = { ...topic.configs, 'retention.ms': 86400000, 'cleanup.policy': ['compact', 'delete'] }
    delete topic.configs['max.message.bytes']
    doc.topics.push({
      name: name('refund_issued'),
      partitions: 3,
      configs: { 'min.compaction.lag.ms': 1000 },
    })
    const file = write('edited.yaml', doc)
    const untouchedBefore = await configsOf(name('untouched'))

    const before = await ktk(['topics', 'check', '-f', file, ...b])
    expect(before.code).toBe(3)
    expect(before.stdout).toContain('Drift: 2 topic(s) differ from the spec.')

    const plan = json<PlanJson>(await ktk(['topics', 'plan', '-f', file, ...b, '--json']))
    expect(plan.actions).toEqual([
      {
        action: 'update',
        topic: name('order_placed'),
        location: `${file}:${lineOf(file, name('order_placed'))}`,
        partitions: { from: 2, to: 4 },
        configs: [
          { name: 'cleanup.policy', op: 'set', from: null, to: 'compact,delete' },
          { name: 'max.message.bytes', op: 'delete', from: '2000000', to: null },
          { name: 'retention.ms', op: 'set', from: '3600000', to: '86400000' },
        ],
      },
      {
        action: 'create',
        topic: name('refund_issued'),
        location: `${file}:${lineOf(file, name('refund_issued'))}`,
        partitions: 3,
        replicationFactor: null,
        configs: { 'min.compaction.lag.ms': '1000' },
      },
    ])

    const applied = await ktk(['topics', 'apply', '-f', file, ...b, '--yes'])
    expect(applied.code, applied.stderr).toBe(0)
    expect(applied.stdout).toContain('Applied 2 of 2 change(s).')
    expect(applied.stderr).toContain(`[1/2] update ${name('order_placed')}`)
    expect(applied.stderr).toContain(`[2/2] create ${name('refund_issued')}`)

    // Exactly the planned changes, as Kafka's own tools see them.
    expect(await configsOf(name('order_placed'))).toEqual({
      'cleanup.policy': 'compact,delete',
      'retention.ms': '86400000',
      'segment.ms': '7200000',
    })
    expect((await describeTopic(name('order_placed')))!.partitionCount).toBe(4)
    expect(await configsOf(name('refund_issued'))).toEqual({ 'min.compaction.lag.ms': '1000' })
    expect((await describeTopic(name('refund_issued')))!.partitionCount).toBe(3)
    // A topic the spec does not declare is left exactly as it was.
    expect(await configsOf(name('untouched'))).toEqual(untouchedBefore)

    const after = await ktk(['topics', 'check', '-f', file, ...b])
    expect(after.code, after.stdout).toBe(0)
    expect(after.stdout).toBe('No drift: 2 topic(s) match the spec.\n')

    // A change made by hand is drift again, named in the output and in --json.
    const byHand = await kafkaTool(cluster, 'configs', [
      '--bootstrap-server',
      cluster.bootstrap,
      '--alter',
      '--entity-type',
      'topics',
      '--entity-name',
      name('refund_issued'),
      '--add-config',
      'retention.ms=1000000',
    ])
    expect(byHand.code, byHand.stderr).toBe(0)
    const drifted = await ktk(['topics', 'check', '-f', file, ...b, '--json'])
    expect(drifted.code).toBe(3)
    const report = json<PlanJson & { drift: boolean }>(drifted)
    expect(report.drift).toBe(true)
    expect(report.actions).toMatchObject([
      {
        action: 'update',
        topic: name('refund_issued'),
        configs: [{ name: 'retention.ms', op: 'delete', from: '1000000', to: null }],
      },
    ])
  })

  it('a partition decrease is refused (exit 5) and nothing changes', async () => {
    const wide = name('wide')
    expect((await ktk(['topics', 'create', wide, ...b, '--partitions', '3'])).code).toBe(0)
    const file = write('decrease.yaml', {
      topics: [
        { name: name('untouched'), partitions: 1 },
        { name: wide, partitions: 1, configs: { 'retention.ms': 1000 } },
      ],
    })
    const plan = await ktk(['topics', 'plan', '-f', file, ...b])
    expect(plan.code).toBe(5)
    expect(plan.stderr.split('\n')[0]).toBe(
      `error: topic "${wide}" (${file}:${lineOf(file, wide)}) has 3 partitions; the spec asks for 1 and Kafka cannot remove partitions`,
    )
    const apply = await ktk(['topics', 'apply', '-f', file, ...b, '--yes', '--json'])
    expect(apply.code).toBe(5)
    expect(json<{ error: { code: string } }>(apply).error.code).toBe('PARTITION_DECREASE')
    expect((await describeTopic(wide))!.partitionCount).toBe(3)
    expect(await configsOf(wide)).toEqual({})
  })

  it('nothing is deleted unless --prune names it; without --yes and a terminal apply refuses (exit 2)', async () => {
    const doomed = name('doomed')
    expect((await ktk(['topics', 'create', doomed, ...b])).code).toBe(0)
    const file = write('prune.yaml', {
      topics: [{ name: name('untouched'), partitions: 1, configs: { 'retention.ms': 60000 } }],
    })
    const plain = json<PlanJson>(await ktk(['topics', 'plan', '-f', file, ...b, '--json']))
    expect(plain.actions).toEqual([])

    const refused = await ktk(['topics', 'apply', '-f', file, ...b, '--prune', doomed])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('refusing to apply 1 change(s) without confirmation')
    expect((await describeTopic(doomed))?.topic).toBe(doomed)

    const dry = await ktk(['topics', 'apply', '-f', file, ...b, '--prune', doomed, '--dry-run'])
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toContain('Dry run')
    expect((await describeTopic(doomed))?.topic).toBe(doomed)

    const pruned = await ktk(['topics', 'apply', '-f', file, ...b, '--prune', doomed, '--yes'])
    expect(pruned.code, pruned.stderr).toBe(0)
    const listed = await kafkaTool(cluster, 'topics', ['--bootstrap-server', cluster.bootstrap, '--list'])
    expect(listed.stdout.split('\n')).not.toContain(doomed)
    expect(listed.stdout.split('\n')).toContain(name('order_placed'))
  })

  it('specs are linted offline and apply enforces the naming policy on the topics it creates', async () => {
    writeFileSync(join(dir, 'ktk.naming.yaml'), 'mode: enforce\n')
    const file = write('names.yaml', {
      topics: [
        { name: name('untouched'), partitions: 1, configs: { 'retention.ms': 60000 } },
        { name: `dev.${domain}.RefundIssued.v2`, partitions: 1 },
      ],
    })
    // No cluster at all: lint reads only the file.
    const lint = await ktk(['topics', 'lint', '-f', file], { cwd: dir })
    expect(lint.code).toBe(3)
    expect(lint.stdout).toMatch(
      new RegExp(
        `names\\.yaml:${lineOf(file, `dev.${domain}.RefundIssued.v2`)} +dev\\.${domain}\\.RefundIssued\\.v2 +case .* dev\\.${domain}\\.refund_issued\\.v2`,
      ),
    )
    const refused = await ktk(['topics', 'apply', '-f', file, ...b, '--yes'], { cwd: dir })
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain(`error: topic name "dev.${domain}.RefundIssued.v2" breaks naming policy`)
    expect(refused.stderr).toContain('hint: to apply it anyway: --skip-naming-check')
    const listed = await kafkaTool(cluster, 'topics', ['--bootstrap-server', cluster.bootstrap, '--list'])
    expect(listed.stdout).not.toContain('RefundIssued')
  })

  it('a bad spec exits 2 naming the file and line', async () => {
    const file = write(
      'bad.yaml',
      `topics:\n  - name: ${name('a')}\n    partitions: 0\n  - name: ${name('b')}\n    partitions: 1\n    configs:\n      retention.msx: 1\n`,
    )
    const r = await ktk(['topics', 'plan', '-f', file, ...b])
    expect(r.code).toBe(2)
    expect(r.stderr.split('\n')[0]).toBe(
      `error: ${file}:3:17: topics[0].partitions: too small: expected number to be >=1`,
    )
    expect(r.stderr).toContain(
      `${file}:7:22: topics[1].configs.retention.msx: unknown topic config "retention.msx"; did you mean "retention.ms"?`,
    )
    expect(readFileSync(file, 'utf8')).toContain('retention.msx')
  })
})
