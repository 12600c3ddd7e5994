import type { ConfigSource } from '../../core/cluster-types.js'
import { ApiKey, type ItemError } from './api-keys.js'
import type { RawRequest } from './codec.js'

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

/** DescribeConfigs v4 (Kafka 2.6+) for whole resources (every key, with its source). */
export function describeConfigsRequest(
  resources: readonly { type: number; name: string }[],
): RawRequest<DescribeConfigsResult[]> {
  return {
    apiKey: ApiKey.DescribeConfigs,
    apiVersion: 4,
    apiName: 'DescribeConfigs',
    flexible: true,
    body: (w) =>
      w
        .compactArray(resources, (x, res) =>
          x
            .int8(res.type)
            .compactString(res.name)
            .compactArray(null, () => {})
            .tags(),
        )
        .bool(false)
        .bool(false)
        .tags(),
    decode: (r) => {
      r.int32()
      const results = r.compactArray((x) => {
        const errorCode = x.int16()
        const errorMessage = x.compactString()
        const resourceType = x.int8()
        const name = x.compactString() ?? ''
        const configs = x.compactArray((y) => {
          const name = y.compactString() ?? ''
          const value = y.compactString()
          const readOnly = y.bool()
          const source = SOURCES[y.int8()] ?? 'UNKNOWN'
          const sensitive = y.bool()
          y.compactArray((z) => {
            z.compactString()
            z.compactString()
            z.int8()
            z.tags()
          })
          y.int8()
          y.compactString()
          y.tags()
          return { name, value, readOnly, source, sensitive }
        })
        x.tags()
        return { errorCode, errorMessage, resourceType, name, configs }
      })
      r.tags()
      return results
    },
  }
}

export const ConfigOperationType = { set: 0, delete: 1, append: 2, subtract: 3 } as const

export interface IncrementalConfigChange {
  name: string
  operation: number
  value: string | null
}

/**
 * IncrementalAlterConfigs v1 (Kafka 2.4+, KIP-339): changes only the keys named, leaving every other
 * dynamic config (sensitive ones included) as it was. kafkajs's alterConfigs replaces the whole set.
 */
export function incrementalAlterConfigsRequest(
  resources: readonly { type: number; name: string; changes: readonly IncrementalConfigChange[] }[],
  validateOnly: boolean,
): RawRequest<ItemError[]> {
  return {
    apiKey: ApiKey.IncrementalAlterConfigs,
    apiVersion: 1,
    apiName: 'IncrementalAlterConfigs',
    flexible: true,
    body: (w) =>
      w
        .compactArray(resources, (x, res) =>
          x
            .int8(res.type)
            .compactString(res.name)
            .compactArray(res.changes, (y, c) =>
              y.compactString(c.name).int8(c.operation).compactString(c.value).tags(),
            )
            .tags(),
        )
        .bool(validateOnly)
        .tags(),
    decode: (r) => {
      r.int32()
      const results = r.compactArray((x) => {
        const errorCode = x.int16()
        const errorMessage = x.compactString()
        x.int8()
        const name = x.compactString() ?? ''
        x.tags()
        return { name, errorCode, errorMessage }
      })
      r.tags()
      return results
    },
  }
}
