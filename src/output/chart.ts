/** Small text charts: a sparkline and a bar chart of values over time. */

const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█']

/** One character per value, scaled between the smallest and the largest; the last `width` values. */
export function sparkline(values: readonly number[], width = 20): string {
  const shown = values.slice(-width)
  if (shown.length === 0) return ''
  const min = Math.min(...shown)
  const max = Math.max(...shown)
  return shown
    .map((v) =>
      max === min
        ? BLOCKS[max === 0 ? 0 : 3]
        : BLOCKS[Math.round(((v - min) / (max - min)) * (BLOCKS.length - 1))],
    )
    .join('')
}

/**
 * A bar chart `height` rows high of the last `width` values, from 0 to the largest, with the scale on the
 * left; each column is one value, drawn with eighth blocks.
 */
export function barChart(values: readonly number[], options: { width: number; height: number }): string[] {
  const shown = values.slice(-options.width)
  const max = Math.max(1, ...shown)
  const label = (v: number) => String(Math.round(v))
  const labelWidth = Math.max(label(max).length, 1)
  const rows: string[] = []
  for (let row = options.height - 1; row >= 0; row--) {
    const cells = shown
      .map((v) => {
        const eighths = Math.round((Math.max(0, v) / max) * options.height * 8) - row * 8
        return eighths >= 8 ? '█' : eighths <= 0 ? ' ' : BLOCKS[eighths - 1]
      })
      .join('')
    const axis = row === options.height - 1 ? label(max) : row === 0 ? '0' : ''
    rows.push(`${axis.padStart(labelWidth)} ┤${cells}`)
  }
  return rows
}
