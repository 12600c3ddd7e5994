import { emptyValueError, KtkError, quoted } from './errors.js'
import { parseBoundedInt, SAFE_INT_MAX } from './flag-values.js'
import type { StartSpec } from './records.js'

const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
}

/**
 * The times a record can carry: from the epoch (Kafka reads negative timestamps as "latest" and
 * "earliest") to the end of year 9999.
 */
export const MIN_TIMESTAMP = 0
export const MAX_TIMESTAMP = Date.UTC(9999, 11, 31, 23, 59, 59, 999)

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/

/**
 * A point in time for --from-time/--to-time: ISO 8601 (2024-05-01T12:00:00Z, a date alone is UTC
 * midnight), epoch milliseconds, "now", or relative to now such as -1h, -30m, -2d, -1h30m. A day that
 * is not in the calendar (2024-02-30) and a time before the epoch are usage errors.
 */
export function parseTimeSpec(raw: string, now: number, flag: string): number {
  if (raw === '') throw emptyValueError(flag)
  const text = raw.trim()
  const ms = timeOf(text, now, raw, flag)
  if (!(ms >= MIN_TIMESTAMP)) {
    throw new KtkError('USAGE', `${flag} ${quoted(raw)} is before 1970-01-01T00:00:00Z`, {
      hints: ['Kafka timestamps start at the Unix epoch'],
    })
  }
  if (!(ms <= MAX_TIMESTAMP)) {
    throw new KtkError('USAGE', `${flag} ${quoted(raw)} is after 9999-12-31T23:59:59.999Z`)
  }
  return ms
}

function timeOf(text: string, now: number, raw: string, flag: string): number {
  if (text === 'now') return now
  const relative = /^-((?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+)$/.exec(text)
  if (relative) {
    let total = 0
    for (const m of relative[1]!.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g))
      total += Number(m[1]) * UNITS[m[2]!]!
    return Math.round(now - total)
  }
  if (/^\d{12,}$/.test(text)) return Number(text)
  const iso = ISO.exec(text)
  if (iso) {
    const ms = Date.parse(text.replace(' ', 'T'))
    if (!Number.isNaN(ms) && inCalendar(iso)) return ms
    throw new KtkError('USAGE', `${flag} ${quoted(raw)} is not a valid date`, {
      hints: ['check the day of the month, the hour (00-23), the minutes and seconds (00-59)'],
    })
  }
  throw new KtkError('USAGE', `${flag} ${quoted(raw)} is not a time`, {
    hints: ['use ISO 8601 (2024-05-01T12:00:00Z), epoch milliseconds, or relative to now: -1h, -30m, -2d'],
  })
}

/** Date.parse rolls 2024-02-30 over into March: the fields must name a real day and time. */
function inCalendar(iso: RegExpExecArray): boolean {
  const [year, month, day, hour = 0, minute = 0, second = 0] = [1, 2, 3, 4, 5, 6].map((i) =>
    iso[i] === undefined ? undefined : Number(iso[i]),
  ) as [number, number, number, number?, number?, number?]
  const d = new Date(Date.UTC(2000, month - 1, day, hour, minute, second))
  d.setUTCFullYear(year)
  return (
    d.getUTCFullYear() === year &&
    d.getUTCMonth() === month - 1 &&
    d.getUTCDate() === day &&
    d.getUTCHours() === hour &&
    d.getUTCMinutes() === minute &&
    d.getUTCSeconds() === second
  )
}

/** --offset: earliest, latest, N (an offset) or -N (the last N records of each partition). */
export function parseOffsetSpec(raw: string): StartSpec {
  if (raw === '') throw emptyValueError('--offset')
  const text = raw.trim()
  if (text === 'earliest' || text === 'beginning') return { kind: 'earliest' }
  if (text === 'latest' || text === 'end') return { kind: 'latest' }
  if (/^\d+$/.test(text))
    return { kind: 'offset', offset: parseBoundedInt(text, '--offset', { min: 0, max: SAFE_INT_MAX }) }
  if (/^-\d+$/.test(text))
    return {
      kind: 'last',
      count: parseBoundedInt(text.slice(1), '--offset -N', { min: 0, max: SAFE_INT_MAX }),
    }
  throw new KtkError('USAGE', `--offset ${quoted(raw)} is not an offset`, {
    hints: ['use earliest, latest, an offset such as 1200, or -N for the last N records of each partition'],
  })
}
