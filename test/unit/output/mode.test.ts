import { describe, expect, it } from 'vitest'
import { argvSaysNoColor, detectMode, type OutputMode, PLAIN } from '../../../src/output/mode.js'

describe('detectMode', () => {
  it.each<[string, { isTTY?: boolean; columns?: number }, Record<string, string>, OutputMode]>([
    ['terminal', { isTTY: true, columns: 120 }, {}, { tty: true, color: true, width: 120 }],
    ['terminal without a known width', { isTTY: true }, {}, { tty: true, color: true, width: 80 }],
    ['pipe', { isTTY: false }, {}, { tty: false, color: false, width: 80 }],
    ['isTTY missing is a pipe', {}, {}, { tty: false, color: false, width: 80 }],
    [
      'NO_COLOR on a terminal',
      { isTTY: true, columns: 100 },
      { NO_COLOR: '1' },
      { tty: true, color: false, width: 100 },
    ],
    ['NO_COLOR of any value', { isTTY: true }, { NO_COLOR: 'false' }, { tty: true, color: false, width: 80 }],
    [
      'empty NO_COLOR is ignored (no-color.org)',
      { isTTY: true },
      { NO_COLOR: '' },
      { tty: true, color: true, width: 80 },
    ],
    [
      'FORCE_COLOR on a pipe: colour but still no table',
      { isTTY: false },
      { FORCE_COLOR: '1' },
      { tty: false, color: true, width: 80 },
    ],
    [
      'FORCE_COLOR=0 forces nothing',
      { isTTY: false },
      { FORCE_COLOR: '0' },
      { tty: false, color: false, width: 80 },
    ],
  ])('%s', (_, stream, env, expected) => {
    expect(detectMode(stream, env)).toEqual(expected)
  })

  it.each<[string, boolean, Record<string, string>, boolean]>([
    ['--no-color on a terminal', true, {}, false],
    ['--no-color beats FORCE_COLOR', true, { FORCE_COLOR: '1' }, false],
    ['NO_COLOR beats FORCE_COLOR', true, { NO_COLOR: '1', FORCE_COLOR: '3' }, false],
    ['FORCE_COLOR=0 turns colour off on a terminal, as in chalk', true, { FORCE_COLOR: '0' }, false],
    ['FORCE_COLOR=false too', true, { FORCE_COLOR: 'false' }, false],
    ['empty FORCE_COLOR forces colour on a pipe, as in chalk', false, { FORCE_COLOR: '' }, true],
    ['FORCE_COLOR=true forces colour on a pipe', false, { FORCE_COLOR: 'true' }, true],
    ['TERM=dumb has no colour', true, { TERM: 'dumb' }, false],
    ['TERM=dumb with FORCE_COLOR has colour', true, { TERM: 'dumb', FORCE_COLOR: '1' }, true],
  ])('%s', (name, isTTY, env, color) => {
    expect(detectMode({ isTTY }, env, { noColor: name.startsWith('--no-color') }).color).toBe(color)
  })

  it('without --no-color, the same terminal has colour (the flag is what turns it off)', () => {
    expect(detectMode({ isTTY: true }, {}, { noColor: false }).color).toBe(true)
  })

  it.each<[string, { isTTY?: boolean; columns?: number }, Record<string, string>, number]>([
    ['COLUMNS narrows a terminal', { isTTY: true, columns: 160 }, { COLUMNS: '60' }, 60],
    ['COLUMNS is the width when the stream knows none', { isTTY: true }, { COLUMNS: '100' }, 100],
    ['a COLUMNS that is no number is ignored', { isTTY: true, columns: 120 }, { COLUMNS: 'wide' }, 120],
    ['COLUMNS=0 is ignored', { isTTY: true, columns: 120 }, { COLUMNS: '0' }, 120],
  ])('%s', (_, stream, env, width) => {
    expect(detectMode(stream, env).width).toBe(width)
  })

  it.each<[string[], boolean]>([
    [['topics', 'list', '--no-color'], true],
    [['--no-color', 'topics', 'list'], true],
    [['topics', 'list'], false],
    [['produce', 'orders', '--', '--no-color'], false],
  ])('argv %j asks for no colour: %s', (argv, expected) => {
    expect(argvSaysNoColor(argv)).toBe(expected)
  })

  it('PLAIN is the piped mode', () => {
    expect(PLAIN).toEqual({ tty: false, color: false, width: 80 })
  })
})
