import type { Context } from '../config/context-schema.js'
import type { LocalClusterRecord } from './state.js'

/**
 * The contexts a local cluster offers: `local` (for a secure cluster: admin over SASL_SSL with
 * SCRAM-SHA-512), one per other user (`local-alice`, `local-bob`), and `local-mtls` (the client
 * certificate of secure.ts's MTLS_USER). Passwords are referenced by file, so contexts.yaml holds no secret.
 */
export function localContexts(record: LocalClusterRecord): Record<string, Context> {
  const secure = record.secure
  if (!secure) return { local: { 'bootstrap-servers': record.bootstrap.split(',') } }
  const contexts: Record<string, Context> = {}
  for (const user of secure.users) {
    contexts[user.superUser ? 'local' : `local-${user.name}`] = {
      'bootstrap-servers': secure.listeners.saslSsl.split(','),
      'security-protocol': 'SASL_SSL',
      sasl: { mechanism: 'SCRAM-SHA-512', username: user.name, password: { file: user.passwordFile } },
      tls: { 'ca-file': secure.caFile },
    }
  }
  contexts['local-mtls'] = {
    'bootstrap-servers': secure.listeners.ssl.split(','),
    'security-protocol': 'SSL',
    tls: {
      'ca-file': secure.caFile,
      'keystore-file': secure.clientKeystore,
      'keystore-password': { file: secure.storePasswordFile },
    },
  }
  return contexts
}
