import { describe, expect, it } from 'vitest'
import { findCoordinators } from '../../../src/kafka/coordinator.js'
import { SessionGroupsGateway } from '../../../src/kafka/groups.js'
import type { KafkaSession } from '../../../src/kafka/session.js'
import { KAFKA_21, type SeenRequest, VersionedSession } from '../../helpers/versioned-session.js'

const KAFKA_41 = {
  ...KAFKA_21,
  9: { minVersion: 1, maxVersion: 9 },
  10: { minVersion: 0, maxVersion: 6 },
  16: { minVersion: 0, maxVersion: 5 },
  47: { minVersion: 0, maxVersion: 0 }, // OffsetDelete
}

/** A broker that coordinates every group on node 1 and has committed offset 42 on t-0 for each. */
function coordinatorFor(seen: SeenRequest): unknown {
  const { api, version, body } = seen
  if (api === 'FindCoordinator') {
    if (version >= 4)
      return {
        throttleTimeMs: 0,
        coordinators: (body.coordinatorKeys as string[]).map((key) => ({
          key,
          nodeId: 1,
          host: 'b1',
          port: 9092,
          errorCode: 0,
          errorMessage: null,
        })),
      }
    return { throttleTimeMs: 0, errorCode: 0, errorMessage: null, nodeId: 1, host: 'b1', port: 9092 }
  }
  const topics = [
    {
      name: 't',
      partitions: [
        { partitionIndex: 0, committedOffset: 42n, committedLeaderEpoch: 3, metadata: '', errorCode: 0 },
      ],
    },
  ]
  if (api === 'OffsetFetch' && version >= 8)
    return {
      throttleTimeMs: 0,
      groups: (body.groups as { groupId: string }[]).map((g) => ({
        groupId: g.groupId,
        topics,
        errorCode: 0,
      })),
    }
  if (api === 'OffsetFetch') return { throttleTimeMs: 0, topics, errorCode: 0 }
  throw new Error(`unexpected ${api}`)
}

const gateway = (session: VersionedSession) => new SessionGroupsGateway(session as unknown as KafkaSession)

describe('groups on brokers of different ages', () => {
  it('before Kafka 3.0: one FindCoordinator and one OffsetFetch per group, in versions a 2.1 broker has', async () => {
    const session = new VersionedSession(KAFKA_21, coordinatorFor)
    const offsets = await gateway(session).committedOffsets(['g1', 'g2'])
    expect(session.seen.map((s) => `${s.api} v${s.version}`)).toEqual([
      'FindCoordinator v2',
      'FindCoordinator v2',
      'OffsetFetch v5',
      'OffsetFetch v5',
    ])
    expect(session.seen.slice(0, 2).map((s) => s.body.key)).toEqual(['g1', 'g2'])
    expect(session.seen.slice(2).map((s) => [s.body.groupId, s.body.topics, s.nodeId])).toEqual([
      ['g1', null, 1],
      ['g2', null, 1],
    ])
    expect(offsets.errors.size).toBe(0)
    for (const id of ['g1', 'g2'])
      expect(offsets.results.get(id)).toEqual([
        { topic: 't', partition: 0, offset: 42, leaderEpoch: 3, metadata: '' },
      ])
  })

  it('from Kafka 3.0: one batched FindCoordinator and one batched OffsetFetch per coordinator', async () => {
    const session = new VersionedSession(KAFKA_41, coordinatorFor)
    const offsets = await gateway(session).committedOffsets(['g1', 'g2'])
    expect(session.seen.map((s) => `${s.api} v${s.version}`)).toEqual([
      'FindCoordinator v6',
      'OffsetFetch v9',
    ])
    expect(session.seen[0]!.body.coordinatorKeys).toEqual(['g1', 'g2'])
    expect(offsets.results.get('g2')).toEqual([
      { topic: 't', partition: 0, offset: 42, leaderEpoch: 3, metadata: '' },
    ])
  })

  it('finds a transactional id on a 2.1 broker with a single-key FindCoordinator v1+', async () => {
    const session = new VersionedSession(KAFKA_21, coordinatorFor)
    const [found] = await findCoordinators(session as unknown as KafkaSession, ['tx'], 1)
    expect(found).toMatchObject({ key: 'tx', nodeId: 1, errorCode: 0 })
    expect(session.seen[0]).toMatchObject({ version: 2, body: { key: 'tx', keyType: 1 } })
  })

  it('refuses a state or type filter a broker cannot apply, in one line naming what it needs (exit 2)', async () => {
    const session = new VersionedSession(KAFKA_21, () => {
      throw new Error('nothing is sent')
    })
    const listing = async (filter: { states: string[]; types: ('classic' | 'consumer')[] }) => {
      const g = gateway(session)
      ;(session as unknown as { metadata: unknown }).metadata = async () => ({
        brokers: [{ nodeId: 1, host: 'old', port: 9092, rack: null }],
      })
      return g.listGroups(filter)
    }
    await expect(listing({ states: ['Stable'], types: [] })).rejects.toMatchObject({
      code: 'UNSUPPORTED_VERSION',
      exit: 2,
      message:
        'filtering groups by state needs Kafka 2.6 or newer: the broker at old:9092 is Kafka 2.2 or older (by its API versions), with ListGroups v0-v2; ktk speaks v4-v5',
    })
    await expect(listing({ states: [], types: ['consumer'] })).rejects.toMatchObject({
      code: 'UNSUPPORTED_VERSION',
      message: /filtering groups by type needs Kafka 3\.8 or newer/,
    })
    expect(session.seen).toEqual([])
  })

  it('lists without a filter on a 2.1 broker (states unknown there)', async () => {
    const session = new VersionedSession(KAFKA_21, () => ({
      throttleTimeMs: 0,
      errorCode: 0,
      groups: [{ groupId: 'g', protocolType: 'consumer' }],
    }))
    ;(session as unknown as { metadata: unknown }).metadata = async () => ({
      brokers: [{ nodeId: 1, host: 'old', port: 9092, rack: null }],
    })
    expect(await gateway(session).listGroups({ states: [], types: [] })).toEqual([
      { groupId: 'g', protocolType: 'consumer', state: null, type: null },
    ])
    expect(session.seen[0]).toMatchObject({ api: 'ListGroups', version: 2 })
  })

  it('refuses deleting offsets before Kafka 2.4 in one line (exit 2), sending nothing to the coordinator', async () => {
    const session = new VersionedSession(KAFKA_21, coordinatorFor)
    await expect(gateway(session).deleteOffsets('g', [{ topic: 't', partition: 0 }])).rejects.toMatchObject({
      code: 'UNSUPPORTED_VERSION',
      exit: 2,
      message:
        'deleting offsets needs Kafka 2.4 or newer: the broker at old:9092 is Kafka 2.2 or older (by its API versions), without OffsetDelete; ktk speaks v0-v0',
    })
    expect(session.seen.map((s) => s.api)).toEqual(['FindCoordinator'])
  })
})
