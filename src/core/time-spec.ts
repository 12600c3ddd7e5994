import { KtkError } from './errors.js'
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
 * A point in time for --from-time/--to-time: ISO 8601 (2024-05-01T12:00:00Z, a date alone is UTC
 * midnight), epoch milliseconds, "now", or relative to now such as -1h, -30m, -2d, -1h30m.
 */
export function parseTimeSpec(raw: string, now: number, flag: string): number {
  const text = raw.trim()
  if (text === 'now') return now
  const relative = /^-((?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+)$/.exec(text)
  if (relative) {
    let total = 0
    for (const m of relative[1]!.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g))
      total += Number(m[1]) * UNITS[m[2]!]!
    return Math.round(now - total)
  }
  if (/^\d{12,}$/.test(text)) return Number(text)
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    const ms = Date.parse(text.replace(' ', 'T'))
    if (!Number.isNaN(ms)) return ms
  }
  throw new KtkError('USAGE', `${flag} "${raw}" is not a time`, {
    hints: ['use ISO 8601 (2024-05-01T12:00:00Z), epoch milliseconds, or relative to now: -1h, -30m, -2d'],
  })
}

/** --offset: earliest, latest, N (an offset) or -N (the last N records of each partition). */
export function parseOffsetSpec(raw: string): StartSpec {
  const text = raw.trim()
  if (text === 'earliest' || text === 'beginning') return { kind: 'earliest' }
  if (text === 'latest' || text === 'end') return { kind: 'latest' }
  if (/^\d+$/.test(text)) return { kind: 'offset', offset: Number(text) }
  if (/^-\d+$/.test(text)) return { kind: 'last', count: Number(text.slice(1)) }
  throw new KtkError('USAGE', `--offset "${raw}" is not an offset`, {
    hints: ['use earliest, latest, an offset such as 1200, or -N for the last N records of each partition'],
  })
}
