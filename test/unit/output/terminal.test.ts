import { describe, expect, it } from 'vitest'
import {
  clearLine,
  enterFullScreen,
  leaveFullScreen,
  redrawScreen,
  rewriteLine,
  stripAnsi,
} from '../../../src/output/terminal.js'

describe('terminal control', () => {
  it('full screen: the alternate screen with the cursor hidden, and back', () => {
    expect(enterFullScreen()).toBe('\x1b[?1049h\x1b[?25l')
    expect(leaveFullScreen()).toBe('\x1b[?25h\x1b[?1049l')
  })

  it('a redraw starts at the top left and clears the rest of each line and the screen below', () => {
    expect(redrawScreen('a\nbb')).toBe('\x1b[Ha\x1b[K\nbb\x1b[K\x1b[J')
  })

  it('a progress line is rewritten in place and cleared at the end', () => {
    expect(rewriteLine('[==>  ] 40%')).toBe('\r[==>  ] 40%\x1b[K')
    expect(clearLine()).toBe('\r\x1b[K')
  })

  it('stripAnsi removes colours and nothing else', () => {
    expect(stripAnsi('\x1b[1m\x1b[31mred\x1b[39m\x1b[22m [x]')).toBe('red [x]')
    expect(stripAnsi(redrawScreen('a'))).toBe(redrawScreen('a'))
  })
})
