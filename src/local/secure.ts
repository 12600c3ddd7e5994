import { dirname, join } from 'node:path'
import { KtkError } from '../core/errors.js'
import type { NodeLayout } from './layout.js'
import { runToCompletion, tailFile } from './processes.js'

/**
 * `ktk local start --secure`: SASL and TLS listeners, users with passwords made at creation, a CA and
 * certificates made with the JDK's keytool, and Kafka's StandardAuthorizer with `admin` as super user.
 *
 * Listeners of node i (ports relative to its broker port): SASL_PLAINTEXT on port, SASL_SSL on port+10,
 * SSL with required client certificates (mutual TLS) on port+20; the controller listener on its own
 * port speaks SASL_PLAINTEXT (PLAIN, as admin). There is no unauthenticated listener at all.
 */
export const SECURE_PORT_OFFSET = { saslSsl: 10, ssl: 20 } as const

/** The users every secure local cluster has. Each can log in with PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512. */
export const LOCAL_USERS = [
  { name: 'admin', superUser: true },
  { name: 'alice', superUser: false },
  { name: 'bob', superUser: false },
] as const

/** The client certificate for mutual TLS is issued to this user (CN=alice maps to User:alice). */
export const MTLS_USER = 'alice'

export const LOCAL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'OAUTHBEARER'] as const

export interface LocalUserRecord {
  name: string
  superUser: boolean
  /** A file (mode 0600) holding the password; contexts refer to it, so no password sits in contexts.yaml. */
  passwordFile: string
}

/** What a secure local cluster records about its security, in cluster.json. */
export interface SecureRecord {
  dir: string
  /** The CA certificate, PEM: what clients trust. */
  caFile: string
  /** PKCS#12 stores (broker key, truststore, the mTLS client key) share one password, in this file. */
  storePasswordFile: string
  brokerKeystore: string
  truststore: string
  /** The mutual-TLS client identity of MTLS_USER, PKCS#12. */
  clientKeystore: string
  users: LocalUserRecord[]
  listeners: { saslPlaintext: string; saslSsl: string; ssl: string }
}

export interface SecureSecrets {
  storePassword: string
  passwords: Record<string, string>
}

/** A secure cluster's record and, while it is being created, the secrets that go into its files. */
export interface SecureSetup {
  record: SecureRecord
  secrets: SecureSecrets
}

export function secureRecord(root: string, nodes: readonly NodeLayout[]): SecureRecord {
  const dir = join(root, 'security')
  const list = (offset: number) => nodes.map((n) => `127.0.0.1:${n.port + offset}`).join(',')
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    storePasswordFile: join(dir, 'store.password'),
    brokerKeystore: join(dir, 'broker.p12'),
    truststore: join(dir, 'truststore.p12'),
    clientKeystore: join(dir, `${MTLS_USER}.p12`),
    users: LOCAL_USERS.map((u) => ({ ...u, passwordFile: join(dir, `${u.name}.password`) })),
    listeners: {
      saslPlaintext: list(0),
      saslSsl: list(SECURE_PORT_OFFSET.saslSsl),
      ssl: list(SECURE_PORT_OFFSET.ssl),
    },
  }
}

/** Every port a secure node listens on besides its broker and controller ports. */
export const secureExtraPorts = (node: NodeLayout) => [
  node.port + SECURE_PORT_OFFSET.saslSsl,
  node.port + SECURE_PORT_OFFSET.ssl,
]

const PLAIN_MODULE = 'org.apache.kafka.common.security.plain.PlainLoginModule'
const SCRAM_MODULE = 'org.apache.kafka.common.security.scram.ScramLoginModule'
const OAUTH_MODULE = 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule'

/**
 * The server.properties lines that replace the PLAINTEXT listeners of an open node. A ZooKeeper-mode
 * broker (Kafka 2.8 to 3.6) has no controller listener, and its authorizer is the ZooKeeper-backed AclAuthorizer.
 */
export function secureServerLines(
  node: NodeLayout,
  record: SecureRecord,
  secrets: SecureSecrets,
  mode: 'kraft' | 'zookeeper',
): [string, string | number][] {
  const kraft = mode === 'kraft'
  const admin = secrets.passwords.admin!
  const plainUsers = record.users.map((u) => `user_${u.name}="${secrets.passwords[u.name]}"`).join(' ')
  const lines: [string, string | number][] = [
    [
      'listeners',
      [
        `SASL_PLAINTEXT://127.0.0.1:${node.port}`,
        `SASL_SSL://127.0.0.1:${node.port + SECURE_PORT_OFFSET.saslSsl}`,
        `SSL://127.0.0.1:${node.port + SECURE_PORT_OFFSET.ssl}`,
        ...(kraft ? [`CONTROLLER://127.0.0.1:${node.controllerPort}`] : []),
      ].join(','),
    ],
    [
      'advertised.listeners',
      [
        `SASL_PLAINTEXT://127.0.0.1:${node.port}`,
        `SASL_SSL://127.0.0.1:${node.port + SECURE_PORT_OFFSET.saslSsl}`,
        `SSL://127.0.0.1:${node.port + SECURE_PORT_OFFSET.ssl}`,
      ].join(','),
    ],
    ['inter.broker.listener.name', 'SASL_PLAINTEXT'],
    [
      'listener.security.protocol.map',
      `${kraft ? 'CONTROLLER:SASL_PLAINTEXT,' : ''}SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,SSL:SSL`,
    ],
    ['sasl.enabled.mechanisms', LOCAL_MECHANISMS.join(',')],
    ['sasl.mechanism.inter.broker.protocol', 'PLAIN'],
  ]
  if (kraft) {
    lines.push(
      ['sasl.mechanism.controller.protocol', 'PLAIN'],
      ['listener.name.controller.sasl.enabled.mechanisms', 'PLAIN'],
      [
        'listener.name.controller.plain.sasl.jaas.config',
        `${PLAIN_MODULE} required username="admin" password="${admin}" user_admin="${admin}";`,
      ],
    )
  }
  for (const listener of ['sasl_plaintext', 'sasl_ssl']) {
    // The broker's own login (username/password) is needed only where brokers talk to each other.
    const self = listener === 'sasl_plaintext' ? `username="admin" password="${admin}" ` : ''
    lines.push(
      [`listener.name.${listener}.plain.sasl.jaas.config`, `${PLAIN_MODULE} required ${self}${plainUsers};`],
      [`listener.name.${listener}.scram-sha-256.sasl.jaas.config`, `${SCRAM_MODULE} required;`],
      [`listener.name.${listener}.scram-sha-512.sasl.jaas.config`, `${SCRAM_MODULE} required;`],
      // Kafka's default OAUTHBEARER validator accepts unsecured JWTs (alg none): for development only.
      [`listener.name.${listener}.oauthbearer.sasl.jaas.config`, `${OAUTH_MODULE} required;`],
    )
  }
  lines.push(
    ['ssl.keystore.type', 'PKCS12'],
    ['ssl.keystore.location', record.brokerKeystore],
    ['ssl.keystore.password', secrets.storePassword],
    ['ssl.key.password', secrets.storePassword],
    ['ssl.truststore.type', 'PKCS12'],
    ['ssl.truststore.location', record.truststore],
    ['ssl.truststore.password', secrets.storePassword],
    ['listener.name.ssl.ssl.client.auth', 'required'],
    // A client certificate's CN is its user name: CN=alice is User:alice, as on the SASL listeners.
    ['ssl.principal.mapping.rules', 'RULE:^CN=([^,]+)$/$1/,DEFAULT'],
    // Sessions end after an hour or when the OAuth token expires, whichever is first: clients must
    // re-authenticate in time, as on production clusters.
    ['connections.max.reauth.ms', 3_600_000],
    [
      'authorizer.class.name',
      kraft
        ? 'org.apache.kafka.metadata.authorizer.StandardAuthorizer'
        : 'kafka.security.authorizer.AclAuthorizer',
    ],
    [
      'super.users',
      record.users
        .filter((u) => u.superUser)
        .map((u) => `User:${u.name}`)
        .join(';'),
    ],
  )
  return lines
}

/** StorageTool format arguments that create every user's SCRAM credentials in the metadata log. */
export function scramFormatArgs(record: SecureRecord, secrets: SecureSecrets): string[] {
  return record.users.flatMap((u) =>
    ['SCRAM-SHA-256', 'SCRAM-SHA-512'].flatMap((m) => [
      '--add-scram',
      `${m}=[name="${u.name}",password="${secrets.passwords[u.name]}"]`,
    ]),
  )
}

/** Random passwords: URL-safe base64, so they need no quoting in JAAS or StorageTool arguments. */
export function makeSecrets(random: (size: number) => Buffer): SecureSecrets {
  const password = () => random(18).toString('base64url')
  return {
    storePassword: password(),
    passwords: Object.fromEntries(LOCAL_USERS.map((u) => [u.name, password()])),
  }
}

type Keytool = (args: readonly string[], step: string) => Promise<void>

/**
 * A CA, a broker certificate it signs (for localhost and 127.0.0.1), a truststore holding the CA, and
 * a client certificate for mutual TLS: PKCS#12 stores for the broker, the CA as PEM for Node.
 */
export async function createTlsMaterial(record: SecureRecord, storePassword: string, keytool: Keytool) {
  const dir = record.dir
  const pass = ['-storepass', storePassword, '-keypass', storePassword]
  const p12 = (file: string) => ['-keystore', file, '-storetype', 'PKCS12']
  const ca = join(dir, 'ca.p12')
  const keypair = (alias: string, dname: string, file: string, extra: string[] = []) =>
    keytool(
      [
        '-genkeypair',
        '-alias',
        alias,
        '-dname',
        dname,
        '-keyalg',
        'RSA',
        '-keysize',
        '2048',
        '-validity',
        '3650',
        ...extra,
        ...p12(file),
        ...pass,
      ],
      `key pair ${alias}`,
    )
  const signed = async (alias: string, file: string, extensions: string[]) => {
    const csr = join(dir, `${alias}.csr`)
    const crt = join(dir, `${alias}.crt`)
    await keytool(['-certreq', '-alias', alias, ...p12(file), ...pass, '-file', csr], `request ${alias}`)
    await keytool(
      [
        '-gencert',
        '-alias',
        'ca',
        ...p12(ca),
        ...pass,
        '-infile',
        csr,
        '-outfile',
        crt,
        '-rfc',
        '-validity',
        '3650',
        ...extensions.flatMap((e) => ['-ext', e]),
      ],
      `sign ${alias}`,
    )
    await keytool(
      ['-importcert', '-alias', 'ca', '-file', record.caFile, ...p12(file), ...pass, '-noprompt'],
      `chain ${alias}`,
    )
    await keytool(['-importcert', '-alias', alias, '-file', crt, ...p12(file), ...pass], `install ${alias}`)
  }

  // Independent JVMs run side by side: the CA and the two key pairs, then the two signings.
  await Promise.all([
    (async () => {
      await keypair('ca', 'CN=ktk local CA', ca, ['-ext', 'bc:c'])
      await keytool(
        ['-exportcert', '-rfc', '-alias', 'ca', ...p12(ca), ...pass, '-file', record.caFile],
        'export CA',
      )
    })(),
    keypair('broker', 'CN=localhost', record.brokerKeystore),
    keypair(MTLS_USER, `CN=${MTLS_USER}`, record.clientKeystore),
  ])
  await Promise.all([
    signed('broker', record.brokerKeystore, [
      'SAN=dns:localhost,ip:127.0.0.1',
      'KU=digitalSignature,keyEncipherment',
      'EKU=serverAuth',
    ]),
    signed(MTLS_USER, record.clientKeystore, ['KU=digitalSignature', 'EKU=clientAuth']),
    keytool(
      [
        '-importcert',
        '-alias',
        'ca',
        '-file',
        record.caFile,
        ...p12(record.truststore),
        ...pass,
        '-noprompt',
      ],
      'truststore',
    ),
  ])
}

/** Runs the JDK's keytool (next to the java binary) with fast-start JVM options, failing with its output. */
export function keytoolRunner(javaBinary: string, logFile: string): Keytool {
  const keytool = javaBinary.includes('/') ? join(dirname(javaBinary), 'keytool') : 'keytool'
  return async (args, step) => {
    const code = await runToCompletion(
      keytool,
      ['-J-XX:TieredStopAtLevel=1', '-J-XX:+UseSerialGC', ...args],
      logFile,
    ).catch((error: NodeJS.ErrnoException) => {
      throw new KtkError('LOCAL_CLUSTER', `cannot run ${keytool} (${error.code ?? error.message})`, {
        hints: ['keytool comes with the JDK; install a JDK 17 or newer or set JAVA_HOME'],
      })
    })
    if (code !== 0) {
      throw new KtkError('LOCAL_CLUSTER', `keytool failed making the TLS material (${step}, exit ${code})`, {
        details: tailFile(logFile, 8),
      })
    }
  }
}
