import { emptyValueError, KtkError, quoted } from './errors.js'

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

const DAY = 86_400_000

/**
 * The longest wait a timer can hold: Node's timers keep at most 2^31-1 ms (24.8 days) and turn a longer
 * delay into 1 ms. Every duration that becomes a timer (--timeout, --interval, ...) is at most this.
 */
export const TIMER_MAX_MS = 24 * DAY

export interface DurationLimits {
  /** Smallest accepted value in ms (default 0). */
  min?: number
  /** Largest accepted value in ms (default: the largest exact number). */
  max?: number
}

/**
 * Parses a duration such as "500ms", "15s", "2m", "1h30m" or "1d". A bare number is milliseconds,
 * as in Kafka's own *.ms settings. Out of [min, max] is a usage error naming the limit.
 */
export function parseDuration(raw: string, flag = 'duration', limits: DurationLimits = {}): number {
  if (raw === '') throw emptyValueError(flag)
  const text = raw.trim()
  let total = 0
  if (/^\d+$/.test(text)) total = Number(text)
  else {
    const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy
    let consumed = 0
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      total += Number(m[1]) * UNITS[m[2]!]!
      consumed = re.lastIndex
    }
    if (consumed !== text.length || text.length === 0) {
      throw new KtkError('USAGE', `${flag} ${quoted(raw)} is not a duration`, {
        hints: ['use forms like 500ms, 15s, 2m, 1h30m or 1d; a bare number means milliseconds'],
      })
    }
  }
  const ms = Math.round(total)
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = limits
  if (!(ms <= max)) {
    throw new KtkError('USAGE', `${flag} ${quoted(raw)} is too long: the maximum is ${durationLabel(max)}`)
  }
  if (ms < min) {
    throw new KtkError(
      'USAGE',
      min === 1
        ? `${flag} ${quoted(raw)} must be more than 0`
        : `${flag} ${quoted(raw)} is too short: the minimum is ${durationLabel(min)}`,
    )
  }
  return ms
}

/** A limit as people write it: whole days as "24d", else formatDuration's form. */
function durationLabel(ms: number): string {
  if (ms >= DAY && ms % DAY === 0) return `${ms / DAY}d`
  return formatDuration(ms)
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`
  if (ms < 59_950) return `${+(ms / 1000).toFixed(1)}s`
  // Round to whole seconds (or minutes) first, so 119.5 s reads 2m0s, never 1m60s.
  const seconds = Math.round(ms / 1000)
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${seconds % 60}s`
  const minutes = Math.round(ms / 60_000)
  return `${Math.floor(minutes / 60)}h${minutes % 60}m`
}
