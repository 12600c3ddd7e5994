/**
 * Retries of requests that failed for a passing reason, as Kafka's Java client does: a leader or
 * coordinator that moved, a leader election, a broker-side timeout, a connection lost mid-request. Bounded
 * (attempts, exponential backoff, the caller's deadline), with a hook to look the cluster up again before
 * the next attempt, and the exact Kafka error name when the attempts run out.
 */
import { KtkError } from '../core/errors.js'
import { Err, kafkaErrorType } from './error-codes.js'

/** The Kafka error codes worth another attempt (after a metadata refresh where the hook does one). */
export const RETRIABLE_CODES: ReadonlySet<number> = new Set([
  Err.leaderNotAvailable,
  Err.notLeaderOrFollower,
  7, // REQUEST_TIMED_OUT
  Err.coordinatorLoadInProgress,
  Err.coordinatorNotAvailable,
  Err.notCoordinator,
  41, // NOT_CONTROLLER: the controller moved (ZooKeeper mode), ask the new one
])

/** An answer carrying a retriable error code: thrown by a step so that withRetries tries again. */
export class RetriableAnswer extends Error {
  constructor(
    readonly errorCode: number,
    readonly brokerSays: string | null = null,
  ) {
    super(kafkaErrorType(errorCode))
    this.name = 'RetriableAnswer'
  }
}

/** Errors that mean the connection was lost with the request in flight (marked by the session). */
const lost = new WeakSet<object>()

export function markLostInFlight<E>(error: E): E {
  if (typeof error === 'object' && error !== null) lost.add(error)
  return error
}

export const isLostInFlight = (error: unknown) =>
  typeof error === 'object' && error !== null && lost.has(error)

export interface RetryOptions {
  /** What is being done, for the error when the attempts run out ("ListOffsets", "create topic \"t\""). */
  what: string
  /** At most this many attempts in all (default 5). */
  attempts?: number
  /** The first wait between attempts, doubled each time up to maxBackoffMs (defaults 100 and 1000). */
  backoffMs?: number
  maxBackoffMs?: number
  /** No attempt starts after this time (epoch ms): the command's deadline. */
  deadlineAt?: number
  /** Before the next attempt: look up leaders, coordinators or the controller again. */
  refresh?: (error: unknown) => unknown
  sleep?: (ms: number) => Promise<void>
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Runs `step` until it succeeds, fails for good, or the attempts (or the deadline) run out. */
export async function withRetries<T>(
  step: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 5)
  const sleep = options.sleep ?? pause
  let backoff = options.backoffMs ?? 100
  for (let attempt = 1; ; attempt++) {
    try {
      return await step(attempt)
    } catch (error) {
      const retriable = error instanceof RetriableAnswer || isLostInFlight(error)
      if (!retriable) throw error
      const late = options.deadlineAt !== undefined && Date.now() + backoff >= options.deadlineAt
      if (attempt >= attempts || late) throw exhausted(error, options.what, attempt)
      await options.refresh?.(error)
      await sleep(backoff)
      backoff = Math.min(backoff * 2, options.maxBackoffMs ?? 1000)
    }
  }
}

/** The attempts ran out on a retriable error code, named as Kafka names it. */
export class RetriesExhausted extends KtkError {
  constructor(
    readonly errorCode: number,
    what: string,
    attempts: number,
    brokerSays: string | null,
  ) {
    const name = kafkaErrorType(errorCode)
    const said = brokerSays?.trim()
    super(
      name === 'REQUEST_TIMED_OUT' ? 'TIMEOUT' : 'UNEXPECTED',
      `${what} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${name}${said ? ` (${said})` : ''}`,
      { hints: ['the cluster may be electing leaders or moving partitions: try again, or check its health'] },
    )
  }
}

function exhausted(error: unknown, what: string, attempts: number): unknown {
  // A lost connection: its own error names the broker.
  if (!(error instanceof RetriableAnswer)) return error
  return new RetriesExhausted(error.errorCode, what, attempts, error.brokerSays)
}
