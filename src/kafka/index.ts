import type { ConnectionSettings } from '../core/connection.js'
import { SessionGateway } from './admin.js'
import type { KafkaGateway } from './gateway.js'
import { SessionGroupsGateway } from './groups.js'
import { SessionRecordsGateway } from './records/gateway.js'
import { type DebugLog, KafkaSession } from './session.js'

export type {
  AclGateway,
  AdminGateway,
  ConsumerOptions,
  DeliveryReport,
  GroupsGateway,
  KafkaGateway,
  PartitionRange,
  PerGroup,
  ProducerOptions,
  RecordConsumer,
  RecordProducer,
  RecordsGateway,
  StartMoved,
} from './gateway.js'

/** Opens a gateway to the cluster. Nothing is sent until the first call. */
export function openGateway(settings: ConnectionSettings, debug?: DebugLog): KafkaGateway {
  const session = new KafkaSession(settings, debug)
  return combine(
    new SessionGateway(session),
    new SessionGroupsGateway(session),
    new SessionRecordsGateway(session),
  ) as KafkaGateway
}

/** One object with the methods of every part, each bound to its part (parts share one session). */
function combine(...parts: object[]): object {
  const whole: Record<string, unknown> = {}
  for (const part of parts) {
    for (
      let proto = Object.getPrototypeOf(part);
      proto && proto !== Object.prototype;
      proto = Object.getPrototypeOf(proto)
    ) {
      for (const name of Object.getOwnPropertyNames(proto)) {
        const value = (part as Record<string, unknown>)[name]
        if (name !== 'constructor' && typeof value === 'function' && !(name in whole)) {
          whole[name] = value.bind(part)
        }
      }
    }
  }
  return whole
}
