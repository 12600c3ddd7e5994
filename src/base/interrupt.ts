import { ExitCode } from '../core/errors.js'

/**
 * Ctrl-C for commands with work to finish: the first one aborts the returned signal (the command stops,
 * settles what is in flight and reports); a second one exits 130 at once.
 */
export function interruptSignal(): AbortSignal {
  const controller = new AbortController()
  process.on('SIGINT', () => {
    if (controller.signal.aborted) process.exit(ExitCode.interrupted)
    controller.abort()
  })
  return controller.signal
}
