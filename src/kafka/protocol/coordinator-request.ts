import { ApiKey } from './api-keys.js'
import type { RawRequest } from './codec.js'

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

/**
 * FindCoordinator v4 (Kafka 3.0+, KIP-699): many keys in one request, all of one type (consumer groups or
 * transactional ids).
 */
export function findCoordinatorsRequest(
  keys: readonly string[],
  keyType: number = CoordinatorType.group,
): RawRequest<FoundCoordinator[]> {
  return {
    apiKey: ApiKey.FindCoordinator,
    apiVersion: 4,
    apiName: 'FindCoordinator',
    flexible: true,
    body: (w) =>
      w
        .int8(keyType)
        .compactArray(keys, (x, k) => x.compactString(k))
        .tags(),
    decode: (r) => {
      r.int32()
      const found = r.compactArray((x) => {
        const c = {
          key: x.compactString() ?? '',
          nodeId: x.int32(),
          host: x.compactString() ?? '',
          port: x.int32(),
          errorCode: x.int16(),
          errorMessage: x.compactString(),
        }
        x.tags()
        return c
      })
      r.tags()
      return found
    },
  }
}

/** The same request for one key, answered with that key's coordinator. */
export function findCoordinatorRequest(key: string, keyType: number): RawRequest<FoundCoordinator> {
  const request = findCoordinatorsRequest([key], keyType)
  return {
    ...request,
    decode: (r) =>
      request.decode(r).find((c) => c.key === key) ?? {
        key,
        nodeId: -1,
        host: '',
        port: -1,
        errorCode: 15, // COORDINATOR_NOT_AVAILABLE: the broker did not answer for the key
        errorMessage: null,
      },
  }
}
