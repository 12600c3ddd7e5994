import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseDuration, TIMER_MAX_MS } from '../../../src/core/duration.js'
import { KtkError, quoted } from '../../../src/core/errors.js'
import {
  checkTopicName,
  compileRegex,
  INT16_MAX,
  INT32_MAX,
  parseBoundedInt,
  parseKafkaId,
  parsePartitionList,
  SAFE_INT_MAX,
} from '../../../src/core/flag-values.js'
import { byDurationTimestamp, parseKafkaDateTime, parseResetDuration } from '../../../src/core/reset-time.js'
import { parseOffsetSpec, parseTimeSpec } from '../../../src/core/time-spec.js'
import { compileTopicPattern } from '../../../src/core/topic-filter.js'
import { evaluateWhere, parseWhere } from '../../../src/core/where.js'

/** The usage error `fn` throws (fails when it returns or throws anything else). */
function usageErrorOf(fn: () => unknown): KtkError {
  let thrown: unknown
  try {
    fn()
  } catch (error) {
    thrown = error
  }
  expect(thrown).toBeInstanceOf(KtkError)
  expect((thrown as KtkError).exit).toBe(2)
  return thrown as KtkError
}

describe('parseBoundedInt', () => {
  it.each([
    ['1', 1],
    ['+7', 7],
    [' 12 ', 12],
    ['2147483647', INT32_MAX],
    ['-5', -5],
  ])('%j -> %i', (raw, expected) => {
    expect(parseBoundedInt(raw, '--n', { min: -10, max: INT32_MAX })).toBe(expected)
  })

  it('names the flag and the range for a value beyond it, compared exactly', () => {
    const error = usageErrorOf(() =>
      parseBoundedInt('99999999999999999999', '--partitions', { min: 1, max: INT32_MAX }),
    )
    expect(error.message).toBe('--partitions must be at most 2147483647, got "99999999999999999999"')
    expect(error.hints).toEqual(['--partitions takes an integer from 1 to 2147483647'])
    // 2^53 + 1 rounds to 2^53 as a Number: BigInt comparison keeps it out of a SAFE_INT_MAX range.
    usageErrorOf(() => parseBoundedInt('9007199254740993', '--offset', { min: 0, max: SAFE_INT_MAX }))
    const low = usageErrorOf(() => parseBoundedInt('0', '--partitions', { min: 1, max: INT32_MAX }))
    expect(low.message).toBe('--partitions must be at least 1, got "0"')
    usageErrorOf(() => parseBoundedInt('32768', '--replication-factor', { min: 1, max: INT16_MAX }))
  })

  it.each(['', ' ', '1.5', '1e3', '0x10', 'abc', '--1', '1 2'])('%j is not an integer', (raw) => {
    const error = usageErrorOf(() => parseBoundedInt(raw, '--n', { min: 0, max: 10 }))
    expect(error.message).toContain('--n')
  })
})

describe('parseKafkaId', () => {
  it('takes an id up to 32767 bytes of UTF-8', () => {
    expect(parseKafkaId('billing', '--group')).toBe('billing')
    expect(parseKafkaId('a'.repeat(32_767), '--group')).toHaveLength(32_767)
  })

  it('refuses an empty id and one longer than Kafka carries, echoing it capped', () => {
    expect(usageErrorOf(() => parseKafkaId('', '--group')).message).toBe('--group is empty')
    const long = usageErrorOf(() => parseKafkaId('a'.repeat(100_000), '--group'))
    expect(long.message).toContain('100000 bytes long; Kafka allows at most 32767')
    expect(long.message.length).toBeLessThan(200)
    // Bytes, not characters: 16384 three-byte characters are 49152 bytes.
    usageErrorOf(() => parseKafkaId('€'.repeat(16_384), '--transactional-id'))
  })
})

describe('checkTopicName', () => {
  it('refuses names Kafka could not hold, before any request', () => {
    expect(checkTopicName('orders.v1', 'topic')).toBe('orders.v1')
    const error = usageErrorOf(() => checkTopicName('a'.repeat(100_000), '--topic'))
    expect(error.code).toBe('INVALID_TOPIC_NAME')
    expect(error.message).toBe('--topic: topic name is 100000 characters long; Kafka allows at most 249')
    expect(usageErrorOf(() => checkTopicName('', 'topic')).message).toBe('topic is empty')
  })
})

describe('parsePartitionList and compileRegex', () => {
  it('reads partition lists as INT32s', () => {
    expect(parsePartitionList('0,2, 5', '--partition')).toEqual([0, 2, 5])
    usageErrorOf(() => parsePartitionList('0,,1', '--partition'))
    usageErrorOf(() => parsePartitionList('99999999999', '--partition'))
  })

  it('compiles a regex now, so one too large to compile is a usage error with a short line', () => {
    expect(compileRegex('ab+', '--grep').test('abb')).toBe(true)
    usageErrorOf(() => compileRegex('(a', '--grep'))
    const error = usageErrorOf(() => compileTopicPattern('a'.repeat(100_000)))
    expect(error.message.length).toBeLessThan(200)
    expect(error.message).toContain('…')
  })
})

describe('quoted', () => {
  it('caps echoed input at 80 characters and keeps it on one line', () => {
    expect(quoted('abc')).toBe('"abc"')
    expect(quoted('x'.repeat(100))).toBe(`"${'x'.repeat(80)}…"`)
    expect(quoted('a\nb\tc')).toBe('"a\\nb\\tc"')
  })
})

describe('durations with limits', () => {
  it('a timer duration above 24 days names the flag and the maximum', () => {
    const error = usageErrorOf(() => parseDuration('100d', '--timeout', { min: 1, max: TIMER_MAX_MS }))
    expect(error.message).toBe('--timeout "100d" is too long: the maximum is 24d')
    expect(parseDuration('24d', '--timeout', { min: 1, max: TIMER_MAX_MS })).toBe(TIMER_MAX_MS)
    expect(TIMER_MAX_MS).toBeLessThanOrEqual(2 ** 31 - 1)
  })

  it('zero where zero is no wait', () => {
    const error = usageErrorOf(() => parseDuration('0s', '--transaction-timeout', { min: 1 }))
    expect(error.message).toBe('--transaction-timeout "0s" must be more than 0')
    expect(parseDuration('0', '--linger', { min: 0 })).toBe(0)
  })

  it('a duration too large for a number is an error, never Infinity', () => {
    usageErrorOf(() => parseDuration(`${'9'.repeat(400)}d`, '--by-duration'))
  })
})

describe('times', () => {
  const NOW = Date.parse('2024-05-01T12:00:00Z')

  it('a day that is not in the calendar is not a date (Date.parse would roll it into March)', () => {
    const error = usageErrorOf(() => parseTimeSpec('2024-02-30', NOW, '--from-time'))
    expect(error.message).toBe('--from-time "2024-02-30" is not a valid date')
    expect(parseTimeSpec('2024-02-29', NOW, '--from-time')).toBe(Date.parse('2024-02-29T00:00:00Z'))
    usageErrorOf(() => parseTimeSpec('2023-02-29', NOW, '--from-time'))
    usageErrorOf(() => parseTimeSpec('2024-05-01T24:00:00Z', NOW, '--from-time'))
    usageErrorOf(() => parseTimeSpec('2024-05-01T10:60:00Z', NOW, '--from-time'))
  })

  it('a time before the epoch is an error (Kafka reads negative timestamps as latest/earliest)', () => {
    const error = usageErrorOf(() => parseTimeSpec('-100000d', NOW, '--from-time'))
    expect(error.message).toBe('--from-time "-100000d" is before 1970-01-01T00:00:00Z')
    usageErrorOf(() => parseTimeSpec('1969-12-31', NOW, '--to-time'))
    usageErrorOf(() => parseTimeSpec('99999999999999999999', NOW, '--to-time'))
  })

  it('--offset beyond an exact number is an error', () => {
    const error = usageErrorOf(() => parseOffsetSpec('99999999999999999999'))
    expect(error.message).toBe('--offset must be at most 9007199254740991, got "99999999999999999999"')
    usageErrorOf(() => parseOffsetSpec('-99999999999999999999'))
  })

  it('reset times stay within 1970..9999', () => {
    usageErrorOf(() => parseKafkaDateTime('1960-01-01T00:00:00.000'))
    usageErrorOf(() => byDurationTimestamp('P99999999D', NOW))
    usageErrorOf(() => parseResetDuration(`PT${'9'.repeat(30)}S`))
    expect(byDurationTimestamp('PT1H', NOW)).toBe(NOW - 3_600_000)
  })
})

describe('--where limits', () => {
  it('20,000 nested parentheses are a usage error, not a stack overflow', () => {
    const error = usageErrorOf(() => parseWhere(`${'('.repeat(20_000)}a${')'.repeat(20_000)}`))
    expect(error.message).toContain('nested more than 100 deep')
    expect(error.message.length).toBeLessThan(300)
    usageErrorOf(() => parseWhere(`${'not '.repeat(20_000)}a`))
  })

  it('a long chain of and/or is parsed and evaluated without a deep stack', () => {
    const chain = parseWhere(Array.from({ length: 20_000 }, (_, i) => `a${i} == ${i}`).join(' and '))
    const doc = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`a${i}`, i]))
    expect(evaluateWhere(chain, doc)).toBe(true)
    expect(evaluateWhere(chain, { ...doc, a19999: 0 })).toBe(false)
    const either = parseWhere(Array.from({ length: 20_000 }, (_, i) => `a == ${i}`).join(' or '))
    expect(evaluateWhere(either, { a: 19_999 })).toBe(true)
    expect(evaluateWhere(either, { a: -1 })).toBe(false)
  })
})

/**
 * Any string given to a flag parser is a value or a usage error (KtkError, exit 2): never another
 * exception (RangeError, SyntaxError, a stack overflow) that would exit 1 with a stack trace.
 */
describe('property: flag parsers take any string', () => {
  const NOW = Date.now()
  const parsers: [string, (raw: string) => unknown][] = [
    ['parseDuration', (raw) => parseDuration(raw, '--timeout', { min: 1, max: TIMER_MAX_MS })],
    ['parseBoundedInt', (raw) => parseBoundedInt(raw, '--partitions', { min: 1, max: INT32_MAX })],
    ['parseTimeSpec', (raw) => parseTimeSpec(raw, NOW, '--from-time')],
    ['parseOffsetSpec', (raw) => parseOffsetSpec(raw)],
    ['parseKafkaDateTime', (raw) => parseKafkaDateTime(raw)],
    ['parseResetDuration', (raw) => byDurationTimestamp(raw, NOW)],
    ['compileTopicPattern', (raw) => compileTopicPattern(raw)],
    ['compileRegex', (raw) => compileRegex(raw, '--grep')],
    ['parseWhere', (raw) => parseWhere(raw)],
    ['parseKafkaId', (raw) => parseKafkaId(raw, '--group')],
    ['checkTopicName', (raw) => checkTopicName(raw, '--topic')],
    ['parsePartitionList', (raw) => parsePartitionList(raw, '--partition')],
  ]

  // Strings shaped like each kind of value, so the fuzz reaches past the first syntax check.
  const digits = fc.stringMatching(/^[-+]?\d{0,25}$/)
  const durationLike = fc.stringMatching(/^(\d{0,20}(\.\d{0,3})?(ms|s|m|h|d|w)?){0,4}$/)
  const dateLike = fc.stringMatching(
    /^-?\d{0,5}-\d{0,3}-\d{0,3}([T ]\d{0,3}:\d{0,3}(:\d{0,3}(\.\d{0,4})?)?(Z|[+-]\d{2}:?\d{2})?)?$/,
  )
  const isoDuration = fc.stringMatching(
    /^[-+]?P(\d{0,20}D)?(T(\d{0,20}H)?(\d{0,20}M)?(\d{0,20}(\.\d{0,9})?S)?)?$/,
  )
  const whereLike = fc
    .array(
      fc.constantFrom(
        '(',
        ')',
        'a',
        '.b',
        '[0]',
        '==',
        '<',
        '~',
        '"x"',
        "'(('",
        '1',
        'and',
        'or',
        'not',
        '!',
        ' ',
      ),
      {
        maxLength: 60,
      },
    )
    .map((parts) => parts.join(''))
  const anyText = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 100 }))
  const values = fc.oneof(anyText, digits, durationLike, dateLike, isoDuration, whereLike)

  it.each(parsers)('%s returns a value or throws a usage error', (_name, parse) => {
    fc.assert(
      fc.property(values, (raw) => {
        try {
          parse(raw)
        } catch (error) {
          if (!(error instanceof KtkError) || error.exit !== 2) throw error
          // The message echoes capped input: it stays a short line whatever was typed.
          if (error.message.length > 400 || error.message.includes('\n')) throw error
        }
      }),
      { numRuns: 400 },
    )
  })
})
