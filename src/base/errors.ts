import { ExitCode, KtkError } from '../core/errors.js'
import { redact } from '../core/redact.js'

/** Anything thrown inside a command, as a KtkError: oclif's parse errors become usage errors (exit 2). */
export function asKtkError(error: unknown, commandId: string | undefined): KtkError {
  if (error instanceof KtkError) return error
  const e = error as { message?: string; parse?: unknown; oclif?: { exit?: number }; name?: string }
  if (e?.parse !== undefined || /Flag|Args|Parse/.test(e?.name ?? '')) {
    const lines = stripAnsi(e.message ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter(
        (l) =>
          l !== '' && !/^See more help with --help$/.test(l) && !/^The following errors? occurred:$/.test(l),
      )
    return new KtkError('USAGE', lines.join('; ') || 'invalid arguments', {
      hints: [`see: ktk ${(commandId ?? '').replaceAll(':', ' ')} --help`.replace(/\s+--help/, ' --help')],
    })
  }
  if (e?.oclif?.exit !== undefined && typeof e.message === 'string') {
    if (e.oclif.exit !== 2) return new KtkError('UNEXPECTED', stripAnsi(e.message).split('\n')[0]!)
    // A flag's own parser failing reads "Parsing --max-lag \n\tExpected an integer but received: abc".
    const [first = '', ...rest] = stripAnsi(e.message)
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !/^See more help with --help$/.test(l))
    const flag = /^Parsing (--?\S+)$/.exec(first)?.[1]
    const reason = rest.join('; ')
    const message =
      flag && reason
        ? `${flag}: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`
        : [first, ...rest].join('; ')
    return new KtkError('USAGE', message, {
      hints: [`see: ktk ${(commandId ?? '').replaceAll(':', ' ')} --help`.replace(/\s+--help/, ' --help')],
    })
  }
  if (isBrokenPipe(error)) return new KtkError('UNEXPECTED', 'output closed', { exit: ExitCode.ok })
  return new KtkError('UNEXPECTED', (e?.message ?? String(error)).split('\n')[0]!, { cause: error })
}

export function isBrokenPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === 'EPIPE'
}

export function stripAnsi(text: string): string {
  return text.replace(/\x1b\[[0-9;]*m/g, '')
}

/** The error with every known secret scrubbed from its message, hints and details. */
export function redactError(error: KtkError): KtkError {
  const message = redact(error.message)
  const hints = error.hints.map(redact)
  const details = error.details.map(redact)
  const same =
    message === error.message &&
    hints.every((h, i) => h === error.hints[i]) &&
    details.every((d, i) => d === error.details[i])
  if (same) return error
  return new KtkError(error.code, message, { hints, details, exit: error.exit, cause: error.cause })
}
