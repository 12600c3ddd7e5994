import { ApiKey } from './api-keys.js'
import type { RawRequest } from './codec.js'

export interface QuorumState {
  errorCode: number
  leaderId: number
  voters: number[]
  observers: number[]
}

/** DescribeQuorum v0 (KRaft): brokers forward it to the active controller, the quorum leader. */
export function describeQuorumRequest(): RawRequest<QuorumState> {
  return {
    apiKey: ApiKey.DescribeQuorum,
    apiVersion: 0,
    apiName: 'DescribeQuorum',
    flexible: true,
    body: (w) =>
      w
        .compactArray([{ topic: '__cluster_metadata', partition: 0 }], (x, t) =>
          x
            .compactString(t.topic)
            .compactArray([t.partition], (y, p) => y.int32(p).tags())
            .tags(),
        )
        .tags(),
    decode: (r) => {
      const topLevelError = r.int16()
      let state: QuorumState = { errorCode: topLevelError, leaderId: -1, voters: [], observers: [] }
      r.compactArray((x) => {
        x.compactString()
        x.compactArray((y) => {
          y.int32()
          const errorCode = y.int16()
          const leaderId = y.int32()
          y.int32()
          y.int64()
          const replicas = (z: typeof y) =>
            z.compactArray((q) => {
              const id = q.int32()
              q.int64()
              q.tags()
              return id
            })
          const voters = replicas(y)
          const observers = replicas(y)
          y.tags()
          if (topLevelError === 0) state = { errorCode, leaderId, voters, observers }
        })
        x.tags()
      })
      r.tags()
      return state
    },
  }
}
