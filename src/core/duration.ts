import { KtkError } from './errors.js'

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/**
 * Parses a duration such as "500ms", "15s", "2m", "1h30m" or "1d". A bare number is milliseconds,
 * as in Kafka's own *.ms settings.
 */
export function parseDuration(raw: string, flag = 'duration'): number {
  const text = raw.trim()
  if (/^\d+$/.test(text)) return Number(text)
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy
  let total = 0
  let consumed = 0
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    total += Number(m[1]) * UNITS[m[2]!]!
    consumed = re.lastIndex
  }
  if (consumed !== text.length || text.length === 0) {
    throw new KtkError('USAGE', `${flag} "${raw}" is not a duration`, {
      hints: ['use forms like 500ms, 15s, 2m, 1h30m or 1d; a bare number means milliseconds'],
    })
  }
  return Math.round(total)
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
