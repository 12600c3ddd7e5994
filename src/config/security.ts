import {
  type ConnectionSettings,
  type OAuthTokenSource,
  PASSWORD_MECHANISMS,
  type PasswordMechanism,
  SASL_MECHANISMS,
  type SaslMechanism,
  SECURITY_PROTOCOLS,
  type SecurityProtocol,
  type TlsSettings,
} from '../core/connection-settings.js'
import { KtkError } from '../core/errors.js'
import { parseJaasConfig } from './properties.js'

export type Security = Pick<ConnectionSettings, 'securityProtocol' | 'sasl' | 'tls'>
export type ReadFile = (path: string) => Buffer

/**
 * Security settings before any file is read: what a properties file or a context says. Secrets are
 * already resolved values (a context resolves its env/file/prompt references before building one).
 */
export interface SecuritySpec {
  protocol: SecurityProtocol
  sasl?:
    | { mechanism: PasswordMechanism; username: string; password: string }
    | { mechanism: 'OAUTHBEARER'; token: OAuthTokenSource }
  tls?: TlsSpec
}

export interface TlsSpec {
  /** PEM trust anchors, inline or from a file. */
  caPem?: string
  caFile?: { key: string; path: string }
  /** Client identity: a PEM key and chain (inline or files), a PEM file holding both, or PKCS#12. */
  keyPem?: string
  certPem?: string
  keyFile?: { key: string; path: string }
  certFile?: { key: string; path: string }
  pemBundleFile?: { key: string; path: string }
  pkcs12File?: { key: string; path: string }
  /** Password of the PKCS#12 store, or of an encrypted PEM key. */
  passphrase?: string
  checkHostname: boolean
  serverName?: string
}

type Bad = (message: string, hints?: string[]) => KtkError

export function badIn(fileName: string): Bad {
  return (message, hints = []) =>
    new KtkError('USAGE', `${fileName ? `${fileName}: ` : ''}${message}`, { hints })
}

const OAUTH_MODULE = /OAuthBearerLoginModule$/

/** The security settings of a Java client properties file, in the form Node's TLS and kafkajs take. */
export function securityFromProperties(
  props: ReadonlyMap<string, string>,
  readFile: ReadFile,
  fileName: string,
): Security {
  const bad = badIn(fileName)
  return materializeSecurity(specFromProperties(props, bad), readFile, bad)
}

/** True when a properties file says anything about security (so it replaces a context's settings). */
export function propertiesSetSecurity(props: ReadonlyMap<string, string>): boolean {
  return props.has('security.protocol')
}

export function specFromProperties(props: ReadonlyMap<string, string>, bad: Bad): SecuritySpec {
  const protocol = parseProtocol(props.get('security.protocol') ?? 'PLAINTEXT', 'security.protocol', bad)
  const spec: SecuritySpec = { protocol }
  if (protocol.startsWith('SASL_')) spec.sasl = saslFromProperties(props, bad)
  if (protocol === 'SSL' || protocol === 'SASL_SSL') spec.tls = tlsFromProperties(props, bad)
  return spec
}

export function parseProtocol(text: string, what: string, bad: Bad): SecurityProtocol {
  const upper = text.trim().toUpperCase()
  if (!SECURITY_PROTOCOLS.includes(upper as SecurityProtocol)) {
    throw bad(`${what} "${text}" is not one of ${SECURITY_PROTOCOLS.join(', ')}`)
  }
  return upper as SecurityProtocol
}

export function parseMechanism(text: string, what: string, bad: Bad): SaslMechanism {
  const upper = text.trim().toUpperCase()
  if (!SASL_MECHANISMS.includes(upper as SaslMechanism)) {
    throw bad(`${what} "${text}" is not supported`, [`ktk supports ${SASL_MECHANISMS.join(', ')}`])
  }
  return upper as SaslMechanism
}

function saslFromProperties(props: ReadonlyMap<string, string>, bad: Bad): SecuritySpec['sasl'] {
  const mechanism = parseMechanism(props.get('sasl.mechanism') ?? 'GSSAPI', 'sasl.mechanism', bad)
  const jaasText = props.get('sasl.jaas.config')
  const jaas = jaasText ? parseJaasConfig(jaasText) : undefined
  if (mechanism === 'OAUTHBEARER') {
    const subject = jaas?.options.unsecuredLoginStringClaim_sub
    if (!jaas || !OAUTH_MODULE.test(jaas.loginModule) || !subject) {
      throw bad(
        'sasl.mechanism=OAUTHBEARER needs a token: pass --oauth-token-command, or for a development cluster an unsecured token with sasl.jaas.config=…OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="<principal>";',
        [
          'e.g. ktk topics list --command-config client.properties --oauth-token-command "my-token-tool print"',
        ],
      )
    }
    const lifetime = Number(jaas.options.unsecuredLoginLifetimeSeconds ?? 3600)
    const scopeClaim = jaas.options.unsecuredLoginListClaim_scope
    return {
      mechanism,
      token: {
        kind: 'unsecured',
        subject,
        lifetimeSeconds: Number.isFinite(lifetime) && lifetime > 0 ? lifetime : 3600,
        // Java's list claims start with their own separator character: ",a,b" is ["a", "b"].
        scope: scopeClaim ? scopeClaim.slice(1).split(scopeClaim[0]!).filter(Boolean) : [],
      },
    }
  }
  const username = jaas?.options.username
  const password = jaas?.options.password
  if (!username || password === undefined) {
    throw bad('sasl.jaas.config must give username="…" and password="…"', [
      'e.g. sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="secret";',
    ])
  }
  return { mechanism, username, password }
}

function tlsFromProperties(props: ReadonlyMap<string, string>, bad: Bad): TlsSpec {
  const at = (key: string) => ({ key, path: props.get(key)! })
  const tls: TlsSpec = {
    checkHostname: (props.get('ssl.endpoint.identification.algorithm') ?? 'https').trim() !== '',
  }
  // Trust: Java's PEM truststore, or librdkafka's ssl.ca.location.
  const trustType = (props.get('ssl.truststore.type') ?? 'JKS').toUpperCase()
  if (props.get('ssl.truststore.certificates')) {
    tls.caPem = props.get('ssl.truststore.certificates')!
  } else if (props.get('ssl.truststore.location')) {
    if (trustType !== 'PEM') {
      throw bad(`ssl.truststore.type ${trustType} is not supported; ktk reads PEM trust stores`, [
        'export the CA: keytool -exportcert -rfc -alias <ca> -keystore truststore.jks > ca.pem, then set ssl.truststore.type=PEM and ssl.truststore.location=ca.pem',
      ])
    }
    tls.caFile = at('ssl.truststore.location')
  } else if (props.get('ssl.ca.location')) {
    tls.caFile = at('ssl.ca.location')
  }

  // Client identity for mutual TLS.
  const keyType = (props.get('ssl.keystore.type') ?? 'JKS').toUpperCase()
  if (props.get('ssl.keystore.key')) {
    tls.keyPem = props.get('ssl.keystore.key')!
    tls.certPem = props.get('ssl.keystore.certificate.chain')
  } else if (props.get('ssl.keystore.location')) {
    if (keyType === 'PEM') {
      tls.pemBundleFile = at('ssl.keystore.location')
    } else if (keyType === 'PKCS12') {
      tls.pkcs12File = at('ssl.keystore.location')
      tls.passphrase = props.get('ssl.keystore.password')
    } else {
      throw bad(`ssl.keystore.type ${keyType} is not supported; use PKCS12 or PEM`, [
        'convert: keytool -importkeystore -srckeystore keystore.jks -destkeystore keystore.p12 -deststoretype PKCS12',
      ])
    }
  } else if (props.get('ssl.certificate.location') && props.get('ssl.key.location')) {
    tls.certFile = at('ssl.certificate.location')
    tls.keyFile = at('ssl.key.location')
  }
  const keyPassword = props.get('ssl.key.password')
  if (keyPassword && !tls.pkcs12File) tls.passphrase = keyPassword
  return tls
}

/** Reads the files a spec names: the settings Node's TLS and kafkajs take. */
export function materializeSecurity(spec: SecuritySpec, readFile: ReadFile, bad: Bad): Security {
  const result: Security = { securityProtocol: spec.protocol }
  if (spec.protocol.startsWith('SASL_')) {
    if (!spec.sasl)
      throw bad(`security protocol ${spec.protocol} needs SASL settings (a mechanism and credentials)`)
    result.sasl = spec.sasl
  }
  if (spec.protocol === 'SSL' || spec.protocol === 'SASL_SSL') {
    result.tls = materializeTls(spec.tls ?? { checkHostname: true }, readFile, bad)
  }
  return result
}

function materializeTls(spec: TlsSpec, readFile: ReadFile, bad: Bad): TlsSettings {
  const read = ({ key, path }: { key: string; path: string }) => {
    try {
      return readFile(path)
    } catch (error) {
      throw bad(`cannot read ${key} ${path}: ${fileErrorReason(error)}`)
    }
  }
  const tls: TlsSettings = { checkHostname: spec.checkHostname }
  if (spec.serverName) tls.serverName = spec.serverName
  if (spec.caPem) tls.ca = spec.caPem
  else if (spec.caFile) tls.ca = read(spec.caFile).toString('utf8')

  if (spec.keyPem) {
    tls.key = spec.keyPem
    tls.cert = spec.certPem
  } else if (spec.pemBundleFile) {
    const pem = read(spec.pemBundleFile).toString('utf8')
    tls.key = pemBlocks(pem, /PRIVATE KEY/).join('\n')
    tls.cert = pemBlocks(pem, /CERTIFICATE/).join('\n')
  } else if (spec.pkcs12File) {
    tls.pfx = read(spec.pkcs12File)
  } else if (spec.keyFile && spec.certFile) {
    tls.cert = read(spec.certFile).toString('utf8')
    tls.key = read(spec.keyFile).toString('utf8')
  }
  if (spec.passphrase) tls.passphrase = spec.passphrase
  return tls
}

export const isPasswordMechanism = (m: string): m is PasswordMechanism =>
  PASSWORD_MECHANISMS.includes(m as PasswordMechanism)

function pemBlocks(pem: string, label: RegExp): string[] {
  return [...pem.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g)]
    .filter((m) => label.test(m[1]!))
    .map((m) => m[0])
}

export function fileErrorReason(error: unknown): string {
  const code = (error as { code?: string })?.code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EACCES') return 'permission denied'
  if (code === 'EISDIR') return 'it is a folder'
  return (error as Error)?.message ?? String(error)
}
