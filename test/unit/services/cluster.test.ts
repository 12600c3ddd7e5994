import { describe, expect, it } from 'vitest'
import { KtkError } from '../../../src/core/errors.js'
import { describeCluster } from '../../../src/services/cluster.js'
import { FakeGateway, rejected } from '../../helpers/fake-gateway.js'

describe('describeCluster', () => {
  it('counts topics, internal topics, offline and under-replicated partitions', async () => {
    const gateway = new FakeGateway()
    gateway.brokers.push({ id: 2, host: 'localhost', port: 9093, rack: 'r2' })
    gateway.addTopic('orders', { partitions: 3, replicationFactor: 2 })
    gateway.addTopic('__consumer_offsets', { partitions: 2, internal: true })
    gateway.partition('orders', 0).leader = null
    gateway.partition('orders', 1).isr = [1]
    gateway.releases.set(1, 'Kafka 4.1')
    expect(await describeCluster(gateway)).toEqual({
      clusterId: 'fake-cluster',
      controller: 1,
      brokers: [
        { ...gateway.brokers[0], kafkaRelease: 'Kafka 4.1' },
        { id: 2, host: 'localhost', port: 9093, rack: 'r2', kafkaRelease: null },
      ],
      topics: { total: 2, internal: 1 },
      partitions: { total: 5, offline: 1, underReplicated: 1 },
    })
  })

  it('an unreachable cluster fails the call (exit 7)', async () => {
    const gateway = new FakeGateway().failNext(
      'clusterInfo',
      new KtkError('BROKER_UNREACHABLE', 'cannot reach localhost:9092'),
    )
    expect(await rejected(describeCluster(gateway))).toMatchObject({ code: 'BROKER_UNREACHABLE', exit: 7 })
  })
})
