import { ExitCode, KtkError } from '../core/errors.js'
import { redact } from '../core/redact.js'
import type { OutputMode } from '../output/mode.js'
import { style } from '../output/style.js'
import { stripAnsi } from '../output/terminal.js'

/**
 * The longest error message printed: user input is quoted short where it is echoed, and this catches
 * any other path (a library's message quoting a 100 KB value) so an error stays a readable line.
 */
export const MESSAGE_LIMIT = 1000

export interface ErrorJson {
  error: { code: string; message: string; exit: number; hints: string[] }
}

/** The JSON error document of --json runs (README, "JSON output"). */
export function errorJson(error: KtkError): ErrorJson {
  return { error: { code: error.code, message: error.message, exit: error.exit, hints: error.hints } }
}

/** The error as printed on stderr: `error: message`, indented details, `hint:` lines. */
export function errorText(error: KtkError, mode: OutputMode): string {
  const s = style(mode)
  const lines = [`${s.red.bold('error:')} ${error.message}`]
  for (const detail of error.details) lines.push(`  ${s.dim(detail)}`)
  for (const hint of error.hints) lines.push(`${s.cyan('hint:')} ${hint}`)
  return `${lines.join('\n')}\n`
}

/** A message (or hint) cut to MESSAGE_LIMIT characters. */
export function capMessage(message: string): string {
  return message.length > MESSAGE_LIMIT ? `${message.slice(0, MESSAGE_LIMIT)}…` : message
}

/**
 * oclif prefixes an error thrown by a flag's own parser with "Parsing --flag" and appends "See more
 * help": a KtkError (from ktk's flag parsers) gets its own message back.
 */
function unwrapFlagParse(error: KtkError): KtkError {
  const m = /^Parsing --\S+ \n\t([\s\S]*?)(?:\nSee more help with --help)?$/.exec(error.message)
  if (!m) return error
  return new KtkError(error.code, m[1]!, {
    hints: error.hints,
    details: error.details,
    exit: error.exit,
    cause: error.cause,
  })
}

/** Anything thrown inside a command, as a KtkError: oclif's parse errors become usage errors (exit 2). */
export function asKtkError(error: unknown, commandId: string | undefined): KtkError {
  if (error instanceof KtkError) return unwrapFlagParse(error)
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

/** The error as printed: every known secret scrubbed from its message, hints and details, each capped. */
export function redactError(error: KtkError): KtkError {
  const message = capMessage(redact(error.message))
  const hints = error.hints.map((h) => capMessage(redact(h)))
  const details = error.details.map((d) => capMessage(redact(d)))
  const same =
    message === error.message &&
    hints.every((h, i) => h === error.hints[i]) &&
    details.every((d, i) => d === error.details[i])
  if (same) return error
  return new KtkError(error.code, message, { hints, details, exit: error.exit, cause: error.cause })
}
