import type { VersionedRequest } from './codec.js'
import { versionedRequest } from './generated-request.js'
import { FindCoordinator, type FindCoordinatorResponse } from './messages/find-coordinator.js'

/** FindCoordinator key types. */
export const CoordinatorType = { group: 0, transaction: 1 } as const

export interface FoundCoordinator {
  key: string
  nodeId: number
  host: string
  port: number
  errorCode: number
  errorMessage: string | null
}

/** The first version that batches keys (KIP-699, Kafka 3.0). */
export const BATCHED_FIND_COORDINATOR = 4

/**
 * FindCoordinator v4-v6 (Kafka 3.0+, KIP-699): many keys in one request, all of one type (consumer groups
 * or transactional ids). Older brokers get one findCoordinatorRequest per key instead.
 */
export function findCoordinatorsRequest(
  keys: readonly string[],
  keyType: number = CoordinatorType.group,
): VersionedRequest<FoundCoordinator[]> {
  return versionedRequest(
    FindCoordinator,
    () => ({
      body: { keyType, coordinatorKeys: [...keys] },
      map: (res) =>
        (res.coordinators ?? []).map((c) => ({
          key: c.key,
          nodeId: c.nodeId,
          host: c.host,
          port: c.port,
          errorCode: c.errorCode,
          errorMessage: c.errorMessage ?? null,
        })),
    }),
    {
      minVersion: BATCHED_FIND_COORDINATOR,
      maxVersion: 6,
      needs: 'finding several coordinators at once needs Kafka 3.0 or newer',
    },
  )
}

/**
 * The coordinator of one key, in any version: v0-v3 carry a single key (v0 only a group's, as key types
 * came in v1), v4+ a list of one.
 */
export function findCoordinatorRequest(key: string, keyType: number): VersionedRequest<FoundCoordinator> {
  return versionedRequest(
    FindCoordinator,
    (version) => ({
      body:
        version >= BATCHED_FIND_COORDINATOR
          ? { keyType, coordinatorKeys: [key] }
          : version >= 1
            ? { key, keyType }
            : { key },
      map: (res) => (version >= BATCHED_FIND_COORDINATOR ? batchedAnswer(res, key) : singleAnswer(res, key)),
    }),
    { minVersion: keyType === CoordinatorType.group ? 0 : 1, maxVersion: 6 },
  )
}

function singleAnswer(res: FindCoordinatorResponse, key: string): FoundCoordinator {
  return {
    key,
    nodeId: res.nodeId ?? -1,
    host: res.host ?? '',
    port: res.port ?? -1,
    errorCode: res.errorCode ?? 0,
    errorMessage: res.errorMessage ?? null,
  }
}

function batchedAnswer(res: FindCoordinatorResponse, key: string): FoundCoordinator {
  const c = res.coordinators?.find((x) => x.key === key)
  if (!c)
    return {
      key,
      nodeId: -1,
      host: '',
      port: -1,
      errorCode: 15, // COORDINATOR_NOT_AVAILABLE: the broker did not answer for the key
      errorMessage: null,
    }
  return { ...c, errorMessage: c.errorMessage ?? null }
}
