/**
 * The coordinator of one consumer group or transactional id: FindCoordinator, retried while the
 * coordinator is loading or moving (about 10 s). The consumer's group member and the transactional
 * producer both use it; the groups commands ask for many groups at once with findCoordinators.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { isRetriableCode } from './error-codes.js'
import { type Access, partitionError } from './error-mapping.js'
import { ApiKey } from './protocol/api-keys.js'
import {
  BATCHED_FIND_COORDINATOR,
  CoordinatorType,
  type FoundCoordinator,
  findCoordinatorRequest,
  findCoordinatorsRequest,
} from './protocol/coordinator-request.js'
import type { KafkaSession } from './session.js'

export async function findCoordinator(
  session: KafkaSession,
  kind: keyof typeof CoordinatorType,
  key: string,
  access: Access,
): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const c = await session.send(findCoordinatorRequest(key, CoordinatorType[kind]))
    if (c.errorCode === 0) return c.nodeId
    if (!isRetriableCode(c.errorCode) || attempt > 40) {
      const what = `${kind === 'group' ? 'group' : 'transactional id'} "${key}"`
      throw partitionError(c.errorCode, `cannot find the coordinator of ${what}`, c.errorMessage, access)
    }
    await sleep(250)
  }
}

/**
 * The coordinators of many keys of one type, one answer per key: one request where the broker batches
 * keys (Kafka 3.0+), else one request per key, in parallel.
 */
export async function findCoordinators(
  session: KafkaSession,
  keys: readonly string[],
  keyType: number = CoordinatorType.group,
): Promise<FoundCoordinator[]> {
  const version = (await session.maxVersion(ApiKey.FindCoordinator)) ?? -1
  if (version >= BATCHED_FIND_COORDINATOR) return session.send(findCoordinatorsRequest(keys, keyType))
  return Promise.all(keys.map((key) => session.send(findCoordinatorRequest(key, keyType))))
}
