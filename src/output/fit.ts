import { stripAnsi } from './terminal.js'

/**
 * Fitting a table to a terminal's width: the widths its columns get, and its cells wrapped into them,
 * so that the terminal never has to break a line itself.
 */

/** A column is never narrower than this (or its content, if shorter); below it a table does not fit at all. */
export const MIN_COLUMN_WIDTH = 3

/** Columns on screen: the text without colour sequences, one column per code point. */
export function visibleWidth(text: string): number {
  return Math.max(
    0,
    ...stripAnsi(text)
      .split('\n')
      .map((line) => [...line].length),
  )
}

/**
 * The content width of each column (without padding and borders) so that the table fits `budget`
 * columns of content: unchanged when it already fits; otherwise columns narrower than a common level
 * keep their width and the wider ones are cut to that level (max-min fairness), never below their
 * floor (MIN_COLUMN_WIDTH, or the `preferred` width such as the header's longest word). null when the
 * floors alone do not fit.
 */
export function fitColumnWidths(
  natural: readonly number[],
  budget: number,
  preferred: readonly number[] = [],
): number[] | null {
  if (natural.reduce((sum, w) => sum + w, 0) <= budget) return [...natural]
  const floors = natural.map((w, i) => Math.min(w, Math.max(MIN_COLUMN_WIDTH, preferred[i] ?? 0)))
  const at = (level: number) => natural.map((w, i) => Math.min(w, Math.max(floors[i]!, level)))
  const total = (widths: readonly number[]) => widths.reduce((sum, w) => sum + w, 0)
  if (total(floors) > budget) return null
  let level = 0
  for (let high = Math.max(...natural); level < high; ) {
    const mid = Math.ceil((level + high) / 2)
    if (total(at(mid)) <= budget) level = mid
    else high = mid - 1
  }
  const widths = at(level)
  // What is left below the next level goes, a column at a time, to the widest columns still cut short.
  let remaining = budget - total(widths)
  const order = natural.map((_, i) => i).sort((a, b) => natural[b]! - natural[a]!)
  for (const index of order) {
    if (remaining === 0) break
    if (widths[index]! < natural[index]!) {
      widths[index]! += 1
      remaining -= 1
    }
  }
  return widths
}

/** Where a long token (a topic name, say) is best broken: after one of these. */
const BREAK_AFTER = new Set(['.', '-', '_', '/', ',', ':', '=', '@'])

/**
 * The text as lines of at most `width` columns: words wrap at spaces, a word longer than a line is
 * broken, after a separator such as '.' or '-' when there is one in the second half of the line. A line
 * that already fits is kept as it is (with its colour); a wrapped line loses its colour.
 */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = []
  for (const coloured of text.split('\n')) {
    if (visibleWidth(coloured) <= width) {
      lines.push(coloured)
      continue
    }
    const paragraph = stripAnsi(coloured)
    let line: string[] = []
    const flush = () => {
      lines.push(line.join(''))
      line = []
    }
    for (const word of paragraph.split(' ')) {
      let chars = [...word]
      const space = line.length > 0 ? 1 : 0
      if (line.length + space + chars.length <= width) {
        if (space) line.push(' ')
        line.push(...chars)
        continue
      }
      if (line.length > 0) flush()
      while (chars.length > width) {
        const cut = breakPoint(chars, width)
        lines.push(chars.slice(0, cut).join(''))
        chars = chars.slice(cut)
      }
      line = chars
    }
    flush()
  }
  return lines
}

function breakPoint(chars: readonly string[], width: number): number {
  for (let i = width; i > width / 2; i--) if (BREAK_AFTER.has(chars[i - 1]!)) return i
  return width
}

/** Parts of a heading, two spaces apart on one line when it fits the width, else a part (wrapped) a line. */
export function joinWithin(parts: readonly string[], width: number): string {
  const line = parts.join('  ')
  if (visibleWidth(line) <= width) return line
  return parts.flatMap((part) => wrapText(part, width)).join('\n')
}
