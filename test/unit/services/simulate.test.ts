import { describe, expect, it } from 'vitest'
import { runSimulation } from '../../../src/services/simulate.js'

const base = { strategy: 'range' as const, topics: [], partitions: 4, consumers: 2, events: undefined }

describe('runSimulation', () => {
  it('members c1..cM on the default topic "t", one step per rebalance', () => {
    const result = runSimulation(base)
    expect(result.topics).toEqual([{ topic: 't', partitions: 4 }])
    expect(result.members).toEqual(['c1', 'c2'])
    expect(result.steps.length).toBeGreaterThan(0)
  })

  it('topics with their own partition counts', () => {
    const result = runSimulation({ ...base, topics: ['a:2', 'b'], partitions: 3 })
    expect(result.topics).toEqual([
      { topic: 'a', partitions: 2 },
      { topic: 'b', partitions: 3 },
    ])
  })

  it('usage errors: bad counts, a missing partition count, a topic given twice', () => {
    expect(() => runSimulation({ ...base, consumers: 1001 })).toThrow(
      '--consumers must be between 0 and 1000',
    )
    expect(() => runSimulation({ ...base, partitions: undefined })).toThrow(
      'give the partition count: --partitions N, or --topic t:N',
    )
    expect(() => runSimulation({ ...base, topics: ['a:0'] })).toThrow(
      'the partition count of a must be a whole number from 1 to 10000',
    )
    expect(() => runSimulation({ ...base, topics: ['a', 'a'] })).toThrow('a topic is given twice')
  })
})
