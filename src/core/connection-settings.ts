/** How to reach a cluster, in domain terms. Built by src/config, consumed by src/kafka. */

export type SecurityProtocol = 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL'
export const SECURITY_PROTOCOLS: readonly SecurityProtocol[] = [
  'PLAINTEXT',
  'SSL',
  'SASL_PLAINTEXT',
  'SASL_SSL',
]

export type PasswordMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'
export type SaslMechanism = PasswordMechanism | 'OAUTHBEARER'
export const PASSWORD_MECHANISMS: readonly PasswordMechanism[] = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']
export const SASL_MECHANISMS: readonly SaslMechanism[] = [...PASSWORD_MECHANISMS, 'OAUTHBEARER']

/** Where an OAUTHBEARER token comes from. */
export type OAuthTokenSource =
  /** A command whose stdout is the token (a JWT, or a JSON token response with access_token). */
  | { kind: 'command'; command: string }
  /**
   * An unsecured JWT (alg none) made by ktk, as Java's default OAuthBearerUnsecuredLoginCallbackHandler
   * does for `unsecuredLoginStringClaim_sub`: for development clusters only.
   */
  | { kind: 'unsecured'; subject: string; lifetimeSeconds: number; scope: string[] }

export type SaslSettings =
  | { mechanism: PasswordMechanism; username: string; password: string }
  | { mechanism: 'OAUTHBEARER'; token: OAuthTokenSource }

export interface TlsSettings {
  /** PEM trust anchors; undefined means the system's CAs. */
  ca?: string
  /** Client certificate chain and key (PEM) for mutual TLS. */
  cert?: string
  key?: string
  /** PKCS#12 keystore for mutual TLS, as an alternative to cert and key. */
  pfx?: Buffer
  passphrase?: string
  /** ssl.endpoint.identification.algorithm=https (the default) checks the broker's host name. */
  checkHostname: boolean
  /** The name the broker's certificate must carry, when it differs from the address connected to. */
  serverName?: string
}

/** Where the bootstrap address came from, so errors can say how to change it. */
export type ConnectionSource = 'flag' | 'environment' | 'context' | 'local cluster'

export interface ConnectionSettings {
  bootstrapServers: string[]
  source: ConnectionSource
  clientId: string
  /** Upper bound for reaching the cluster and for each request. */
  timeoutMs: number
  /** Upper bound for opening one TCP (and TLS) connection; default: the timeout, at most 10 s. */
  connectionTimeoutMs?: number
  securityProtocol: SecurityProtocol
  sasl?: SaslSettings
  tls?: TlsSettings
  /** The context in effect (from --context, KTK_CONTEXT or the current context), if any. */
  context?: string
  /** The environment the context names (dev, prod, …): the naming policy restricts topics to it. */
  environment?: string
  /** A naming policy file the context names. */
  namingPolicy?: string
}

/** Who is connecting, for messages: a user name, or the OAuth token's source. */
export function principalOf(sasl: SaslSettings | undefined): string | undefined {
  if (!sasl) return undefined
  if (sasl.mechanism !== 'OAUTHBEARER') return sasl.username
  return sasl.token.kind === 'unsecured' ? sasl.token.subject : 'from the OAuth token'
}

/** Every secret the settings hold, so that anything printed can be checked and scrubbed of them. */
export function secretsOf(settings: Pick<ConnectionSettings, 'sasl' | 'tls'>): string[] {
  const secrets: string[] = []
  if (settings.sasl && settings.sasl.mechanism !== 'OAUTHBEARER') secrets.push(settings.sasl.password)
  if (settings.tls?.passphrase) secrets.push(settings.tls.passphrase)
  if (settings.tls?.key) secrets.push(settings.tls.key)
  return secrets.filter((s) => s.length > 0)
}
