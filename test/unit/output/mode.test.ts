import { describe, expect, it } from 'vitest'
import { detectMode, type OutputMode, PLAIN } from '../../../src/output/mode.js'

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

  it('PLAIN is the piped mode', () => {
    expect(PLAIN).toEqual({ tty: false, color: false, width: 80 })
  })
})
