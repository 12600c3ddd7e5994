import { beforeAll, describe, expect, it } from 'vitest'
import type { OutputMode } from '../../../src/output/mode.js'
import { loadStyles } from '../../../src/output/style.js'
import {
  alignColumns,
  type Cell,
  type Column,
  cellText,
  renderFields,
  renderTable,
} from '../../../src/output/table.js'

const plain: OutputMode = { tty: false, color: false, width: 80 }
const tty: OutputMode = { tty: true, color: false, width: 80 }
const ttyColor: OutputMode = { tty: true, color: true, width: 80 }
const ANSI = /\x1b\[/

const columns: Column[] = [{ header: 'TOPIC' }, { header: 'PARTITION', align: 'right' }, { header: 'LEADER' }]
const rows: Cell[][] = [
  ['orders', 0, 1],
  ['payments-long', 12, null],
]

describe('cellText', () => {
  it.each<[Cell, string]>([
    [null, '-'],
    [undefined, '-'],
    ['', '-'],
    [0, '0'],
    [false, 'false'],
    [true, 'true'],
    ['x', 'x'],
    [-1, '-1'],
  ])('%j -> %j', (value, expected) => {
    expect(cellText(value)).toBe(expected)
  })
})

describe('renderTable, plain mode (piped)', () => {
  it('prints a header row and space-aligned columns', () => {
    expect(renderTable(columns, rows, plain)).toBe(
      ['TOPIC          PARTITION  LEADER', 'orders                 0  1', 'payments-long         12  -'].join(
        '\n',
      ),
    )
  })

  it('has no decoration, no colour and no trailing spaces', () => {
    const out = renderTable(columns, rows, plain)
    expect(out).not.toMatch(ANSI)
    expect(out).not.toMatch(/[│┌─+|]/)
    for (const line of out.split('\n')) expect(line).toBe(line.trimEnd())
  })

  it('empty and missing cells print as "-", so awk sees the same number of fields on every row', () => {
    const cols: Column[] = [
      { header: 'GROUP' },
      { header: 'CONSUMER-ID' },
      { header: 'HOST' },
      { header: 'LAG' },
    ]
    const out = renderTable(
      cols,
      [
        ['g1', '', null, 5],
        ['g2', undefined],
        ['g3', 'c-1', '/10.0.0.1', 0],
      ],
      plain,
    )
    const lines = out.split('\n')
    expect(lines).toHaveLength(4)
    for (const line of lines) expect(line.split(/\s+/)).toHaveLength(4)
    expect(lines[1]!.split(/\s+/)).toEqual(['g1', '-', '-', '5'])
    expect(lines[2]!.split(/\s+/)).toEqual(['g2', '-', '-', '-'])
  })

  it('right-aligns numbers in a right-aligned last column', () => {
    const out = renderTable(
      [{ header: 'NAME' }, { header: 'LAG', align: 'right' }],
      [
        ['a', 5],
        ['b', 12345],
      ],
      plain,
    )
    expect(out).toBe(['NAME    LAG', 'a         5', 'b     12345'].join('\n'))
  })

  it('a header wider than the data sets the width; columns start at the same offset on every line', () => {
    const out = renderTable([{ header: 'A-VERY-LONG-HEADER' }, { header: 'B' }], [['x', 'y']], plain)
    const lines = out.split('\n')
    expect(lines[0]!.indexOf('B')).toBe(lines[1]!.indexOf('y'))
    expect(lines[0]!.indexOf('B')).toBe('A-VERY-LONG-HEADER'.length + 2)
  })

  it('with no rows, prints only the header', () => {
    expect(renderTable(columns, [], plain)).toBe('TOPIC  PARTITION  LEADER')
  })

  it('alignColumns is the plain renderer', () => {
    expect(alignColumns([{ header: 'K' }, { header: 'V' }], [['key', 'value']])).toBe('K    V\nkey  value')
  })
})

describe('renderTable, terminal mode', () => {
  // chalk is loaded only when some output is coloured, as the base command does at start-up.
  beforeAll(() => loadStyles(ttyColor))

  it('draws a box with the headers and the cells', () => {
    const out = renderTable(columns, rows, tty)
    for (const ch of ['┌', '┐', '└', '┘', '│', '─']) expect(out).toContain(ch)
    for (const text of ['TOPIC', 'PARTITION', 'LEADER', 'orders', 'payments-long', '12'])
      expect(out).toContain(text)
    expect(out).not.toMatch(ANSI)
  })

  it('prints empty cells as "-" too', () => {
    const out = renderTable([{ header: 'A' }, { header: 'B' }], [['x', null]], tty)
    expect(out).toMatch(/│ x │ - │/)
  })

  it('uses colour only when the mode says so', () => {
    expect(renderTable(columns, rows, ttyColor)).toMatch(ANSI)
  })
})

describe('renderFields', () => {
  it('plain: "key: value" lines, empty values as "-"', () => {
    expect(
      renderFields(
        [
          ['Cluster id', 'abc'],
          ['Controller', null],
        ],
        plain,
      ),
    ).toBe('Cluster id: abc\nController: -')
  })

  it('terminal: values aligned', () => {
    const out = renderFields(
      [
        ['Id', 1],
        ['Controller', 2],
      ],
      tty,
    )
    const lines = out.split('\n')
    expect(lines[0]!.indexOf('1')).toBe(lines[1]!.indexOf('2'))
  })
})
