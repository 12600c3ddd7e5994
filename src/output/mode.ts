/** How output is shaped: a terminal gets tables and colour, a pipe gets plain, stable columns. */
export interface OutputMode {
  tty: boolean
  color: boolean
  /** Terminal width in columns (80 when unknown). */
  width: number
}

export function detectMode(
  stream: { isTTY?: boolean; columns?: number },
  env: Readonly<Record<string, string | undefined>>,
): OutputMode {
  const tty = stream.isTTY === true
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== ''
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0'
  return { tty, color: !noColor && (tty || forced), width: stream.columns ?? 80 }
}

export const PLAIN: OutputMode = { tty: false, color: false, width: 80 }
