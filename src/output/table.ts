import Table from 'cli-table3'
import { fitColumnWidths, visibleWidth, wrapText } from './fit.js'
import type { OutputMode } from './mode.js'
import { style } from './style.js'

export type Cell = string | number | boolean | null | undefined

export interface Column {
  header: string
  align?: 'left' | 'right'
}

/** Empty cells print as '-', as in Kafka's own tools, so every row has the same number of fields. */
export function cellText(value: Cell): string {
  if (value === null || value === undefined || value === '') return '-'
  return String(value)
}

/** Each column's padding (one space either side) and the borders: what a table adds to its content. */
const PADDING = 2
const tableChrome = (columns: number) => columns * PADDING + columns + 1

/**
 * A table: cli-table3 on a terminal, fitted to its width (wide cells wrap inside their column, so the
 * terminal never breaks a line; a terminal too narrow for any table gets each row as "HEADER: value"
 * lines); on a pipe, a header row and space-aligned columns with no decoration and no width limit, the
 * shape awk and Kafka's own tools' users expect.
 */
export function renderTable(
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
  mode: OutputMode,
): string {
  const text = rows.map((row) => columns.map((_, i) => cellText(row[i])))
  if (!mode.tty) return alignColumns(columns, text)
  const natural = columns.map((c, i) =>
    Math.max(visibleWidth(c.header), ...text.map((r) => visibleWidth(r[i]!))),
  )
  const budget = mode.width - tableChrome(columns.length)
  // Headers keep their words whole (breaking after '-') when there is room; else they wrap like any cell.
  const headerWords = columns.map((c) => Math.max(...c.header.split(/(?<=-)| /).map((word) => word.length)))
  const widths = fitColumnWidths(natural, budget, headerWords) ?? fitColumnWidths(natural, budget)
  if (!widths) return renderRecords(columns, text, mode)
  const s = style(mode)
  const wrap = (cell: string, i: number) => wrapText(cell, widths[i]!)
  const head = columns.map((c, i) =>
    wrap(c.header, i)
      .map((line) => s.bold(line))
      .join('\n'),
  )
  const body = text.map((row) => row.map((cell, i) => wrap(cell, i).join('\n')))
  const wrapped = widths.some((w, i) => w < natural[i]!)
  const table = new Table({
    head,
    colAligns: columns.map((c) => c.align ?? 'left'),
    ...(wrapped ? { colWidths: widths.map((w) => w + PADDING) } : {}),
    style: {
      head: [],
      border: mode.color ? ['grey'] : [],
      // A rule between rows once cells wrap, so a cell's second line does not read as another row.
      compact: !wrapped,
      'padding-left': 1,
      'padding-right': 1,
    },
    chars: {
      top: '─',
      'top-mid': '┬',
      'top-left': '┌',
      'top-right': '┐',
      bottom: '─',
      'bottom-mid': '┴',
      'bottom-left': '└',
      'bottom-right': '┘',
      left: '│',
      'left-mid': '├',
      mid: '─',
      'mid-mid': '┼',
      right: '│',
      'right-mid': '┤',
      middle: '│',
    },
  })
  for (const row of body) table.push(row)
  return table.toString()
}

/** A terminal too narrow for the table: each row as "HEADER: value" lines, rows apart, wrapped to the width. */
function renderRecords(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  mode: OutputMode,
): string {
  const s = style(mode)
  const width = Math.max(1, mode.width)
  return rows
    .map((row) =>
      columns
        .map((c, i) => {
          const [first = '', ...rest] = wrapText(`${c.header}: ${row[i]}`, width)
          return [first.replace(/^[^:]*:/, (header) => s.bold(header)), ...rest].join('\n')
        })
        .join('\n'),
    )
    .join('\n\n')
}

export function alignColumns(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const all = [columns.map((c) => c.header), ...rows]
  const widths = columns.map((_, i) => Math.max(...all.map((r) => r[i]!.length)))
  return all
    .map((r) =>
      r
        .map((cell, i) => {
          const last = i === r.length - 1
          if (columns[i]!.align === 'right') return cell.padStart(widths[i]!)
          return last ? cell : cell.padEnd(widths[i]!)
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

/** Key-value lines ("Cluster id: …"), aligned on a terminal, where long values wrap under themselves. */
export function renderFields(fields: readonly [string, Cell][], mode: OutputMode): string {
  const s = style(mode)
  const width = Math.max(...fields.map(([k]) => k.length))
  if (!mode.tty) return fields.map(([k, v]) => `${k}: ${cellText(v)}`).join('\n')
  const indent = width + 2
  return fields
    .map(([k, v]) => {
      const key = s.bold(`${k}:`.padEnd(width + 1))
      const available = mode.width - indent
      if (available < MIN_VALUE_WIDTH)
        return wrapText(`${k}: ${cellText(v)}`, Math.max(1, mode.width)).join('\n')
      const [first = '', ...rest] = wrapText(cellText(v), available)
      return [`${key} ${first}`, ...rest.map((line) => `${' '.repeat(indent)}${line}`)].join('\n')
    })
    .join('\n')
}

/** Below this, a field's value no longer wraps beside its name but the whole line wraps. */
const MIN_VALUE_WIDTH = 10
