/** The times of kafka-consumer-groups --reset-offsets: --to-datetime and --by-duration, parsed as Kafka parses them. */
import { parseDuration } from './duration.js'
import { emptyValueError, KtkError, quoted } from './errors.js'
import { MAX_TIMESTAMP, MIN_TIMESTAMP } from './time-spec.js'

const DATETIME =
  /^(\d{1,4})-(\d{1,2})-(\d{1,2})T(\d{1,2}):(\d{1,2}):(\d{1,2})\.(\d{1,3})(Z|[+-]\d{2}(?::?\d{2})?)?$/

/**
 * Kafka's Utils.getDateTime: 'YYYY-MM-DDThh:mm:ss.sss' with an optional zone (Z, +hh, +hhmm, +hh:mm);
 * without a zone the time is UTC. As in Kafka (Java's SimpleDateFormat), the fraction is a count of
 * milliseconds: ".5" is 5 ms, ".500" is half a second.
 */
export function parseKafkaDateTime(input: string): number {
  if (input === '') throw emptyValueError('--to-datetime')
  const m = DATETIME.exec(input.trim())
  if (!m) {
    throw new KtkError('USAGE', `--to-datetime ${quoted(input)} is not a date-time Kafka accepts`, {
      hints: ["use 'YYYY-MM-DDThh:mm:ss.sss' (UTC) or add a zone: 2024-05-01T09:30:00.000+02:00"],
    })
  }
  const [, y, mo, d, h, mi, s, ms, zone] = m
  const fields = [y, mo, d, h, mi, s, ms].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  const [year, month, day, hour, minute, second, millis] = fields
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis)
  const check = new Date(local)
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute ||
    check.getUTCSeconds() !== second
  ) {
    throw new KtkError('USAGE', `--to-datetime ${quoted(input)} is not a valid date-time`)
  }
  const timestamp = local - zoneOffsetMs(zone)
  // Kafka reads negative timestamps as "latest" and "earliest": a time before the epoch is no time.
  if (timestamp < MIN_TIMESTAMP || timestamp > MAX_TIMESTAMP)
    throw new KtkError('USAGE', `--to-datetime ${quoted(input)} is outside 1970-01-01 to 9999-12-31`)
  return timestamp
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0
  const sign = zone.startsWith('-') ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  const hours = Number(digits.slice(0, 2))
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0
  return sign * (hours * 60 + minutes) * 60_000
}

const ISO_DURATION =
  /^([-+]?)P(?:([-+]?\d+)D)?(?:T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+)(?:[.,](\d{0,9}))?S)?)?$/i

/**
 * Java's Duration.parse, as Kafka's --by-duration uses it: ISO-8601 PnDTnHnMn.nS (P1D, PT1H30M,
 * PT0.5S, -PT1H). ktk also takes its own short form (90m, 1h30m, 2d).
 */
export function parseResetDuration(input: string): number {
  if (input === '') throw emptyValueError('--by-duration')
  const text = input.trim()
  const m = ISO_DURATION.exec(text)
  if (m && !/T$/i.test(text) && text.replace(/^[-+]?P/i, '') !== '') {
    const [, sign, d, h, mi, s, frac] = m
    const seconds = Number(s ?? 0)
    const fraction = frac ? Number(`0.${frac}`) * 1000 * (s?.startsWith('-') ? -1 : 1) : 0
    const ms =
      Number(d ?? 0) * 86_400_000 +
      Number(h ?? 0) * 3_600_000 +
      Number(mi ?? 0) * 60_000 +
      seconds * 1000 +
      fraction
    const total = Math.round(sign === '-' ? -ms : ms)
    if (!(Math.abs(total) <= MAX_TIMESTAMP))
      throw new KtkError('USAGE', `--by-duration ${quoted(input)} is longer than any time Kafka can hold`)
    return total
  }
  if (/^[pP]/.test(text) || /^[-+][pP]/.test(text)) {
    throw new KtkError('USAGE', `--by-duration ${quoted(input)} is not an ISO-8601 duration`, {
      hints: ["use Kafka's PnDTnHnMnS (P1D, PT6H, PT30M) or ktk's short form (6h, 30m, 1d)"],
    })
  }
  // In whole days, so the limit reads as one.
  return parseDuration(text, '--by-duration', { max: Math.floor(MAX_TIMESTAMP / 86_400_000) * 86_400_000 })
}

/** --by-duration as a time: now minus the duration, which must not reach before the epoch. */
export function byDurationTimestamp(input: string, now: number): number {
  const timestamp = now - parseResetDuration(input)
  if (timestamp < MIN_TIMESTAMP || timestamp > MAX_TIMESTAMP)
    throw new KtkError('USAGE', `--by-duration ${quoted(input)} reaches outside 1970-01-01 to 9999-12-31`)
  return timestamp
}
