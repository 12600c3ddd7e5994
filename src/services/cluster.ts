import type { BrokerNode } from '../core/cluster-types.js'
import type { AdminGateway } from '../kafka/index.js'

export interface ClusterDescription {
  clusterId: string | null
  controller: number | null
  brokers: BrokerNode[]
  topics: { total: number; internal: number }
  partitions: { total: number; offline: number; underReplicated: number }
}

export async function describeCluster(gateway: AdminGateway): Promise<ClusterDescription> {
  const [info, topics] = await Promise.all([gateway.clusterInfo(), gateway.listTopics()])
  const partitions = topics.flatMap((t) => t.partitions)
  return {
    clusterId: info.clusterId,
    controller: info.controller,
    brokers: info.brokers,
    topics: { total: topics.length, internal: topics.filter((t) => t.internal).length },
    partitions: {
      total: partitions.length,
      offline: partitions.filter((p) => p.leader === null).length,
      underReplicated: partitions.filter((p) => p.isr.length < p.replicas.length).length,
    },
  }
}
