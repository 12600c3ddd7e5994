import Table from 'cli-table3'
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

/**
 * A table: cli-table3 on a terminal; on a pipe, a header row and space-aligned columns with no
 * decoration, the shape awk and Kafka's own tools' users expect.
 */
export function renderTable(
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
  mode: OutputMode,
): string {
  const text = rows.map((row) => columns.map((_, i) => cellText(row[i])))
  if (!mode.tty) return alignColumns(columns, text)
  const s = style(mode)
  const table = new Table({
    head: columns.map((c) => s.bold(c.header)),
    colAligns: columns.map((c) => c.align ?? 'left'),
    style: {
      head: [],
      border: mode.color ? ['grey'] : [],
      compact: true,
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
  for (const row of text) table.push(row)
  return table.toString()
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

/** Key-value lines ("Cluster id: …"), aligned on a terminal. */
export function renderFields(fields: readonly [string, Cell][], mode: OutputMode): string {
  const s = style(mode)
  const width = Math.max(...fields.map(([k]) => k.length))
  return fields
    .map(([k, v]) => `${mode.tty ? s.bold(`${k}:`.padEnd(width + 1)) : `${k}:`} ${cellText(v)}`)
    .join('\n')
}
