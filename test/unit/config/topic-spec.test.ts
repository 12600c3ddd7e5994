import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { parseAnswersFile } from '../../../src/config/design-answers.js'
import {
  appendToSpec,
  loadTopicSpecs,
  parseTopicSpec,
  renderTopicSpec,
} from '../../../src/config/topic-spec.js'

const SPEC = `# our topics
topics:
  # the orders stream
  - name: prod.shop.order_placed.v1
    partitions: 12
    replicationFactor: 3
    configs:
      retention.ms: 9223372036854775807
      cleanup.policy: [compact, delete]
      min.cleanable.dirty.ratio: 0.5
      unclean.leader.election.enable: false
  - name: prod.shop.cart_updated.v1
    partitions: 3
`

describe('topic spec files', () => {
  it('reads topics with exact values and their lines', () => {
    const topics = parseTopicSpec('t.yaml', SPEC)
    expect(topics).toEqual([
      {
        name: 'prod.shop.order_placed.v1',
        partitions: 12,
        replicationFactor: 3,
        configs: {
          'retention.ms': '9223372036854775807',
          'cleanup.policy': 'compact,delete',
          'min.cleanable.dirty.ratio': '0.5',
          'unclean.leader.election.enable': 'false',
        },
        location: 't.yaml:4',
      },
      { name: 'prod.shop.cart_updated.v1', partitions: 3, configs: {}, location: 't.yaml:12' },
    ])
  })

  it('round-trips through renderTopicSpec', () => {
    const topics = parseTopicSpec('t.yaml', SPEC).map(({ location: _, ...t }) => t)
    const again = parseTopicSpec('u.yaml', renderTopicSpec(topics)).map(({ location: _, ...t }) => t)
    expect(again).toEqual(topics)
  })

  it.each([
    [
      'topics:\n  - name: a/b\n    partitions: 1\n',
      /^t\.yaml:2:11: topics\[0\]\.name: topic name "a\/b" contains "\/"/,
    ],
    ['topics:\n  - name: a\n', /^t\.yaml:2:5: topics\[0\]\.partitions: is required$/],
    [
      'topics:\n  - name: a\n    partitions: 1\n    partitons: 2\n',
      /^t\.yaml:4:5: topics\[0\]\.partitons: unrecognized key/,
    ],
    [
      'topics:\n  - name: a\n    partitions: 1\n    configs:\n      cleanup.policy: sometimes\n',
      /^t\.yaml:5:23: topics\[0\]\.configs\.cleanup\.policy: invalid value "sometimes"/,
    ],
    [
      'topics:\n  - name: a\n    partitions: 1\n  - name: a\n    partitions: 2\n',
      /^t\.yaml:4:11: topics\[1\]\.name: topic "a" is declared twice \(also topics\[0\]\)/,
    ],
    ['topics: {}\n', /^t\.yaml:1:9: topics: invalid input: expected array/],
  ])('%j is refused with file and line', (text, message) => {
    expect(() => parseTopicSpec('t.yaml', text)).toThrow(message)
  })

  it('a topic in two files is an error naming both places', () => {
    const files: Record<string, string> = {
      'a.yaml': 'topics:\n  - name: x\n    partitions: 1\n',
      'b.yaml': 'topics:\n\n  - name: x\n    partitions: 1\n',
    }
    expect(() => loadTopicSpecs(['a.yaml', 'b.yaml'], (p) => files[p]!)).toThrow(
      'b.yaml:3: topic "x" is also declared at a.yaml:2',
    )
  })

  it('appending keeps comments and refuses a duplicate', () => {
    const text = appendToSpec('t.yaml', SPEC, {
      name: 'prod.shop.refund_issued.v1',
      partitions: 6,
      replicationFactor: 3,
      configs: { 'retention.ms': '-1' },
    })
    expect(text.startsWith('# our topics\ntopics:\n  # the orders stream\n')).toBe(true)
    expect((parse(text) as { topics: unknown[] }).topics.at(-1)).toEqual({
      name: 'prod.shop.refund_issued.v1',
      partitions: 6,
      replicationFactor: 3,
      configs: { 'retention.ms': -1 },
    })
    expect(() =>
      appendToSpec('t.yaml', text, { name: 'prod.shop.cart_updated.v1', partitions: 1, configs: {} }),
    ).toThrow('t.yaml:12: topic "prod.shop.cart_updated.v1" is already declared in t.yaml')
    expect(parse(appendToSpec('new.yaml', undefined, { name: 'a', partitions: 1, configs: {} }))).toEqual({
      topics: [{ name: 'a', partitions: 1 }],
    })
  })
})

describe('answers files', () => {
  it('reads the wizard answers', () => {
    expect(
      parseAnswersFile(
        'a.yaml',
        'env: prod\ndomain: retail\nevent: x\nversion: 2\nthroughput: 5000\nkey: null\nsegments:\n  team: core\n',
      ),
    ).toEqual({
      segments: { team: 'core', env: 'prod', domain: 'retail', event: 'x' },
      version: 2,
      throughput: '5000',
      key: 'none',
    })
  })
  it('refuses unknown keys with file and line', () => {
    expect(() => parseAnswersFile('a.yaml', 'env: prod\nthrouhgput: 5\n')).toThrow(
      /^a\.yaml:2:1: throuhgput: unrecognized key/,
    )
  })
})
