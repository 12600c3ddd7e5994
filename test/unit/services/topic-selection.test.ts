import { describe, expect, it } from 'vitest'
import type { TopicMetadata } from '../../../src/core/cluster-types.js'
import { resolveTopics, resolveVisibleTopics } from '../../../src/services/topic-selection.js'
import { FakeGateway, rejected } from '../../helpers/fake-gateway.js'
import { thrown } from '../../helpers/thrown.js'

const topic = (name: string, internal = false): TopicMetadata => ({
  name,
  topicId: null,
  internal,
  partitions: [],
})
const topics = [topic('orders'), topic('orders-dlq'), topic('payments'), topic('__consumer_offsets', true)]
const none = { names: [], patterns: [], excludeInternal: false, ifExists: false }

describe('resolveTopics', () => {
  it('names and patterns, each topic once, sorted; patterns skip internal topics when asked', () => {
    const chosen = resolveTopics(topics, { ...none, names: ['payments'], patterns: ['orders.*'] })
    expect(chosen.map((t) => t.name)).toEqual(['orders', 'orders-dlq', 'payments'])
    expect(resolveTopics(topics, { ...none, excludeInternal: true }).map((t) => t.name)).toEqual([
      'orders',
      'orders-dlq',
      'payments',
    ])
    expect(
      resolveTopics(topics, { ...none, names: ['__consumer_offsets'], excludeInternal: true }),
    ).toHaveLength(1)
  })

  it('every name or pattern that matches nothing is named in one "not found" (exit 4)', () => {
    expect(thrown(() => resolveTopics(topics, { ...none, names: ['a'], patterns: ['b.*'] }))).toMatchObject({
      code: 'TOPIC_NOT_FOUND',
      exit: 4,
      message: 'topic "a", "b.*" does not exist',
      hints: [
        'list topics with: ktk topics list',
        'add --if-exists to treat a missing topic as nothing to do',
      ],
    })
    expect(resolveTopics(topics, { ...none, names: ['a'], ifExists: true })).toEqual([])
  })
})

describe('resolveVisibleTopics', () => {
  it('asks about access only for missing names, and only when something is missing', async () => {
    const gateway = new FakeGateway()
    await resolveVisibleTopics(gateway, topics, { ...none, names: ['orders'] })
    expect(gateway.callsOf('checkTopicAccess')).toEqual([])
    expect(
      await rejected(resolveVisibleTopics(gateway, topics, { ...none, names: ['orders', 'ghost'] })),
    ).toMatchObject({
      code: 'TOPIC_NOT_FOUND',
    })
    expect(gateway.callsOf('checkTopicAccess')).toEqual([[['ghost']]])
  })
})
