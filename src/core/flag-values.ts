import { type ErrorCode, emptyValueError, KtkError, quoted } from './errors.js'
import { topicNameProblem } from './topic-name.js'

/** Kafka's INT32 fields (partition counts and numbers). */
export const INT32_MAX = 2_147_483_647
/** Kafka's INT16 fields (replication factor). */
export const INT16_MAX = 32_767
/** Offsets and counts: Kafka's are int64, ktk holds them as exact JavaScript numbers. */
export const SAFE_INT_MAX = Number.MAX_SAFE_INTEGER

export interface IntRange {
  min: number
  max: number
  /** The error code when out of range (default USAGE), e.g. INVALID_PARTITIONS as the broker would say. */
  code?: ErrorCode
}

/**
 * The one parser of integer flag values: digits only (an optional sign), within [min, max], compared
 * exactly (as BigInt) so 99999999999999999999 is out of range rather than rounded into it.
 */
export function parseBoundedInt(raw: string, flag: string, range: IntRange): number {
  const text = raw.trim()
  if (raw === '') throw emptyValueError(flag)
  if (!/^[-+]?\d+$/.test(text)) {
    throw new KtkError(
      'USAGE',
      `${flag} must be an integer from ${range.min} to ${range.max}, got ${quoted(raw)}`,
    )
  }
  const value = BigInt(text)
  const low = value < BigInt(range.min)
  if (low || value > BigInt(range.max)) {
    throw new KtkError(
      range.code ?? 'USAGE',
      `${flag} must be ${low ? `at least ${range.min}` : `at most ${range.max}`}, got ${quoted(text.replace(/^\+/, ''))}`,
      { hints: [`${flag} takes an integer from ${range.min} to ${range.max}`] },
    )
  }
  return Number(value)
}

/** Kafka's protocol strings (group ids, transactional ids) hold at most 32767 bytes of UTF-8. */
export const KAFKA_STRING_MAX_BYTES = 32_767

/**
 * A consumer group id (or a transactional id) as Kafka can carry it: not empty, at most 32767 bytes.
 * Checked before connecting, so an impossible id is a usage error rather than a network failure.
 */
export function parseKafkaId(raw: string, flag: string): string {
  if (raw === '') throw emptyValueError(flag)
  const bytes = Buffer.byteLength(raw, 'utf8')
  if (bytes > KAFKA_STRING_MAX_BYTES) {
    throw new KtkError(
      'USAGE',
      `${flag} ${quoted(raw)} is ${bytes} bytes long; Kafka allows at most ${KAFKA_STRING_MAX_BYTES}`,
    )
  }
  return raw
}

/** Comma-separated partition numbers (0 or 0,2,5), each a Kafka INT32. */
export function parsePartitionList(raw: string, flag: string): number[] {
  return raw.split(',').map((part) => parseBoundedInt(part, flag, { min: 0, max: INT32_MAX }))
}

/** A regular expression, compiled when parsed: an invalid one is a usage error naming the flag. */
export function compileRegex(raw: string, flag: string): RegExp {
  try {
    const compiled = new RegExp(raw)
    // V8 compiles lazily: a pattern too large to compile fails at its first use, so use it here.
    compiled.test('')
    return compiled
  } catch (error) {
    throw new KtkError('USAGE', `${flag} ${quoted(raw)} is not a valid regular expression`, {
      hints: [((error as Error).message.split(': ').pop() ?? '').slice(0, 80)],
    })
  }
}

/**
 * A topic given by name (not as a pattern): one Kafka could hold, checked before connecting, so a name
 * longer than 249 characters is a usage error rather than a broker hanging up.
 */
export function checkTopicName(name: string, what: string): string {
  if (name === '') throw emptyValueError(what)
  const problem = topicNameProblem(name)
  if (problem)
    throw new KtkError(
      'INVALID_TOPIC_NAME',
      what.startsWith('-') ? `${what}: ${problem.message}` : problem.message,
    )
  return name
}
