import { describe, expect, it } from 'vitest'
import { KtkError } from '../../../src/core/errors.js'
import {
  parseConfigAssignments,
  topicConfigNames,
  topicConfigProblem,
  topicConfigSpec,
  validateTopicConfigNames,
  validateTopicConfigs,
} from '../../../src/core/topic-configs.js'

function thrown(fn: () => unknown): KtkError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(KtkError)
    return error as KtkError
  }
  throw new Error('expected a KtkError, nothing was thrown')
}

describe('parseConfigAssignments', () => {
  it.each<[string[], Record<string, string>]>([
    [[], {}],
    [['retention.ms=86400000'], { 'retention.ms': '86400000' }],
    [['a=1', 'b=2'], { a: '1', b: '2' }],
    [['a=1,b=2'], { a: '1', b: '2' }],
    [['a=1,b=2', 'c=3'], { a: '1', b: '2', c: '3' }],
    [['k=x=y'], { k: 'x=y' }],
    [['k=a==b'], { k: 'a==b' }],
    [['k='], { k: '' }],
    [[' k = v '], { k: 'v' }],
    [['cleanup.policy=[compact,delete]'], { 'cleanup.policy': 'compact,delete' }],
    [['cleanup.policy=compact,delete'], { 'cleanup.policy': 'compact,delete' }],
    [
      ['cleanup.policy=[compact,delete],retention.ms=1000'],
      { 'cleanup.policy': 'compact,delete', 'retention.ms': '1000' },
    ],
    [
      ['leader.replication.throttled.replicas=[0:1,1:2],min.insync.replicas=2'],
      { 'leader.replication.throttled.replicas': '0:1,1:2', 'min.insync.replicas': '2' },
    ],
    [
      ['follower.replication.throttled.replicas=0:1,1:2'],
      { 'follower.replication.throttled.replicas': '0:1,1:2' },
    ],
  ])('%j -> %j', (input, expected) => {
    expect(parseConfigAssignments(input)).toEqual(expected)
  })

  it.each<[string[]]>([[['retention.ms']], [['=5']], [['']], [['a=1', 'justakey']]])(
    'rejects %j',
    (input) => {
      const error = thrown(() => parseConfigAssignments(input))
      expect(error.code).toBe('INVALID_CONFIG')
      expect(error.exit).toBe(2)
    },
  )

  it('names the bad item', () => {
    expect(thrown(() => parseConfigAssignments(['retention.ms'])).message).toContain('retention.ms')
  })

  it.each([[['a=1', 'a=2']], [['a=1,a=2']], [['a=1', ' a =2']]])('rejects duplicate key in %j', (input) => {
    const error = thrown(() => parseConfigAssignments(input))
    expect(error.code).toBe('INVALID_CONFIG')
    expect(error.message).toContain('"a"')
    expect(error.message).toContain('twice')
  })
})

describe('topic config catalogue', () => {
  it('knows the usual topic configs', () => {
    const names = topicConfigNames()
    for (const n of [
      'cleanup.policy',
      'retention.ms',
      'min.insync.replicas',
      'compression.type',
      'segment.bytes',
    ])
      expect(names).toContain(n)
    expect(topicConfigSpec('retention.ms')?.type).toBe('LONG')
    expect(topicConfigSpec('no.such.config')).toBeUndefined()
  })
})

describe('topicConfigProblem', () => {
  it('suggests the nearest known name for a typo', () => {
    const problem = topicConfigProblem('retention.msx', '1000')
    expect(problem).toContain('unknown topic config "retention.msx"')
    expect(problem).toContain('did you mean "retention.ms"?')
  })

  it.each([
    ['cleanup.polcy', 'cleanup.policy'],
    ['min.insync.replica', 'min.insync.replicas'],
    ['Retention.MS', 'retention.ms'],
  ])('suggests for %s -> %s', (typo, suggestion) => {
    expect(topicConfigProblem(typo, '1')).toContain(`did you mean "${suggestion}"?`)
  })

  it('gives no suggestion when nothing is close', () => {
    const problem = topicConfigProblem('zzzzzzzzzzzzzzzzzzzzzzzz', '1')
    expect(problem).toContain('unknown topic config')
    expect(problem).not.toContain('did you mean')
  })

  // Each accepted/rejected pair was checked against Kafka 4.1.2's LogConfig, except where noted.
  it.each([
    // BOOLEAN (ConfigDef parses case-insensitively)
    ['preallocate', 'true'],
    ['preallocate', 'false'],
    ['preallocate', 'FALSE'],
    ['unclean.leader.election.enable', 'True'],
    // INT with min
    ['min.insync.replicas', '1'],
    ['min.insync.replicas', '2147483647'],
    // INT with min, max and an extra value
    ['compression.gzip.level', '-1'],
    ['compression.gzip.level', '1'],
    ['compression.gzip.level', '9'],
    ['compression.zstd.level', '-131072'],
    ['compression.zstd.level', '22'],
    // LONG
    ['retention.ms', '-1'],
    ['retention.ms', '0'],
    ['retention.ms', '9223372036854775807'],
    ['local.retention.ms', '-2'],
    ['retention.bytes', '-1'],
    // DOUBLE
    ['min.cleanable.dirty.ratio', '0'],
    ['min.cleanable.dirty.ratio', '0.5'],
    ['min.cleanable.dirty.ratio', '1'],
    // LIST with valid values
    ['cleanup.policy', 'delete'],
    ['cleanup.policy', 'compact'],
    ['cleanup.policy', 'compact,delete'],
    ['cleanup.policy', 'compact, delete'],
    // STRING enum (case-sensitive in Kafka)
    ['compression.type', 'zstd'],
    ['compression.type', 'producer'],
    ['compression.type', 'uncompressed'],
    ['message.timestamp.type', 'LogAppendTime'],
    // throttled replicas
    ['leader.replication.throttled.replicas', '*'],
    ['leader.replication.throttled.replicas', '0:1,1:2'],
    ['follower.replication.throttled.replicas', '0:1, 1:2'],
    ['follower.replication.throttled.replicas', ''],
  ])('accepts %s=%j', (name, value) => {
    expect(topicConfigProblem(name, value)).toBeUndefined()
  })

  it.each([
    ['preallocate', 'yes', 'true or false'],
    ['unclean.leader.election.enable', '1', 'true or false'],
    ['preallocate', '', 'true or false'],
    ['min.insync.replicas', '0', 'at least 1'],
    ['min.insync.replicas', '-1', 'at least 1'],
    ['min.insync.replicas', 'abc', 'whole number'],
    ['min.insync.replicas', '1.5', 'whole number'],
    ['min.insync.replicas', '2147483648', 'out of range'],
    ['compression.gzip.level', '0', 'between 1 and 9 (or -1)'],
    ['compression.gzip.level', '10', 'between 1 and 9 (or -1)'],
    ['compression.gzip.level', '-2', 'between 1 and 9 (or -1)'],
    ['compression.zstd.level', '-131073', 'between -131072 and 22'],
    ['compression.zstd.level', '23', 'between -131072 and 22'],
    ['retention.ms', '-2', 'at least -1'],
    ['retention.ms', '9223372036854775808', 'out of range'],
    ['retention.ms', '1.5', 'whole number'],
    ['retention.ms', '1d', 'whole number'],
    ['segment.ms', '0', 'at least 1'],
    ['segment.index.bytes', '3', 'at least 4'],
    ['max.compaction.lag.ms', '0', 'at least 1'],
    ['local.retention.ms', '-3', 'at least -2'],
    ['min.cleanable.dirty.ratio', '1.5', 'between 0 and 1'],
    ['min.cleanable.dirty.ratio', '-0.1', 'between 0 and 1'],
    ['min.cleanable.dirty.ratio', 'abc', 'a number'],
    ['min.cleanable.dirty.ratio', '', 'a number'],
    ['cleanup.policy', 'compactx', 'compact, delete'],
    ['cleanup.policy', 'compact,deleted', 'compact, delete'],
    ['compression.type', 'brotli', 'one of'],
    ['compression.type', 'ZSTD', 'one of'],
    ['message.timestamp.type', 'logappendtime', 'one of'],
    ['leader.replication.throttled.replicas', 'x', 'partition:broker'],
    ['leader.replication.throttled.replicas', '0:1,x', 'partition:broker'],
    ['follower.replication.throttled.replicas', '0-1', 'partition:broker'],
  ])('rejects %s=%j (%s)', (name, value, why) => {
    const problem = topicConfigProblem(name, value)
    expect(problem).toBeDefined()
    expect(problem).toContain(`invalid value "${value}" for ${name}`)
    expect(problem).toContain(why)
  })
})

describe('validateTopicConfigs', () => {
  it('passes valid configs', () => {
    expect(() =>
      validateTopicConfigs({
        'retention.ms': '1000',
        'cleanup.policy': 'compact,delete',
        'min.insync.replicas': '2',
      }),
    ).not.toThrow()
    expect(() => validateTopicConfigs({})).not.toThrow()
  })

  it.each<[Record<string, string>, string]>([
    [{ 'retention.ms': '1000', 'min.insync.replicas': '0' }, 'min.insync.replicas'],
    [{ 'retention.msx': '1' }, 'did you mean "retention.ms"?'],
    [{ 'compression.type': 'brotli' }, 'compression.type'],
  ])('throws INVALID_CONFIG, exit 2, for %j', (configs, text) => {
    const error = thrown(() => validateTopicConfigs(configs))
    expect(error.code).toBe('INVALID_CONFIG')
    expect(error.exit).toBe(2)
    expect(error.message).toContain(text)
    expect(error.hints.length).toBeGreaterThan(0)
  })
})

describe('validateTopicConfigNames', () => {
  it('accepts known names regardless of value', () => {
    expect(() => validateTopicConfigNames(['retention.ms', 'preallocate'])).not.toThrow()
  })

  it('rejects an unknown name with a suggestion', () => {
    const error = thrown(() => validateTopicConfigNames(['retention.ms', 'retention.msx']))
    expect(error.code).toBe('INVALID_CONFIG')
    expect(error.message).toContain('did you mean "retention.ms"?')
  })
})
