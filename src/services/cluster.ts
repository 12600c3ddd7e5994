import type { BrokerNode } from '../core/cluster-types.js'
import type { AdminGateway } from '../kafka/index.js'

export interface ClusterDescription {
  clusterId: string | null
  controller: number | null
  /** kafkaRelease: the Kafka release the broker's API versions match, null when it could not be asked. */
  brokers: (BrokerNode & { kafkaRelease: string | null })[]
  topics: { total: number; internal: number }
  partitions: { total: number; offline: number; underReplicated: number }
}

export async function describeCluster(gateway: AdminGateway): Promise<ClusterDescription> {
  const [info, topics] = await Promise.all([gateway.clusterInfo(), gateway.listTopics()])
  const partitions = topics.flatMap((t) => t.partitions)
  const releases = await gateway.brokerReleases(info.brokers.map((b) => b.id))
  return {
    clusterId: info.clusterId,
    controller: info.controller,
    brokers: info.brokers.map((b) => ({ ...b, kafkaRelease: releases.get(b.id) ?? null })),
    topics: { total: topics.length, internal: topics.filter((t) => t.internal).length },
    partitions: {
      total: partitions.length,
      offline: partitions.filter((p) => p.leader === null).length,
      underReplicated: partitions.filter((p) => p.isr.length < p.replicas.length).length,
    },
  }
}
