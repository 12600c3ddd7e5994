/**
 * Terminal control, as strings for a terminal stream: the only place ktk writes escape sequences
 * other than colour (output/style.ts). Commands write these only when the stream is a terminal.
 */

const CSI = '\x1b['

/** Switches to the alternate screen and hides the cursor (a live view such as `groups lag --watch`). */
export function enterFullScreen(): string {
  return `${CSI}?1049h${CSI}?25l`
}

/** Shows the cursor and goes back to the normal screen, as it was before enterFullScreen. */
export function leaveFullScreen(): string {
  return `${CSI}?25h${CSI}?1049l`
}

/** Draws a frame over the previous one from the top left, clearing what is left of each line and below. */
export function redrawScreen(frame: string): string {
  return `${CSI}H${frame.split('\n').join(`${CSI}K\n`)}${CSI}K${CSI}J`
}

/** Rewrites the current line (a progress bar on stderr). */
export function rewriteLine(text: string): string {
  return `\r${text}${CSI}K`
}

/** Clears the current line (the progress bar once the work is done). */
export function clearLine(): string {
  return rewriteLine('')
}

/** The text without colour sequences (oclif's parser messages come coloured). */
export function stripAnsi(text: string): string {
  return text.replace(/\x1b\[[0-9;]*m/g, '')
}
