import { ExitCode } from '../core/errors.js'

/**
 * Why a command was asked to stop before its end: Ctrl-C, SIGTERM (what `timeout`, CI runners and
 * Kubernetes send), or the reader of stdout went away (EPIPE; Node ignores SIGPIPE, so a closed pipe
 * shows up as EPIPE on the next write).
 */
export type StopCause = 'SIGINT' | 'SIGTERM' | 'EPIPE'

export interface Interruption {
  /** Aborted at the first stop; its `reason` is the StopCause. */
  readonly signal: AbortSignal
  /** What stopped the command, if anything did. */
  readonly cause: StopCause | undefined
  /** The reader of stdout went away: stop like after a signal (the exit code stays 0). */
  outputClosed(): void
  /** Removes the listeners; call when the command ends, so nothing of it outlives the command. */
  dispose(): void
}

/** The exit code after a stop: 130 for SIGINT, 143 for SIGTERM (as shells report them), 0 for EPIPE. */
export function stopExitCode(cause: StopCause | undefined): number {
  if (cause === 'SIGINT') return ExitCode.interrupted
  if (cause === 'SIGTERM') return ExitCode.terminated
  return ExitCode.ok
}

/**
 * The one way a command with work to finish handles SIGINT, SIGTERM and a closed stdout: the first
 * aborts the returned signal (the command stops, settles what is in flight, commits and reports); a
 * second SIGINT or SIGTERM exits at once with its code.
 */
export function interruption(): Interruption {
  const controller = new AbortController()
  const onSignal = (name: 'SIGINT' | 'SIGTERM') => () => {
    if (controller.signal.aborted) process.exit(stopExitCode(name))
    controller.abort(name)
  }
  const onInt = onSignal('SIGINT')
  const onTerm = onSignal('SIGTERM')
  process.on('SIGINT', onInt)
  process.on('SIGTERM', onTerm)
  return {
    signal: controller.signal,
    get cause() {
      return controller.signal.aborted ? (controller.signal.reason as StopCause) : undefined
    },
    outputClosed() {
      if (!controller.signal.aborted) controller.abort('EPIPE')
    },
    dispose() {
      process.off('SIGINT', onInt)
      process.off('SIGTERM', onTerm)
    },
  }
}
