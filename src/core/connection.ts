/** How to reach a cluster, in domain terms. Built by src/config, consumed by src/kafka. */

export type SecurityProtocol = 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL'
export type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'

export interface SaslSettings {
  mechanism: SaslMechanism
  username: string
  password: string
}

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
}

/** Where the bootstrap address came from, so errors can say how to change it. */
export type ConnectionSource = 'flag' | 'environment' | 'context' | 'local cluster'

export interface ConnectionSettings {
  bootstrapServers: string[]
  source: ConnectionSource
  clientId: string
  /** Upper bound for reaching the cluster and for each request. */
  timeoutMs: number
  securityProtocol: SecurityProtocol
  sasl?: SaslSettings
  tls?: TlsSettings
}
