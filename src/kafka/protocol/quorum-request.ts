import type { VersionedRequest } from './codec.js'
import { versionedRequest } from './generated-request.js'
import { DescribeQuorum } from './messages/describe-quorum.js'

export interface QuorumState {
  errorCode: number
  leaderId: number
  voters: number[]
  observers: number[]
}

/**
 * DescribeQuorum v0-v2 (KRaft only; brokers in ZooKeeper mode lack it): brokers forward it to the active
 * controller, the quorum leader.
 */
export function describeQuorumRequest(): VersionedRequest<QuorumState> {
  return versionedRequest(DescribeQuorum, () => ({
    body: { topics: [{ topicName: '__cluster_metadata', partitions: [{ partitionIndex: 0 }] }] },
    map: (r) => {
      const p = r.topics[0]?.partitions[0]
      if (r.errorCode !== 0 || !p) return { errorCode: r.errorCode, leaderId: -1, voters: [], observers: [] }
      return {
        errorCode: p.errorCode,
        leaderId: p.leaderId,
        voters: p.currentVoters.map((v) => v.replicaId),
        observers: p.observers.map((v) => v.replicaId),
      }
    },
  }))
}
