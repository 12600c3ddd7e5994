import { readFileSync } from 'node:fs'
import type { ConnectionSettings } from '../core/connection-settings.js'
import type { LocalClusterRecord } from './state.js'

/** Settings to reach the cluster with ktk's own client (a secure cluster: as admin, SASL PLAIN). */
export function localClientSettings(record: LocalClusterRecord, timeoutMs: number): ConnectionSettings {
  const settings: ConnectionSettings = {
    bootstrapServers: record.bootstrap.split(','),
    source: 'local cluster',
    clientId: 'ktk-local',
    timeoutMs,
    securityProtocol: 'PLAINTEXT',
  }
  if (record.secure) {
    const admin = record.secure.users.find((u) => u.superUser)!
    settings.securityProtocol = 'SASL_PLAINTEXT'
    settings.sasl = {
      mechanism: 'PLAIN',
      username: admin.name,
      password: readFileSync(admin.passwordFile, 'utf8').trim(),
    }
  }
  return settings
}
