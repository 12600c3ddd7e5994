import type { ConnectionSettings } from '../core/connection.js'
import { SessionGateway } from './admin.js'
import type { KafkaGateway } from './gateway.js'
import { type DebugLog, KafkaSession } from './session.js'

export type { AclGateway, AdminGateway, KafkaGateway } from './gateway.js'

/** Opens a gateway to the cluster. Nothing is sent until the first call. */
export function openGateway(settings: ConnectionSettings, debug?: DebugLog): KafkaGateway {
  return new SessionGateway(new KafkaSession(settings, debug))
}
