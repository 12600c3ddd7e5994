import type { ConfigSource } from '../../core/cluster-types.js'
import type { ItemError } from './api-keys.js'
import type { VersionedRequest } from './codec.js'
import { versionedRequest } from './generated-request.js'
import { AlterConfigs } from './messages/alter-configs.js'
import { DescribeConfigs } from './messages/describe-configs.js'
import { IncrementalAlterConfigs } from './messages/incremental-alter-configs.js'

export const ResourceType = { topic: 2, broker: 4 } as const

const SOURCES: Record<number, ConfigSource> = {
  1: 'DYNAMIC_TOPIC_CONFIG',
  2: 'DYNAMIC_BROKER_CONFIG',
  3: 'DYNAMIC_DEFAULT_BROKER_CONFIG',
  4: 'STATIC_BROKER_CONFIG',
  5: 'DEFAULT_CONFIG',
  6: 'DYNAMIC_BROKER_LOGGER_CONFIG',
  7: 'DYNAMIC_CLIENT_METRICS_CONFIG',
  8: 'DYNAMIC_GROUP_CONFIG',
}

export interface DescribedConfig {
  name: string
  value: string | null
  readOnly: boolean
  source: ConfigSource
  sensitive: boolean
}

export interface DescribeConfigsResult extends ItemError {
  resourceType: number
  configs: DescribedConfig[]
}

/** DescribeConfigs v1-v4 for whole resources (every key, with its source: v1 is the first that has it). */
export function describeConfigsRequest(
  resources: readonly { type: number; name: string }[],
): VersionedRequest<DescribeConfigsResult[]> {
  return versionedRequest(DescribeConfigs, (version) => ({
    body: {
      resources: resources.map((r) => ({
        resourceType: r.type,
        resourceName: r.name,
        configurationKeys: null,
      })),
      includeSynonyms: false,
      ...(version >= 3 ? { includeDocumentation: false } : {}),
    },
    map: (r) =>
      r.results.map((x) => ({
        errorCode: x.errorCode,
        errorMessage: x.errorMessage,
        resourceType: x.resourceType,
        name: x.resourceName,
        configs: x.configs.map((c) => ({
          name: c.name,
          value: c.value,
          readOnly: c.readOnly,
          source: SOURCES[c.configSource] ?? 'UNKNOWN',
          sensitive: c.isSensitive,
        })),
      })),
  }))
}

export const ConfigOperationType = { set: 0, delete: 1, append: 2, subtract: 3 } as const

export interface IncrementalConfigChange {
  name: string
  operation: number
  value: string | null
}

type Resource<C> = { type: number; name: string; changes: readonly C[] }

const itemErrors = (r: {
  responses: { errorCode: number; errorMessage: string | null; resourceName: string }[]
}): ItemError[] =>
  r.responses.map((x) => ({ name: x.resourceName, errorCode: x.errorCode, errorMessage: x.errorMessage }))

/**
 * IncrementalAlterConfigs v0-v1 (Kafka 2.3+, KIP-339): changes only the keys named, leaving every other
 * dynamic config (sensitive ones included) as it was.
 */
export function incrementalAlterConfigsRequest(
  resources: readonly Resource<IncrementalConfigChange>[],
  validateOnly: boolean,
): VersionedRequest<ItemError[]> {
  return versionedRequest(
    IncrementalAlterConfigs,
    () => ({
      body: {
        resources: resources.map((r) => ({
          resourceType: r.type,
          resourceName: r.name,
          configs: r.changes.map((c) => ({ name: c.name, configOperation: c.operation, value: c.value })),
        })),
        validateOnly,
      },
      map: itemErrors,
    }),
    { needs: 'changing configs incrementally needs Kafka 2.3 or newer' },
  )
}

/**
 * AlterConfigs v0-v2: replaces a resource's whole set of dynamic configs with the one given (a key left
 * out returns to its default). Only for brokers older than IncrementalAlterConfigs.
 */
export function alterConfigsRequest(
  resources: readonly Resource<{ name: string; value: string }>[],
  validateOnly: boolean,
): VersionedRequest<ItemError[]> {
  return versionedRequest(AlterConfigs, () => ({
    body: {
      resources: resources.map((r) => ({
        resourceType: r.type,
        resourceName: r.name,
        configs: r.changes.map((c) => ({ name: c.name, value: c.value })),
      })),
      validateOnly,
    },
    map: itemErrors,
  }))
}

/**
 * The full set of dynamic configs a topic has after `operations`, for AlterConfigs: every current
 * DYNAMIC_TOPIC_CONFIG value carried over, then the sets and deletes applied. A sensitive value is not
 * described (its value is null), so it cannot be carried over: the names of those that would be lost are
 * returned instead, and nothing is sent.
 */
export function fullConfigSet(
  current: readonly DescribedConfig[],
  operations: readonly ({ op: 'set'; name: string; value: string } | { op: 'delete'; name: string })[],
): { configs: { name: string; value: string }[] } | { lost: string[] } {
  const touched = new Set(operations.map((o) => o.name))
  const dynamic = current.filter((c) => c.source === 'DYNAMIC_TOPIC_CONFIG')
  const lost = dynamic.filter((c) => (c.sensitive || c.value === null) && !touched.has(c.name))
  if (lost.length > 0) return { lost: lost.map((c) => c.name) }
  const next = new Map<string, string>()
  for (const c of dynamic) if (c.value !== null) next.set(c.name, c.value)
  for (const o of operations) {
    if (o.op === 'set') next.set(o.name, o.value)
    else next.delete(o.name)
  }
  return { configs: [...next].map(([name, value]) => ({ name, value })) }
}
