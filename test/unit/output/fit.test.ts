import { beforeAll, describe, expect, it } from 'vitest'
import {
  fitColumnWidths,
  joinWithin,
  MIN_COLUMN_WIDTH,
  visibleWidth,
  wrapText,
} from '../../../src/output/fit.js'
import type { OutputMode } from '../../../src/output/mode.js'
import { loadStyles } from '../../../src/output/style.js'
import { type Cell, type Column, cellText, renderFields, renderTable } from '../../../src/output/table.js'
import { stripAnsi } from '../../../src/output/terminal.js'

const terminal = (width: number, color = false): OutputMode => ({ tty: true, color, width })
const lines = (text: string) => stripAnsi(text).split('\n')
const widest = (text: string) => Math.max(...lines(text).map((l) => [...l].length))
/** Everything a table showed, without borders, padding or line breaks: what wrapping must not lose. */
const content = (text: string) => stripAnsi(text).replace(/[│┌┐└┘├┤┬┴┼─\s]/g, '')
/** A drawn table's logical rows (header first), each cell's wrapped lines joined, spaces removed. */
function cellsOf(text: string): string[][] {
  const result: string[][] = []
  let current: string[] | null = null
  for (const line of lines(text)) {
    if (/^[├┌└]/.test(line)) {
      if (current) result.push(current)
      current = null
    } else if (line.startsWith('│')) {
      const parts = line.split('│').slice(1, -1)
      current ??= parts.map(() => '')
      parts.forEach((part, i) => {
        current![i] += part.replace(/\s/g, '')
      })
    }
  }
  return result
}
const squeeze = (cell: Cell) => cellText(cell).replace(/\s/g, '')

const columns: Column[] = [
  { header: 'TOPIC' },
  { header: 'PARTITION', align: 'right' },
  { header: 'LEADER', align: 'right' },
  { header: 'REPLICAS' },
  { header: 'ISR' },
]
const longTopic = 'prod.payments.settlement_instruction_received.v1.retry.dead-letter'
const rows: Cell[][] = [
  [longTopic, 0, 1, '1,2,3', '1,2,3'],
  ['orders', 12, 2, '2,3,1', '2,3'],
  ['a topic with words in it that goes on and on', 3, null, '3,1,2', '3'],
]

describe('tables on a terminal fit its width', () => {
  beforeAll(() => loadStyles(terminal(80, true)))

  it.each([60, 80, 40])('at %i columns, no line is wider and no content is lost', (width) => {
    for (const color of [false, true]) {
      const out = renderTable(columns, rows, terminal(width, color))
      expect(widest(out)).toBeLessThanOrEqual(width)
      expect(cellsOf(out)).toEqual([columns.map((c) => c.header), ...rows.map((r) => r.map(squeeze))])
    }
  })

  it('the wide column wraps while the narrow ones keep their width', () => {
    const out = renderTable(columns, rows, terminal(60, false))
    expect(widest(out)).toBe(60)
    // PARTITION (9 wide) is never broken: it is narrower than its share.
    expect(lines(out).some((l) => l.includes(' PARTITION '))).toBe(true)
    // The long topic name is broken after a '.', '_' or '-', never mid-word when a separator is near.
    const topicLines = lines(out)
      .map((l) => l.split('│')[1]?.trim() ?? '')
      .filter((cell) => cell !== '' && longTopic.includes(cell))
    expect(topicLines.join('')).toBe(longTopic)
    for (const part of topicLines.slice(0, -1)) expect(part).toMatch(/[._-]$/)
  })

  it('rows are ruled apart once a cell wraps, and the table is unchanged when it fits', () => {
    const wrapped = renderTable(columns, rows, terminal(60, false))
    expect(lines(wrapped).filter((l) => l.startsWith('├')).length).toBe(rows.length)
    const fits = renderTable(columns, [['orders', 0, 1, '1', '1']], terminal(200, false))
    expect(lines(fits).filter((l) => l.startsWith('├'))).toHaveLength(1) // under the header only
    expect(widest(fits)).toBeLessThan(200)
  })

  it('huge content (a 2,000-character cell, a hundred rows) still fits and is all there', () => {
    const huge = 'x'.repeat(2000)
    const many: Cell[][] = Array.from({ length: 100 }, (_, i) => [
      `topic-${i}`,
      i,
      1,
      huge.slice(0, i % 50),
      'y z '.repeat(30),
    ])
    many.push([huge, 0, 0, huge, huge])
    const out = renderTable(columns, many, terminal(60))
    expect(widest(out)).toBeLessThanOrEqual(60)
    expect(cellsOf(out).slice(1)).toEqual(many.map((r) => r.map(squeeze)))
  })

  it('a terminal too narrow for any table gets each row as HEADER: value lines, still within the width', () => {
    for (const width of [20, 12, 5]) {
      const out = renderTable(columns, rows, terminal(width))
      expect(widest(out)).toBeLessThanOrEqual(width)
      expect(out).not.toMatch(/│/)
      expect(content(out).replace(/:/g, '')).toContain(longTopic.replace(/\s/g, ''))
    }
  })

  it('on a pipe nothing wraps, whatever the width', () => {
    const out = renderTable(columns, rows, { tty: false, color: false, width: 40 })
    expect(lines(out)[1]).toContain(longTopic)
    expect(widest(out)).toBeGreaterThan(40)
  })

  it('fields wrap their values under themselves on a terminal, and not on a pipe', () => {
    const fields: [string, Cell][] = [
      ['Cluster id', 'abc'],
      ['Controller', `${'broker-with-a-long-host-name.example.com:9092 '.repeat(3)}`.trim()],
    ]
    const out = renderFields(fields, terminal(40))
    expect(widest(out)).toBeLessThanOrEqual(40)
    expect(lines(out)[2]).toMatch(/^ {12}\S/)
    expect(
      renderFields(fields, terminal(8))
        .split('\n')
        .every((l) => [...l].length <= 8),
    ).toBe(true)
    expect(lines(renderFields(fields, { tty: false, color: false, width: 40 }))).toHaveLength(2)
  })
})

describe('fitColumnWidths', () => {
  it('keeps widths that fit', () => {
    expect(fitColumnWidths([5, 10, 3], 18)).toEqual([5, 10, 3])
  })
  it('gives narrow columns their width and splits the rest among the wide ones', () => {
    expect(fitColumnWidths([4, 50, 30, 2], 40)).toEqual([4, 17, 17, 2])
  })
  it('uses the whole budget when cutting', () => {
    const widths = fitColumnWidths([100, 100, 100], 31)!
    expect(widths.reduce((a, b) => a + b)).toBe(31)
    expect(Math.max(...widths) - Math.min(...widths)).toBeLessThanOrEqual(1)
  })
  it('never cuts a column below its preferred width (a header word), taking from the others instead', () => {
    expect(fitColumnWidths([9, 50, 50], 40, [9, 5, 5])).toEqual([9, 16, 15])
    expect(fitColumnWidths([9, 50], 12, [9, 5])).toBeNull()
  })
  it('keeps header words whole when there is room, and breaks them only when there is not', () => {
    const cols: Column[] = [{ header: 'PARTITION' }, { header: 'CURRENT-OFFSET' }, { header: 'TOPIC' }]
    const roomy = lines(renderTable(cols, [[1, 2, longTopic]], terminal(50)))
    expect(roomy.some((l) => l.includes(' PARTITION '))).toBe(true)
    expect(roomy.some((l) => l.includes(' CURRENT- ') || l.includes(' CURRENT-OFFSET '))).toBe(true)
    const tight = renderTable(cols, [[1, 2, longTopic]], terminal(24))
    expect(widest(tight)).toBeLessThanOrEqual(24)
    expect(tight).toMatch(/│/)
  })
  it('gives up below the minimum column width', () => {
    expect(fitColumnWidths([10, 10], 2 * MIN_COLUMN_WIDTH - 1)).toBeNull()
    expect(fitColumnWidths([10, 10], 2 * MIN_COLUMN_WIDTH)).toEqual([MIN_COLUMN_WIDTH, MIN_COLUMN_WIDTH])
  })
})

describe('wrapText', () => {
  it('wraps at spaces', () => {
    expect(wrapText('the quick brown fox jumps', 10)).toEqual(['the quick', 'brown fox', 'jumps'])
  })
  it('breaks a long token after a separator in the second half of the line, else at the width', () => {
    expect(wrapText('dev.orders.placed', 12)).toEqual(['dev.orders.', 'placed'])
    expect(wrapText('abcdefghijklmnop', 5)).toEqual(['abcde', 'fghij', 'klmno', 'p'])
  })
  it('leaves text that fits as it is, colour included', () => {
    expect(wrapText('\x1b[1mbold\x1b[22m', 4)).toEqual(['\x1b[1mbold\x1b[22m'])
    expect(visibleWidth('\x1b[1mbold\x1b[22m\nab')).toBe(4)
  })
})

describe('joinWithin', () => {
  it('one line when it fits, else a part a line, each wrapped', () => {
    expect(joinWithin(['orders', 'partitions 3'], 40)).toBe('orders  partitions 3')
    expect(
      joinWithin(['dev.orders.order_placed.v1', 'partitions 3, replication factor 3'], 20).split('\n'),
    ).toEqual(['dev.orders.order_', 'placed.v1', 'partitions 3,', 'replication factor 3'])
  })
  it('wraps line by line: a line that fits keeps its colour', () => {
    expect(wrapText('\x1b[1mok\x1b[22m\nthe quick brown fox', 10)).toEqual([
      '\x1b[1mok\x1b[22m',
      'the quick',
      'brown fox',
    ])
  })
})
