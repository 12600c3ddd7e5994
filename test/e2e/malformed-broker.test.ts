import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ErrorJson,
  HANG_MARGIN_MS,
  json,
  ktk,
  ktkBudget,
  noStackTrace,
  type RunResult,
  run,
} from '../helpers/cli.js'
import { testCluster } from '../helpers/clusters.js'
import { BEHAVIOURS, type Behaviour, type FakeBroker, startFakeBroker } from '../helpers/fake-broker.js'

/** Every class of command: admin, groups, records, ACLs, cluster. */
const COMMANDS: { name: string; args: string[]; input?: string }[] = [
  { name: 'topics list', args: ['topics', 'list'] },
  { name: 'topics describe', args: ['topics', 'describe', 'orders'] },
  { name: 'topics create', args: ['topics', 'create', 'orders', '--partitions', '1'] },
  { name: 'groups list', args: ['groups', 'list'] },
  { name: 'groups describe', args: ['groups', 'describe', '--group', 'billing'] },
  { name: 'groups lag', args: ['groups', 'lag', '--group', 'billing'] },
  { name: 'produce', args: ['produce', 'orders'], input: 'one\ntwo\n' },
  { name: 'consume', args: ['consume', 'orders', '--from-beginning', '-e'] },
  { name: 'acls list', args: ['acls', 'list'] },
  { name: 'cluster describe', args: ['cluster', 'describe'] },
]

const TIMEOUT_MS = 1500
const RANDOM_SEEDS = [1, 2, 3, 4, 5, 6]

/**
 * The kill timer: a run still going past its --timeout plus 2 s fails its test as a hang. The 2 s count
 * from when ktk could first have ended: the time a run that fails at once (a refused connection) takes
 * on this machine now, so that a busy machine's slow start is not taken for a hang.
 */
async function budget(timeoutMs = TIMEOUT_MS): Promise<number> {
  const instant = await ktk(['topics', 'list', '-b', '127.0.0.1:1', '--timeout', '3s'], { timeoutMs: 30_000 })
  expect(instant.code, instant.stderr).toBe(7)
  return instant.ms + timeoutMs + 2000
}

/** Two ktk processes at a time: the machine has two cores. */
let running = 0
const waiting: (() => void)[] = []
async function slot<T>(work: () => Promise<T>): Promise<T> {
  while (running >= 2) await new Promise<void>((resolve) => waiting.push(resolve))
  running++
  try {
    return await work()
  } finally {
    running--
    waiting.shift()?.()
  }
}

const brokers = new Map<string, FakeBroker>()

beforeAll(async () => {
  for (const behaviour of BEHAVIOURS) brokers.set(behaviour, await startFakeBroker(behaviour))
  for (const seed of RANDOM_SEEDS) brokers.set(`random-${seed}`, await startFakeBroker('random', seed))
})

afterAll(async () => {
  await Promise.all([...brokers.values()].map((b) => b.close()))
})

/** stderr holds exactly one `error:` line, the rest hints or details; no stack, no bundle text. */
function oneErrorLine(result: RunResult): string {
  const lines = result.stderr.split('\n').filter((l) => l !== '')
  const errors = lines.filter((l) => l.startsWith('error: '))
  expect(errors, result.stderr).toHaveLength(1)
  for (const line of lines) {
    expect(line, result.stderr).toMatch(/^(error: |hint: | {2}\S)/)
    expect(line.length, `a line of ${line.length} characters`).toBeLessThan(500)
  }
  noStackTrace(result.stderr)
  return errors[0]!
}

const against = (broker: FakeBroker, command: (typeof COMMANDS)[number]) =>
  slot(async () => {
    const args = [...command.args, '-b', broker.address, '--timeout', `${TIMEOUT_MS}ms`]
    const timeoutMs = await budget()
    const text = await ktk(args, { input: command.input, timeoutMs })
    expect([1, 7], text.stderr).toContain(text.code)
    expect(oneErrorLine(text)).toContain(broker.address)
    expect(text.stdout).toBe('')

    const asJson = await ktk([...args, '--json'], { input: command.input, timeoutMs })
    expect([1, 7], asJson.stderr).toContain(asJson.code)
    const { error } = json<ErrorJson>(asJson)
    expect(error.exit).toBe(asJson.code)
    expect(error.code).toMatch(/^(BROKER_UNREACHABLE|TIMEOUT|UNEXPECTED)$/)
    expect(error.message).toContain(broker.address)
    expect(asJson.stderr).not.toMatch(/^error: /m)
    noStackTrace(asJson.stderr)
  })

describe.concurrent('a server that is not a working Kafka broker: exit 7 or 1 within --timeout + 2 s, one line', () => {
  for (const behaviour of BEHAVIOURS.filter((b) => b !== 'random')) {
    for (const command of COMMANDS) {
      it(`${command.name} against ${behaviour}`, async () => {
        await against(brokers.get(behaviour)!, command)
      })
    }
  }
  for (const seed of RANDOM_SEEDS) {
    it(`topics list against random bytes (seed ${seed})`, async () => {
      await against(brokers.get(`random-${seed}`)!, COMMANDS[0]!)
    })
  }
  it.each(COMMANDS.slice(1))('$name against random bytes (seed 1)', async (command) => {
    await against(brokers.get('random-1')!, command)
  })
})

describe('the answers that crashed ktk name the broker and what was wrong', () => {
  const cases: [Behaviour, number, RegExp][] = [
    [
      'zeros',
      7,
      /^error: cannot reach a broker at (\S+): the answer is not a Kafka response \(a frame of 0 bytes\)$/,
    ],
    [
      'minus-one',
      7,
      /^error: cannot reach a broker at (\S+): the answer is not a Kafka response \(a frame of -1 bytes\)$/,
    ],
    [
      'oversized',
      7,
      /^error: cannot reach a broker at (\S+): the answer is not a Kafka response \(a frame of 2147483647 bytes\)$/,
    ],
    [
      'wrong-correlation',
      7,
      /^error: cannot reach a broker at (\S+): the answer is not a Kafka response \(correlation id 7 matches no request\)$/,
    ],
    ['short-body', 1, /^error: (\S+) sent a malformed handshake \(ApiVersions, SASL\) response: /],
    ['garbage-after-handshake', 1, /^error: (\S+) sent a malformed Metadata response: /],
    ['silence', 7, /^error: cannot reach a broker at (\S+) within 3000 ms$/],
  ]
  it.each(cases)('%s: exit %i', async (behaviour, exit, line) => {
    const broker = brokers.get(behaviour)!
    const r = await ktk(['topics', 'list', '-b', broker.address, '--timeout', '3s'], {
      timeoutMs: await budget(3000),
    })
    expect(r.code, r.stderr).toBe(exit)
    const error = oneErrorLine(r)
    expect(error).toMatch(line)
    expect(line.exec(error)![1]).toBe(broker.address)
  })
})

describe('the last resort', () => {
  it('an exception nothing caught is one line and exit 1, never a stack or bundle source', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ktk-last-resort-'))
    const preload = join(dir, 'throw.cjs')
    // Thrown from a timer once bin/run.js is running (as an error in a socket handler was thrown).
    writeFileSync(
      preload,
      "const t = setInterval(() => { if (process.listenerCount('uncaughtException') > 0) { clearInterval(t); throw new RangeError('offset out of range') } }, 1)\n",
    )
    const bin = join(process.cwd(), 'bin', 'run.js')
    const env = { NO_COLOR: '1', KTK_STATE_DIR: dir }
    const text = await run(process.execPath, ['-r', preload, bin, 'topics', 'list'], {
      env,
      timeoutMs: 15_000,
    })
    expect(text.code).toBe(1)
    expect(oneErrorLine(text)).toBe('error: unexpected internal error: offset out of range')
    const asJson = await run(process.execPath, ['-r', preload, bin, 'topics', 'list', '--json'], {
      env,
      timeoutMs: 15_000,
    })
    expect(asJson.code).toBe(1)
    expect(json<ErrorJson>(asJson).error).toMatchObject({ code: 'UNEXPECTED', exit: 1 })
    expect(asJson.stderr).toBe('')
  })
})

describe('nothing keeps ktk running after its error', () => {
  // `topics list --timeout 1ms` printed its error and ran on for 300 s and more: the connection the
  // deadline abandoned finished later and was never closed.
  it.each(['1ms', '5ms', '20ms', '50ms', '100ms'])('--timeout %s against a real cluster', async (timeout) => {
    const cluster = await testCluster('kafka41')
    for (const command of [
      ['topics', 'list'],
      ['groups', 'list'],
      ['cluster', 'describe'],
    ]) {
      const r = await ktk([...command, '-b', cluster.bootstrap, '--timeout', timeout], { timeoutMs: 15_000 })
      // Fast enough to answer, or too slow: either way it ends, and an error is one line.
      expect([0, 7], r.stderr).toContain(r.code)
      if (r.code === 7) expect(oneErrorLine(r)).toMatch(/within \d+ ms$/)
    }
  })
})

describe('the watchdog of the e2e helpers', () => {
  it('fails a ktk run that outlives its budget as a hang, naming the command', async () => {
    const silent = brokers.get('silence')!
    const args = ['topics', 'list', '-b', silent.address, '--timeout', '60s']
    await expect(ktk(args, { timeoutMs: 1000 })).rejects.toThrow(
      `hang: \`ktk topics list -b ${silent.address} --timeout 60s\` was still running after 1000 ms and was killed`,
    )
  })

  it('budgets: --timeout (or 15 s) plus the margin, plus what a command waits for by design', () => {
    expect(ktkBudget(['topics', 'list', '--timeout', '3s'])).toBe(3000 + HANG_MARGIN_MS)
    expect(ktkBudget(['topics', 'list'], { KTK_TIMEOUT: '2s' })).toBe(2000 + HANG_MARGIN_MS)
    expect(ktkBudget(['groups', 'lag', '-g', 'g', '--sample', '3', '--interval', '2s'])).toBe(
      15_000 + HANG_MARGIN_MS + 6000,
    )
    expect(ktkBudget(['consume', 't', '--idle-timeout', '8s'])).toBe(15_000 + HANG_MARGIN_MS + 8000)
    expect(ktkBudget(['consume', 't', '-e'])).toBe(15_000 + HANG_MARGIN_MS)
    expect(ktkBudget(['local', 'start', '--wait', '300s'])).toBe(15_000 + HANG_MARGIN_MS + 300_000)
    // No end of their own: the old fixed cap, unless the caller gives a budget.
    expect(ktkBudget(['consume', 't'])).toBe(120_000)
    expect(ktkBudget(['groups', 'lag', '-g', 'g', '--watch'])).toBe(120_000)
  })
})
