import type { ConnectionSettings } from '../core/connection-settings.js'
import { oauthBearerAuthenticator, oauthBearerProvider } from './oauth.js'
import { readPkcs12 } from './pkcs12.js'

/** Translates ktk's connection settings into the options kafkajs's connection pool takes. */
export function kafkajsConnectionOptions(settings: ConnectionSettings) {
  const tlsOn = settings.securityProtocol === 'SSL' || settings.securityProtocol === 'SASL_SSL'
  const saslOn = settings.securityProtocol === 'SASL_PLAINTEXT' || settings.securityProtocol === 'SASL_SSL'
  const tls = settings.tls
  // A PKCS#12 keystore is read here, not given to Node as pfx: Node would also trust the CA
  // certificates in it for verifying the broker. Trust comes only from tls.ca (or the system's CAs).
  const identity = tlsOn && tls?.pfx ? readPkcs12(tls.pfx, tls.passphrase) : undefined
  const ssl = tlsOn
    ? {
        rejectUnauthorized: true,
        ...(tls?.ca ? { ca: [tls.ca] } : {}),
        ...(identity
          ? { key: identity.key, cert: identity.cert }
          : {
              ...(tls?.cert ? { cert: tls.cert } : {}),
              ...(tls?.key ? { key: tls.key } : {}),
              ...(tls?.passphrase ? { passphrase: tls.passphrase } : {}),
            }),
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
