import { describe, expect, it } from 'vitest'
import { ProducerIdentity } from '../../../../src/kafka/records/producer-identity.js'
import type { KafkaSession } from '../../../../src/kafka/session.js'
import { KAFKA_21, type SeenRequest, VersionedSession } from '../../../helpers/versioned-session.js'

const KAFKA_41 = {
  ...KAFKA_21,
  10: { minVersion: 0, maxVersion: 6 },
  22: { minVersion: 0, maxVersion: 5 },
  24: { minVersion: 0, maxVersion: 5 },
  26: { minVersion: 0, maxVersion: 5 },
}

/** A transaction coordinator on node 1 that accepts everything. */
function coordinator({ api, version, body }: SeenRequest): unknown {
  switch (api) {
    case 'FindCoordinator':
      return version >= 4
        ? {
            throttleTimeMs: 0,
            coordinators: [
              { key: 'tx', nodeId: 1, host: 'b1', port: 9092, errorCode: 0, errorMessage: null },
            ],
          }
        : { throttleTimeMs: 0, errorCode: 0, errorMessage: null, nodeId: 1, host: 'b1', port: 9092 }
    case 'InitProducerId':
      return { throttleTimeMs: 0, errorCode: 0, producerId: 77n, producerEpoch: 3 }
    case 'AddPartitionsToTxn':
      return {
        throttleTimeMs: 0,
        resultsByTopicV3AndBelow: (body.v3AndBelowTopics as { name: string; partitions: number[] }[]).map(
          (t) => ({
            name: t.name,
            resultsByPartition: t.partitions.map((p) => ({ partitionIndex: p, partitionErrorCode: 0 })),
          }),
        ),
      }
    case 'EndTxn':
      return { throttleTimeMs: 0, errorCode: 0 }
    default:
      throw new Error(`unexpected ${api}`)
  }
}

async function transaction(ranges: typeof KAFKA_21) {
  const session = new VersionedSession(ranges, coordinator)
  const identity = new ProducerIdentity(session as unknown as KafkaSession, 't', 'tx', 60_000, {
    principal: undefined,
  })
  await identity.init()
  await identity.addPartitions([0, 1])
  await identity.endTransaction(true)
  expect([identity.producerId, identity.producerEpoch]).toEqual([77n, 3])
  return session.seen
}

describe('transactions on brokers of different ages', () => {
  it('Kafka 2.1: the versions it announces, the transactional id found with a single-key FindCoordinator', async () => {
    const seen = await transaction(KAFKA_21)
    expect(seen.map((s) => `${s.api} v${s.version} @${s.nodeId ?? 'seed'}`)).toEqual([
      'FindCoordinator v2 @seed',
      'InitProducerId v1 @1',
      'AddPartitionsToTxn v1 @1',
      'EndTxn v1 @1',
    ])
    expect(seen[0]!.body).toMatchObject({ key: 'tx', keyType: 1 })
    expect(seen[3]!.body).toEqual({
      transactionalId: 'tx',
      producerId: 77n,
      producerEpoch: 3,
      committed: true,
    })
  })

  it('Kafka 4.x: never the KIP-890 versions (AddPartitionsToTxn v4+, EndTxn v5) that change the protocol', async () => {
    const seen = await transaction(KAFKA_41)
    expect(seen.map((s) => `${s.api} v${s.version}`)).toEqual([
      'FindCoordinator v6',
      'InitProducerId v5',
      'AddPartitionsToTxn v3',
      'EndTxn v4',
    ])
  })
})

describe('a transaction without records', () => {
  it('sends no EndTxn (the coordinator would refuse it with INVALID_TXN_STATE): empty input commits nothing', async () => {
    const session = new VersionedSession(KAFKA_41, coordinator)
    const identity = new ProducerIdentity(session as unknown as KafkaSession, 't', 'tx', 60_000, {
      principal: undefined,
    })
    await identity.init()
    await identity.endTransaction(true)
    expect(session.seen.map((s) => s.api)).toEqual(['FindCoordinator', 'InitProducerId'])
  })
})
