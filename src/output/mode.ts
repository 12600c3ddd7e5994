/** How output is shaped: a terminal gets tables and colour, a pipe gets plain, stable columns. */
export interface OutputMode {
  tty: boolean
  color: boolean
  /** Terminal width in columns (80 when unknown): tables on a terminal fit it. */
  width: number
}

/** What the user asked for on the command line, beyond the environment. */
export interface ModeRequest {
  /** --no-color */
  noColor?: boolean
}

/**
 * The output mode of a stream. Colour, as no-color.org and chalk decide it: off under --no-color or a
 * non-empty NO_COLOR; else FORCE_COLOR turns it on (off when '0' or 'false'), even on a pipe; else on a
 * terminal unless TERM=dumb. The width is COLUMNS when set (a user narrowing the output), else the
 * terminal's own.
 */
export function detectMode(
  stream: { isTTY?: boolean; columns?: number },
  env: Readonly<Record<string, string | undefined>>,
  request: ModeRequest = {},
): OutputMode {
  const tty = stream.isTTY === true
  return { tty, color: colorWanted(tty, env, request), width: terminalWidth(stream, env) }
}

function colorWanted(
  tty: boolean,
  env: Readonly<Record<string, string | undefined>>,
  request: ModeRequest,
): boolean {
  if (request.noColor) return false
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  const force = env.FORCE_COLOR
  if (force !== undefined) return force !== '0' && force !== 'false'
  return tty && env.TERM !== 'dumb'
}

function terminalWidth(
  stream: { columns?: number },
  env: Readonly<Record<string, string | undefined>>,
): number {
  const columns = Number(env.COLUMNS)
  if (env.COLUMNS && Number.isInteger(columns) && columns > 0) return columns
  return stream.columns && stream.columns > 0 ? stream.columns : 80
}

/** Whether the command line asks for no colour, before (or without) oclif's parse: arguments after `--` are data. */
export function argvSaysNoColor(argv: readonly string[]): boolean {
  const end = argv.indexOf('--')
  return (end === -1 ? argv : argv.slice(0, end)).includes('--no-color')
}

export const PLAIN: OutputMode = { tty: false, color: false, width: 80 }
