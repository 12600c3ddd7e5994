import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { isolatedState, json, ktk } from '../helpers/cli.js'
import { type TestCluster, testCluster } from '../helpers/clusters.js'
import { kafkaTool, kafkaTopicConfigs, parseKafkaTopicsDescribe } from '../helpers/kafka-tools.js'
import { KEYS, ktkInTerminal } from '../helpers/terminal.js'

interface DesignJson {
  plan: {
    name: string
    partitions: number
    replicationFactor: number
    configs: Record<string, string>
    reasoning: string[]
    commands: { ktk: string; kafkaTopics: string }
  }
  action: string
  created: { created: boolean } | null
  appendedTo: string | null
}

/** The design's view for comparison: everything but how it was acted on. */
const view = (p: DesignJson['plan']) => ({
  name: p.name,
  partitions: p.partitions,
  replicationFactor: p.replicationFactor,
  configs: p.configs,
  reasoning: p.reasoning,
  commands: p.commands,
})

describe('topics design on kafka41x3 (three brokers)', () => {
  let cluster: TestCluster
  let b: string[]
  const domain = `pty_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
  const topic = `prod.${domain}.order_placed.v1`
  const flags = () => [
    '--env',
    'prod',
    '--domain',
    domain,
    '--event',
    'order_placed',
    '--throughput',
    '50k',
    '--record-size',
    '1KiB',
    '--consumers',
    '4',
    '--key',
    'order_id',
    '--retention',
    '3d',
    '--durability',
    'production',
  ]
  let byFlags: DesignJson

  beforeAll(async () => {
    cluster = await testCluster('kafka41x3')
    b = ['-b', cluster.bootstrap]
  })

  it('the same design through flags, without a terminal, prints the plan and creates nothing', async () => {
    const r = await ktk(['topics', 'design', ...b, ...flags(), '--json'])
    expect(r.code, r.stderr).toBe(0)
    byFlags = json<DesignJson>(r)
    expect(byFlags.action).toBe('print')
    expect(byFlags.created).toBeNull()
    // 50k × 1 KiB = 48.8 MiB/s -> 10 partitions at 5 MiB/s, doubled for a keyed topic -> 20, over 3 brokers -> 21.
    expect(view(byFlags.plan)).toMatchObject({
      name: topic,
      partitions: 21,
      replicationFactor: 3,
      configs: { 'min.insync.replicas': '2', 'retention.ms': '259200000' },
    })
    expect(byFlags.plan.commands.kafkaTopics).toBe(
      `kafka-topics.sh --bootstrap-server ${cluster.bootstrap} --create --topic ${topic} --partitions 21 --replication-factor 3 --config min.insync.replicas=2 --config retention.ms=259200000`,
    )
    const listed = await kafkaTool(cluster, 'topics', ['--bootstrap-server', cluster.bootstrap, '--list'])
    expect(listed.stdout.split('\n')).not.toContain(topic)
  })

  it('the wizard, driven in a real terminal, checks answers as typed and creates the topic it showed', async () => {
    const screen = await ktkInTerminal(
      ['topics', 'design', ...b],
      [
        { expect: '\\? Environment', send: KEYS.down + KEYS.down + KEYS.down },
        { expect: '❯ prod', send: KEYS.enter },
        { expect: '\\? Domain', send: `Pty${KEYS.enter}` },
        {
          expect: 'domain segment "Pty" must be lower snake_case.*\\(try "pty"\\)',
          send: KEYS.backspace.repeat(3),
        },
        { expect: '\\? Domain', send: `${domain}${KEYS.enter}` },
        { expect: '\\? Event', send: `order_placed${KEYS.enter}` },
        { expect: '\\? Version \\(v1 is the next free one\\)', send: KEYS.enter },
        { expect: '\\? Peak throughput', send: `lots${KEYS.enter}` },
        { expect: 'throughput "lots" is not a positive number', send: KEYS.backspace.repeat(4) },
        { expect: '\\? Peak throughput', send: `50k${KEYS.enter}` },
        { expect: '\\? Average record size', send: KEYS.enter },
        { expect: '\\? Consumers reading in parallel', send: `4${KEYS.enter}` },
        { expect: '\\? Ordering key', send: `order_id${KEYS.enter}` },
        { expect: '\\? Retention', send: KEYS.enter },
        { expect: '\\? Keep records for', send: `${KEYS.backspace.repeat(2)}3d${KEYS.enter}` },
        { expect: '\\? Durability', send: KEYS.enter },
        { expect: '\\? What next\\?', send: KEYS.enter },
        { expect: 'Created topic' },
      ],
      { KTK_STATE_DIR: isolatedState(), NO_COLOR: '1' },
    )
    expect(screen.failed_step, screen.transcript).toBeNull()
    expect(screen.exit, screen.transcript).toBe(0)
    const t = screen.transcript
    expect(t).toContain(`Recommended topic  ${topic}`)
    expect(t).toMatch(/partitions {10}21\n/)
    expect(t).toMatch(/replication factor {2}3\n/)
    expect(t).toContain('configs             min.insync.replicas=2, retention.ms=259200000')
    expect(t).toContain(`Created topic ${topic} (21 partitions, replication factor 3).`)
    // The terminal showed the same plan the flags gave: every reason and both command lines.
    for (const line of [
      ...byFlags.plan.reasoning,
      byFlags.plan.commands.ktk,
      byFlags.plan.commands.kafkaTopics,
    ]) {
      expect(t.replaceAll('\n', '')).toContain(line)
    }

    // Kafka's own tools see exactly the topic the screen showed.
    const described = await kafkaTool(cluster, 'topics', [
      '--bootstrap-server',
      cluster.bootstrap,
      '--describe',
      '--topic',
      topic.replaceAll('.', '\\.'),
    ])
    const [reference] = parseKafkaTopicsDescribe(described.stdout)
    expect(reference?.partitionCount).toBe(21)
    expect(reference?.replicationFactor).toBe(3)
    // Spread evenly: each of the three brokers leads 7 partitions.
    const leaders = new Map<number, number>()
    for (const p of reference!.partitions) leaders.set(p.leader!, (leaders.get(p.leader!) ?? 0) + 1)
    expect([...leaders.values()]).toEqual([7, 7, 7])
    expect(await kafkaTopicConfigs(cluster, topic)).toEqual(byFlags.plan.configs)
  })

  it('an answers file gives the same plan; the next design of the same event offers v2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ktk-design-'))
    const answers = join(dir, 'answers.yaml')
    writeFileSync(
      answers,
      `env: prod\ndomain: ${domain}\nevent: order_placed\nversion: 1\nthroughput: 50k\nrecordSize: 1KiB\nconsumers: 4\nkey: order_id\nretention: 3d\ndurability: production\n`,
    )
    const same = json<DesignJson>(await ktk(['topics', 'design', ...b, '--answers', answers, '--json']))
    expect(view(same.plan)).toEqual(view(byFlags.plan))

    // Without a version, the next free one: v1 now exists.
    writeFileSync(answers, readFileSync(answers, 'utf8').replace('version: 1\n', ''))
    const spec = join(dir, 'topics.yaml')
    const next = await ktk(['topics', 'design', ...b, '--answers', answers, '--append', spec, '--json'])
    expect(next.code, next.stderr).toBe(0)
    const doc = json<DesignJson>(next)
    expect(doc.plan.name).toBe(`prod.${domain}.order_placed.v2`)
    expect(doc.appendedTo).toBe(spec)
    expect(parse(readFileSync(spec, 'utf8'))).toEqual({
      topics: [
        {
          name: `prod.${domain}.order_placed.v2`,
          partitions: 21,
          replicationFactor: 3,
          configs: { 'min.insync.replicas': 2, 'retention.ms': 259200000 },
        },
      ],
    })
    // The appended spec is a plan away from the cluster: one creation.
    const plan = json<{ actions: { action: string; topic: string }[] }>(
      await ktk(['topics', 'plan', '-f', spec, ...b, '--json']),
    )
    expect(plan.actions.map((a) => [a.action, a.topic])).toEqual([
      ['create', `prod.${domain}.order_placed.v2`],
    ])
  })

  it('without a terminal, missing answers exit 2 listing them (and nothing is asked)', async () => {
    const partial = await ktk([
      'topics',
      'design',
      ...b,
      '--env',
      'prod',
      '--domain',
      domain,
      '--throughput',
      '10',
    ])
    expect(partial.code).toBe(2)
    expect(partial.stderr.split('\n')[0]).toBe(
      'error: missing answers: --event, --record-size, --consumers, --key, --retention, --durability',
    )
    const asJson = await ktk(['topics', 'design', ...b, '--json'])
    expect(asJson.code).toBe(2)
    expect(json<{ error: { code: string; message: string } }>(asJson).error).toEqual(
      expect.objectContaining({
        code: 'USAGE',
        message:
          'missing answers: --env, --domain, --event, --throughput, --record-size, --consumers, --key, --retention, --durability',
      }),
    )
  })
})
