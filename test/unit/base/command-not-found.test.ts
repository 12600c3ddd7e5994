import { describe, expect, it } from 'vitest'
import { commandNotFoundError } from '../../../src/base/command-not-found.js'
import { asKtkError, redactError } from '../../../src/base/error-report.js'
import { KtkError } from '../../../src/core/errors.js'

const IDS = ['topics:list', 'topics:describe', 'topics:partition-for', 'groups:list', 'consume', 'produce']

describe('commandNotFoundError', () => {
  it('an unknown command is a usage error suggesting the closest one', () => {
    const error = commandNotFoundError('topcs:list', IDS)
    expect(error.exit).toBe(2)
    expect(error.code).toBe('USAGE')
    expect(error.message).toBe('unknown command: "topcs list"')
    expect(error.hints).toEqual(['did you mean: ktk topics list', 'see: ktk --help'])
  })

  it('words after a real command are stray arguments, not part of the command name', () => {
    const error = commandNotFoundError('topics:partition-for:TOPIC', IDS)
    expect(error.exit).toBe(2)
    expect(error.message).toBe('ktk topics partition-for takes no argument here: "TOPIC"')
    expect(error.hints).toEqual(['see: ktk topics partition-for --help'])
  })

  it('flags before the command: the command comes first', () => {
    const error = commandNotFoundError('-b', IDS)
    expect(error.exit).toBe(2)
    expect(error.message).toBe('a command comes first, its flags after it: "-b"')
  })

  it('suggests nothing when nothing is close, and caps what it echoes', () => {
    const error = commandNotFoundError('x'.repeat(10_000), IDS)
    expect(error.hints).toEqual(['see: ktk --help'])
    expect(error.message.length).toBeLessThan(120)
  })
})

describe('errors from flag parsers', () => {
  it("a KtkError thrown by a flag's parser gets its own message back from oclif's wrapping", () => {
    const error = new KtkError('USAGE', '--timeout "100d" is too long: the maximum is 24d', { hints: ['h'] })
    // What oclif's parser does to an error thrown inside a flag's parse function.
    error.message = `Parsing --timeout \n\t${error.message}\nSee more help with --help`
    const result = asKtkError(error, 'topics:list')
    expect(result.message).toBe('--timeout "100d" is too long: the maximum is 24d')
    expect(result.exit).toBe(2)
    expect(result.hints).toEqual(['h'])
  })

  it('any message or hint is capped when printed, whatever produced it', () => {
    const printed = redactError(
      new KtkError('TIMEOUT', `x${'y'.repeat(100_000)}`, { hints: ['z'.repeat(5000)] }),
    )
    expect(printed.message.length).toBeLessThanOrEqual(1001)
    expect(printed.hints[0]!.length).toBeLessThanOrEqual(1001)
    expect(printed.exit).toBe(7)
  })
})
