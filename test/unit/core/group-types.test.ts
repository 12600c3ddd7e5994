import { describe, expect, it } from 'vitest'
import { byTopicPartition, groupByTopic, tpName } from '../../../src/core/group-types.js'

describe('topic-partition helpers', () => {
  it('groupByTopic keeps topics in order of first appearance and items in their order', () => {
    const items = [
      { topic: 'b', partition: 2 },
      { topic: 'a', partition: 1 },
      { topic: 'b', partition: 0 },
    ]
    expect([...groupByTopic(items)]).toEqual([
      [
        'b',
        [
          { topic: 'b', partition: 2 },
          { topic: 'b', partition: 0 },
        ],
      ],
      ['a', [{ topic: 'a', partition: 1 }]],
    ])
    expect(groupByTopic([]).size).toBe(0)
  })

  it('sorts by topic then partition, and names partitions as Kafka does', () => {
    const sorted = [
      { topic: 'b', partition: 0 },
      { topic: 'a', partition: 10 },
      { topic: 'a', partition: 2 },
    ].sort(byTopicPartition)
    expect(sorted.map(tpName)).toEqual(['a-2', 'a-10', 'b-0'])
  })
})
