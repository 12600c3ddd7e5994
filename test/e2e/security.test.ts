import { execFileSync, spawn } from 'node:child_process'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { rootCertificates } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Acl } from '../../src/core/acl.js'
import type { ConnectionSettings } from '../../src/core/connection-settings.js'
import { KafkaSession } from '../../src/kafka/session.js'
import { type ErrorJson, errorLine, json, ktk, noStackTrace, uniqueTopic } from '../helpers/cli.js'
import { freePort, testCluster } from '../helpers/clusters.js'
import { kafkaTool, parseKafkaTopicsDescribe } from '../helpers/kafka-tools.js'
import {
  aclKeys,
  clientProperties,
  kafkaAcls,
  SASL_LISTENERS_AND_MECHANISMS,
  type SecureCluster,
  secureRunner,
  startSecureCluster,
  USERS,
} from '../helpers/secure.js'

interface DescribeJson {
  topics: {
    name: string
    partitionCount: number
    partitions: { partition: number; leader: number | null }[]
  }[]
}

const TOKEN_SCRIPT = join(process.cwd(), 'test', 'helpers', 'oauth-token.mjs')

let c: SecureCluster
const run = secureRunner(() => c)
const { admin, alice, bob } = USERS
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

beforeAll(async () => {
  c = await startSecureCluster('4.1.2', freePort(12))
})

afterAll(async () => {
  await c?.stop()
})

describe('ktk local start --secure', () => {
  it('prints the users and where their passwords are, never a password, and registers a context for each', async () => {
    const out = c.started.stdout + c.started.stderr
    for (const user of ['admin', 'alice', 'bob'])
      expect(out).toMatch(new RegExp(`^${user}\\s+(yes|no)\\s+\\S+${user}\\.password\\s`, 'm'))
    expect(out).toMatch(/^SASL_SSL\s+127\.0\.0\.1:\d+/m)
    expect(out).toMatch(/^SSL\s+127\.0\.0\.1:\d+\s+client certificate/m)
    for (const secret of [...Object.values(c.passwords), c.storePassword]) expect(out).not.toContain(secret)

    const list = json<{
      contexts: { name: string; securityProtocol: string; sasl: { username: string } | null }[]
    }>(await run(['context', 'list', '--json']))
    expect(list.contexts.map((x) => x.name)).toEqual(['local', 'local-alice', 'local-bob', 'local-mtls'])
    expect(list.contexts.find((x) => x.name === 'local')).toMatchObject({
      securityProtocol: 'SASL_SSL',
      sasl: { username: 'admin' },
    })
    const file = join(c.env.KTK_CONFIG_DIR, 'contexts.yaml')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const text = readFileSync(file, 'utf8')
    for (const secret of [...Object.values(c.passwords), c.storePassword]) expect(text).not.toContain(secret)

    // Each context really is that user: admin sees the cluster, alice may not describe it.
    expect((await run(['cluster', 'describe', ...admin])).code).toBe(0)
    const denied = await run(['acls', 'list', ...alice])
    expect(denied.code).toBe(6)
    expect(errorLine(denied.stderr)).toBe('error: User:alice is not authorized to DESCRIBE the cluster')
  })
})

describe('topics through SASL_PLAINTEXT and SASL_SSL', () => {
  it.each(SASL_LISTENERS_AND_MECHANISMS)(
    '%s with %s: create, list, describe and delete, as kafka-topics sees them',
    async (protocol, mechanism) => {
      const props = clientProperties(c, { protocol, mechanism, user: 'admin' })
      const b = ['-b', protocol === 'SASL_SSL' ? c.saslSsl : c.saslPlaintext, '--command-config', props]
      const topic = uniqueTopic(`sec.${mechanism.toLowerCase()}`)

      const created = await run(['topics', 'create', topic, ...b, '--partitions', '3'])
      expect(created.code, created.stderr).toBe(0)
      expect((await run(['topics', 'list', ...b])).stdout.split('\n')).toContain(topic)
      const ours = json<DescribeJson>(await run(['topics', 'describe', topic, ...b, '--json'])).topics[0]!
      const reference = await kafkaTool(c.tool, 'topics', [
        '--bootstrap-server',
        b[1]!,
        '--command-config',
        props,
        '--describe',
        '--topic',
        topic,
      ])
      expect(reference.code, reference.stderr).toBe(0)
      const [theirs] = parseKafkaTopicsDescribe(reference.stdout)
      expect(ours.partitionCount).toBe(3)
      expect(theirs!.partitionCount).toBe(3)
      expect(ours.partitions.map((p) => p.leader)).toEqual(theirs!.partitions.map((p) => p.leader))

      const deleted = await run(['topics', 'delete', topic, ...b, '--yes'])
      expect(deleted.code, deleted.stderr).toBe(0)
      const after = await kafkaTool(c.tool, 'topics', [
        '--bootstrap-server',
        b[1]!,
        '--command-config',
        props,
        '--list',
      ])
      expect(after.stdout.split('\n')).not.toContain(topic)
    },
  )

  it('the registered context (SASL_SSL, SCRAM-SHA-512, CA by file) needs no flags when it is current', async () => {
    const topic = uniqueTopic('sec.ctx')
    expect((await run(['context', 'use', 'local'])).code).toBe(0)
    try {
      expect((await run(['topics', 'create', topic])).code).toBe(0)
      const described = json<DescribeJson>(await run(['topics', 'describe', topic, '--json']))
      expect(described.topics[0]!.name).toBe(topic)
    } finally {
      await run(['context', 'use', '--unset'])
    }
  })
})

describe('a context that uses a properties file', () => {
  it('takes its address and security from the file; the secrets stay there', async () => {
    const props = clientProperties(c, { protocol: 'SASL_SSL', mechanism: 'SCRAM-SHA-256', user: 'admin' })
    writeFileSync(props, `bootstrap.servers=${c.saslSsl}\n${readFileSync(props, 'utf8')}`)
    const added = await run([
      'context',
      'add',
      'from-props',
      '--command-config',
      props,
      '--environment',
      'dev',
    ])
    expect(added.code, added.stderr).toBe(0)
    const topic = uniqueTopic('sec.props')
    const created = await run(['topics', 'create', topic, '--context', 'from-props'])
    expect(created.code, created.stderr).toBe(0)
    expect(readFileSync(join(c.env.KTK_CONFIG_DIR, 'contexts.yaml'), 'utf8')).not.toContain(
      c.passwords.admin!,
    )
  })
})

describe('mutual TLS', () => {
  it('alice by client certificate: PKCS#12 (local-mtls) and PEM files; ACLs apply to User:alice', async () => {
    const topic = uniqueTopic('sec.mtls')
    expect((await run(['topics', 'create', topic, ...admin])).code).toBe(0)
    const visible = async (context: string) => {
      const r = await run(['topics', 'list', '--context', context])
      expect(r.code, r.stderr).toBe(0)
      return r.stdout.split('\n').includes(topic)
    }
    expect(await visible('local-mtls')).toBe(false)
    const granted = await run([
      'acls',
      'create',
      ...admin,
      '--allow-principal',
      'User:alice',
      '--operation',
      'Describe',
      '--topic',
      topic,
    ])
    expect(granted.code, granted.stderr).toBe(0)
    expect(await visible('local-mtls')).toBe(true)

    // The same identity as PEM files (what most people get from their CA), converted with openssl.
    const p12 = c.secure.clientKeystore
    const cert = join(c.dir, 'alice-cert.pem')
    const key = join(c.dir, 'alice-key.pem')
    const pass = `pass:${c.storePassword}`
    execFileSync('openssl', ['pkcs12', '-in', p12, '-passin', pass, '-nokeys', '-clcerts', '-out', cert])
    execFileSync('openssl', ['pkcs12', '-in', p12, '-passin', pass, '-nocerts', '-nodes', '-out', key])
    const added = await run([
      'context',
      'add',
      'mtls-pem',
      '-b',
      c.ssl,
      '--ca-file',
      c.secure.caFile,
      '--cert-file',
      cert,
      '--key-file',
      key,
    ])
    expect(added.code, added.stderr).toBe(0)
    expect(await visible('mtls-pem')).toBe(true)

    expect((await run(['context', 'add', 'no-cert', '-b', c.ssl, '--ca-file', c.secure.caFile])).code).toBe(0)
    const refused = await run(['topics', 'list', '--context', 'no-cert'])
    expect(refused.code).toBe(6)
    expect(errorLine(refused.stderr)).toMatch(
      /^error: TLS handshake with 127\.0\.0\.1:\d+ failed: the broker refused the client certificate$/,
    )
  })
  it("a keystore's own CA certificates are not trusted: only --ca-file (or the system's CAs) is", async () => {
    // The keystore ktk local start makes for alice holds the cluster's CA beside her key and chain.
    const pass = `pass:${c.storePassword}`
    const bundled = execFileSync('openssl', [
      'pkcs12',
      '-in',
      c.secure.clientKeystore,
      '-passin',
      pass,
      '-nokeys',
      '-cacerts',
    ]).toString()
    const subject = (pem: string) =>
      execFileSync('openssl', ['x509', '-noout', '-subject'], { input: pem }).toString().trim()
    expect(subject(bundled)).toBe(subject(readFileSync(c.secure.caFile, 'utf8')))
    // Another CA, which signed nothing the broker has.
    const otherCa = join(c.dir, 'other-ca.pem')
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(c.dir, 'other-ca.key'),
        '-out',
        otherCa,
        '-subj',
        '/CN=some other CA',
        '-days',
        '2',
      ],
      { stdio: 'pipe' },
    )
    const keystore = [
      '-b',
      c.ssl,
      '--keystore-file',
      c.secure.clientKeystore,
      '--keystore-password',
      `file:${c.secure.storePasswordFile}`,
    ]
    const untrusted =
      /^error: TLS handshake with 127\.0\.0\.1:\d+ failed: the broker's certificate (chain ends in a CA that is not trusted|is not signed by a trusted CA)$/
    for (const [name, flags] of [
      ['p12-other-ca', ['--ca-file', otherCa]],
      ['p12-no-ca', []],
    ] as const) {
      expect((await run(['context', 'add', name, ...keystore, ...flags])).code).toBe(0)
      const before = await run(['topics', 'list', ...admin])
      const r = await run(['topics', 'list', '--context', name, '--timeout', '10s'])
      expect(r.code, `${name}: ${r.stderr}`).toBe(6)
      expect(errorLine(r.stderr)).toMatch(untrusted)
      noStackTrace(r.stderr)
      const j = await run([
        'topics',
        'create',
        'sec.p12-untrusted',
        '--context',
        name,
        '--timeout',
        '10s',
        '--json',
      ])
      expect(j.code).toBe(6)
      expect(json<ErrorJson>(j).error.code).toBe('TLS_FAILED')
      // Nothing changed: no topic was created through the untrusted connection.
      expect((await run(['topics', 'list', ...admin])).stdout).toBe(before.stdout)
    }
    // The same keystore with the broker's CA named connects (the local-mtls context, above, too).
    expect(
      (await run(['context', 'add', 'p12-right-ca', ...keystore, '--ca-file', c.secure.caFile])).code,
    ).toBe(0)
    const trusted = await run(['topics', 'list', '--context', 'p12-right-ca'])
    expect(trusted.code, trusted.stderr).toBe(0)
  })
})

describe('authentication and TLS failures exit 6 and say why', () => {
  it.each(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'])('a wrong password with %s', async (mechanism) => {
    const props = clientProperties(c, {
      protocol: 'SASL_PLAINTEXT',
      mechanism,
      user: 'alice',
      password: 'not-her-password',
    })
    const args = ['topics', 'list', '-b', c.saslPlaintext, '--command-config', props]
    const r = await run(args)
    expect(r.code).toBe(6)
    expect(errorLine(r.stderr)).toBe(
      `error: authentication failed for user alice (${mechanism}) at ${c.saslPlaintext}`,
    )
    noStackTrace(r.stderr)
    const j = await run([...args, '--json'])
    expect(j.code).toBe(6)
    expect(json<ErrorJson>(j).error).toMatchObject({ code: 'AUTHENTICATION_FAILED', exit: 6 })
    expect(j.stdout + j.stderr).not.toContain('not-her-password')
  })

  it.each([
    ['PLAIN', 'alice', 'not-her-password'],
    ['SCRAM-SHA-256', 'alice', 'not-her-password'],
    ['SCRAM-SHA-512', 'alice', 'not-her-password'],
    ['SCRAM-SHA-512', 'nobody', 'any-password'],
  ])(
    '%s as %s with a wrong password: groups list is exit 6 too, and --debug never says it succeeded',
    async (mechanism, user, password) => {
      const props = clientProperties(c, { protocol: 'SASL_PLAINTEXT', mechanism, user, password })
      const args = ['groups', 'list', '-b', c.saslPlaintext, '--command-config', props]
      const r = await run(args)
      expect(r.code, r.stderr).toBe(6)
      expect(errorLine(r.stderr)).toBe(
        `error: authentication failed for user ${user} (${mechanism}) at ${c.saslPlaintext}`,
      )
      expect(r.stdout).toBe('')
      const debug = await run([...args, '--debug'])
      expect(debug.code).toBe(6)
      expect(debug.stderr).not.toMatch(/authentication successful/)
    },
  )

  it('a wrong CA, the system CAs, a wrong server name, TLS to a plain port', async () => {
    const wrongCa = join(c.dir, 'some-other-ca.pem')
    writeFileSync(wrongCa, rootCertificates[0]!)
    const pw = [
      '--sasl-mechanism',
      'SCRAM-SHA-512',
      '--username',
      'admin',
      '--password',
      `file:${c.secure.users[0]!.passwordFile}`,
    ]
    const cases: [string, string[], RegExp][] = [
      [
        'wrong-ca',
        ['-b', c.saslSsl, '--ca-file', wrongCa],
        /failed: the broker's certificate chain ends in a CA that is not trusted$/,
      ],
      [
        'system-cas',
        ['-b', c.saslSsl],
        /failed: the broker's certificate chain ends in a CA that is not trusted$/,
      ],
      [
        'wrong-name',
        ['-b', c.saslSsl, '--ca-file', c.secure.caFile, '--tls-server-name', 'kafka.example'],
        /failed: the broker's certificate is for DNS:localhost, IP Address:127\.0\.0\.1, not kafka\.example$/,
      ],
      [
        'tls-to-plain',
        ['-b', c.saslPlaintext, '--ca-file', c.secure.caFile],
        /failed: the listener does not speak TLS$/,
      ],
    ]
    for (const [name, flags, reason] of cases) {
      expect(
        (await run(['context', 'add', name, ...flags, ...pw, '--security-protocol', 'SASL_SSL'])).code,
      ).toBe(0)
      const r = await run(['topics', 'list', '--context', name, '--timeout', '10s'])
      expect(r.code, `${name}: ${r.stderr}`).toBe(6)
      expect(errorLine(r.stderr)).toMatch(
        new RegExp(`^error: TLS handshake with 127\\.0\\.0\\.1:\\d+ ${reason.source.slice(0)}`),
      )
      const j = await run(['topics', 'list', '--context', name, '--timeout', '10s', '--json'])
      expect(j.code).toBe(6)
      expect(json<ErrorJson>(j).error.code).toBe('TLS_FAILED')
    }
    // The same host name check passes when the expected name is one the certificate carries.
    expect(
      (
        await run([
          'context',
          'add',
          'right-name',
          '-b',
          c.saslSsl,
          '--ca-file',
          c.secure.caFile,
          '--tls-server-name',
          'localhost',
          ...pw,
        ])
      ).code,
    ).toBe(0)
    expect((await run(['topics', 'list', '--context', 'right-name'])).code).toBe(0)
  })

  it('no SASL on a SASL port: exit 7, saying the broker hung up and what to set', async () => {
    const r = await run(['topics', 'list', '-b', c.saslPlaintext, '--timeout', '10s'])
    expect(r.code).toBe(7)
    expect(errorLine(r.stderr)).toBe(
      `error: cannot reach a broker at ${c.saslPlaintext}: the broker closed the connection`,
    )
    expect(r.stderr).toMatch(/set the security protocol/)
  })

  it('a missing ACL names the principal, the operation and the resource', async () => {
    const mine = uniqueTopic('sec.admin-only')
    expect((await run(['topics', 'create', mine, ...admin])).code).toBe(0)
    const create = await run(['topics', 'create', 'sec.not-allowed', ...alice])
    expect(create.code).toBe(6)
    expect(errorLine(create.stderr)).toBe(
      'error: User:alice is not authorized to CREATE topic "sec.not-allowed"',
    )
    expect(create.stderr).toContain(
      'hint: an administrator can allow it, unless a DENY ACL matches (a DENY wins over any ALLOW): ktk acls create --allow-principal User:alice --operation Create --topic sec.not-allowed',
    )
    const describe_ = await run(['topics', 'describe', mine, ...alice, '--json'])
    expect(describe_.code).toBe(6)
    expect(json<ErrorJson>(describe_).error).toMatchObject({
      code: 'AUTHORIZATION_FAILED',
      message: `User:alice is not authorized to DESCRIBE topic "${mine}"`,
    })
  })
})

describe('OAUTHBEARER', () => {
  const tokens = () => join(c.dir, 'tokens.log')
  const command = (subject: string, lifetime = 3600, form = '') =>
    `${process.execPath} ${TOKEN_SCRIPT} ${subject} ${lifetime} ${tokens()} ${form}`

  it('--oauth-token-command over SASL_PLAINTEXT, a context over SASL_SSL, and a JSON token response', async () => {
    const topic = uniqueTopic('sec.oauth')
    const created = await run([
      'topics',
      'create',
      topic,
      '-b',
      c.saslPlaintext,
      '--oauth-token-command',
      command('admin'),
    ])
    expect(created.code, created.stderr).toBe(0)
    const added = await run([
      'context',
      'add',
      'oauth',
      '-b',
      c.saslSsl,
      '--ca-file',
      c.secure.caFile,
      '--oauth-token-command',
      command('admin', 600, 'json'),
    ])
    expect(added.code, added.stderr).toBe(0)
    const listed = await run(['topics', 'list', '--context', 'oauth'])
    expect(listed.code, listed.stderr).toBe(0)
    expect(listed.stdout.split('\n')).toContain(topic)
    // The token's subject is the principal: alice may not create.
    const denied = await run([
      'topics',
      'create',
      'sec.oauth-denied',
      '-b',
      c.saslPlaintext,
      '--oauth-token-command',
      command('alice'),
    ])
    expect(denied.code).toBe(6)
    expect(errorLine(denied.stderr)).toBe('error: not authorized to CREATE topic "sec.oauth-denied"')
  })

  it('Java properties form: an unsecured token for unsecuredLoginStringClaim_sub, as kafka-topics does', async () => {
    const props = join(c.dir, 'oauth.properties')
    writeFileSync(
      props,
      'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=OAUTHBEARER\nsasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="admin";\n',
    )
    const topic = uniqueTopic('sec.oauthprops')
    const created = await run(['topics', 'create', topic, '-b', c.saslPlaintext, '--command-config', props])
    expect(created.code, created.stderr).toBe(0)
    const reference = await kafkaTool(c.tool, 'topics', [
      '--bootstrap-server',
      c.saslPlaintext,
      '--command-config',
      props,
      '--list',
    ])
    expect(reference.code, reference.stderr).toBe(0)
    expect(reference.stdout.split('\n')).toContain(topic)
  })

  it('a token the broker rejects: exit 6 naming OAUTHBEARER (it was an empty list and exit 0)', async () => {
    for (const listener of [c.saslPlaintext, c.saslSsl]) {
      const tls =
        listener === c.saslSsl ? ['--ca-file', c.secure.caFile] : ['--security-protocol', 'SASL_PLAINTEXT']
      const name = `oauth-garbage-${listener === c.saslSsl ? 'ssl' : 'plain'}`
      const added = await run([
        'context',
        'add',
        name,
        '-b',
        listener,
        ...tls,
        '--oauth-token-command',
        'echo garbage',
      ])
      expect(added.code, added.stderr).toBe(0)
      for (const listing of [
        ['topics', 'list'],
        ['groups', 'list'],
      ]) {
        const r = await run([...listing, '--context', name])
        expect(r.code, r.stderr).toBe(6)
        expect(errorLine(r.stderr)).toBe(
          `error: authentication failed for the OAuth token (OAUTHBEARER) at ${listener}`,
        )
        expect(r.stderr).toMatch(/^hint: the broker says: .*invalid_token/m)
        expect(r.stdout).toBe('')
        noStackTrace(r.stderr)
        const j = await run([...listing, '--context', name, '--json'])
        expect(j.code).toBe(6)
        expect(json<ErrorJson>(j).error).toMatchObject({ code: 'AUTHENTICATION_FAILED', exit: 6 })
      }
    }
    const debug = await run(['topics', 'list', '--context', 'oauth-garbage-plain', '--debug'])
    expect(debug.code).toBe(6)
    expect(debug.stderr).not.toMatch(/authentication successful/)
    // A token the broker accepts still works on the same listener.
    const good = await run([
      'topics',
      'list',
      '-b',
      c.saslPlaintext,
      '--oauth-token-command',
      command('admin'),
    ])
    expect(good.code, good.stderr).toBe(0)
  })

  it('a failing token command or an expired token: exit 6, saying which', async () => {
    const failing = await run([
      'topics',
      'list',
      '-b',
      c.saslPlaintext,
      '--oauth-token-command',
      'echo "no token today" >&2; exit 3',
    ])
    expect(failing.code).toBe(6)
    expect(errorLine(failing.stderr)).toBe('error: the OAuth token command failed (exit 3): no token today')
    const expired = await run([
      'topics',
      'list',
      '-b',
      c.saslPlaintext,
      '--oauth-token-command',
      command('admin', -60),
    ])
    expect(expired.code).toBe(6)
    expect(errorLine(expired.stderr)).toMatch(/expired/)
  })

  it('the token is fetched again before it expires: a session outlives three 20 s tokens', async () => {
    const log = join(c.dir, 'refresh-tokens.log')
    writeFileSync(log, '')
    const settings: ConnectionSettings = {
      bootstrapServers: [c.saslPlaintext],
      source: 'flag',
      clientId: 'ktk-refresh-test',
      timeoutMs: 15_000,
      securityProtocol: 'SASL_PLAINTEXT',
      sasl: {
        mechanism: 'OAUTHBEARER',
        token: { kind: 'command', command: `${process.execPath} ${TOKEN_SCRIPT} admin 20 ${log}` },
      },
    }
    const session = new KafkaSession(settings)
    /** How many of the tokens handed out had expired at `at` (each is logged with its exp claim). */
    const expiredTokens = (at: number) =>
      readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .filter((t) => JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString()).exp * 1000 <= at)
        .length
    // Requests on one session until it answers after three of its tokens have expired (the test's
    // timeout bounds the wait).
    let outlived = 0
    try {
      while (outlived < 3) {
        const asked = Date.now()
        const metadata = await session.metadata([])
        expect(metadata.brokers.length).toBe(1)
        outlived = expiredTokens(asked)
        await new Promise((r) => setTimeout(r, 2_000))
      }
    } finally {
      await session.close()
    }
    const issued = readFileSync(log, 'utf8').trim().split('\n')
    // Each token lives 20 s; the broker ends a session with its token. One session answering after three
    // expired needed each fetched before the one before it expired.
    expect(issued.length).toBeGreaterThanOrEqual(3)
    expect(new Set(issued).size).toBe(issued.length)
  }, 120_000)
})

describe('ACLs', () => {
  /** kafka-acls' view: the reference. */
  const theirAcls = async (args: string[]) => {
    const { result, acls } = await kafkaAcls(c, args)
    expect(result.code, result.stdout + result.stderr).toBe(0)
    return acls
  }
  const ktkAcls = async (args: string[]) => {
    const r = await run(['acls', 'list', ...admin, ...args, '--json'])
    expect(r.code, r.stderr).toBe(0)
    return json<{ acls: Acl[] }>(r).acls
  }

  it('create, then list: the same ACLs as kafka-acls --list, literal, prefixed, group, cluster, transactional id', async () => {
    const t = uniqueTopic('acl.parity')
    const cases = [
      ['--allow-principal', 'User:alice', '--operation', 'Read', '--operation', 'Describe', '--topic', t],
      [
        '--allow-principal',
        'User:bob',
        '--operation',
        'All',
        '--topic',
        `${t}.`,
        '--resource-pattern-type',
        'prefixed',
      ],
      [
        '--allow-principal',
        'User:alice',
        '--operation',
        'Read',
        '--group',
        `${t}-group`,
        '--allow-host',
        '10.1.2.3',
      ],
      [
        '--allow-principal',
        'User:alice',
        '--producer',
        '--idempotent',
        '--topic',
        t,
        '--transactional-id',
        `${t}-tx`,
      ],
      ['--deny-principal', 'User:bob', '--operation', 'Write', '--topic', t],
    ]
    const created: Acl[] = []
    for (const flags of cases) {
      const r = await run(['acls', 'create', ...admin, ...flags, '--json'])
      expect(r.code, r.stderr).toBe(0)
      created.push(...json<{ created: Acl[] }>(r).created)
    }
    const mine = (acls: readonly Acl[]) => acls.filter((a) => a.resourceName.startsWith(t))
    const theirs = await theirAcls(['--list'])
    const ours = await ktkAcls([])
    expect(aclKeys(mine(ours))).toEqual(aclKeys(mine(theirs)))
    // Creating an ACL that exists changes nothing: the producer's Describe on the topic was there.
    expect(aclKeys(mine(ours))).toEqual([...new Set(aclKeys(mine(created)))])
    expect(mine(ours)).toHaveLength(2 + 1 + 1 + 4 + 1)
    // The cluster ACL is not under the topic's name; kafka-acls shows the same one.
    const idempotent = (acls: readonly Acl[]) =>
      aclKeys(acls.filter((a) => a.resourceType === 'CLUSTER' && a.operation === 'IDEMPOTENT_WRITE'))
    expect(idempotent(ours)).toEqual(idempotent(theirs))
  })

  it('ACLs kafka-acls --add creates read back the same through ktk, per resource and with match', async () => {
    const t = uniqueTopic('acl.theirs')
    await theirAcls([
      '--add',
      '--allow-principal',
      'User:carol',
      '--operation',
      'Write',
      '--topic',
      t,
      '--allow-host',
      '10.0.0.7',
    ])
    await theirAcls([
      '--add',
      '--allow-principal',
      'User:carol',
      '--operation',
      'Read',
      '--topic',
      'acl.',
      '--resource-pattern-type',
      'prefixed',
    ])
    expect(aclKeys(await ktkAcls(['--topic', t]))).toEqual([
      `TOPIC ${t} LITERAL User:carol 10.0.0.7 WRITE ALLOW`,
    ])
    const matching = aclKeys(
      await ktkAcls(['--topic', t, '--resource-pattern-type', 'match', '--principal', 'User:carol']),
    )
    expect(matching).toEqual([
      'TOPIC acl. PREFIXED User:carol * READ ALLOW',
      `TOPIC ${t} LITERAL User:carol 10.0.0.7 WRITE ALLOW`,
    ])
    const table = await run(['acls', 'list', ...admin, '--topic', t])
    expect(table.stdout.split('\n')[0]).toMatch(
      /^RESOURCE-TYPE\s+RESOURCE-NAME\s+PATTERN-TYPE\s+PRINCIPAL\s+HOST\s+OPERATION\s+PERMISSION$/,
    )
    expect(table.stdout).toMatch(
      new RegExp(
        `^TOPIC\\s+${escapeRegex(t)}\\s+LITERAL\\s+User:carol\\s+10\\.0\\.0\\.7\\s+WRITE\\s+ALLOW$`,
        'm',
      ),
    )
  })

  it('allow behaves: a prefixed Create/Describe lets bob create under his prefix, and nowhere else', async () => {
    const prefix = `${uniqueTopic('bob')}.`
    expect((await run(['topics', 'create', `${prefix}x`, ...bob])).code).toBe(6)
    const granted = await run([
      'acls',
      'create',
      ...admin,
      '--allow-principal',
      'User:bob',
      '--operation',
      'Create',
      '--operation',
      'Describe',
      '--topic',
      prefix,
      '--resource-pattern-type',
      'prefixed',
    ])
    expect(granted.code, granted.stderr).toBe(0)
    const ok = await run(['topics', 'create', `${prefix}x`, ...bob])
    expect(ok.code, ok.stderr).toBe(0)
    expect((await run(['topics', 'list', ...bob])).stdout.split('\n')).toContain(`${prefix}x`)
    const elsewhere = await run(['topics', 'create', `${uniqueTopic('elsewhere')}`, ...bob])
    expect(elsewhere.code).toBe(6)
  })

  it('deny behaves: deny beats an allow for everyone', async () => {
    const t = uniqueTopic('acl.deny')
    expect((await run(['topics', 'create', t, ...admin])).code).toBe(0)
    expect(
      (
        await run([
          'acls',
          'create',
          ...admin,
          '--allow-principal',
          'User:*',
          '--operation',
          'Describe',
          '--topic',
          t,
        ])
      ).code,
    ).toBe(0)
    expect((await run(['topics', 'list', ...bob])).stdout.split('\n')).toContain(t)
    expect(
      (
        await run([
          'acls',
          'create',
          ...admin,
          '--deny-principal',
          'User:bob',
          '--operation',
          'Describe',
          '--topic',
          t,
        ])
      ).code,
    ).toBe(0)
    expect((await run(['topics', 'list', ...bob])).stdout.split('\n')).not.toContain(t)
    expect((await run(['topics', 'list', ...alice])).stdout.split('\n')).toContain(t)
    const r = await run(['topics', 'describe', t, ...bob])
    expect(r.code).toBe(6)
    expect(errorLine(r.stderr)).toBe(`error: User:bob is not authorized to DESCRIBE topic "${t}"`)
    // bob may not read the ACLs, so ktk cannot tell a missing ALLOW from a DENY: the hint says both.
    expect(r.stderr).toContain(
      `hint: an administrator can allow it, unless a DENY ACL matches (a DENY wins over any ALLOW): ktk acls create --allow-principal User:bob --operation Describe --topic ${t}`,
    )

    // Allowed to read the ACLs, bob is told which DENY refuses him, and no ALLOW is suggested.
    const readAcls = ['--allow-principal', 'User:bob', '--operation', 'Describe', '--cluster']
    expect((await run(['acls', 'create', ...admin, ...readAcls])).code).toBe(0)
    try {
      const named = await run(['topics', 'describe', t, ...bob])
      expect(named.code).toBe(6)
      expect(errorLine(named.stderr)).toBe(`error: User:bob is not authorized to DESCRIBE topic "${t}"`)
      const denyHint = `DENY User:bob Describe on topic "${t}" refuses it, and no ALLOW can override a DENY; an administrator can remove it: ktk acls delete --deny-principal User:bob --operation Describe --topic ${t}`
      expect(named.stderr).toContain(`hint: ${denyHint}`)
      expect(named.stderr).not.toContain('--allow-principal')
      noStackTrace(named.stderr)
      const asJson = await run(['topics', 'describe', t, ...bob, '--json'])
      expect(asJson.code).toBe(6)
      expect(json<ErrorJson>(asJson).error).toMatchObject({ code: 'AUTHORIZATION_FAILED', hints: [denyHint] })
    } finally {
      expect((await run(['acls', 'delete', ...admin, ...readAcls, '--yes'])).code).toBe(0)
    }

    // A refused topics delete: the failure on stderr, nothing on stdout, the topic still there.
    const refused = await run(['topics', 'delete', t, ...alice, '--yes'])
    expect(refused.code).toBe(6)
    expect(refused.stdout).toBe('')
    expect(errorLine(refused.stderr)).toBe(`error: User:alice is not authorized to DELETE topic "${t}"`)
    expect(refused.stderr.split('\n').filter((l) => l.startsWith('error:'))).toHaveLength(1)
    noStackTrace(refused.stderr)
    const refusedJson = await run(['topics', 'delete', t, ...alice, '--yes', '--json'])
    expect(refusedJson.code).toBe(6)
    expect(json<ErrorJson>(refusedJson).error).toMatchObject({ code: 'AUTHORIZATION_FAILED', exit: 6 })
    expect((await run(['topics', 'list', ...admin])).stdout.split('\n')).toContain(t)
  })

  it('delete: a dry run changes nothing, scripts need --yes, and exactly the shown ACLs go', async () => {
    const t = uniqueTopic('acl.delete')
    for (const op of ['Read', 'Write', 'Describe']) {
      expect(
        (
          await run([
            'acls',
            'create',
            ...admin,
            '--allow-principal',
            'User:alice',
            '--operation',
            op,
            '--topic',
            t,
          ])
        ).code,
      ).toBe(0)
    }
    expect(
      (
        await run([
          'acls',
          'create',
          ...admin,
          '--allow-principal',
          'User:bob',
          '--operation',
          'Read',
          '--topic',
          t,
        ])
      ).code,
    ).toBe(0)
    const before = aclKeys(await theirAcls(['--list', '--topic', t]))
    expect(before).toHaveLength(4)

    const dry = await run([
      'acls',
      'delete',
      ...admin,
      '--topic',
      t,
      '--allow-principal',
      'User:alice',
      '--dry-run',
      '--json',
    ])
    expect(dry.code).toBe(0)
    expect(json<{ deleted: Acl[]; dryRun: boolean }>(dry)).toMatchObject({ dryRun: true })
    expect(json<{ deleted: Acl[] }>(dry).deleted).toHaveLength(3)
    expect(aclKeys(await theirAcls(['--list', '--topic', t]))).toEqual(before)

    const refused = await run(['acls', 'delete', ...admin, '--topic', t, '--allow-principal', 'User:alice'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/--yes/)

    const done = await run([
      'acls',
      'delete',
      ...admin,
      '--topic',
      t,
      '--allow-principal',
      'User:alice',
      '--operation',
      'Read',
      '--operation',
      'Write',
      '--yes',
      '--json',
    ])
    expect(done.code, done.stderr).toBe(0)
    expect(aclKeys(json<{ deleted: Acl[] }>(done).deleted)).toEqual([
      `TOPIC ${t} LITERAL User:alice * READ ALLOW`,
      `TOPIC ${t} LITERAL User:alice * WRITE ALLOW`,
    ])
    expect(aclKeys(await theirAcls(['--list', '--topic', t]))).toEqual([
      `TOPIC ${t} LITERAL User:alice * DESCRIBE ALLOW`,
      `TOPIC ${t} LITERAL User:bob * READ ALLOW`,
    ])
  })

  it('usage errors: an operation the resource does not take, no resource, no principal (exit 2)', async () => {
    const wrong = await run([
      'acls',
      'create',
      ...admin,
      '--allow-principal',
      'User:a',
      '--operation',
      'Write',
      '--group',
      'g',
    ])
    expect(wrong.code).toBe(2)
    expect(errorLine(wrong.stderr)).toBe('error: a group does not take Write')
    expect((await run(['acls', 'create', ...admin, '--allow-principal', 'User:a'])).code).toBe(2)
    expect((await run(['acls', 'create', ...admin, '--topic', 't'])).code).toBe(2)
    expect((await run(['acls', 'delete', ...admin, '--yes'])).code).toBe(2)
  })

  it('a cluster without an authorizer (Kafka 3.9 test cluster) says so: exit 5', async () => {
    const plain = await testCluster('kafka39')
    const r = await ktk(['acls', 'list', '-b', plain.bootstrap])
    expect(r.code).toBe(5)
    expect(errorLine(r.stderr)).toBe('error: the cluster has no authorizer, so it keeps no ACLs')
  })
})

describe('no secret in any output', () => {
  it('--debug and --json runs, passing and failing, print no password, key password or token; written files hold none', async () => {
    const secrets = [...Object.values(c.passwords), c.storePassword]
    const wrong = `wrong-${Date.now()}-password`
    secrets.push(wrong)
    const tokenLog = join(c.dir, 'redaction-tokens.log')
    writeFileSync(tokenLog, '')
    const env = { RED_ADMIN_PW: c.passwords.admin!, RED_WRONG_PW: wrong, RED_STORE_PW: c.storePassword }
    const adminFile = c.secure.users[0]!.passwordFile
    const adds = [
      [
        'red-env',
        '-b',
        c.saslSsl,
        '--ca-file',
        c.secure.caFile,
        '--sasl-mechanism',
        'SCRAM-SHA-512',
        '--username',
        'admin',
        '--password',
        'env:RED_ADMIN_PW',
      ],
      [
        'red-file',
        '-b',
        c.saslPlaintext,
        '--security-protocol',
        'SASL_PLAINTEXT',
        '--sasl-mechanism',
        'PLAIN',
        '--username',
        'admin',
        '--password',
        `file:${adminFile}`,
      ],
      [
        'red-wrong',
        '-b',
        c.saslPlaintext,
        '--security-protocol',
        'SASL_PLAINTEXT',
        '--sasl-mechanism',
        'SCRAM-SHA-256',
        '--username',
        'alice',
        '--password',
        'env:RED_WRONG_PW',
      ],
      [
        'red-mtls',
        '-b',
        c.ssl,
        '--ca-file',
        c.secure.caFile,
        '--keystore-file',
        c.secure.clientKeystore,
        '--keystore-password',
        'env:RED_STORE_PW',
      ],
      [
        'red-oauth',
        '-b',
        c.saslSsl,
        '--ca-file',
        c.secure.caFile,
        '--oauth-token-command',
        `${process.execPath} ${TOKEN_SCRIPT} admin 600 ${tokenLog}`,
      ],
    ]
    const outputs: string[] = []
    for (const add of adds) {
      const r = await run(['context', 'add', ...add, '--force', '--json'], { env })
      expect(r.code, r.stderr).toBe(0)
      outputs.push(r.stdout, r.stderr)
    }
    const props = clientProperties(c, { protocol: 'SASL_SSL', mechanism: 'PLAIN', user: 'admin' })
    const topic = uniqueTopic('sec.redact')
    // Every command at least once with --debug, with --json and with both; failures included.
    const D = ['--debug']
    const J = ['--json']
    const DJ = ['--debug', '--json']
    const commands: [string[], number][] = [
      [['topics', 'create', topic, '--context', 'red-env', ...D], 0],
      [['topics', 'describe', topic, '--context', 'red-file', ...D], 0],
      [['topics', 'describe', topic, '--context', 'red-file', ...DJ], 0],
      [['topics', 'list', '-b', c.saslSsl, '--command-config', props, ...D], 0],
      [['topics', 'list', '-b', c.saslSsl, '--command-config', props, ...J], 0],
      [
        [
          'acls',
          'create',
          '--context',
          'red-oauth',
          '--allow-principal',
          'User:alice',
          '--operation',
          'Describe',
          '--topic',
          topic,
          ...DJ,
        ],
        0,
      ],
      [['acls', 'list', '--context', 'red-env', '--topic', topic, ...D], 0],
      [['acls', 'list', '--context', 'red-env', '--topic', topic, ...J], 0],
      [['topics', 'list', '--context', 'red-mtls', ...DJ], 0],
      [['cluster', 'describe', '--context', 'red-oauth', ...D], 0],
      [['cluster', 'describe', '--context', 'red-oauth', ...J], 0],
      [['topics', 'list', '--context', 'red-wrong', ...D], 6],
      [['topics', 'list', '--context', 'red-wrong', ...J], 6],
      [['topics', 'list', '--context', 'red-wrong', ...DJ], 6],
      [['topics', 'create', 'sec.redact-denied', '--context', 'local-alice', ...DJ], 6],
      [['acls', 'delete', '--context', 'red-env', '--topic', topic, '--yes', ...D], 0],
      [['topics', 'delete', topic, '--context', 'red-env', '--yes', ...DJ], 0],
      [['context', 'show', 'red-env', ...J], 0],
      [['context', 'show', 'red-mtls'], 0],
      [['context', 'list', ...J], 0],
    ]
    for (const [args, code] of commands) {
      const r = await run(args, { env })
      expect(r.code, `${args.join(' ')}: ${r.stderr.slice(-2000)}`).toBe(code)
      outputs.push(r.stdout, r.stderr)
    }
    const tokens = readFileSync(tokenLog, 'utf8').trim().split('\n').filter(Boolean)
    expect(tokens.length).toBeGreaterThan(0)
    secrets.push(...tokens)
    // The debug runs did log the SASL exchanges (so the check looks where secrets could be).
    expect(outputs.join('\n')).toMatch(/SaslAuthenticate/)

    const everything = outputs.join('\n')
    for (const secret of secrets) expect(everything.includes(secret), 'a secret was printed').toBe(false)
    for (const file of walk(c.env.KTK_CONFIG_DIR)) {
      const text = readFileSync(file, 'utf8')
      for (const secret of secrets) expect(text.includes(secret), `a secret is in ${file}`).toBe(false)
    }
  }, 600_000)
})

describe('secrets asked on a terminal', () => {
  it('prompt: asked for without echo on a terminal, refused without one', async () => {
    const added = await run([
      'context',
      'add',
      'asker',
      '-b',
      c.saslPlaintext,
      '--security-protocol',
      'SASL_PLAINTEXT',
      '--sasl-mechanism',
      'SCRAM-SHA-512',
      '--username',
      'admin',
      '--password',
      'prompt',
    ])
    expect(added.code, added.stderr).toBe(0)
    const none = await run(['topics', 'list', '--context', 'asker'])
    expect(none.code).toBe(2)
    expect(errorLine(none.stderr)).toBe(
      'error: the password of admin (context asker) is asked for on a terminal, and there is none',
    )

    const topic = uniqueTopic('sec.prompted')
    expect((await run(['topics', 'create', topic, ...admin])).code).toBe(0)
    const screen = await inTerminal(
      ['topics', 'list', '--context', 'asker'],
      /Password of admin \(context asker\):/,
      `${c.passwords.admin}\n`,
    )
    expect(screen.code, screen.output).toBe(0)
    expect(screen.output).toContain(topic)
    expect(screen.output).not.toContain(c.passwords.admin)
  })
})

/** Runs ktk in a pseudo-terminal (util-linux script), types `answer` once `prompt` shows, returns the screen. */
function inTerminal(
  args: string[],
  prompt: RegExp,
  answer: string,
): Promise<{ code: number | null; output: string }> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries({ ...process.env, ...c.env, NO_COLOR: '1' }))
    if (v !== undefined) env[k] = v
  delete env.CI
  delete env.KTK_BOOTSTRAP_SERVER
  const line = [process.execPath, join(process.cwd(), 'bin', 'run.js'), ...args]
    .map((a) => `'${a}'`)
    .join(' ')
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', line, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] })
    let output = ''
    let answered = false
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      if (!answered && prompt.test(output)) {
        answered = true
        child.stdin.write(answer)
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  )
}
