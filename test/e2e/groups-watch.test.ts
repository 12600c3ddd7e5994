import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { openGateway } from '../../src/kafka/index.js'
import { isolatedState, json, ktk, uniqueTopic } from '../helpers/cli.js'
import { type TestCluster, testCluster } from '../helpers/clusters.js'
import {
  commitWithKafka,
  createTopic,
  kafkajsClient,
  produceCount,
  startConsoleConsumer,
  waitForGroup,
} from '../helpers/groups.js'

const BIN = join(process.cwd(), 'bin', 'run.js')

/** Runs ktk in the background; `lines` fills as stdout arrives; `interrupt` sends SIGINT (Ctrl-C) by pid. */
function background(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, KTK_STATE_DIR: isolatedState(), NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const state = { stdout: '', stderr: '', lines: [] as string[] }
  child.stdout.on('data', (d) => {
    state.stdout += d
    state.lines = state.stdout.split('\n').filter(Boolean)
  })
  child.stderr.on('data', (d) => (state.stderr += d))
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { state, exit, interrupt: () => child.kill('SIGINT') }
}

const until = async (check: () => boolean, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
  expect(check()).toBe(true)
}

describe('groups lag --watch and --sample on kafka41', () => {
  let cluster: TestCluster
  let b: string[]
  let topic: string
  beforeAll(async () => {
    cluster = await testCluster('kafka41')
    b = ['-b', cluster.bootstrap]
    topic = uniqueTopic('watch')
    await createTopic(cluster, topic, 2)
    await produceCount(cluster, topic, 0, 10)
    await produceCount(cluster, topic, 1, 10)
  })

  it('piped: one plain line per interval with lag, rates and trend; Ctrl-C exits 130', async () => {
    const group = `watch-${topic.split('.').pop()}`
    await commitWithKafka(cluster, group, topic, { 0: 4, 1: 10 })
    const run = background(['groups', 'lag', '--group', group, '--watch', '--interval', '1s', ...b])
    await until(() => run.state.lines.length >= 1)
    await produceCount(cluster, topic, 1, 5) // lag grows between frames
    await until(() => run.state.lines.length >= 3)
    run.interrupt()
    expect(await run.exit).toBe(130)
    const line = /^(\S+Z) lag=(\d+) consume=(\S+)\/s produce=(\S+)\/s trend=(\S+) (\S+)=(\d+)$/
    for (const l of run.state.lines) expect(l, l).toMatch(line)
    const first = line.exec(run.state.lines[0]!)!
    expect(first[2]).toBe('6')
    expect(first[5]).toBe('-')
    expect(first[6]).toBe(group)
    const last = line.exec(run.state.lines[run.state.lines.length - 1]!)!
    expect(Number(last[2])).toBe(11)
    // Some frame saw the 5 new records arrive: a produce rate and an upward trend.
    expect(run.state.lines.some((l) => /trend=up/.test(l) && !/produce=0\.0\/s/.test(l))).toBe(true)
    expect(run.state.stderr).not.toMatch(/error/)
  })

  it('on a terminal: a live screen in place (alternate screen, table, chart), restored on Ctrl-C', async () => {
    const group = `watch-tty-${topic.split('.').pop()}`
    await commitWithKafka(cluster, group, topic, { 0: 1 })
    // Wide enough for the group name in one cell (tables fit narrower terminals by wrapping cells: terminal.test.ts).
    const command = `COLUMNS=160 LINES=40 KTK_STATE_DIR=${isolatedState()} ${process.execPath} ${BIN} groups lag --group ${group} --watch --interval 1s ${b.join(' ')}`
    // script(1) gives ktk a pseudo-terminal; a ^C typed into it reaches ktk as SIGINT, as from a keyboard.
    const child = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    await until(() => out.split('\x1b[H').length > 3)
    child.stdin.write('\x03')
    expect(await exit).toBe(130)
    expect(out).toContain('\x1b[?1049h') // alternate screen on
    expect(out).toContain('\x1b[?1049l') // and off again
    expect(out).toContain('\x1b[?25h') // cursor shown again
    expect(out).toContain('total lag')
    expect(out).toMatch(/CONSUME\/s.*PRODUCE\/s/)
    expect(out).toContain(group)
    // Every line of every frame fits the terminal.
    const visible = out.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').split(/\r?\n/)
    for (const line of visible) expect(line.length, line).toBeLessThanOrEqual(160)
  })

  it('--sample: Burrow verdicts OK, WARN, STALL, STOP and REWIND from real consumers and commits; exit 3', async () => {
    const id = topic.split('.').pop()!
    const sampled = uniqueTopic('sample')
    await createTopic(cluster, sampled, 1)
    await produceCount(cluster, sampled, 0, 40)
    const groups = {
      ok: `s-ok-${id}`,
      stop: `s-stop-${id}`,
      stall: `s-stall-${id}`,
      warn: `s-warn-${id}`,
      rewind: `s-rewind-${id}`,
    }
    await commitWithKafka(cluster, groups.ok, sampled, { 0: 40 })
    await commitWithKafka(cluster, groups.stop, sampled, { 0: 10 })
    await commitWithKafka(cluster, groups.stall, sampled, { 0: 5 })
    await commitWithKafka(cluster, groups.warn, sampled, { 0: 1 })
    await commitWithKafka(cluster, groups.rewind, sampled, { 0: 40 })
    // STALL: a member owns the partition and reads it, but never commits.
    const staller = startConsoleConsumer(cluster, [
      '--topic',
      sampled,
      '--group',
      groups.stall,
      '--consumer-property',
      'enable.auto.commit=false',
    ])
    // Commits as Kafka's admin client makes them (outside any generation), fast enough to interleave.
    const admin = openGateway({
      bootstrapServers: [cluster.bootstrap],
      source: 'flag',
      clientId: 'ktk-e2e-sampler',
      timeoutMs: 15_000,
      securityProtocol: 'PLAINTEXT',
    })
    const producer = kafkajsClient(cluster).producer()
    await producer.connect()
    let running = true
    let warnOffset = 1
    let rewindOffset = 40
    // WARN: commits move forward but records arrive faster. REWIND: commits move backward.
    const driver = (async () => {
      while (running) {
        await producer.send({
          topic: sampled,
          messages: Array.from({ length: 4 }, (_, i) => ({ partition: 0, value: `x${i}` })),
        })
        warnOffset += 1
        rewindOffset = Math.max(0, rewindOffset - 1) // 40 steps back: longer than any sampling window here
        await admin.commitOffsets(groups.warn, [{ topic: sampled, partition: 0, offset: warnOffset }])
        await admin.commitOffsets(groups.rewind, [{ topic: sampled, partition: 0, offset: rewindOffset }])
        await new Promise((r) => setTimeout(r, 300))
      }
    })()
    try {
      await waitForGroup(cluster, groups.stall, (g) => g.state === 'Stable')
      const r = await ktk([
        'groups',
        'lag',
        ...Object.values(groups).flatMap((g) => ['--group', g]),
        '--sample',
        '4',
        '--interval',
        '1500ms',
        ...b,
        '--json',
      ])
      // The OK group has lag 0 and 4 records arrive every 300 ms: it is OK only while caught up, so it goes last.
      expect(r.code, r.stderr).toBe(3)
      const result = json<{ taken: number; groups: { group: string; status: string; worst: string }[] }>(r)
      expect(result.taken).toBe(4)
      const verdict = (g: string) => result.groups.find((x) => x.group === g)
      expect(verdict(groups.stop)).toMatchObject({ status: 'ERR', worst: 'STOP' })
      expect(verdict(groups.stall)).toMatchObject({ status: 'ERR', worst: 'STALL' })
      expect(verdict(groups.warn)).toMatchObject({ status: 'WARN', worst: 'WARN' })
      expect(verdict(groups.rewind)).toMatchObject({ status: 'ERR', worst: 'REWIND' })
      // A caught-up group right after a quiet period.
      running = false
      await driver
      await commitWithKafka(cluster, groups.ok, sampled, { 0: Number.MAX_SAFE_INTEGER })
      const quiet = await ktk([
        'groups',
        'lag',
        '--group',
        groups.ok,
        '--sample',
        '2',
        '--interval',
        '500ms',
        '--by',
        'group',
        ...b,
      ])
      expect(quiet.code, quiet.stderr).toBe(0)
      expect(quiet.stdout).toMatch(new RegExp(`${groups.ok}\\s+OK\\s+OK`))
    } finally {
      running = false
      await driver
      await Promise.all([admin.close(), producer.disconnect(), staller.stop()])
    }
  })
})
