import { describe, expect, it } from 'vitest'
import { asKtkError, isBrokenPipe } from '../../../src/base/error-report.js'
import { KtkError } from '../../../src/core/errors.js'
import { stripAnsi } from '../../../src/output/terminal.js'

describe('asKtkError', () => {
  it('passes a KtkError through unchanged', () => {
    const original = new KtkError('TOPIC_NOT_FOUND', 'topic "x" does not exist', { hints: ['h'] })
    const result = asKtkError(original, 'topics:describe')
    expect(result).toBe(original)
    expect(result.exit).toBe(4)
  })

  it('turns an oclif parse error into USAGE, dropping the "See more help" line', () => {
    const parseError = Object.assign(new Error('Missing required flag topic\nSee more help with --help'), {
      parse: { input: {}, output: {} },
    })
    const result = asKtkError(parseError, 'topics:create')
    expect(result).toBeInstanceOf(KtkError)
    expect(result.code).toBe('USAGE')
    expect(result.exit).toBe(2)
    expect(result.message).toBe('Missing required flag topic')
    expect(result.message).not.toContain('See more help')
    expect(result.hints).toEqual(['see: ktk topics create --help'])
  })

  it('joins several parse problems, strips colour and the "following errors" heading', () => {
    const parseError = {
      parse: {},
      message:
        '\u001b[31mThe following errors occurred:\u001b[39m\n  Expected --partitions=abc to be an integer\n  Unexpected argument: extra\nSee more help with --help',
    }
    const result = asKtkError(parseError, 'topics:create')
    expect(result.code).toBe('USAGE')
    expect(result.message).toBe('Expected --partitions=abc to be an integer; Unexpected argument: extra')
  })

  it.each(['FailedFlagValidationError', 'NonExistentFlagsError', 'UnexpectedArgsError', 'ParseError'])(
    'an error named %s is a usage error even without a parse property',
    (name) => {
      const error = Object.assign(new Error('bad flag'), { name })
      const result = asKtkError(error, undefined)
      expect(result.code).toBe('USAGE')
      expect(result.message).toBe('bad flag')
      expect(result.hints).toEqual(['see: ktk --help'])
    },
  )

  it('an empty parse message still says something', () => {
    expect(asKtkError({ parse: {}, message: 'See more help with --help' }, 'x').message).toBe(
      'invalid arguments',
    )
  })

  it('EPIPE (output closed by `| head`) exits 0', () => {
    const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })
    expect(isBrokenPipe(epipe)).toBe(true)
    const result = asKtkError(epipe, 'topics:list')
    expect(result.exit).toBe(0)
  })

  it('an oclif error with exit 1 becomes UNEXPECTED, first line only', () => {
    const result = asKtkError({ message: 'first line\nsecond line', oclif: { exit: 1 } }, 'x')
    expect(result.code).toBe('UNEXPECTED')
    expect(result.exit).toBe(1)
    expect(result.message).toBe('first line')
  })

  it('an oclif error with exit 2 becomes USAGE on one line, every line of it kept', () => {
    const result = asKtkError({ message: 'first line\n\tsecond line', oclif: { exit: 2 } }, 'topics:create')
    expect(result.code).toBe('USAGE')
    expect(result.exit).toBe(2)
    expect(result.message).toBe('first line; second line')
    expect(result.hints).toEqual(['see: ktk topics create --help'])
  })

  it("a flag's own parser failing names the flag and the reason (not a bare 'Parsing --flag')", () => {
    const message = 'Parsing --max-lag \n\tExpected an integer but received: abc\nSee more help with --help'
    const result = asKtkError({ message, oclif: { exit: 2 } }, 'groups:lag')
    expect(result.message).toBe('--max-lag: expected an integer but received: abc')
    expect(result.exit).toBe(2)
  })

  it('anything else is UNEXPECTED (exit 1), first line only, with the cause kept', () => {
    const boom = new Error('boom\n    at somewhere (file.js:1:1)')
    const result = asKtkError(boom, 'x')
    expect(result.code).toBe('UNEXPECTED')
    expect(result.exit).toBe(1)
    expect(result.message).toBe('boom')
    expect(result.cause).toBe(boom)
  })

  it.each([
    ['a string', 'just text', 'just text'],
    ['a number', 42, '42'],
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
  ])('a thrown %s becomes UNEXPECTED', (_, thrown, message) => {
    const result = asKtkError(thrown, 'x')
    expect(result.code).toBe('UNEXPECTED')
    expect(result.exit).toBe(1)
    expect(result.message).toBe(message)
  })
})

describe('isBrokenPipe and stripAnsi', () => {
  it.each([
    [{ code: 'EPIPE' }, true],
    [{ code: 'ECONNRESET' }, false],
    [null, false],
    [undefined, false],
  ])('isBrokenPipe(%j) = %s', (error, expected) => {
    expect(isBrokenPipe(error)).toBe(expected)
  })

  it('removes colour codes only', () => {
    expect(stripAnsi('\u001b[1m\u001b[31mred\u001b[39m\u001b[22m [x]')).toBe('red [x]')
  })
})
