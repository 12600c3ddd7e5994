import type {
  ConnectionSettings,
  ConnectionSource,
  SaslMechanism,
  SaslSettings,
  SecurityProtocol,
  TlsSettings,
} from '../core/connection.js'
import { parseDuration } from '../core/duration.js'
import { KtkError } from '../core/errors.js'
import { parseJaasConfig, parseProperties } from './properties.js'

export const DEFAULT_TIMEOUT = '15s'
export const CLIENT_ID = 'ktk'

export interface ConnectionFlags {
  bootstrapServer?: string
  commandConfig?: string
  timeout?: string
}

/** Everything connection resolution reads, injected so precedence is testable without a disk or a shell. */
export interface ConnectionInputs {
  flags: ConnectionFlags
  env: Readonly<Record<string, string | undefined>>
  readFile: (path: string) => Buffer
  /** The bootstrap address of the running `ktk local` cluster, if there is one. */
  localBootstrap: () => string | undefined
}

/** Precedence: --bootstrap-server, bootstrap.servers in --command-config, KTK_BOOTSTRAP_SERVER, `ktk local`. */
export function resolveConnection(inputs: ConnectionInputs): ConnectionSettings {
  const { flags, env } = inputs
  const properties = flags.commandConfig ? readCommandConfig(flags.commandConfig, inputs.readFile) : new Map()
  const security = securityFromProperties(properties, inputs.readFile, flags.commandConfig ?? '')

  let bootstrap: string | undefined
  let source: ConnectionSource = 'flag'
  if (flags.bootstrapServer) {
    bootstrap = flags.bootstrapServer
  } else if (properties.get('bootstrap.servers')) {
    bootstrap = properties.get('bootstrap.servers')
  } else if (env.KTK_BOOTSTRAP_SERVER) {
    bootstrap = env.KTK_BOOTSTRAP_SERVER
    source = 'environment'
  } else {
    bootstrap = inputs.localBootstrap()
    source = 'local cluster'
  }
  if (!bootstrap) {
    throw new KtkError('USAGE', 'no cluster to connect to', {
      hints: [
        'pass --bootstrap-server host:port, set KTK_BOOTSTRAP_SERVER, or start one with: ktk local start',
      ],
    })
  }
  const timeoutText = flags.timeout ?? env.KTK_TIMEOUT ?? DEFAULT_TIMEOUT
  const timeoutMs = parseDuration(timeoutText, '--timeout')
  if (timeoutMs <= 0) throw new KtkError('USAGE', `--timeout must be positive, got "${timeoutText}"`)
  return {
    bootstrapServers: parseBootstrap(bootstrap),
    source,
    clientId: properties.get('client.id') ?? CLIENT_ID,
    timeoutMs,
    ...security,
  }
}

export function parseBootstrap(raw: string): string[] {
  const servers = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => s.replace(/^[A-Z_]+:\/\//, '')) // PLAINTEXT://host:port as in listener lists
  for (const s of servers) {
    const m = /^(\[[0-9a-fA-F:]+\]|[^:\s]+):(\d{1,5})$/.exec(s)
    if (!m || Number(m[2]) > 65535) {
      throw new KtkError('USAGE', `bootstrap server "${s}" is not host:port`, {
        hints: ['write it as host:port, several separated by commas: broker1:9092,broker2:9092'],
      })
    }
  }
  if (servers.length === 0) throw new KtkError('USAGE', 'the bootstrap server list is empty')
  return servers
}

function readCommandConfig(path: string, readFile: (p: string) => Buffer): Map<string, string> {
  try {
    return parseProperties(readFile(path).toString('utf8'))
  } catch (error) {
    throw new KtkError('USAGE', `cannot read --command-config ${path}: ${reason(error)}`)
  }
}

const PROTOCOLS: SecurityProtocol[] = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL']
const MECHANISMS: SaslMechanism[] = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']

type Security = Pick<ConnectionSettings, 'securityProtocol' | 'sasl' | 'tls'>

/** The security settings of a Java client properties file, in the form Node's TLS and kafkajs take. */
export function securityFromProperties(
  props: ReadonlyMap<string, string>,
  readFile: (path: string) => Buffer,
  fileName: string,
): Security {
  const bad = (message: string, hints: string[] = []) =>
    new KtkError('USAGE', `${fileName ? `${fileName}: ` : ''}${message}`, { hints })
  const protocolText = (props.get('security.protocol') ?? 'PLAINTEXT').toUpperCase()
  if (!PROTOCOLS.includes(protocolText as SecurityProtocol)) {
    throw bad(`security.protocol "${protocolText}" is not one of ${PROTOCOLS.join(', ')}`)
  }
  const securityProtocol = protocolText as SecurityProtocol
  const result: Security = { securityProtocol }

  if (securityProtocol.startsWith('SASL_')) {
    const mechanism = (props.get('sasl.mechanism') ?? 'GSSAPI').toUpperCase()
    if (!MECHANISMS.includes(mechanism as SaslMechanism)) {
      throw bad(`sasl.mechanism "${mechanism}" is not supported`, [`ktk supports ${MECHANISMS.join(', ')}`])
    }
    const jaasText = props.get('sasl.jaas.config')
    const jaas = jaasText ? parseJaasConfig(jaasText) : undefined
    const username = jaas?.options.username
    const password = jaas?.options.password
    if (!username || password === undefined) {
      throw bad('sasl.jaas.config must give username="…" and password="…"', [
        'e.g. sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="secret";',
      ])
    }
    result.sasl = { mechanism: mechanism as SaslMechanism, username, password } satisfies SaslSettings
  }

  if (securityProtocol === 'SSL' || securityProtocol === 'SASL_SSL') {
    result.tls = tlsFromProperties(props, readFile, bad)
  }
  return result
}

function tlsFromProperties(
  props: ReadonlyMap<string, string>,
  readFile: (path: string) => Buffer,
  bad: (message: string, hints?: string[]) => KtkError,
): TlsSettings {
  const read = (key: string) => {
    const path = props.get(key)!
    try {
      return readFile(path)
    } catch (error) {
      throw bad(`cannot read ${key} ${path}: ${reason(error)}`)
    }
  }
  const tls: TlsSettings = {
    checkHostname: (props.get('ssl.endpoint.identification.algorithm') ?? 'https').trim() !== '',
  }

  // Trust: Java's PEM truststore, or librdkafka's ssl.ca.location.
  const trustType = (props.get('ssl.truststore.type') ?? 'JKS').toUpperCase()
  if (props.get('ssl.truststore.certificates')) {
    tls.ca = props.get('ssl.truststore.certificates')!
  } else if (props.get('ssl.truststore.location')) {
    if (trustType !== 'PEM') {
      throw bad(`ssl.truststore.type ${trustType} is not supported; ktk reads PEM trust stores`, [
        'export the CA: keytool -exportcert -rfc -alias <ca> -keystore truststore.jks > ca.pem, then set ssl.truststore.type=PEM and ssl.truststore.location=ca.pem',
      ])
    }
    tls.ca = read('ssl.truststore.location').toString('utf8')
  } else if (props.get('ssl.ca.location')) {
    tls.ca = read('ssl.ca.location').toString('utf8')
  }

  // Client identity for mutual TLS.
  const keyType = (props.get('ssl.keystore.type') ?? 'JKS').toUpperCase()
  const keyPassword = props.get('ssl.key.password')
  if (props.get('ssl.keystore.key')) {
    tls.key = props.get('ssl.keystore.key')!
    tls.cert = props.get('ssl.keystore.certificate.chain')
  } else if (props.get('ssl.keystore.location')) {
    if (keyType === 'PEM') {
      const pem = read('ssl.keystore.location').toString('utf8')
      tls.key = pemBlocks(pem, /PRIVATE KEY/).join('\n')
      tls.cert = pemBlocks(pem, /CERTIFICATE/).join('\n')
    } else if (keyType === 'PKCS12') {
      tls.pfx = read('ssl.keystore.location')
      tls.passphrase = props.get('ssl.keystore.password')
    } else {
      throw bad(`ssl.keystore.type ${keyType} is not supported; use PKCS12 or PEM`, [
        'convert: keytool -importkeystore -srckeystore keystore.jks -destkeystore keystore.p12 -deststoretype PKCS12',
      ])
    }
  } else if (props.get('ssl.certificate.location') && props.get('ssl.key.location')) {
    tls.cert = read('ssl.certificate.location').toString('utf8')
    tls.key = read('ssl.key.location').toString('utf8')
  }
  if (keyPassword && !tls.pfx) tls.passphrase = keyPassword
  return tls
}

function pemBlocks(pem: string, label: RegExp): string[] {
  return [...pem.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g)]
    .filter((m) => label.test(m[1]!))
    .map((m) => m[0])
}

function reason(error: unknown): string {
  const code = (error as { code?: string })?.code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EACCES') return 'permission denied'
  if (code === 'EISDIR') return 'it is a folder'
  return (error as Error)?.message ?? String(error)
}
