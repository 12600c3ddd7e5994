import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { rootCertificates } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ErrorJson, errorLine, json, noStackTrace, uniqueTopic } from '../helpers/cli.js'
import { freePort } from '../helpers/clusters.js'
import { asReference, type OffsetRowJson, parseKafkaGroupOffsets } from '../helpers/groups.js'
import { kafkaTool } from '../helpers/kafka-tools.js'
import {
  clientProperties,
  SASL_LISTENERS_AND_MECHANISMS,
  type SecureCluster,
  secureRunner,
  startSecureCluster,
  USERS,
} from '../helpers/secure.js'

/**
 * Groups, produce and consume on a secured cluster (`ktk local start --secure`): every SASL mechanism
 * over SASL_PLAINTEXT and SASL_SSL, ACLs allowing and refusing each path, wrong credentials and CAs,
 * and no secret in --debug or --json output. security.test.ts covers topics, contexts and ACL commands.
 */

interface ProduceJson {
  records: number
  acknowledged: number
  notAcknowledged: number
  failures: { lines: string; count: number; written: string; reason: string }[]
  error?: ErrorJson['error']
}

let c: SecureCluster
const run = secureRunner(() => c)
const { admin, alice, bob } = USERS
const lines = (stdout: string) => stdout.split('\n').filter((l) => l !== '')
const resetToEarliest = (group: string, topic: string) =>
  ['groups', 'reset-offsets', '--group', group, '--topic', topic, '--to-earliest', '--execute'] as const

/** Every value of a topic, read by admin from the beginning (no group). */
async function values(topic: string): Promise<string[]> {
  const r = await run(['consume', topic, ...admin, '--from-beginning', '-e'])
  expect(r.code, r.stderr).toBe(0)
  return lines(r.stdout).sort((a, b) => Number(a) - Number(b))
}

async function acl(action: 'create' | 'delete', args: readonly string[]) {
  const r = await run(['acls', action, ...admin, ...args, ...(action === 'delete' ? ['--yes'] : [])])
  expect(r.code, r.stderr).toBe(0)
}

beforeAll(async () => {
  c = await startSecureCluster('4.1.2', freePort(16))
})

afterAll(async () => {
  await c?.stop()
})

describe('groups, produce and consume through SASL_PLAINTEXT and SASL_SSL', () => {
  it.each(SASL_LISTENERS_AND_MECHANISMS)(
    '%s with %s: produce, consume in a group, lag, reset, with the same offsets as kafka-consumer-groups',
    async (protocol, mechanism) => {
      const props = clientProperties(c, { protocol, mechanism, user: 'admin' })
      const bootstrap = protocol === 'SASL_SSL' ? c.saslSsl : c.saslPlaintext
      const b = ['-b', bootstrap, '--command-config', props]
      const topic = uniqueTopic(`secrec.${mechanism.toLowerCase()}`)
      const group = `${topic}.g`
      const reference = async () => {
        const r = await kafkaTool(c.tool, 'consumer-groups', [
          '--bootstrap-server',
          bootstrap,
          '--command-config',
          props,
          '--describe',
          '--group',
          group,
        ])
        expect(r.code, r.stderr).toBe(0)
        return parseKafkaGroupOffsets(r.stdout)
      }
      const ours = async () => {
        const r = await run(['groups', 'describe', '--group', group, ...b, '--json'])
        expect(r.code, r.stderr).toBe(0)
        return asReference(json<{ groups: { offsets: OffsetRowJson[] }[] }>(r).groups[0]!.offsets)
      }

      expect((await run(['topics', 'create', topic, ...b, '--partitions', '3'])).code).toBe(0)
      const input = Array.from({ length: 60 }, (_, i) => `k${i % 7}:${i}`).join('\n')
      const produced = await run(['produce', topic, ...b, '--key-separator', ':', '--json'], { input })
      expect(produced.code, produced.stderr).toBe(0)
      expect(json<ProduceJson>(produced)).toMatchObject({ records: 60, acknowledged: 60, notAcknowledged: 0 })

      // Two group reads: exactly 25, then the rest; together every record once. As with Kafka's console
      // consumer, --from-beginning applies only where the group has no committed offset yet.
      const first = await run(['consume', topic, ...b, '--group', group, '-n', '25', '--from-beginning'])
      expect(first.code, first.stderr).toBe(0)
      const rest = await run(['consume', topic, ...b, '--group', group, '-e', '--from-beginning'])
      expect(rest.code, rest.stderr).toBe(0)
      expect(lines(first.stdout)).toHaveLength(25)
      const all = [...lines(first.stdout), ...lines(rest.stdout)].map(Number).sort((x, y) => x - y)
      expect(all).toEqual(Array.from({ length: 60 }, (_, i) => i))

      const atEnd = await ours()
      expect(atEnd.map((r) => r.lag)).toEqual(['0', '0', '0'])
      expect(atEnd).toEqual(await reference())
      expect((await run(['groups', 'lag', '--group', group, ...b, '--max-lag', '0'])).code).toBe(0)

      const more = await run(['produce', topic, ...b, '--partition', '1'], { input: 'a\nb\nc\n' })
      expect(more.code, more.stderr).toBe(0)
      const gate = await run(['groups', 'lag', '--group', group, ...b, '--max-lag', '2', '--json'])
      expect(gate.code, gate.stdout).toBe(3)

      const reset = await run([...resetToEarliest(group, topic), ...b])
      expect(reset.code, reset.stderr).toBe(0)
      const afterReset = await ours()
      expect(afterReset.map((r) => r.currentOffset)).toEqual(['0', '0', '0'])
      expect(afterReset).toEqual(await reference())
    },
  )
})

describe('ACLs on the records and groups paths', () => {
  it('produce: no ACL, DESCRIBE only (acks=1), a transactional id without WRITE, then WRITE', async () => {
    const topic = uniqueTopic('secrec.produce')
    expect((await run(['topics', 'create', topic, ...admin, '--partitions', '2'])).code).toBe(0)
    expect((await run(['produce', topic, ...admin], { input: 'a0\na1\n' })).code).toBe(0)

    // No ACL at all: refused before anything is read; the error names the grant that would allow it.
    const none = await run(['produce', topic, ...alice], { input: '1\n2\n3\n' })
    expect(none.code).toBe(6)
    expect(errorLine(none.stderr)).toBe(`error: User:alice is not authorized to WRITE topic "${topic}"`)
    expect(none.stderr).toContain(
      `hint: an administrator can allow it, unless a DENY ACL matches (a DENY wins over any ALLOW): ktk acls create --allow-principal User:alice --operation Write --topic ${topic}`,
    )
    expect(none.stderr).toContain('hint: nothing was written: no input was read')
    noStackTrace(none.stderr)

    // DESCRIBE only, not idempotent: every line is accounted for as not written, for that reason.
    await acl('create', ['--allow-principal', 'User:alice', '--operation', 'Describe', '--topic', topic])
    const describeOnly = await run(['produce', topic, ...alice, '--acks', '1', '--json'], {
      input: '1\n2\n3\n4\n',
    })
    expect(describeOnly.code).toBe(6)
    const report = json<ProduceJson>(describeOnly)
    expect(report).toMatchObject({ records: 4, acknowledged: 0, notAcknowledged: 4 })
    expect(report.error).toMatchObject({ code: 'AUTHORIZATION_FAILED', exit: 6 })
    expect(report.failures.reduce((n, f) => n + f.count, 0)).toBe(4)
    for (const f of report.failures) {
      expect(f.written).toBe('no')
      expect(f.reason).toBe(`User:alice is not authorized to WRITE topic "${topic}"`)
    }
    expect(report.failures.map((f) => f.lines).join(',')).toMatch(/^[0-9,-]+$/)

    await acl('create', ['--allow-principal', 'User:alice', '--operation', 'Write', '--topic', topic])
    const txn = await run(['produce', topic, ...alice, '--transactional-id', `${topic}.tx`], {
      input: 't1\n',
    })
    expect(txn.code).toBe(6)
    expect(errorLine(txn.stderr)).toBe(
      `error: User:alice is not authorized to WRITE transactional id "${topic}.tx"`,
    )

    const allowed = await run(['produce', topic, ...alice], { input: 'b0\nb1\nb2\n' })
    expect(allowed.code, allowed.stderr).toBe(0)
    // Only admin's two records and alice's allowed three are there: the refused produces wrote nothing.
    expect((await values(topic)).sort()).toEqual(['a0', 'a1', 'b0', 'b1', 'b2'])
  })

  it('consume and groups: READ on topic and group needed, a deny beats an allow, bob sees nothing', async () => {
    const topic = uniqueTopic('secrec.consume')
    const group = `${topic}.g`
    expect((await run(['topics', 'create', topic, ...admin, '--partitions', '2'])).code).toBe(0)
    const input = `${Array.from({ length: 10 }, (_, i) => String(i)).join('\n')}\n`
    expect((await run(['produce', topic, ...admin], { input })).code).toBe(0)

    const noTopic = await run(['consume', topic, ...alice, '--from-beginning', '-e'])
    expect(noTopic.code).toBe(6)
    expect(errorLine(noTopic.stderr)).toBe(`error: User:alice is not authorized to READ topic "${topic}"`)

    await acl('create', ['--allow-principal', 'User:alice', '--operation', 'Read', '--topic', topic])
    const noGroup = await run(['consume', topic, ...alice, '--group', group, '-n', '3', '--from-beginning'])
    expect(noGroup.code).toBe(6)
    expect(errorLine(noGroup.stderr)).toBe(`error: User:alice is not authorized to READ group "${group}"`)
    expect(noGroup.stdout).toBe('')

    await acl('create', ['--allow-principal', 'User:alice', '--operation', 'Read', '--group', group])
    const read = await run(['consume', topic, ...alice, '--group', group, '-n', '4', '--from-beginning'])
    expect(read.code, read.stderr).toBe(0)
    expect(lines(read.stdout)).toHaveLength(4)
    const lag = await run(['groups', 'lag', '--group', group, ...alice, '--json'])
    expect(lag.code, lag.stderr).toBe(0)
    const rows = json<{ partitions: { currentOffset: number | null; lag: number | null }[] }>(lag).partitions
    expect(rows.reduce((n, r) => n + (r.currentOffset ?? 0), 0)).toBe(4)

    // bob has nothing: every groups command says what he lacks, with exit 6, in text and in JSON; the
    // commands that change a group also say everything they will need.
    for (const [args, needs] of [
      [['groups', 'describe', '--group', group], null],
      [['groups', 'lag', '--group', group, '--max-lag', '1000'], null],
      [['groups', 'lag', '--group', group, '--sample', '2', '--interval', '200ms'], null],
      [
        resetToEarliest(group, topic),
        'resetting offsets needs DESCRIBE and READ on the group and READ on its topics',
      ],
      [
        ['groups', 'delete', '--group', group, '--yes'],
        'deleting a group needs DESCRIBE and DELETE on the group',
      ],
    ] as const) {
      const r = await run([...args, ...bob])
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(6)
      expect(errorLine(r.stderr)).toBe(`error: User:bob is not authorized to DESCRIBE group "${group}"`)
      if (needs) expect(r.stderr).toContain(`hint: ${needs}`)
      else expect(r.stderr).not.toMatch(/needs/)
      const j = await run([...args, ...bob, '--json'])
      expect(j.code).toBe(6)
      expect(json<ErrorJson>(j).error).toMatchObject({ code: 'AUTHORIZATION_FAILED', exit: 6 })
    }

    // A deny on the topic beats alice's allow: consume and reset are refused, the offsets stay.
    await acl('create', ['--deny-principal', 'User:alice', '--operation', 'Read', '--topic', topic])
    const denied = await run(['consume', topic, ...alice, '--group', group, '-e'])
    expect(denied.code).toBe(6)
    expect(errorLine(denied.stderr)).toBe(`error: User:alice is not authorized to READ topic "${topic}"`)
    // alice may not read the ACLs: the hint cannot name the DENY, and says an ALLOW would not beat one.
    expect(denied.stderr).toContain(
      `hint: an administrator can allow it, unless a DENY ACL matches (a DENY wins over any ALLOW): ktk acls create --allow-principal User:alice --operation Read --topic ${topic}`,
    )
    expect(denied.stdout).toBe('')
    const reset = await run([...resetToEarliest(group, topic), ...alice])
    expect(reset.code).toBe(6)
    expect(errorLine(reset.stderr)).toBe(`error: User:alice is not authorized to READ topic "${topic}"`)
    const still = json<{ partitions: { currentOffset: number | null }[] }>(
      await run(['groups', 'lag', '--group', group, ...admin, '--json']),
    ).partitions
    expect(still.reduce((n, r) => n + (r.currentOffset ?? 0), 0)).toBe(4)

    await acl('delete', ['--deny-principal', 'User:alice', '--operation', 'Read', '--topic', topic])
    const resumed = await run(['consume', topic, ...alice, '--group', group, '-e'])
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(lines(resumed.stdout)).toHaveLength(6)
  })
})

describe('wrong credentials and a wrong CA on the records and groups paths', () => {
  it('a wrong password: produce, consume and groups exit 6 naming user, mechanism and broker', async () => {
    const topic = uniqueTopic('secrec.wrongpw')
    expect((await run(['topics', 'create', topic, ...admin])).code).toBe(0)
    for (const mechanism of ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']) {
      const props = clientProperties(c, {
        protocol: 'SASL_PLAINTEXT',
        mechanism,
        user: 'alice',
        password: 'not-her-password',
      })
      const b = ['-b', c.saslPlaintext, '--command-config', props]
      for (const [args, input] of [
        [['produce', topic], '1\n'],
        [['consume', topic, '-e'], undefined],
        [['groups', 'lag', '--group', 'any'], undefined],
      ] as const) {
        const r = await run([...args, ...b], { input })
        expect(r.code, `${args[0]} ${mechanism}: ${r.stderr}`).toBe(6)
        expect(errorLine(r.stderr)).toBe(
          `error: authentication failed for user alice (${mechanism}) at ${c.saslPlaintext}`,
        )
        noStackTrace(r.stderr)
        expect(r.stdout + r.stderr).not.toContain('not-her-password')
      }
    }
    expect(await values(topic)).toEqual([])
  })

  it('a CA that did not sign the broker: produce, consume and groups exit 6 with TLS_FAILED', async () => {
    const wrongCa = join(c.dir, 'records-other-ca.pem')
    writeFileSync(wrongCa, rootCertificates[0]!)
    const flags = [
      '-b',
      c.saslSsl,
      '--ca-file',
      wrongCa,
      '--sasl-mechanism',
      'SCRAM-SHA-256',
      '--username',
      'admin',
      '--password',
      `file:${c.secure.users[0]!.passwordFile}`,
    ]
    expect((await run(['context', 'add', 'records-wrong-ca', ...flags])).code).toBe(0)
    const ctx = ['--context', 'records-wrong-ca', '--timeout', '10s']
    for (const [args, input] of [
      [['produce', 'any.topic'], '1\n'],
      [['consume', 'any.topic', '-e'], undefined],
      [['groups', 'describe', '--all-groups'], undefined],
    ] as const) {
      const r = await run([...args, ...ctx, '--json'], { input })
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(6)
      const error = json<ErrorJson>(r).error
      expect(error.code).toBe('TLS_FAILED')
      expect(error.message).toMatch(/certificate chain ends in a CA that is not trusted$/)
    }
  })
})

describe('no secret in produce, consume or groups output', () => {
  it('--debug and --json runs, passing and failing, print no password', async () => {
    const secrets = Object.values(c.passwords)
    const wrong = `wrong-${Date.now()}-password`
    const topic = uniqueTopic('secrec.redact')
    const group = `${topic}.g`
    const env = { REC_ADMIN_PW: c.passwords.admin!, REC_WRONG_PW: wrong }
    const add = (name: string, protocol: string, bootstrap: string, password: string, user = 'admin') => [
      'context',
      'add',
      name,
      '-b',
      bootstrap,
      '--security-protocol',
      protocol,
      ...(protocol === 'SASL_SSL' ? ['--ca-file', c.secure.caFile] : []),
      '--sasl-mechanism',
      'SCRAM-SHA-512',
      '--username',
      user,
      '--password',
      password,
      '--force',
    ]
    for (const args of [
      add('rec-env', 'SASL_SSL', c.saslSsl, 'env:REC_ADMIN_PW'),
      add('rec-wrong', 'SASL_PLAINTEXT', c.saslPlaintext, 'env:REC_WRONG_PW', 'alice'),
    ]) {
      const r = await run(args, { env })
      expect(r.code, r.stderr).toBe(0)
    }
    const props = clientProperties(c, { protocol: 'SASL_PLAINTEXT', mechanism: 'PLAIN', user: 'admin' })
    const viaProps = ['-b', c.saslPlaintext, '--command-config', props]
    const D = ['--debug']
    const DJ = ['--debug', '--json']
    const commands: [string[], number, string?][] = [
      [['topics', 'create', topic, '--context', 'rec-env', '--partitions', '2'], 0],
      [['produce', topic, '--context', 'rec-env', ...D], 0, '1\n2\n3\n'],
      [['produce', topic, ...viaProps, ...DJ], 0, '4\n5\n'],
      [['consume', topic, '--context', 'rec-env', '--group', group, '-n', '2', '--from-beginning', ...D], 0],
      [['consume', topic, ...viaProps, '--group', group, '-e', '--output', 'jsonl', ...DJ], 0],
      [['groups', 'describe', '--group', group, '--context', 'rec-env', ...DJ], 0],
      [['groups', 'lag', '--group', group, ...viaProps, ...D], 0],
      [['groups', 'list', '--context', 'rec-env', ...DJ], 0],
      [['groups', 'reset-offsets', '--group', group, '--all-topics', '--to-earliest', ...viaProps, ...DJ], 0],
      [['produce', topic, '--context', 'rec-wrong', ...DJ], 6, '9\n'],
      [['consume', topic, '--context', 'rec-wrong', '-e', ...D], 6],
      [['groups', 'lag', '--group', group, '--context', 'rec-wrong', ...DJ], 6],
      [['produce', topic, ...alice, ...DJ], 6, '9\n'],
      [['consume', topic, ...alice, '--group', group, '-e', ...D], 6],
    ]
    const outputs: string[] = []
    for (const [args, code, input] of commands) {
      const r = await run(args, { env, input })
      expect(r.code, `${args.join(' ')}: ${r.stderr.slice(-2000)}`).toBe(code)
      outputs.push(r.stdout, r.stderr)
    }
    const everything = outputs.join('\n')
    // The debug runs logged the SASL exchanges and the records requests: the check looks where a secret could be.
    expect(everything).toMatch(/SaslAuthenticate/)
    expect(everything).toMatch(/Produce|Fetch/)
    for (const secret of [...secrets, wrong])
      expect(everything.includes(secret), 'a secret was printed').toBe(false)
  }, 600_000)
})
