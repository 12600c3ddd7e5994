import { beforeAll, describe, expect, it } from 'vitest'
import { type ErrorJson, json, ktk, noStackTrace, run, uniqueTopic } from '../helpers/cli.js'
import { type ClusterName, freePort, type TestCluster, testCluster } from '../helpers/clusters.js'

import { kafkaTool, kafkaTopicConfigs, parseKafkaTopicsDescribe } from '../helpers/kafka-tools.js'

interface DescribeJson {
  topics: {
    name: string
    partitionCount: number
    replicationFactor: number
    configs: { name: string; value: string; source: string }[]
    partitions: {
      partition: number
      leader: number | null
      replicas: number[]
      isr: number[]
      earliestOffset: number | null
      latestOffset: number | null
      records: number | null
    }[]
  }[]
  matched: number
}

/** A consumer group makes Kafka create its internal __consumer_offsets topic. */
async function ensureOffsetsTopic(cluster: TestCluster, topic: string): Promise<void> {
  const r = await kafkaTool(cluster, 'console-consumer', [
    '--bootstrap-server',
    cluster.bootstrap,
    '--topic',
    topic,
    '--group',
    `${topic}-g`,
    '--timeout-ms',
    '3000',
  ])
  expect(r.stderr).not.toMatch(/Exception/)
}

describe.each<ClusterName>(['kafka41', 'kafka39'])('topics on %s', (name) => {
  let cluster: TestCluster
  let b: string[]
  beforeAll(async () => {
    cluster = await testCluster(name)
    b = ['-b', cluster.bootstrap]
  })

  it('describe agrees with kafka-topics --describe: partitions, leaders, replicas, ISR, overridden configs', async () => {
    const topic = uniqueTopic('parity')
    const created = await ktk([
      'topics',
      'create',
      topic,
      ...b,
      '--partitions',
      '4',
      '--config',
      'retention.ms=3600000',
      '--config',
      'cleanup.policy=compact,delete',
      '--config',
      'max.message.bytes=2000000',
    ])
    expect(created.code, created.stderr).toBe(0)

    const ours = json<DescribeJson>(await ktk(['topics', 'describe', topic, ...b, '--json']))
    const reference = await kafkaTool(cluster, 'topics', [
      '--bootstrap-server',
      cluster.bootstrap,
      '--describe',
      '--topic',
      topic,
    ])
    expect(reference.code, reference.stderr).toBe(0)
    const [theirs] = parseKafkaTopicsDescribe(reference.stdout)

    const mine = ours.topics[0]!
    expect(mine.name).toBe(theirs!.topic)
    expect(mine.partitionCount).toBe(4)
    expect(mine.partitionCount).toBe(theirs!.partitionCount)
    expect(mine.replicationFactor).toBe(theirs!.replicationFactor)
    expect(
      mine.partitions.map((p) => ({
        partition: p.partition,
        leader: p.leader,
        replicas: p.replicas,
        isr: p.isr,
      })),
    ).toEqual(
      theirs!.partitions.map((p) => ({
        partition: p.partition,
        leader: p.leader,
        replicas: p.replicas,
        isr: p.isr,
      })),
    )
    const myConfigs = Object.fromEntries(mine.configs.map((c) => [c.name, c.value]))
    expect(myConfigs).toEqual(theirs!.configs)
    expect(myConfigs['retention.ms']).toBe('3600000')
    expect(mine.configs.find((c) => c.name === 'retention.ms')?.source).toBe('DYNAMIC_TOPIC_CONFIG')
  })

  it('reports earliest and latest offsets as Kafka does, with the record count between them', async () => {
    const topic = uniqueTopic('offsets')
    expect((await ktk(['topics', 'create', topic, ...b, '--partitions', '2'])).code).toBe(0)
    const lines = Array.from({ length: 7 }, (_, i) => `k${i}:v${i}`).join('\n')
    const produced = await kafkaTool(
      cluster,
      'console-producer',
      [
        '--bootstrap-server',
        cluster.bootstrap,
        '--topic',
        topic,
        '--property',
        'parse.key=true',
        '--property',
        'key.separator=:',
      ],
      `${lines}\n`,
    )
    expect(produced.code, produced.stderr).toBe(0)

    const ours = json<DescribeJson>(await ktk(['topics', 'describe', topic, ...b, '--json'])).topics[0]!
    const latest = await kafkaTool(cluster, 'get-offsets', [
      '--bootstrap-server',
      cluster.bootstrap,
      '--topic',
      topic,
      '--time',
      '-1',
    ])
    const earliest = await kafkaTool(cluster, 'get-offsets', [
      '--bootstrap-server',
      cluster.bootstrap,
      '--topic',
      topic,
      '--time',
      '-2',
    ])
    const offsets = (out: string) =>
      Object.fromEntries(
        out
          .trim()
          .split('\n')
          .map((l) => l.split(':'))
          .map(([, p, o]) => [Number(p), Number(o)]),
      )
    const theirLatest = offsets(latest.stdout)
    const theirEarliest = offsets(earliest.stdout)
    for (const p of ours.partitions) {
      expect(p.latestOffset).toBe(theirLatest[p.partition])
      expect(p.earliestOffset).toBe(theirEarliest[p.partition])
      expect(p.records).toBe(p.latestOffset! - p.earliestOffset!)
    }
    expect(ours.partitions.reduce((n, p) => n + p.records!, 0)).toBe(7)
  })

  it('alter --config changes only the named keys; every other config stays as kafka-configs showed it', async () => {
    const topic = uniqueTopic('alter')
    const configs = [
      'retention.ms=3600000',
      'segment.ms=7200000',
      'max.message.bytes=2000000',
      'cleanup.policy=compact',
      'min.cleanable.dirty.ratio=0.2',
    ]
    expect(
      (await ktk(['topics', 'create', topic, ...b, ...configs.flatMap((c) => ['--config', c])])).code,
    ).toBe(0)
    const describeConfigs = () => kafkaTopicConfigs(cluster, topic)
    const before = await describeConfigs()
    expect(Object.keys(before).sort()).toEqual([
      'cleanup.policy',
      'max.message.bytes',
      'min.cleanable.dirty.ratio',
      'retention.ms',
      'segment.ms',
    ])

    const altered = await ktk([
      'topics',
      'alter',
      topic,
      ...b,
      '--config',
      'retention.ms=86400000',
      '--delete-config',
      'segment.ms',
      '--json',
    ])
    expect(altered.code, altered.stderr).toBe(0)
    expect(
      json<{ topics: { configChanges: { name: string; from: string | null; to: string | null }[] }[] }>(
        altered,
      ).topics[0]!.configChanges,
    ).toEqual([
      { name: 'retention.ms', op: 'set', from: '3600000', to: '86400000' },
      { name: 'segment.ms', op: 'delete', from: '7200000', to: null },
    ])

    const after = await describeConfigs()
    const { 'retention.ms': _r, 'segment.ms': _s, ...othersBefore } = before
    const { 'retention.ms': retention, 'segment.ms': segment, ...othersAfter } = after
    expect(retention).toBe('86400000')
    expect(segment).toBeUndefined()
    expect(othersAfter).toEqual(othersBefore)
  })

  it('alter --partitions raises the count and warns that key mapping changes; a decrease exits 5 and changes nothing', async () => {
    const topic = uniqueTopic('grow')
    expect((await ktk(['topics', 'create', topic, ...b, '--partitions', '2'])).code).toBe(0)
    const grown = await ktk(['topics', 'alter', topic, ...b, '--partitions', '5'])
    expect(grown.code, grown.stderr).toBe(0)
    expect(grown.stderr).toMatch(/warning: adding partitions changes which partition a key maps to/)
    const shrink = await ktk(['topics', 'alter', topic, ...b, '--partitions', '3'])
    expect(shrink.code).toBe(5)
    expect(shrink.stderr.split('\n')[0]).toMatch(/has 5 partitions; Kafka cannot reduce it to 3/)
    const reference = parseKafkaTopicsDescribe(
      (
        await kafkaTool(cluster, 'topics', [
          '--bootstrap-server',
          cluster.bootstrap,
          '--describe',
          '--topic',
          topic,
        ])
      ).stdout,
    )
    expect(reference[0]!.partitionCount).toBe(5)
  })

  it('list prints exactly what kafka-topics --list prints, with regex and --exclude-internal', async () => {
    const prefix = uniqueTopic('listing')
    for (const suffix of ['a', 'b'])
      expect((await ktk(['topics', 'create', `${prefix}.${suffix}`, ...b])).code).toBe(0)
    await ensureOffsetsTopic(cluster, `${prefix}.a`)

    // Other test files create and delete topics on this cluster at the same time: compare ktk's list
    // with kafka-topics' lists taken just before and just after it, when those two agree.
    const kafkaList = async (extra: string[]) =>
      (await kafkaTool(cluster, 'topics', ['--bootstrap-server', cluster.bootstrap, '--list', ...extra]))
        .stdout
    for (const extra of [[], ['--exclude-internal']]) {
      let compared = false
      for (let attempt = 0; attempt < 5 && !compared; attempt++) {
        const before = await kafkaList(extra)
        const ours = await ktk(['topics', 'list', ...b, ...extra])
        const after = await kafkaList(extra)
        expect(ours.code).toBe(0)
        if (before !== after) continue
        expect(ours.stdout.trim().split('\n')).toEqual(after.trim().split('\n'))
        compared = true
      }
      expect(compared, 'the cluster never held still for a comparison').toBe(true)
    }
    const all = (await ktk(['topics', 'list', ...b])).stdout
    expect(all).toMatch(/^__consumer_offsets$/m)
    expect((await ktk(['topics', 'list', ...b, '--exclude-internal'])).stdout).not.toMatch(
      /__consumer_offsets/,
    )

    const pattern = `${prefix.replaceAll('.', '\\.')}\\.(a|b)`
    const ours = await ktk(['topics', 'list', ...b, '--topic', pattern])
    const theirs = await kafkaTool(cluster, 'topics', [
      '--bootstrap-server',
      cluster.bootstrap,
      '--list',
      '--topic',
      pattern,
    ])
    expect(ours.stdout.trim().split('\n')).toEqual([`${prefix}.a`, `${prefix}.b`])
    expect(ours.stdout).toBe(theirs.stdout)
  })

  it('delete asks for --yes without a terminal, never matches internal topics by regex, and deletes by name', async () => {
    const topic = uniqueTopic('doomed')
    expect((await ktk(['topics', 'create', topic, ...b])).code).toBe(0)
    const refused = await ktk(['topics', 'delete', topic, ...b])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/refusing to delete 1 topic\(s\) without confirmation/)
    expect((await ktk(['topics', 'list', ...b])).stdout).toContain(topic)

    await ensureOffsetsTopic(cluster, topic)
    const internal = await ktk(['topics', 'delete', '--topic', '__consumer.*', '--yes', ...b])
    expect(internal.code).toBe(4)
    expect((await ktk(['topics', 'list', ...b])).stdout).toMatch(/^__consumer_offsets$/m)

    const deleted = await ktk(['topics', 'delete', topic, '--yes', ...b, '--json'])
    expect(deleted.code, deleted.stderr).toBe(0)
    expect(json<{ deleted: string[] }>(deleted).deleted).toEqual([topic])
    const again = await ktk(['topics', 'delete', topic, '--yes', ...b])
    expect(again.code).toBe(4)
    expect((await ktk(['topics', 'delete', topic, '--yes', '--if-exists', ...b])).code).toBe(0)
  })

  it('--at-min-isr-partitions: every partition it lists (replication factor 1 included) says at-min-isr', async () => {
    const topic = uniqueTopic('minisr')
    expect((await ktk(['topics', 'create', topic, ...b, '--partitions', '2'])).code).toBe(0)
    const r = await ktk(['topics', 'describe', topic, '--at-min-isr-partitions', ...b])
    expect(r.code).toBe(3) // partitions matched
    const rows = r.stdout.trim().split('\n').slice(1)
    expect(rows).toHaveLength(2)
    for (const row of rows) expect(row.trim().split(/\s+/).at(-1)).toBe('at-min-isr')
    // The same label without the filter: the row says what the filter would select it for.
    const all = await ktk(['topics', 'describe', topic, ...b])
    expect(all.code).toBe(0)
    const partitionRows = all.stdout
      .split('\n')
      .filter((l) => new RegExp(`^${topic.replaceAll('.', '\\.')}\\s+\\d+\\s`).test(l))
    expect(partitionRows).toHaveLength(2)
    for (const row of partitionRows) expect(row.trim().split(/\s+/).at(-1)).toBe('at-min-isr')
  })

  it('partition-for agrees with where the Java producer put each key', async () => {
    const topic = uniqueTopic('keys')
    expect((await ktk(['topics', 'create', topic, ...b, '--partitions', '6'])).code).toBe(0)
    const keys = Array.from({ length: 60 }, (_, i) => `customer-${i * 7919}`)
    const produced = await kafkaTool(
      cluster,
      'console-producer',
      [
        '--bootstrap-server',
        cluster.bootstrap,
        '--topic',
        topic,
        '--property',
        'parse.key=true',
        '--property',
        'key.separator=|',
      ],
      `${keys.map((k) => `${k}|x`).join('\n')}\n`,
    )
    expect(produced.code, produced.stderr).toBe(0)
    const consumed = await kafkaTool(cluster, 'console-consumer', [
      '--bootstrap-server',
      cluster.bootstrap,
      '--topic',
      topic,
      '--from-beginning',
      '--max-messages',
      String(keys.length),
      '--property',
      'print.partition=true',
      '--property',
      'print.key=true',
      '--property',
      'print.value=false',
      '--timeout-ms',
      '30000',
    ])
    const javaPlacement = new Map(
      consumed.stdout
        .trim()
        .split('\n')
        .map((line) => {
          const [partition, key] = line.split('\t')
          return [key!.trim(), Number(partition!.replace('Partition:', '').trim())]
        }),
    )
    expect(javaPlacement.size).toBe(keys.length)
    const ours = json<{ keys: { key: string; partition: number }[] }>(
      await ktk(['topics', 'partition-for', '--topic', topic, ...b, '--json'], {
        input: `${keys.join('\n')}\n`,
      }),
    )
    expect(ours.keys).toHaveLength(keys.length)
    for (const { key, partition } of ours.keys) expect(partition, key).toBe(javaPlacement.get(key))
  })

  it('cluster describe names the cluster id and the active controller as Kafka reports them', async () => {
    const ours = json<{
      clusterId: string
      controller: number
      brokers: { id: number; host: string; port: number }[]
    }>(await ktk(['cluster', 'describe', ...b, '--json']))
    const quorum = await kafkaTool(cluster, 'metadata-quorum', [
      '--bootstrap-server',
      cluster.bootstrap,
      'describe',
      '--status',
    ])
    expect(quorum.code, quorum.stderr).toBe(0)
    expect(ours.clusterId).toBe(/ClusterId:\s+(\S+)/.exec(quorum.stdout)?.[1])
    expect(ours.controller).toBe(Number(/LeaderId:\s+(\d+)/.exec(quorum.stdout)?.[1]))
    expect(ours.brokers.map((x) => `${x.host}:${x.port}`)).toEqual([cluster.bootstrap])
  })

  describe('bad input: the documented exit code and a one-line reason, with and without --json', () => {
    const cases: {
      what: string
      args: (topic: string) => string[]
      exit: number
      code: string
      message: RegExp
    }[] = [
      {
        what: 'illegal name',
        args: () => ['topics', 'create', 'orders/v1'],
        exit: 2,
        code: 'INVALID_TOPIC_NAME',
        message: /contains "\/"/,
      },
      {
        what: 'name of 250 characters',
        args: () => ['topics', 'create', 'x'.repeat(250)],
        exit: 2,
        code: 'INVALID_TOPIC_NAME',
        message: /at most 249/,
      },
      {
        what: '0 partitions',
        args: (t) => ['topics', 'create', `${t}.zero`, '--partitions', '0'],
        exit: 2,
        code: 'INVALID_PARTITIONS',
        message: /at least 1/,
      },
      {
        what: 'replication factor above the broker count',
        args: (t) => ['topics', 'create', `${t}.rf`, '--replication-factor', '4'],
        exit: 2,
        code: 'INVALID_REPLICATION_FACTOR',
        message: /replication factor/i,
      },
      {
        what: 'unknown config key',
        args: (t) => ['topics', 'create', `${t}.cfg`, '--config', 'retention.msx=1'],
        exit: 2,
        code: 'INVALID_CONFIG',
        message: /unknown topic config "retention.msx"; did you mean "retention.ms"/,
      },
      {
        what: 'bad config value',
        args: (t) => ['topics', 'create', `${t}.val`, '--config', 'cleanup.policy=sometimes'],
        exit: 2,
        code: 'INVALID_CONFIG',
        message: /invalid value "sometimes" for cleanup.policy/,
      },
      {
        what: 'existing topic',
        args: (t) => ['topics', 'create', t],
        exit: 5,
        code: 'TOPIC_EXISTS',
        message: /already exists/,
      },
      {
        what: 'missing topic (describe)',
        args: (t) => ['topics', 'describe', `${t}.missing`],
        exit: 4,
        code: 'TOPIC_NOT_FOUND',
        message: /does not exist/,
      },
      {
        what: 'missing topic (alter)',
        args: (t) => ['topics', 'alter', `${t}.missing`, '--partitions', '3'],
        exit: 4,
        code: 'TOPIC_NOT_FOUND',
        message: /does not exist/,
      },
      {
        what: 'partition decrease',
        args: (t) => ['topics', 'alter', t, '--partitions', '1'],
        exit: 5,
        code: 'PARTITION_DECREASE',
        message: /cannot reduce/,
      },
      {
        what: 'unknown flag',
        args: () => ['topics', 'list', '--bogus'],
        exit: 2,
        code: 'USAGE',
        message: /Nonexistent flag: --bogus/,
      },
    ]
    let existing: string
    beforeAll(async () => {
      existing = uniqueTopic('existing')
      expect(
        (await ktk(['topics', 'create', existing, '-b', cluster.bootstrap, '--partitions', '2'])).code,
      ).toBe(0)
    })

    it.each(cases)('$what exits $exit', async ({ args, exit, code, message }) => {
      const plain = await ktk([...args(existing), '-b', cluster.bootstrap])
      expect(plain.code).toBe(exit)
      expect(plain.stdout).toBe('')
      const firstLine = plain.stderr.split('\n')[0]!
      expect(firstLine).toMatch(/^error: /)
      expect(firstLine).toMatch(message)
      noStackTrace(plain.stderr)

      const asJson = await ktk([...args(existing), '-b', cluster.bootstrap, '--json'])
      expect(asJson.code).toBe(exit)
      const doc = json<ErrorJson>(asJson)
      expect(doc.error).toMatchObject({ code, exit })
      expect(doc.error.message).toMatch(message)
      noStackTrace(asJson.stderr)
    })
  })
})

describe('an unreachable broker', () => {
  it.each([[[]], [['--json']]])('exits 7 on a refusal naming the address %j', async (extra) => {
    // A port nothing listens on: refused at once.
    const refused = await ktk([
      'topics',
      'list',
      '-b',
      `127.0.0.1:${freePort(9)}`,
      '--timeout',
      '3s',
      ...extra,
    ])
    expect(refused.code).toBe(7)
    const text = extra.length ? json<ErrorJson>(refused).error.message : refused.stderr.split('\n')[0]!
    expect(text).toContain(`127.0.0.1:${freePort(9)}`)
    expect(text).toContain('connection refused') // the refusal ends it, not the timeout running out
    noStackTrace(refused.stderr)
  })

  it('that accepts connections but never answers exits 7 when the timeout runs out', async () => {
    const { createServer } = await import('node:net')
    const sockets: import('node:net').Socket[] = []
    const server = createServer((s) => sockets.push(s))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as import('node:net').AddressInfo
    try {
      const silent = await ktk(['topics', 'list', '-b', `127.0.0.1:${port}`, '--timeout', '2s'])
      expect(silent.code).toBe(7)
      expect(silent.ms).toBeGreaterThanOrEqual(1900)
      expect(silent.stderr.split('\n')[0]).toMatch(new RegExp(`127\\.0\\.0\\.1:${port} within 2000 ms`))
    } finally {
      for (const s of sockets) s.destroy()
      server.close()
    }
  })
})

describe('create --dry-run and terminal output', () => {
  it('--dry-run has the broker validate without creating, and still refuses what the broker would refuse', async () => {
    const cluster = await testCluster('kafka41')
    const topic = uniqueTopic('dryrun')
    const ok = await ktk([
      'topics',
      'create',
      topic,
      '--partitions',
      '3',
      '--dry-run',
      '-b',
      cluster.bootstrap,
      '--json',
    ])
    expect(ok.code, ok.stderr).toBe(0)
    expect(json<{ created: boolean; dryRun: boolean; partitions: number }>(ok)).toMatchObject({
      created: false,
      dryRun: true,
      partitions: 3,
    })
    expect((await ktk(['topics', 'list', '-b', cluster.bootstrap])).stdout.split('\n')).not.toContain(topic)
    const tooMany = await ktk([
      'topics',
      'create',
      topic,
      '--replication-factor',
      '2',
      '--dry-run',
      '-b',
      cluster.bootstrap,
    ])
    expect(tooMany.code).toBe(2)
    expect(tooMany.stderr.split('\n')[0]).toMatch(/replication factor/i)
  })

  it('on a terminal prints tables with borders, and colour unless NO_COLOR', async () => {
    const cluster = await testCluster('kafka41')
    const topic = uniqueTopic('tty')
    expect((await ktk(['topics', 'create', topic, '-b', cluster.bootstrap])).code).toBe(0)
    // util-linux `script` gives the command a pseudo-terminal as stdout.
    const inTerminal = (env: Record<string, string>) =>
      run(
        'script',
        ['-qec', `node bin/run.js topics describe ${topic} -b ${cluster.bootstrap}`, '/dev/null'],
        { env: { NO_COLOR: undefined, ...env } },
      )
    const coloured = await inTerminal({})
    expect(coloured.code).toBe(0)
    const stripped = coloured.stdout.replace(/\x1b\[[0-9;]*m/g, '')
    expect(stripped).toMatch(/┌─+┬/)
    expect(stripped).toContain(topic)
    expect(coloured.stdout).toMatch(/\x1b\[[0-9;]*m/)
    const plain = await inTerminal({ NO_COLOR: '1' })
    expect(plain.stdout).toMatch(/┌─+┬/)
    expect(plain.stdout).not.toMatch(/\x1b\[[0-9;]*m/)
  })
})
