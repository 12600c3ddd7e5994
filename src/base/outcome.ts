import { ExitCode } from '../core/errors.js'

/**
 * How a command ended, besides its data: a command returns one (or throws a KtkError) and the base
 * command alone turns it into the exit code. `data` is what --json prints.
 */
export class Outcome<T> {
  constructor(
    readonly data: T,
    readonly exit: number,
  ) {}
}

/** The data with the exit code of how the command ended (ok unless given). */
export function outcome<T>(data: T, exit: number = ExitCode.ok): Outcome<T> {
  return new Outcome(data, exit)
}

/** Exit 3 when the check failed (drift, violations, a gate), 0 otherwise. */
export function checked<T>(data: T, failed: boolean): Outcome<T> {
  return new Outcome(data, failed ? ExitCode.checkFailed : ExitCode.ok)
}

/** The data of a result that may be an Outcome. */
export function outcomeData(result: unknown): unknown {
  return result instanceof Outcome ? result.data : result
}

/**
 * The only place ktk sets the process's exit code: the base command after a command's Outcome or
 * error, and the hook for an unknown command.
 */
export function setExitCode(exit: number): void {
  process.exitCode = exit
}
