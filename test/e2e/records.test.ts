import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { fromRanges } from '../../src/core/line-ranges.js'
import { javaBinary } from '../../src/local/java.js'
import { json, ktk, ktkProcess, noStackTrace, run, runRaw, uniqueTopic } from '../helpers/cli.js'
import { type ClusterName, type TestCluster, testCluster } from '../helpers/clusters.js'
import { consumerGroupsTool, createTopic, parseKafkaGroupOffsets } from '../helpers/groups.js'
import { kafkaTool } from '../helpers/kafka-tools.js'

interface ProduceJson {
  records: number
  acknowledged: number
  notAcknowledged: number
  partitions: { partition: number; records: number; firstOffset: number; lastOffset: number }[]
  failures: { lines: string; count: number; written: string; reason: string }[]
  transaction: { id: string; outcome: string } | null
  interrupted: boolean
  linesRead: number
  error?: { code: string; exit: number }
}

interface Envelope {
  topic: string
  partition: number
  offset: number
  timestamp: number
  key: string | null
  keyEncoding?: string
  value: string | null
  valueEncoding?: string
  headers: { key: string; value: string | null; encoding?: string }[]
}

const lines = (n: number, f: (i: number) => string) =>
  `${Array.from({ length: n }, (_, i) => f(i + 1)).join('\n')}\n`
const decode = (text: string | null, encoding = 'utf8') =>
  text === null ? null : Buffer.from(text, encoding as BufferEncoding)

/** kcat's view of a topic: every record's partition, offset, key and value bytes (null stays null). */
async function kcatRecords(bootstrap: string, topic: string, extra: string[] = []) {
  // %K/%S give lengths (-1 for null), so the raw bytes can be cut out exactly.
  const r = await runRaw('kcat', [
    '-b',
    bootstrap,
    '-C',
    '-t',
    topic,
    '-e',
    '-q',
    ...extra,
    '-f',
    '%p %o %K %S\n%k%s\n',
  ])
  expect(r.code, r.stderr).toBe(0)
  const out: { partition: number; offset: number; key: Buffer | null; value: Buffer | null }[] = []
  let i = 0
  while (i < r.stdout.length) {
    const nl = r.stdout.indexOf(10, i)
    const [p, o, k, s] = r.stdout.subarray(i, nl).toString().split(' ').map(Number) as [
      number,
      number,
      number,
      number,
    ]
    i = nl + 1
    const key = k < 0 ? null : r.stdout.subarray(i, i + k)
    i += Math.max(0, k)
    const value = s < 0 ? null : r.stdout.subarray(i, i + s)
    i += Math.max(0, s) + 1
    out.push({ partition: p, offset: o, key, value })
  }
  return out
}

/** The group's committed offsets as kafka-consumer-groups --describe shows them, by "topic-partition". */
async function committedOffsets(cluster: TestCluster, group: string): Promise<Map<string, number>> {
  const r = await consumerGroupsTool(cluster, ['--describe', '--group', group])
  expect(r.code, r.stderr).toBe(0)
  return new Map(
    parseKafkaGroupOffsets(r.stdout)
      .filter((row) => row.group === group && /^\d+$/.test(row.currentOffset))
      .map((row) => [`${row.topic}-${row.partition}`, Number(row.currentOffset)]),
  )
}

describe.each<ClusterName>(['kafka41', 'kafka39'])('produce and consume on %s', (name) => {
  let cluster: TestCluster
  let b: string[]
  beforeAll(async () => {
    cluster = await testCluster(name)
    b = ['-b', cluster.bootstrap]
  })

  /** Waits until the topic holds at least n records (so a producer under test is surely running). */
  const waitForRecords = async (topic: string, n: number) => {
    const deadline = Date.now() + 60_000
    for (;;) {
      const described = json<{ topics: { partitions: { latestOffset: number | null }[] }[] }>(
        await ktk(['topics', 'describe', topic, ...b, '--json']),
      )
      const total = described.topics[0]!.partitions.reduce((sum, p) => sum + (p.latestOffset ?? 0), 0)
      if (total >= n) return
      if (Date.now() > deadline) throw new Error(`${topic} did not reach ${n} records`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }

  it('exact counts: every line acknowledged, per partition as GetOffsetShell and kcat count them', async () => {
    const topic = uniqueTopic('records.count')
    await createTopic(cluster, topic, 4)
    const produced = await ktk(['produce', topic, ...b, '--key-separator', ':', '--json'], {
      input: lines(20_000, (i) => `key-${i % 997}:value-${i}`),
    })
    expect(produced.code, produced.stderr).toBe(0)
    const result = json<ProduceJson>(produced)
    expect(result).toMatchObject({ records: 20_000, acknowledged: 20_000, notAcknowledged: 0, failures: [] })
    expect(result.partitions.reduce((n, p) => n + p.records, 0)).toBe(20_000)

    const latest = await kafkaTool(cluster, 'get-offsets', [
      '--bootstrap-server',
      cluster.bootstrap,
      '--topic',
      topic,
      '--time',
      '-1',
    ])
    const theirs = Object.fromEntries(
      latest.stdout
        .trim()
        .split('\n')
        .map((l) => {
          const [, p, o] = l.split(':')
          return [Number(p), Number(o)]
        }),
    )
    for (const p of result.partitions) {
      expect(theirs[p.partition]).toBe(p.records)
      expect(p.lastOffset - p.firstOffset + 1).toBe(p.records)
    }

    const consumed = await ktk(['consume', topic, ...b, '--from-beginning', '-e'])
    expect(consumed.code, consumed.stderr).toBe(0)
    const values = consumed.stdout.trim().split('\n')
    expect(values).toHaveLength(20_000)
    expect(new Set(values).size).toBe(20_000)
    expect(consumed.stderr).toContain('consumed 20,000 records')
    expect(await kcatRecords(cluster.bootstrap, topic)).toHaveLength(20_000)
  })

  it("keys land on the partition Kafka's console producer (parse.key=true) puts them on, for 1,000 keys", async () => {
    const ours = uniqueTopic('records.keys.ktk')
    const theirs = uniqueTopic('records.keys.java')
    await createTopic(cluster, ours, 7)
    await createTopic(cluster, theirs, 7)
    const input = lines(1000, (i) => `key-${i}-${randomBytes(4).toString('hex')}:v${i}`)
    const produced = await ktk(['produce', ours, ...b, '--key-separator', ':'], { input })
    expect(produced.code, produced.stderr).toBe(0)
    const java = await kafkaTool(
      cluster,
      'console-producer',
      [
        '--bootstrap-server',
        cluster.bootstrap,
        '--topic',
        theirs,
        '--property',
        'parse.key=true',
        '--property',
        'key.separator=:',
      ],
      input,
    )
    expect(java.code, java.stderr).toBe(0)
    const placement = async (topic: string) => {
      const r = await ktk(['consume', topic, ...b, '--from-beginning', '-e', '--format', '%k %p\\n'])
      expect(r.code, r.stderr).toBe(0)
      return new Map(
        r.stdout
          .trim()
          .split('\n')
          .map((l) => l.split(' ') as [string, string]),
      )
    }
    const a = await placement(ours)
    const j = await placement(theirs)
    expect(a.size).toBe(1000)
    expect(j.size).toBe(1000)
    for (const [key, partition] of j) expect(a.get(key), key).toBe(partition)
    expect(new Set(a.values()).size).toBe(7)
  })

  it('the jsonl round trip is byte-exact: binary keys, values and headers, null values and keys', async () => {
    const first = uniqueTopic('records.jsonl')
    const second = uniqueTopic('records.jsonl.copy')
    await createTopic(cluster, first, 3)
    await createTopic(cluster, second, 3)
    const base = Date.now() - 60_000
    const originals = Array.from({ length: 300 }, (_, i) => ({
      key: i % 10 === 0 ? null : randomBytes(1 + (i % 17)),
      value: i % 7 === 0 ? null : i % 11 === 0 ? Buffer.alloc(0) : randomBytes(1 + ((i * 13) % 200)),
      headers:
        i % 3 === 0
          ? []
          : [
              { key: `h${i % 4}`, value: randomBytes(i % 5) },
              { key: 'nil', value: null },
            ],
      partition: i % 3,
      timestamp: base + i,
    }))
    const input = originals
      .map((r) =>
        JSON.stringify({
          key: r.key?.toString('hex') ?? null,
          value: r.value?.toString('hex') ?? null,
          headers: r.headers.map((h) => ({ key: h.key, value: h.value?.toString('hex') ?? null })),
          partition: r.partition,
          timestamp: r.timestamp,
        }),
      )
      .join('\n')
    const produced = await ktk(
      ['produce', first, ...b, '--input', 'jsonl', '--key-encoding', 'hex', '--value-encoding', 'hex'],
      {
        input,
      },
    )
    expect(produced.code, produced.stderr).toBe(0)

    const dump = async (topic: string) => {
      const r = await ktk(['consume', topic, ...b, '--from-beginning', '-e', '--output', 'jsonl'])
      expect(r.code, r.stderr).toBe(0)
      return r.stdout
    }
    const out = await dump(first)
    const envelopes = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Envelope)
    expect(envelopes).toHaveLength(300)
    const byTime = new Map(envelopes.map((e) => [e.timestamp, e]))
    for (const o of originals) {
      const e = byTime.get(o.timestamp)!
      expect(e.partition).toBe(o.partition)
      expect(decode(e.key, e.keyEncoding)).toEqual(o.key)
      expect(decode(e.value, e.valueEncoding)).toEqual(o.value)
      expect(e.headers.map((h) => [h.key, decode(h.value, h.encoding)])).toEqual(
        o.headers.map((h) => [h.key, h.value]),
      )
    }

    // kcat, an independent reader, sees the same bytes.
    const seen = await kcatRecords(cluster.bootstrap, first)
    expect(seen).toHaveLength(300)
    for (const s of seen) {
      const e = envelopes.find((x) => x.partition === s.partition && x.offset === s.offset)!
      expect(s.key).toEqual(decode(e.key, e.keyEncoding))
      expect(s.value).toEqual(decode(e.value, e.valueEncoding))
    }

    // consume --output jsonl | produce --input jsonl reproduces every record.
    const copied = await ktk(['produce', second, ...b, '--input', 'jsonl'], { input: out })
    expect(copied.code, copied.stderr).toBe(0)
    const strip = (text: string) =>
      text
        .trim()
        .split('\n')
        .map((l) => {
          const { topic: _t, ...rest } = JSON.parse(l) as Envelope
          return JSON.stringify(rest)
        })
        .sort()
    expect(strip(await dump(second))).toEqual(strip(out))
  })

  it('two runs of consume --group g -n 100 return consecutive, non-overlapping ranges, committed exactly', async () => {
    const topic = uniqueTopic('records.group')
    const group = uniqueTopic('g')
    await createTopic(cluster, topic, 3)
    const produced = await ktk(['produce', topic, ...b, '--key-separator', ':', '--batch-size', '1024'], {
      input: lines(1000, (i) => `k${i % 50}:${i}`),
    })
    expect(produced.code, produced.stderr).toBe(0)
    const runOnce = async () => {
      const r = await ktk([
        'consume',
        topic,
        ...b,
        '--group',
        group,
        '--from-beginning',
        '-n',
        '100',
        '--format',
        '%p %o\\n',
      ])
      expect(r.code, r.stderr).toBe(0)
      return r.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(' ').map(Number) as [number, number])
    }
    const one = await runOnce()
    const two = await runOnce()
    expect(one).toHaveLength(100)
    expect(two).toHaveLength(100)
    const all = [...one, ...two]
    expect(new Set(all.map(([p, o]) => `${p}-${o}`)).size).toBe(200)
    // Per partition: offsets from 0 without gaps, the second run continuing where the first stopped.
    const committed = await committedOffsets(cluster, group)
    for (let p = 0; p < 3; p++) {
      const offsets = all.filter(([x]) => x === p).map(([, o]) => o)
      expect(offsets).toEqual(Array.from({ length: offsets.length }, (_, i) => i))
      if (offsets.length > 0) expect(committed.get(`${topic}-${p}`)).toBe(offsets.length)
    }
    const firstMax = new Map<number, number>()
    for (const [p, o] of one) firstMax.set(p, Math.max(firstMax.get(p) ?? -1, o))
    for (const [p, o] of two) expect(o).toBeGreaterThan(firstMax.get(p) ?? -1)
  })

  it('two members of a group share the partitions across a rebalance: every record written once in all', async () => {
    const topic = uniqueTopic('records.rebalance')
    const group = uniqueTopic('g')
    await createTopic(cluster, topic, 4)
    const consume = () =>
      ktkProcess(['consume', topic, ...b, '--group', group, '--from-beginning', '--idle-timeout', '8s'])
    const first = consume()
    let next = 1
    const produceSome = async (n: number) => {
      const r = await ktk(['produce', topic, ...b, '--key-separator', ':'], {
        input: lines(n, () => `k${next % 40}:${next++}`),
      })
      expect(r.code, r.stderr).toBe(0)
    }
    await produceSome(2000)
    const second = consume()
    for (let round = 0; round < 8; round++) {
      await produceSome(1000)
      await new Promise((r) => setTimeout(r, 700))
    }
    const [a, c] = await Promise.all([first.done, second.done])
    expect(a.code, a.stderr).toBe(0)
    expect(c.code, c.stderr).toBe(0)
    const seen = [...a.stdout.trim().split('\n'), ...c.stdout.trim().split('\n')].filter(Boolean).map(Number)
    expect(seen.length).toBe(next - 1)
    expect(new Set(seen).size).toBe(next - 1)
    // Both members got partitions at some point.
    expect(a.stdout.length).toBeGreaterThan(0)
    expect(c.stdout.length).toBeGreaterThan(0)
    const committed = await committedOffsets(cluster, group)
    expect([...committed.values()].reduce((x, y) => x + y, 0)).toBe(next - 1)
  })

  it('| head ends with exit 0 and no EPIPE trace; the group commits what was written, and the next run continues there', async () => {
    const topic = uniqueTopic('records.head')
    const group = uniqueTopic('g')
    await createTopic(cluster, topic, 1)
    await ktk(['produce', topic, ...b], { input: lines(50_000, (i) => `${i}`) })
    const bin = join(process.cwd(), 'bin', 'run.js')
    const r = await run('bash', [
      '-c',
      `"${process.execPath}" "${bin}" consume ${topic} -b ${cluster.bootstrap} --group ${group} --from-beginning | head -n 5; echo "ktk-exit=\${PIPESTATUS[0]}" >&2`,
    ])
    expect(r.stdout).toBe('1\n2\n3\n4\n5\n')
    expect(r.stderr).toContain('ktk-exit=0')
    expect(r.stderr).not.toMatch(/EPIPE|Error/)
    noStackTrace(r.stderr)
    const written = Number(/consumed ([\d,]+) records/.exec(r.stderr)?.[1]?.replaceAll(',', ''))
    expect(written).toBeGreaterThanOrEqual(5)
    expect(written).toBeLessThan(50_000)
    expect(r.stderr).toContain(`committed ${topic}-0@${written}`)
    expect((await committedOffsets(cluster, group)).get(`${topic}-0`)).toBe(written)
    const next = await ktk(['consume', topic, ...b, '--group', group, '-n', '3'])
    expect(next.stdout).toBe(`${written + 1}\n${written + 2}\n${written + 3}\n`)
  })

  it('Ctrl-C exits 130 and commits exactly what was written', async () => {
    const topic = uniqueTopic('records.sigint')
    const group = uniqueTopic('g')
    await createTopic(cluster, topic, 2)
    await ktk(['produce', topic, ...b], { input: lines(3000, (i) => `${i}`) })
    const p = ktkProcess(['consume', topic, ...b, '--group', group, '--from-beginning'])
    const deadline = Date.now() + 60_000
    while (p.stdout().toString().split('\n').length <= 3000 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100))
    p.child.kill('SIGINT')
    const r = await p.done
    expect(r.code).toBe(130)
    noStackTrace(r.stderr)
    const printed = r.stdout.trim().split('\n')
    expect(printed).toHaveLength(3000)
    const committed = await committedOffsets(cluster, group)
    expect((committed.get(`${topic}-0`) ?? 0) + (committed.get(`${topic}-1`) ?? 0)).toBe(3000)
  })

  it('records refused by the broker are reported by line number, and exactly the others are in the topic', async () => {
    const topic = uniqueTopic('records.refused')
    await createTopic(cluster, topic, 1, ['max.message.bytes=2000'])
    const big = new Set([10, 50, 51, 52, 99])
    const input = lines(100, (i) => (big.has(i) ? `${i}:${'x'.repeat(5000)}` : `${i}`))
    // Default batches are larger than the topic allows: they are split until only the big records fail.
    const r = await ktk(['produce', topic, ...b, '--json'], { input })
    expect(r.code).toBe(1)
    const result = json<ProduceJson>(r)
    expect(result.error?.code).toBe('NOT_ACKNOWLEDGED')
    expect(result.acknowledged).toBe(95)
    expect(result.notAcknowledged).toBe(5)
    expect(result.failures.map((f) => f.lines).join(',')).toBe('10,50-52,99')
    expect(result.failures.every((f) => f.written === 'no' && /TOO_LARGE/.test(f.reason))).toBe(true)
    const inTopic = (await kcatRecords(cluster.bootstrap, topic)).map((x) =>
      Number(x.value!.toString().split(':')[0]),
    )
    expect(inTopic).toEqual(Array.from({ length: 100 }, (_, i) => i + 1).filter((i) => !big.has(i)))

    const text = await ktk(['produce', topic, ...b, '--batch-size', '1024'], { input })
    expect(text.code).toBe(1)
    expect(text.stderr).toContain('5 of 100 records were not acknowledged (lines 10,50-52,99)')
  })

  it('an interrupted produce (Ctrl-C) exits 130 and reports exactly the lines that are not in the topic', async () => {
    const topic = uniqueTopic('records.interrupted')
    await createTopic(cluster, topic, 2)
    const p = ktkProcess(['produce', topic, ...b, '--json'])
    p.child.stdin.write(lines(5000, (i) => `${i}`))
    await waitForRecords(topic, 5000)
    p.child.stdin.write('5001\n5002\n')
    await new Promise((r) => setTimeout(r, 500))
    p.child.kill('SIGINT')
    const r = await p.done
    expect(r.code).toBe(130)
    const result = json<ProduceJson>(r)
    expect(result.interrupted).toBe(true)
    expect(result.records).toBe(result.linesRead)
    expect(result.acknowledged + result.notAcknowledged).toBe(result.records)
    const missing = new Set(
      result.failures.flatMap((f) =>
        f.lines.split(',').flatMap((part) => {
          const [a, z] = part.split('-').map(Number) as [number, number | undefined]
          return Array.from({ length: (z ?? a) - a + 1 }, (_, i) => a + i)
        }),
      ),
    )
    const inTopic = new Set(
      (await kcatRecords(cluster.bootstrap, topic)).map((x) => Number(x.value!.toString())),
    )
    expect(inTopic.size).toBe(result.acknowledged)
    for (let line = 1; line <= result.records; line++)
      expect(inTopic.has(line) !== missing.has(line)).toBe(true)
  })

  it('Ctrl-C in the middle of a large file: what was read but not sent is reported, exactly the rest is in the topic', async () => {
    const topic = uniqueTopic('records.bigfile')
    await createTopic(cluster, topic, 3)
    const dir = mkdtempSync(join(tmpdir(), 'ktk-records-'))
    const file = join(dir, 'big.txt')
    writeFileSync(
      file,
      lines(5_000_000, (i) => `${i}`),
    )
    const p = ktkProcess(['produce', topic, ...b, '--file', file, '--json'])
    await waitForRecords(topic, 1)
    p.child.kill('SIGINT')
    const r = await p.done
    rmSync(dir, { recursive: true, force: true })
    expect(r.code).toBe(130)
    const result = json<ProduceJson>(r)
    expect(result.interrupted).toBe(true)
    expect(result.records).toBe(result.linesRead)
    expect(result.records).toBeLessThan(5_000_000)
    expect(result.notAcknowledged).toBeGreaterThan(0)
    expect(result.acknowledged + result.notAcknowledged).toBe(result.records)
    expect(result.failures.every((f) => f.written === 'no' && /interrupted/.test(f.reason))).toBe(true)
    const missing = new Set(result.failures.flatMap((f) => fromRanges(f.lines)))
    const inTopic = (await kcatRecords(cluster.bootstrap, topic)).map((x) => Number(x.value!.toString()))
    expect(inTopic).toHaveLength(result.acknowledged)
    const present = new Set(inTopic)
    expect(present.size).toBe(result.acknowledged)
    for (let line = 1; line <= result.records; line++)
      expect(present.has(line) !== missing.has(line)).toBe(true)
  })

  it('each compression codec round-trips with kcat both ways, and batches are stored compressed', async () => {
    const input = lines(500, (i) => `record ${i} ${'abc'.repeat(i % 20)}`)
    for (const codec of ['gzip', 'snappy', 'lz4', 'zstd']) {
      const topic = uniqueTopic(`records.${codec}`)
      await createTopic(cluster, topic, 1)
      const produced = await ktk(['produce', topic, ...b, '--compression', codec], { input })
      expect(produced.code, produced.stderr).toBe(0)
      const read = await runRaw('kcat', ['-b', cluster.bootstrap, '-C', '-t', topic, '-e', '-q'])
      expect(read.stdout.toString(), codec).toBe(input)
      const segment = join(cluster.root, 'node-1', 'data', `${topic}-0`, '00000000000000000000.log')
      const dumped = await run(javaBinary(), [
        '-cp',
        `${cluster.jarsDir}/*`,
        'kafka.tools.DumpLogSegments',
        '--files',
        segment,
      ])
      expect(dumped.stdout.toLowerCase()).toContain(`compresscodec: ${codec}`)

      const other = lines(500, (i) => `kcat ${codec} ${i}`)
      const kcat = await runRaw('kcat', ['-b', cluster.bootstrap, '-P', '-t', topic, '-z', codec], {
        input: other,
      })
      expect(kcat.code, kcat.stderr).toBe(0)
      const back = await ktk(['consume', topic, ...b, '--offset', '500', '-e'])
      expect(back.code, back.stderr).toBe(0)
      expect(back.stdout, codec).toBe(other)
    }
  })

  it('formats, filters, time ranges and offsets', async () => {
    const topic = uniqueTopic('records.filters')
    await createTopic(cluster, topic, 2)
    const t0 = Date.now() - 100_000
    const input = Array.from({ length: 40 }, (_, i) =>
      JSON.stringify({
        key: `order-${i}`,
        value: {
          total_price: i * 10,
          currency: i % 2 ? 'EUR' : 'USD',
          customer: { country: i % 3 ? 'DE' : 'FR' },
        },
        headers: { source: i % 4 === 0 ? 'web' : 'app' },
        partition: i % 2,
        timestamp: t0 + i * 1000,
      }),
    ).join('\n')
    expect((await ktk(['produce', topic, ...b, '--input', 'jsonl'], { input })).code).toBe(0)
    const keys = async (...args: string[]) => {
      const r = await ktk(['consume', topic, ...b, '--from-beginning', '-e', '--format', '%k\\n', ...args])
      expect(r.code, r.stderr).toBe(0)
      return r.stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((k) => Number(k.slice(6)))
        .sort((x, y) => x - y)
    }
    const all = Array.from({ length: 40 }, (_, i) => i)
    expect(await keys('--where', 'total_price > 300 and currency == "EUR"')).toEqual(
      all.filter((i) => i * 10 > 300 && i % 2),
    )
    expect(await keys('--where', 'customer.country == "FR" or total_price < 20')).toEqual(
      all.filter((i) => i % 3 === 0 || i < 2),
    )
    expect(await keys('--header-filter', 'source=web')).toEqual(all.filter((i) => i % 4 === 0))
    expect(await keys('--grep', '^order-1[0-9]$')).toEqual(all.filter((i) => i >= 10 && i <= 19))
    expect(await keys('--partition', '1')).toEqual(all.filter((i) => i % 2 === 1))

    const fromTo = await ktk([
      'consume',
      topic,
      ...b,
      '--from-time',
      new Date(t0 + 10_000).toISOString(),
      '--to-time',
      new Date(t0 + 19_000).toISOString(),
      '--format',
      '%k\\n',
    ])
    expect(fromTo.code, fromTo.stderr).toBe(0)
    expect(
      fromTo.stdout
        .trim()
        .split('\n')
        .map((k) => Number(k.slice(6)))
        .sort((x, y) => x - y),
    ).toEqual(all.filter((i) => i >= 10 && i <= 19))
    const last = await ktk(['consume', topic, ...b, '--offset', '-3', '-e', '--format', '%p:%o %T\\n'])
    expect(last.stdout.trim().split('\n').sort()).toEqual(
      ['0:17', '0:18', '0:19', '1:17', '1:18', '1:19']
        .map((po) => {
          const [p, o] = po.split(':').map(Number) as [number, number]
          return `${po} ${t0 + (o * 2 + p) * 1000}`
        })
        .sort(),
    )
    const fixed = await ktk([
      'consume',
      topic,
      ...b,
      '--partition',
      '0',
      '--offset',
      '18',
      '-e',
      '--format',
      '%t|%p|%o|%k|%h|%K|%S\\n',
    ])
    expect(fixed.stdout).toBe(
      `${topic}|0|18|order-36|source=web|8|${JSON.stringify({ total_price: 360, currency: 'USD', customer: { country: 'FR' } }).length}\n${topic}|0|19|order-38|source=app|8|${JSON.stringify({ total_price: 380, currency: 'USD', customer: { country: 'DE' } }).length}\n`,
    )
    const idle = await ktk(['consume', topic, ...b, '--idle-timeout', '1s'])
    expect(idle.code).toBe(0)
    expect(idle.stdout).toBe('')
    expect(idle.stderr).toContain('idle timeout')
    expect(idle.stderr).not.toMatch(/\r|\[=/) // no progress bar when stderr is not a terminal
    const bad = await ktk(['consume', topic, ...b, '--where', 'total_price >'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--where')
  })

  it('progress bars: on a terminal for -n/-e and for a produced file; nothing of them when piped', async () => {
    const topic = uniqueTopic('records.progress')
    await createTopic(cluster, topic, 1)
    const dir = mkdtempSync(join(tmpdir(), 'ktk-records-'))
    const file = join(dir, 'in.txt')
    writeFileSync(
      file,
      lines(20_000, (i) => `${i}`),
    )
    const bin = join(process.cwd(), 'bin', 'run.js')
    const tty = (args: string) =>
      run('script', ['-qec', `"${process.execPath}" "${bin}" ${args}`, '/dev/null'])
    const produced = await tty(`produce ${topic} -b ${cluster.bootstrap} --file ${file}`)
    rmSync(dir, { recursive: true, force: true })
    expect(produced.stdout).toMatch(/\[=+\] 100% 1\d\d\.\d kB\/1\d\d\.\d kB/)
    const consumed = await tty(`consume ${topic} -b ${cluster.bootstrap} --from-beginning -e`)
    expect(consumed.stdout).toMatch(/\[=+\] 100% 20,000\/20,000 records/)
    const limited = await tty(`consume ${topic} -b ${cluster.bootstrap} --from-beginning -n 500`)
    expect(limited.stdout).toMatch(/500\/500 records/)
    const piped = await ktk(['consume', topic, ...b, '--from-beginning', '-e'])
    expect(piped.stderr).not.toMatch(/records\/s|\[=/)
  })

  it('a transaction commits the whole input, or is aborted on failure and stays invisible to read_committed', async () => {
    const topic = uniqueTopic('records.txn')
    await createTopic(cluster, topic, 2, ['max.message.bytes=2000'])
    const ok = await ktk(['produce', topic, ...b, '--transactional-id', uniqueTopic('tx'), '--json'], {
      input: lines(100, (i) => `${i}`),
    })
    expect(ok.code, ok.stderr).toBe(0)
    expect(json<ProduceJson>(ok).transaction?.outcome).toBe('committed')
    const failing = await ktk(
      ['produce', topic, ...b, '--transactional-id', uniqueTopic('tx'), '--batch-size', '1024', '--json'],
      {
        input: lines(100, (i) => (i === 60 ? 'x'.repeat(5000) : `t2-${i}`)),
      },
    )
    expect(failing.code).toBe(1)
    const result = json<ProduceJson>(failing)
    expect(result.transaction?.outcome).toBe('aborted')
    expect(result.acknowledged).toBe(0)
    expect(result.notAcknowledged).toBe(100)
    const committed = await ktk([
      'consume',
      topic,
      ...b,
      '--from-beginning',
      '-e',
      '--isolation-level',
      'read_committed',
    ])
    expect(committed.stdout.trim().split('\n').sort()).toEqual(
      Array.from({ length: 100 }, (_, i) => `${i + 1}`).sort(),
    )
    const uncommitted = await ktk(['consume', topic, ...b, '--from-beginning', '-e'])
    expect(uncommitted.stdout).toContain('t2-1\n')
    const kcatCommitted = await kcatRecords(cluster.bootstrap, topic, [
      '-X',
      'isolation.level=read_committed',
    ])
    expect(kcatCommitted).toHaveLength(100)
  })
})
