import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseDuration } from '../../src/core/duration.js'
import {
  type ErrorJson,
  errorLine,
  isolatedState,
  json,
  ktk,
  noStackTrace,
  type RunResult,
  uniqueTopic,
} from '../helpers/cli.js'
import { type TestCluster, testCluster } from '../helpers/clusters.js'

/**
 * Hostile values typed by a user (or produced by an unset shell variable): every one is a usage error
 * (exit 2) with one `error:` line and no stack trace, or a JSON error document under --json, and nothing
 * on the cluster changes.
 */

/** A usage error: exit 2, exactly one error line (plus hints), no stack, nothing on stdout. */
function expectUsage(r: RunResult, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2)
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('error: '))
  expect(errors, r.stderr).toHaveLength(1)
  expect(errorLine(r.stderr)).toMatch(pattern)
  expect(
    r.stderr.split('\n').filter((l) => l !== '' && !/^(error|hint): /.test(l)),
    r.stderr,
  ).toEqual([])
  noStackTrace(r.stderr)
  expect(r.stdout).toBe('')
}

const KILL_AFTER_MS = 30_000
/** One empty home (no contexts, no local cluster) for the runs below. */
const state = isolatedState()

/** Runs ktk with a kill timer: a run that outlives it is a hang, reported as such (hung: true). */
async function bounded(args: readonly string[], input = ''): Promise<RunResult & { hung: boolean }> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v
  delete env.KTK_BOOTSTRAP_SERVER
  Object.assign(env, { KTK_STATE_DIR: state, KTK_CONFIG_DIR: join(state, 'config'), NO_COLOR: '1' })
  const child = spawn(process.execPath, [join(process.cwd(), 'bin', 'run.js'), ...args], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  // ktk may exit (a usage error) before reading its input: the pipe closing is not a test failure.
  child.stdin.on('error', () => {})
  child.stdin.end(input)
  const out: Buffer[] = []
  const err: Buffer[] = []
  child.stdout.on('data', (c) => out.push(c))
  child.stderr.on('data', (c) => err.push(c))
  let hung = false
  const started = Date.now()
  const timer = setTimeout(() => {
    hung = true
    child.kill('SIGKILL')
  }, KILL_AFTER_MS)
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  clearTimeout(timer)
  return {
    code,
    hung,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
    ms: Date.now() - started,
  }
}

describe('hostile flag values on kafka41', () => {
  let cluster: TestCluster
  let b: string[]
  let topic: string
  const BIG = 'a'.repeat(100_000)

  /** The sum of the topic's end offsets: unchanged means nothing was written. */
  const endOffset = async (name: string) => {
    const r = await ktk(['topics', 'describe', name, ...b, '--json'])
    expect(r.code, r.stderr).toBe(0)
    const doc = json<{ topics: { partitions: { latestOffset: number | null }[] }[] }>(r)
    return doc.topics[0]!.partitions.reduce((sum, p) => sum + (p.latestOffset ?? 0), 0)
  }
  const topicExists = async (name: string) => {
    const r = await ktk(['topics', 'describe', name, ...b])
    expect([0, 4], r.stderr).toContain(r.code)
    return r.code === 0
  }

  beforeAll(async () => {
    cluster = await testCluster('kafka41')
    b = ['-b', cluster.bootstrap]
    topic = uniqueTopic('dev.hostile.flags')
    expect((await ktk(['topics', 'create', topic, ...b, '--partitions', '2'])).code).toBe(0)
    const produced = await ktk(['produce', topic, ...b], { input: 'one\ntwo\nthree\n' })
    expect(produced.code, produced.stderr).toBe(0)
  })

  describe('durations: above what a timer holds, zero where zero is no wait, empty', () => {
    it('--timeout 100d is exit 2 naming the maximum (it used to overflow to 1 ms)', async () => {
      expectUsage(
        await ktk(['topics', 'list', ...b, '--timeout', '100d']),
        /--timeout "100d".*maximum is 24d/,
      )
      expectUsage(await ktk(['topics', 'list', ...b, '--timeout', '0']), /--timeout "0" must be more than 0/)
      expectUsage(await ktk(['topics', 'list', ...b, '--timeout', '']), /--timeout is empty/)
    })

    it.each(['1ms', '5ms'])(
      'topics list --timeout %s ends (nothing keeps a finished ktk alive after its error)',
      async (value) => {
        const r = await bounded(['topics', 'list', ...b, '--timeout', value])
        expect(r.hung, 'still running after 30 s').toBe(false)
        // The broker may answer within the timeout (exit 0); when it does not, exit 7 with one line.
        expect([0, 7], r.stderr).toContain(r.code)
        if (r.code === 7) expect(r.stderr.split('\n').filter((l) => l.startsWith('error: '))).toHaveLength(1)
        noStackTrace(r.stderr)
      },
    )

    it('groups lag --sample 2 --interval 100d is exit 2 (it used to sample 1 ms apart and exit 0)', async () => {
      expectUsage(
        await ktk(['groups', 'lag', ...b, '--all-groups', '--sample', '2', '--interval', '100d']),
        /--interval "100d".*maximum is 24d/,
      )
    })

    it.each(['100d', '0s'])(
      'produce --transaction-timeout %s is exit 2 and writes nothing',
      async (value) => {
        const before = await endOffset(topic)
        const r = await ktk(
          ['produce', topic, ...b, '--transactional-id', `tx-${value}`, '--transaction-timeout', value],
          { input: 'x\n' },
        )
        expectUsage(r, /--transaction-timeout/)
        expect(await endOffset(topic)).toBe(before)
      },
    )

    it('the JSON error document under --json', async () => {
      const r = await ktk(['topics', 'list', ...b, '--timeout', '100d', '--json'])
      expect(r.code).toBe(2)
      const doc = json<ErrorJson>(r)
      expect(doc.error).toMatchObject({ code: 'USAGE', exit: 2 })
      expect(doc.error.message).toContain('--timeout')
    })
  })

  describe('numbers: one bounded-integer parser names the flag and the range', () => {
    it('topics create --partitions 99999999999999999999 is exit 2 and creates nothing', async () => {
      const name = uniqueTopic('dev.hostile.partitions')
      const r = await ktk(['topics', 'create', name, ...b, '--partitions', '99999999999999999999'])
      expectUsage(r, /--partitions must be at most 2147483647, got "99999999999999999999"/)
      expect(r.stderr).toContain('hint: --partitions takes an integer from 1 to 2147483647')
      expectUsage(
        await ktk(['topics', 'create', name, ...b, '--replication-factor', '99999']),
        /--replication-factor must be at most 32767/,
      )
      expect(await topicExists(name)).toBe(false)
    })

    it('consume --offset 99999999999999999999 and --partition 99999999999 are exit 2', async () => {
      expectUsage(
        await ktk(['consume', topic, ...b, '-e', '--offset', '99999999999999999999']),
        /--offset must be at most 9007199254740991/,
      )
      expectUsage(
        await ktk(['consume', topic, ...b, '-e', '--partition', '99999999999']),
        /--partition must be at most 2147483647/,
      )
    })
  })

  describe('dates', () => {
    it.each([
      [['--from-time', '-100000d'], /--from-time "-100000d" is before 1970/],
      [['--from-time', '2024-02-30'], /--from-time "2024-02-30" is not a valid date/],
      [['--from-time', '-1h', '--to-time', '-2h'], /--to-time is earlier than --from-time/],
    ])('consume %j is exit 2', async (flags, pattern) => {
      expectUsage(await ktk(['consume', topic, ...b, '-e', ...flags]), pattern)
    })

    it('groups reset-offsets --to-datetime before the epoch and --by-duration beyond it are exit 2', async () => {
      const group = uniqueTopic('hostile-group')
      const common = ['groups', 'reset-offsets', ...b, '-g', group, '--all-topics', '--execute']
      expectUsage(await ktk([...common, '--to-datetime', '1960-01-01T00:00:00.000']), /--to-datetime/)
      expectUsage(await ktk([...common, '--by-duration', 'P99999999D']), /--by-duration/)
    })
  })

  describe('regexes and expressions', () => {
    it('a 100k-character --topic regex is exit 2 with a short line (the input is echoed capped)', async () => {
      const r = await ktk(['topics', 'list', ...b, '--topic', BIG])
      expectUsage(r, /--topic "a{80}…" is not a valid regular expression/)
      expect(r.stderr.length).toBeLessThan(400)
    })

    it('a 100k-character topic name is exit 2 before connecting (the broker used to hang up: exit 7)', async () => {
      expectUsage(await ktk(['topics', 'describe', BIG, ...b]), /249/)
      expectUsage(await ktk(['consume', '--topic', BIG, ...b, '-e']), /249/)
      expectUsage(await ktk(['produce', BIG, ...b], { input: 'x\n' }), /249/)
    })

    it('--where with 20,000 nested parentheses is exit 2 with a depth limit (a stack overflow before)', async () => {
      const r = await ktk(['consume', topic, ...b, '-e', '--where', `${'('.repeat(20_000)}a`])
      expectUsage(r, /--where: nested more than 100 deep/)
      expect(r.stderr.length).toBeLessThan(400)
    })
  })

  describe('group ids', () => {
    it.each([
      ['consume', (g: string) => ['consume', 'TOPIC', '-e', '--group', g]],
      ['groups describe', (g: string) => ['groups', 'describe', '--group', g]],
      ['groups delete', (g: string) => ['groups', 'delete', '--group', g, '--yes']],
      [
        'groups delete-offsets',
        (g: string) => ['groups', 'delete-offsets', '--group', g, '--topic', 'TOPIC'],
      ],
      ['groups lag', (g: string) => ['groups', 'lag', '--group', g]],
      [
        'groups reset-offsets',
        (g: string) => ['groups', 'reset-offsets', '--group', g, '--all-topics', '--to-earliest'],
      ],
    ])('%s: an empty or 100k-character --group is exit 2 before connecting', async (_name, command) => {
      const args = (g: string) => [...command(g).map((a) => (a === 'TOPIC' ? topic : a)), ...b]
      expectUsage(await ktk(args('')), /--group is empty/)
      const r = await ktk(args(BIG))
      expectUsage(r, /--group "a{80}…" is 100000 bytes long; Kafka allows at most 32767/)
      expect(r.stderr).not.toMatch(/TLS|SASL/)
    })
  })

  describe('empty values are errors, never a fallback', () => {
    it("-b '' does not connect to the current context (with its credentials); neither does --context ''", async () => {
      const state = isolatedState()
      const env = { KTK_STATE_DIR: state, KTK_CONFIG_DIR: join(state, 'config') }
      const added = await ktk(['context', 'add', 'current', ...b, '--use'], { env })
      expect(added.code, added.stderr).toBe(0)
      const reached = await ktk(['topics', 'list'], { env })
      expect(reached.stdout).toContain(topic) // the context works: what follows is not a refusal to connect
      expectUsage(await ktk(['topics', 'list', '-b', ''], { env }), /--bootstrap-server is empty/)
      expectUsage(await ktk(['topics', 'list', '--context', ''], { env }), /--context is empty/)
      expectUsage(await ktk(['topics', 'list', '--command-config', ''], { env }), /--command-config is empty/)
      expectUsage(await ktk(['topics', 'list', '--topic', ''], { env }), /--topic is empty/)
    })

    it("an empty argument is an error: topics create '' and consume ''", async () => {
      expectUsage(await ktk(['topics', 'create', '', ...b, '--partitions', '1']), /argument NAME is empty/)
      expectUsage(await ktk(['consume', '', ...b, '-e']), /argument is empty/)
    })
  })

  describe('unknown commands and stray arguments', () => {
    it('ktk topcs list --json: a JSON error document with a suggestion', async () => {
      const r = await ktk(['topcs', 'list', '--json'])
      expect(r.code).toBe(2)
      const doc = json<ErrorJson>(r)
      expect(doc.error).toMatchObject({ code: 'USAGE', exit: 2, message: 'unknown command: "topcs list"' })
      expect(doc.error.hints).toContain('did you mean: ktk topics list')
    })

    it('ktk topcs list: the usage error on stderr', async () => {
      const r = await ktk(['topcs', 'list'])
      expectUsage(r, /^error: unknown command: "topcs list"$/)
      expect(r.stderr).toContain('hint: did you mean: ktk topics list')
    })

    it('a mistyped flag: the usage error with the closest flag as a hint', async () => {
      const r = await ktk(['consume', topic, ...b, '-e', '--form-beginning'])
      expectUsage(r, /^error: Nonexistent flag: --form-beginning$/)
      expect(r.stderr).toContain('hint: did you mean --from-beginning?')
    })

    it('topics partition-for TOPIC: a stray argument, not the command "topics:partition-for:TOPIC"', async () => {
      const r = await ktk(['topics', 'partition-for', topic, ...b, '--key', 'k'])
      expectUsage(r, /ktk topics partition-for takes no argument here: "dev\.hostile\.flags/)
      expect(r.stderr).not.toContain(':partition-for:')
      const j = await ktk(['topics', 'partition-for', 'TOPIC', '--json'])
      expect(json<ErrorJson>(j).error.exit).toBe(2)
    })
  })

  describe('stdin is data, never arguments', () => {
    it('echo NAME | ktk produce: no topic given is exit 2 (it used to take NAME as the topic)', async () => {
      const name = uniqueTopic('dev.hostile.stdin')
      const r = await ktk(['produce', ...b], { input: `${name}\n` })
      expectUsage(r, /give the topic/)
      expect(await topicExists(name)).toBe(false)
    })

    it('echo NAME | ktk topics create --partitions 1 creates nothing', async () => {
      const name = uniqueTopic('dev.hostile.stdin')
      const r = await ktk(['topics', 'create', ...b, '--partitions', '1'], { input: `${name}\n` })
      expectUsage(r, /name the topic/)
      expect(await topicExists(name)).toBe(false)
    })

    it('seq 1 300000 | ktk produce: one line, the data never echoed', async () => {
      const input = Array.from({ length: 300_000 }, (_, i) => `${i + 1}`).join('\n')
      const r = await bounded(['produce', ...b], input)
      expect(r.hung).toBe(false)
      expectUsage(r, /give the topic/)
      expect(r.stderr).not.toContain('299999')
    })
  })

  describe('produce --file', () => {
    it.each([
      ['a directory', () => tmpdir(), /is a directory/],
      ['a missing file', () => join(mkdtempSync(join(tmpdir(), 'ktk-flags-')), 'none.txt'), /no such file/],
    ])('on %s is exit 2 naming the path, and writes nothing', async (_what, path, pattern) => {
      const file = path()
      const before = await endOffset(topic)
      const r = await ktk(['produce', topic, ...b, '--file', file])
      expectUsage(r, pattern)
      expect(errorLine(r.stderr)).toContain(file)
      expect(await endOffset(topic)).toBe(before)
    })
  })

  it('an empty input with --transactional-id commits nothing and exits 0 (it was exit 1, INVALID_TXN_STATE)', async () => {
    const before = await endOffset(topic)
    const r = await ktk(['produce', topic, ...b, '--transactional-id', uniqueTopic('empty-tx'), '--json'], {
      input: '',
    })
    expect(r.code, r.stderr).toBe(0)
    expect(json<{ records: number; transaction: { outcome: string } }>(r)).toMatchObject({
      records: 0,
      transaction: { outcome: 'committed' },
    })
    expect(await endOffset(topic)).toBe(before)
  })

  /**
   * The built CLI with generated values for a handful of flags: exit 0 (a valid value) or 2 (a usage
   * error), never 1, never a stack trace, never a hang (each run has a kill timer that fails the test).
   */
  describe('property: generated flag values give exit 0 or 2', () => {
    const check = async (args: readonly string[]) => {
      const r = await bounded(args)
      const shown = JSON.stringify(args).slice(0, 300)
      expect(r.hung, `hung: ${shown}`).toBe(false)
      expect([0, 2], `${shown}\n${r.stderr.slice(0, 500)}`).toContain(r.code)
      noStackTrace(r.stderr)
      if (r.code === 2) expect(errorLine(r.stderr), shown).not.toBe('')
    }

    /** Text a user might type, shaped like each kind of value so runs get past the first check. */
    const typed = (shaped: fc.Arbitrary<string>) =>
      fc.oneof(shaped, fc.string({ maxLength: 40 }), fc.constantFrom('', ' ', '-', '--', '-1', '1e999'))
    const runs = { numRuns: 18 }

    it('--timeout', async () => {
      const durations = typed(fc.stringMatching(/^\d{0,12}(ms|s|m|h|d)?(\d{0,3}(s|m))?$/)).filter((v) => {
        // Short valid timeouts may rightly time out (exit 7): only values that cannot are generated.
        try {
          return parseDuration(v) >= 10_000
        } catch {
          return true
        }
      })
      await fc.assert(
        fc.asyncProperty(durations, async (v) => check(['topics', 'list', ...b, '--timeout', v])),
        runs,
      )
    })

    it('-n (max messages)', async () => {
      const numbers = typed(fc.oneof(fc.stringMatching(/^[-+]?\d{1,25}$/), fc.bigInt().map(String)))
      await fc.assert(
        fc.asyncProperty(numbers, async (v) => check(['consume', topic, ...b, '-e', '-n', v])),
        runs,
      )
    })

    it('--from-time', async () => {
      const times = typed(
        fc.oneof(
          fc.stringMatching(/^-\d{1,9}(ms|s|m|h|d|w)$/),
          fc.stringMatching(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2}))?$/),
          fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(String),
        ),
      )
      await fc.assert(
        fc.asyncProperty(times, async (v) => check(['consume', topic, ...b, '-e', '--from-time', v])),
        runs,
      )
    })

    it('--topic regex', async () => {
      const patterns = typed(
        fc
          .array(
            fc.constantFrom('a', '.', '*', '+', '?', '(', ')', '[', ']', '{2}', '\\', '|', ',', '^', '$'),
            {
              maxLength: 30,
            },
          )
          .map((parts) => parts.join('')),
      )
      await fc.assert(
        fc.asyncProperty(patterns, async (v) => check(['topics', 'list', ...b, '--topic', v])),
        runs,
      )
    })

    it('--where', async () => {
      const expressions = typed(
        fc
          .array(
            fc.constantFrom(
              '(',
              ')',
              'value',
              '.x',
              '[0]',
              '==',
              '>',
              '~',
              '"a"',
              '1',
              ' and ',
              ' or ',
              'not ',
              '!',
            ),
            { maxLength: 25 },
          )
          .map((parts) => parts.join('')),
      )
      await fc.assert(
        fc.asyncProperty(expressions, async (v) => check(['consume', topic, ...b, '-e', '--where', v])),
        runs,
      )
    })
  })
})
