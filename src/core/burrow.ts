/**
 * Burrow's consumer lag evaluation rules (linkedin/Burrow, evaluator "caching"), applied to a short
 * window of samples that ktk takes itself instead of Burrow's stream of offset commits.
 *
 * Burrow keeps, per partition, the last few commits (offset, commit time, lag) and decides:
 *   - current lag 0                                  -> OK
 *   - STOP   the consumer stopped committing: the time since the last commit exceeds the span of the
 *            window (unless the log end was at or below the last commit recently: new data just came)
 *   - then, only if the lag was never 0 in the window:
 *   - REWIND the committed offset went backwards
 *   - STALL  the offset did not move at all while there was lag
 *   - WARN   the offset moves but the lag never went down between two samples
 *   - OK     otherwise
 * A group's status is its worst partition's, capped at ERR (STOP, STALL and REWIND are errors).
 *
 * ktk has no commit times, only what it samples, so STOP and STALL are told apart by membership: an
 * offset that does not move while no member owns the partition (the group is empty, or the partition
 * is unassigned) is STOP; one that does not move while a member owns it is STALL.
 */

export type PartitionStatus = 'OK' | 'WARN' | 'STOP' | 'STALL' | 'REWIND'
export type GroupStatus = 'OK' | 'WARN' | 'ERR'

/** Burrow's severity order (StatusConstant): OK < WARN < STOP < STALL < REWIND. */
const SEVERITY: Record<PartitionStatus, number> = { OK: 1, WARN: 2, STOP: 4, STALL: 5, REWIND: 6 }

export interface LagSample {
  /** When the sample was taken (ms). */
  at: number
  /** The committed offset; null when the group had none. */
  offset: number | null
  /** The log end offset; null when unknown. */
  logEnd: number | null
  /** logEnd - offset; null when either is unknown. */
  lag: number | null
  /** Whether a member owned the partition at that moment. */
  owned: boolean
}

export interface PartitionVerdict {
  status: PartitionStatus
  /** Which rule decided, in words. */
  reason: string
  /** Samples with a committed offset / samples taken (Burrow's "complete"). */
  complete: number
}

/** The verdict for one partition from its samples, oldest first. */
export function evaluatePartition(samples: readonly LagSample[]): PartitionVerdict {
  const window = samples.filter((s) => s.offset !== null && s.lag !== null) as (LagSample & {
    offset: number
    lag: number
  })[]
  const complete = samples.length === 0 ? 0 : window.length / samples.length
  if (window.length === 0) return { status: 'OK', reason: 'no committed offset to evaluate', complete }
  const last = window[window.length - 1]!
  if (last.lag <= 0) return { status: 'OK', reason: 'no lag now', complete }

  const unmoved = window.every((s) => s.offset === window[0]!.offset)
  // Burrow's checkIfRecentLagZero: the log end was at or below the last commit in the window.
  const recentlyCaughtUp = samples.some((s) => s.logEnd !== null && s.logEnd <= last.offset)
  if (unmoved && !last.owned && !recentlyCaughtUp && window.length > 1) {
    return { status: 'STOP', reason: 'no member owns the partition and its offset did not move', complete }
  }
  if (window.some((s) => s.lag === 0))
    return { status: 'OK', reason: 'lag was 0 within the window', complete }
  for (let i = 1; i < window.length; i++) {
    if (window[i]!.offset < window[i - 1]!.offset) {
      return {
        status: 'REWIND',
        reason: `offset went back from ${window[i - 1]!.offset} to ${window[i]!.offset}`,
        complete,
      }
    }
  }
  if (unmoved && window.length > 1) {
    return {
      status: 'STALL',
      reason: `a member owns it but the offset stayed at ${last.offset} with lag`,
      complete,
    }
  }
  let decreased = false
  for (let i = 1; i < window.length; i++) if (window[i]!.lag < window[i - 1]!.lag) decreased = true
  if (!decreased && window.length > 1) {
    return { status: 'WARN', reason: 'the offset moves but the lag never went down', complete }
  }
  return { status: 'OK', reason: window.length > 1 ? 'the lag is going down' : 'a single sample', complete }
}

export function worstStatus(statuses: readonly PartitionStatus[]): PartitionStatus {
  return statuses.reduce<PartitionStatus>((worst, s) => (SEVERITY[s] > SEVERITY[worst] ? s : worst), 'OK')
}

/** Burrow's group status: the worst partition status, with STOP, STALL and REWIND as ERR. */
export function groupStatus(statuses: readonly PartitionStatus[]): GroupStatus {
  const worst = worstStatus(statuses)
  return worst === 'OK' ? 'OK' : worst === 'WARN' ? 'WARN' : 'ERR'
}
