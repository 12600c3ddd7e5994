import type { ConnectionSettings } from '../core/connection.js'
import { oauthBearerAuthenticator, oauthBearerProvider } from './oauth.js'

/** Translates ktk's connection settings into the options kafkajs's connection pool takes. */
export function kafkajsConnectionOptions(settings: ConnectionSettings) {
  const tlsOn = settings.securityProtocol === 'SSL' || settings.securityProtocol === 'SASL_SSL'
  const saslOn = settings.securityProtocol === 'SASL_PLAINTEXT' || settings.securityProtocol === 'SASL_SSL'
  const tls = settings.tls
  const ssl = tlsOn
    ? {
        rejectUnauthorized: true,
        ...(tls?.ca ? { ca: [tls.ca] } : {}),
        ...(tls?.cert ? { cert: tls.cert } : {}),
        ...(tls?.key ? { key: tls.key } : {}),
        ...(tls?.pfx ? { pfx: tls.pfx } : {}),
        ...(tls?.passphrase ? { passphrase: tls.passphrase } : {}),
        // The name the certificate must carry, and the SNI name sent, when it is not the address.
        ...(tls?.serverName ? { servername: tls.serverName } : {}),
        // Java's ssl.endpoint.identification.algorithm="" keeps the chain check but skips the name check.
        ...(tls && !tls.checkHostname ? { checkServerIdentity: () => undefined } : {}),
      }
    : undefined
  const s = settings.sasl
  const sasl =
    saslOn && s
      ? s.mechanism === 'OAUTHBEARER'
        ? {
            mechanism: 'oauthbearer',
            authenticationProvider: oauthBearerAuthenticator(
              oauthBearerProvider(s.token, settings.timeoutMs),
            ),
          }
        : { mechanism: s.mechanism.toLowerCase(), username: s.username, password: s.password }
      : undefined
  const connectionTimeout = Math.max(
    100,
    settings.connectionTimeoutMs ?? Math.min(settings.timeoutMs, 10_000),
  )
  return {
    clientId: settings.clientId,
    ssl,
    sasl,
    connectionTimeout,
    authenticationTimeout: settings.timeoutMs,
    requestTimeout: settings.timeoutMs,
    enforceRequestTimeout: true,
  }
}
