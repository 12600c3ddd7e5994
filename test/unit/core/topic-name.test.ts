import { describe, expect, it } from 'vitest'
import {
  collidingTopics,
  INTERNAL_TOPICS,
  isInternalTopic,
  MAX_TOPIC_NAME_LENGTH,
  topicNameProblem,
} from '../../../src/core/topic-name.js'

describe('topicNameProblem (Kafka Topic.validate)', () => {
  it.each([
    'orders',
    'prod.retail.order_placed.v1',
    'a',
    '...',
    '.hidden',
    '-leading-dash',
    '__consumer_offsets',
    'A-Z_a-z.0-9',
    'a'.repeat(249),
  ])('accepts %j', (name) => {
    expect(topicNameProblem(name)).toBeUndefined()
  })

  it('the limit is 249', () => {
    expect(MAX_TOPIC_NAME_LENGTH).toBe(249)
  })

  it.each([
    ['', 'empty'],
    ['.', 'dot'],
    ['..', 'dot'],
    ['a'.repeat(250), 'length'],
    ['x'.repeat(1000), 'length'],
  ])('rejects %j as %s', (name, rule) => {
    const problem = topicNameProblem(name)
    expect(problem?.rule).toBe(rule)
    expect(problem?.message).toBeTruthy()
  })

  it('length message states the actual length and the limit', () => {
    const message = topicNameProblem('a'.repeat(250))?.message
    expect(message).toContain('250')
    expect(message).toContain('249')
  })

  it.each([
    ['my topic', [' ']],
    ['a/b', ['/']],
    ['a+b', ['+']],
    ['ключ', ['к', 'л', 'ю', 'ч']],
    ['orders🔑', ['🔑']],
    ['a:b', [':']],
    ['a*b*c', ['*']],
    ['tab\there', ['\t']],
    ['é', ['é']],
  ])('rejects %j for its characters', (name, illegal) => {
    const problem = topicNameProblem(name)
    expect(problem?.rule).toBe('characters')
    if (problem?.rule !== 'characters') return
    expect(problem.illegal).toEqual(illegal)
  })

  it('names a space as "space" in the message', () => {
    expect(topicNameProblem('my topic')?.message).toContain('space')
  })

  it('reports each illegal character once', () => {
    const problem = topicNameProblem('a b c/d/e')
    expect(problem?.rule === 'characters' && problem.illegal).toEqual([' ', '/'])
  })
})

describe('collidingTopics', () => {
  it.each([
    ['a.b', ['a_b'], ['a_b']],
    ['a_b', ['a.b'], ['a.b']],
    ['a.b_c', ['a_b.c', 'a_b_c', 'a.b.c', 'abc'], ['a_b.c', 'a_b_c', 'a.b.c']],
    ['a.b', ['a.b'], []],
    ['orders', ['orders', 'orders2', 'Orders'], []],
    ['a.b', [], []],
    ['a-b', ['a_b', 'a.b'], []],
  ])('%j against %j', (name, existing, expected) => {
    expect(collidingTopics(name, existing)).toEqual(expected)
  })

  it('accepts any iterable', () => {
    expect(collidingTopics('x.y', new Set(['x_y', 'z']))).toEqual(['x_y'])
  })
})

describe('isInternalTopic (Kafka Topic.isInternal)', () => {
  it.each([
    ['__consumer_offsets', true],
    ['__transaction_state', true],
    ['__share_group_state', true],
    ['__cluster_metadata', false],
    ['_schemas', false],
    ['connect-offsets', false],
    ['__consumer_offsets2', false],
    ['orders', false],
  ])('%s -> %s', (name, expected) => {
    expect(isInternalTopic(name)).toBe(expected)
  })

  it('lists exactly the internal topics of Kafka 4.1', () => {
    expect([...INTERNAL_TOPICS].sort()).toEqual([
      '__consumer_offsets',
      '__share_group_state',
      '__transaction_state',
    ])
  })
})
