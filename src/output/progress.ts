/** A one-line progress bar for stderr on a terminal: "[=====>     ] 42% 4,200/10,000 records 12.3k/s". */
export function renderProgress(options: {
  done: number
  total: number | null
  unit: 'records' | 'bytes'
  elapsedMs: number
  width: number
}): string {
  const { done, total, unit, elapsedMs } = options
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0
  const amount = (n: number) => (unit === 'bytes' ? formatBytes(n) : n.toLocaleString('en-US'))
  const counts = total === null ? amount(done) : `${amount(done)}/${amount(total)}`
  const tail = ` ${counts} ${unit === 'bytes' ? '' : 'records '}${unit === 'bytes' ? `${formatBytes(rate)}/s` : `${compact(rate)}/s`}`
  if (total === null || total <= 0) return tail.trim()
  const fraction = Math.min(1, done / total)
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4)
  const barWidth = Math.max(10, Math.min(40, options.width - tail.length - percent.length - 4))
  const filled = Math.round(fraction * barWidth)
  const bar = `${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? (fraction >= 1 ? '=' : '>') : ''}${' '.repeat(barWidth - filled)}`
  return `[${bar}] ${percent}${tail}`
}

export function formatBytes(n: number): string {
  if (n < 1000) return `${Math.round(n)} B`
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`
  if (n < 1e9) return `${(n / 1e6).toFixed(1)} MB`
  return `${(n / 1e9).toFixed(2)} GB`
}

function compact(n: number): string {
  if (n < 1000) return `${Math.round(n)}`
  if (n < 1e6) return `${(n / 1e3).toFixed(1)}k`
  return `${(n / 1e6).toFixed(2)}M`
}
