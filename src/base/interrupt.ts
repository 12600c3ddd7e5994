import { ExitCode, type ExitCodeValue } from '../core/errors.js'

/**
 * Why a command was asked to stop before its end: Ctrl-C, SIGTERM (what `timeout`, CI runners and
 * Kubernetes send), or the reader of stdout went away (EPIPE; Node ignores SIGPIPE, so a closed pipe
 * shows up as EPIPE on the next write).
 */
export type StopCause = 'SIGINT' | 'SIGTERM' | 'EPIPE'

type StopSignal = Exclude<StopCause, 'EPIPE'>

export interface Interruption {
  /** Aborted at the first stop; its `reason` is the StopCause. */
  readonly signal: AbortSignal
  /** What stopped the command, if anything did. */
  readonly cause: StopCause | undefined
  /** The reader of stdout went away: stop like after a signal (the exit code stays 0). */
  outputClosed(): void
  /** Removes the listeners; the base command calls it when the command ends, so nothing outlives it. */
  dispose(): void
}

export interface InterruptionOptions {
  /** The signals listened to (default both): a command that never handled SIGTERM keeps its default. */
  signals?: readonly StopSignal[]
  /** Called once, at the first stop, before the work sees it (a note for the person). */
  onStop?: (cause: StopCause) => void
  /**
   * Exit with the signal's code at the first signal instead of aborting the work: for work that has
   * nothing to settle and cannot stop halfway (starting brokers).
   */
  exitAtOnce?: boolean
}

/** The exit code after a stop: 130 for SIGINT, 143 for SIGTERM (as shells report them), 0 for EPIPE. */
export function stopExitCode(cause: StopCause | undefined): ExitCodeValue {
  if (cause === 'SIGINT') return ExitCode.interrupted
  if (cause === 'SIGTERM') return ExitCode.terminated
  return ExitCode.ok
}

/**
 * The one way a command handles SIGINT, SIGTERM and a closed stdout: the first aborts the returned
 * signal (the command stops, settles what is in flight, commits and reports); a second SIGINT or
 * SIGTERM exits at once with its code. Commands get one through KtkCommand.interruption(), which
 * removes the listeners when the command ends.
 */
export function interruption(options: InterruptionOptions = {}): Interruption {
  const controller = new AbortController()
  const stop = (cause: StopCause) => {
    if (controller.signal.aborted) return false
    options.onStop?.(cause)
    controller.abort(cause)
    return true
  }
  const listeners = (options.signals ?? ['SIGINT', 'SIGTERM']).map((name) => {
    const listener = () => {
      if (!stop(name) || options.exitAtOnce) process.exit(stopExitCode(name))
    }
    process.on(name, listener)
    return { name, listener }
  })
  return {
    signal: controller.signal,
    get cause() {
      return controller.signal.aborted ? (controller.signal.reason as StopCause) : undefined
    },
    outputClosed() {
      stop('EPIPE')
    },
    dispose() {
      for (const { name, listener } of listeners) process.off(name, listener)
    },
  }
}
