/**
 * The coordinator of one consumer group or transactional id: FindCoordinator, retried while the
 * coordinator is loading or moving (about 10 s). The consumer's group member and the transactional
 * producer both use it; the groups commands batch many groups in SessionGroupsGateway instead.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { isRetriableCode } from './error-codes.js'
import { type Access, partitionError } from './errors.js'
import { CoordinatorType, findCoordinatorRequest } from './protocol/coordinator-request.js'
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
