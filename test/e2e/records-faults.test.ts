import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cacheDir } from '../../src/config/paths.js'
import { LocalCluster } from '../../src/local/cluster.js'
import {
  errorLine,
  json,
  ktk,
  ktkProcess,
  noStackTrace,
  type RunResult,
  uniqueTopic,
} from '../helpers/cli.js'
import { freePort, TEST_ROOT, type TestCluster, testCluster } from '../helpers/clusters.js'
import { consumerGroupsTool, createTopic, deleteRecords, parseKafkaGroupOffsets } from '../helpers/groups.js'

/**
 * produce and consume when things go wrong: signals (SIGTERM like Ctrl-C, with the report and exactly
 * the commits of what was printed), a consumer SIGKILLed after periodic commits, every broker SIGKILLed
 * under a consumer (exit 7 within --timeout, with the report), and inputs refused before connecting.
 */

const lines = (n: number, f: (i: number) => string) =>
  `${Array.from({ length: n }, (_, i) => f(i + 1)).join('\n')}\n`
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))
const printedLines = (stdout: string) => (stdout === '' ? 0 : stdout.trimEnd().split('\n').length)
const consumedCount = (stderr: string) =>
  Number(/consumed ([\d,]+) records?/.exec(stderr)?.[1]?.replaceAll(',', '') ?? Number.NaN)

type Running = ReturnType<typeof ktkProcess>

/**
 * The process's result, or a failure naming the hang when it is still running `ms` after the moment the
 * test expects it to end (it is SIGKILLed then, so no test waits for vitest's own timeout).
 */
async function endsWithin(p: Running, ms: number, what: string): Promise<RunResult> {
  let timer: NodeJS.Timeout | undefined
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      p.child.kill('SIGKILL')
      reject(new Error(`${what}: still running ${ms} ms later (a hang); stderr:\n${p.stderr()}`))
    }, ms)
  })
  try {
    return await Promise.race([p.done, hang])
  } finally {
    clearTimeout(timer)
  }
}

/** Polls until the condition holds (never a fixed sleep for correctness); fails after a minute. */
async function until(what: string, condition: () => boolean | Promise<boolean>, limitMs = 60_000) {
  const deadline = Date.now() + limitMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await pause(100)
  }
}

/** The group's committed offsets as Kafka's kafka-consumer-groups shows them, summed over partitions. */
async function committedTotal(cluster: TestCluster, group: string): Promise<number> {
  const r = await consumerGroupsTool(cluster, ['--describe', '--group', group])
  return parseKafkaGroupOffsets(r.stdout)
    .filter((row) => row.group === group && /^\d+$/.test(row.currentOffset))
    .reduce((sum, row) => sum + Number(row.currentOffset), 0)
}

async function topicRecords(bootstrap: string, topic: string): Promise<number> {
  const described = json<{ topics: { partitions: { latestOffset: number | null }[] }[] }>(
    await ktk(['topics', 'describe', topic, '-b', bootstrap, '--json']),
  )
  return described.topics[0]!.partitions.reduce((sum, p) => sum + (p.latestOffset ?? 0), 0)
}

describe('inputs refused before connecting (exit 2, not 7: nothing listens at the address)', () => {
  const nowhere = ['-b', '127.0.0.1:9', '--timeout', '3s']

  it('produce --acks 0 --idempotence: idempotence needs acks=all', async () => {
    const r = await ktk(['produce', 'orders', ...nowhere, '--acks', '0', '--idempotence'], { input: 'a\n' })
    expect(r.code).toBe(2)
    expect(errorLine(r.stderr)).toMatch(/--idempotence needs --acks all/)
    noStackTrace(r.stderr)
    // Without --idempotence, --acks 0 is accepted (the default idempotence turns off): it gets to connecting.
    const plain = await ktk(['produce', 'orders', ...nowhere, '--acks', '0'], { input: 'a\n' })
    expect(plain.code).toBe(7)
  })

  it("consume --format '%Z' is exit 2 at once", async () => {
    const r = await ktk(['consume', 'orders', ...nowhere, '--from-beginning', '-e', '--format', '%Z'])
    expect(r.code).toBe(2)
    expect(errorLine(r.stderr)).toBe('error: --format: unknown token %Z')
    expect(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('error:')),
    ).toHaveLength(1)
    noStackTrace(r.stderr)
    const jsonRun = await ktk(['consume', 'orders', ...nowhere, '-e', '--format', '%Z', '--json'])
    expect(jsonRun.code).toBe(2)
    expect(json<{ error: { code: string; exit: number } }>(jsonRun).error).toMatchObject({
      code: 'USAGE',
      exit: 2,
    })
  })

  it.each([
    [['--commit-interval', '1s'], /--commit-interval is for --group/],
    [['--group', 'g', '--commit-interval', '0s'], /--commit-interval "0s" must be more than 0/],
    [['--group', 'g', '--commit-interval', 'soon'], /--commit-interval "soon" is not a duration/],
  ])('consume %j is exit 2', async (flags, message) => {
    const r = await ktk(['consume', 'orders', ...nowhere, ...flags])
    expect(r.code).toBe(2)
    expect(errorLine(r.stderr)).toMatch(message)
    noStackTrace(r.stderr)
  })
})

describe('signals, periodic commits and inputs on kafka41', () => {
  let cluster: TestCluster
  let b: string[]
  beforeAll(async () => {
    cluster = await testCluster('kafka41')
    b = ['-b', cluster.bootstrap]
  })

  it("--format '%Z' with --group never joins: the group does not exist afterwards", async () => {
    const topic = uniqueTopic('faults.format')
    const group = uniqueTopic('g')
    await createTopic(cluster, topic, 1)
    await ktk(['produce', topic, ...b], { input: lines(10, (i) => `${i}`) })
    const r = await ktk([
      'consume',
      topic,
      ...b,
      '--from-beginning',
      '-e',
      '--format',
      '%Z',
      '--group',
      group,
    ])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(errorLine(r.stderr)).toBe('error: --format: unknown token %Z')
    const described = await consumerGroupsTool(cluster, ['--describe', '--group', group])
    expect(`${described.stdout}${described.stderr}`).toContain(`Group ${group} not found.`)
  })

  it('--offset before the start of the log says where it started instead', async () => {
    const topic = uniqueTopic('faults.offset')
    await createTopic(cluster, topic, 1)
    await ktk(['produce', topic, ...b], { input: lines(20, (i) => `${i}`) })
    await deleteRecords(cluster, topic, 0, 10)
    const r = await ktk(['consume', topic, ...b, '--offset', '2', '-e'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe(lines(10, (i) => `${i + 10}`))
    expect(r.stderr).toContain(
      `warning: ${topic}-0: offset 2 is before the start of the log (10); starting at 10`,
    )
    // Past the end: said too; nothing is read.
    const past = await ktk(['consume', topic, ...b, '--offset', '99', '-e'])
    expect(past.code).toBe(0)
    expect(past.stdout).toBe('')
    expect(past.stderr).toContain(`warning: ${topic}-0: offset 99 is past its end (20); starting at 20`)
    // In range: no warning.
    const inRange = await ktk(['consume', topic, ...b, '--offset', '15', '-e'])
    expect(inRange.stdout).toBe(lines(5, (i) => `${i + 15}`))
    expect(inRange.stderr).not.toContain('warning:')
  })

  it('a jsonl line with an unknown field is reported by line and field, exit 2, and never produced', async () => {
    const topic = uniqueTopic('faults.envelope')
    await createTopic(cluster, topic, 1)
    const input = '{"value":"a"}\n{"valeu":"x"}\n{"value":"c"}\n'
    const r = await ktk(['produce', topic, ...b, '--input', 'jsonl'], { input })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/not written: 1 record, lines 2: invalid envelope: unknown field "valeu"/)
    expect(errorLine(r.stderr)).toContain('1 of 3 records were not acknowledged (lines 2)')
    noStackTrace(r.stderr)
    const read = await ktk(['consume', topic, ...b, '--from-beginning', '-e'])
    expect(read.stdout).toBe('a\nc\n')
  })

  it('SIGTERM during produce: exit 143 and the report of what was acknowledged', async () => {
    const topic = uniqueTopic('faults.produce-term')
    await createTopic(cluster, topic, 2)
    const p = ktkProcess(['produce', topic, ...b])
    p.child.stdin.write(lines(1000, (i) => `${i}`))
    await until(
      '1,000 records in the topic',
      async () => (await topicRecords(cluster.bootstrap, topic)) >= 1000,
    )
    p.child.kill('SIGTERM')
    const r = await endsWithin(p, 60_000, 'produce after SIGTERM')
    expect(r.code).toBe(143)
    expect(r.stderr).toMatch(/^terminated: produced 1,000 of 1,000 records/m)
    expect(r.stderr).toContain('input read up to line 1,000; the rest was not read')
    expect(errorLine(r.stderr)).toBe(
      'error: terminated (SIGTERM): 0 of 1000 records read were not acknowledged',
    )
    noStackTrace(r.stderr)
    expect(await topicRecords(cluster.bootstrap, topic)).toBe(1000)
  })

  it('SIGTERM during consume --group: exit 143, the report, and the commits equal what was printed', async () => {
    const topic = uniqueTopic('faults.consume-term')
    const group = uniqueTopic('g')
    await createTopic(cluster, topic, 2)
    await ktk(['produce', topic, ...b], { input: lines(200_000, (i) => `${i}`) })
    // A long commit interval: what is committed here is the last commit, made after the signal.
    const p = ktkProcess([
      'consume',
      topic,
      ...b,
      '--group',
      group,
      '--from-beginning',
      '--commit-interval',
      '1h',
    ])
    await until('3,000 records printed', () => printedLines(p.stdout().toString()) >= 3000)
    p.child.kill('SIGTERM')
    const r = await endsWithin(p, 60_000, 'consume after SIGTERM')
    expect(r.code).toBe(143)
    noStackTrace(r.stderr)
    const printed = printedLines(r.stdout)
    expect(r.stderr).toMatch(/consumed [\d,]+ records in .*, terminated \(SIGTERM\)/)
    expect(consumedCount(r.stderr)).toBe(printed)
    expect(r.stderr).toMatch(new RegExp(`group ${group}: committed ${topic}-`))
    expect(await committedTotal(cluster, group)).toBe(printed)
  })

  it('SIGKILL after periodic commits: committed is never ahead of what was printed, and catches up with it', async () => {
    const topic = uniqueTopic('faults.sigkill')
    const group = uniqueTopic('g')
    await createTopic(cluster, topic, 2)
    const producer = ktkProcess(['produce', topic, ...b, '--linger', '1ms'])
    const consumer = ktkProcess([
      'consume',
      topic,
      ...b,
      '--group',
      group,
      '--from-beginning',
      '--commit-interval',
      '500ms',
    ])
    // While records keep coming: every committed total Kafka shows is at most what had been printed.
    let fed = 0
    const feed = setInterval(() => {
      producer.child.stdin.write(lines(200, (i) => `${fed + i}`))
      fed += 200
    }, 50)
    let samples = 0
    try {
      await until('three commits seen while records arrive', async () => {
        const committed = await committedTotal(cluster, group)
        expect(committed).toBeLessThanOrEqual(printedLines(consumer.stdout().toString()))
        if (committed > 0) samples++
        return samples >= 3
      })
    } finally {
      clearInterval(feed)
    }
    producer.child.stdin.end()
    const produced = await producer.done
    expect(produced.code, produced.stderr).toBe(0)
    await until('every record printed', () => printedLines(consumer.stdout().toString()) === fed)
    // With the consumer still running, the periodic commits reach exactly what was printed.
    await until(
      'the periodic commit of everything printed',
      async () => (await committedTotal(cluster, group)) === fed,
    )
    consumer.child.kill('SIGKILL')
    const r = await consumer.done
    expect(r.code).toBeNull()
    expect(printedLines(r.stdout)).toBe(fed)
    expect(await committedTotal(cluster, group)).toBe(fed)
  }, 300_000)
})

/**
 * Every broker SIGKILLed under running consumers, on a three-broker cluster of this file's own (the
 * shared clusters stay up for the other files): each consumer ends with exit 7 within its --timeout,
 * and its report; Ctrl-C during the outage is exit 130 with the report.
 */
describe('every broker killed under a consumer', () => {
  let local: LocalCluster
  let cluster: TestCluster
  beforeAll(async () => {
    local = new LocalCluster({
      root: join(TEST_ROOT, 'clusters', 'records-faults', 'local'),
      cacheDir: cacheDir(),
      env: process.env,
      progress: (m) => process.stderr.write(`[records-faults] ${m}\n`),
    })
    await local.stop({ deleteData: true })
    const status = await local.start({
      version: '4.1.2',
      brokers: 3,
      port: freePort(11),
      fresh: true,
      waitMs: 240_000,
    })
    cluster = {
      name: 'records-faults',
      version: '4.1.2',
      brokers: 3,
      port: freePort(11),
      bootstrap: status.bootstrap!,
      root: status.root,
      stateDir: join(status.root, '..'),
      jarsDir: local.record!.jarsDir,
    }
  })
  afterAll(async () => {
    await local?.stop({ deleteData: true })
  })

  it('consume -e, --group and follow mode end with exit 7 within --timeout, with the report; Ctrl-C in the outage is 130 with the report for consume and produce', async () => {
    const b = ['-b', cluster.bootstrap]
    const big = 'faults.big.v1'
    const small = 'faults.small.v1'
    expect((await ktk(['topics', 'create', big, ...b, '--partitions', '3'])).code).toBe(0)
    expect((await ktk(['topics', 'create', small, ...b, '--partitions', '3'])).code).toBe(0)
    // More than a consumer buffers (8 MB): -e is still reading when the brokers go.
    const value = 'x'.repeat(60)
    const filled = await ktk(['produce', big, ...b], { input: lines(400_000, (i) => `${i}:${value}`) })
    expect(filled.code, filled.stderr).toBe(0)
    expect((await ktk(['produce', small, ...b], { input: lines(1000, (i) => `${i}`) })).code).toBe(0)
    const produced = 'faults.produce.v1'
    expect((await ktk(['topics', 'create', produced, ...b, '--partitions', '1'])).code).toBe(0)
    const producer = ktkProcess(['produce', produced, ...b, '--timeout', '5s', '--debug'])
    producer.child.stdin.write(lines(100, (i) => `${i}`))
    await until('100 records produced', async () => (await topicRecords(cluster.bootstrap, produced)) === 100)
    const groupB = uniqueTopic('g')
    const groupD = uniqueTopic('g')

    const exitAtEnd = ktkProcess(['consume', big, ...b, '--from-beginning', '-e', '--timeout', '5s'])
    const inGroup = ktkProcess([
      'consume',
      small,
      ...b,
      '--group',
      groupB,
      '--from-beginning',
      '--timeout',
      '5s',
      '--commit-interval',
      '1s',
    ])
    const follow = ktkProcess(['consume', small, ...b, '--from-beginning', '--timeout', '5s'])
    const interrupted = ktkProcess([
      'consume',
      small,
      ...b,
      '--group',
      groupD,
      '--from-beginning',
      '--timeout',
      '2m',
      '--debug',
    ])
    // -e stops reading its stdout part-way: it blocks on the full pipe, still in the middle of the topic.
    await until('-e to print', () => printedLines(exitAtEnd.stdout().toString()) > 0)
    exitAtEnd.child.stdout.pause()
    for (const p of [inGroup, follow, interrupted])
      await until('every record printed', () => printedLines(p.stdout().toString()) === 1000)
    await until(
      'the group to commit what it printed',
      async () => (await committedTotal(cluster, groupB)) === 1000,
    )

    for (const node of local.status().nodes) process.kill(node.pid!, 'SIGKILL')
    await until('every broker gone', () => local.status().nodes.every((n) => !n.running))
    exitAtEnd.child.stdout.resume()

    // Exit 7 within the 5 s timeout (the watchdog allows 15 s more on a busy machine), each with its report.
    const [e, g, f] = await Promise.all([
      endsWithin(exitAtEnd, 20_000, 'consume -e after the brokers died'),
      endsWithin(inGroup, 20_000, 'consume --group after the brokers died'),
      endsWithin(follow, 20_000, 'consume (follow) after the brokers died'),
    ])
    for (const r of [e, g, f]) {
      expect(r.code, r.stderr).toBe(7)
      noStackTrace(r.stderr)
      expect(errorLine(r.stderr)).toMatch(/^error: no broker answered a fetch for 5000 ms/)
      expect(r.stderr).toMatch(/, stopped by the error below/)
      expect(consumedCount(r.stderr)).toBe(printedLines(r.stdout))
    }
    expect(printedLines(e.stdout)).toBeLessThan(400_000)
    expect(printedLines(g.stdout)).toBe(1000)
    // The periodic commits had committed all 1,000 before the brokers went: the report says so.
    const committedLine = new RegExp(`group ${groupB}: committed ((?:${small}-\\d+@\\d+ ?)+)$`, 'm').exec(
      g.stderr,
    )
    expect(committedLine, g.stderr).not.toBeNull()
    const offsets = committedLine![1]!
      .trim()
      .split(' ')
      .map((c) => Number(c.split('@')[1]))
    expect(offsets.reduce((sum, o) => sum + o, 0)).toBe(1000)
    expect(printedLines(f.stdout)).toBe(1000)

    // A long --timeout: Ctrl-C during the outage ends it with 130 and the report, not exit 7.
    await until('the outage to show', () => /fetch from broker \d+ failed/.test(interrupted.stderr()))
    interrupted.child.kill('SIGINT')
    const i = await endsWithin(interrupted, 20_000, 'consume after Ctrl-C in an outage')
    expect(i.code).toBe(130)
    expect(i.stderr).toMatch(/consumed 1,000 records in .*, interrupted/)
    expect(i.stderr).toContain(`group ${groupD}:`)
    noStackTrace(i.stderr)

    // produce: lines sent into the outage; Ctrl-C reports them (not retried for the delivery timeout), 130.
    producer.child.stdin.write(lines(100, (i) => `${100 + i}`))
    await until('the producer to meet the outage', () => /ECONNREFUSED/.test(producer.stderr()))
    producer.child.kill('SIGINT')
    const pr = await endsWithin(producer, 20_000, 'produce after Ctrl-C in an outage')
    expect(pr.code).toBe(130)
    expect(pr.stderr).toMatch(/^interrupted: produced 100 of 200 records/m)
    expect(pr.stderr).toMatch(
      /not acknowledged, may be written: 100 records \(partition 0\), lines 101-200: interrupted|not written: 100 records \(partition 0\), lines 101-200: /,
    )
    expect(errorLine(pr.stderr)).toBe('error: interrupted: 100 of 200 records read were not acknowledged')
  }, 300_000)
})
