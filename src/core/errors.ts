/**
 * The exit-code contract (README, "Exit codes"). Every failure a user can meet is a KtkError with one of these
 * codes; anything else is a bug and exits 1.
 */
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  checkFailed: 3,
  notFound: 4,
  conflict: 5,
  auth: 6,
  unreachable: 7,
  interrupted: 130,
  /** SIGTERM (`timeout`, CI runners, Kubernetes): reported like Ctrl-C, 128 + 15 as shells report it. */
  terminated: 143,
} as const

export type ExitCodeName = keyof typeof ExitCode
export type ExitCodeValue = (typeof ExitCode)[ExitCodeName]

/** Machine-readable error codes used in `--json` error documents. */
export type ErrorCode =
  | 'UNEXPECTED'
  | 'USAGE'
  | 'INVALID_TOPIC_NAME'
  | 'INVALID_CONFIG'
  | 'INVALID_PARTITIONS'
  | 'INVALID_REPLICATION_FACTOR'
  | 'CHECK_FAILED'
  | 'TOPIC_NOT_FOUND'
  | 'GROUP_NOT_FOUND'
  | 'NOT_FOUND'
  | 'TOPIC_EXISTS'
  | 'CONFLICT'
  | 'PARTITION_DECREASE'
  | 'GROUP_NOT_EMPTY'
  | 'AUTHENTICATION_FAILED'
  | 'AUTHORIZATION_FAILED'
  | 'TLS_FAILED'
  | 'BROKER_UNREACHABLE'
  | 'TIMEOUT'
  | 'UNSUPPORTED_VERSION'
  | 'INTERRUPTED'
  | 'TERMINATED'
  | 'LOCAL_CLUSTER'
  | 'NOT_ACKNOWLEDGED'
  | 'INVALID_POLICY'
  | 'INVALID_SPEC'
  | 'NAMING_VIOLATION'

const exitForCode: Record<ErrorCode, ExitCodeValue> = {
  UNEXPECTED: ExitCode.unexpected,
  USAGE: ExitCode.usage,
  INVALID_TOPIC_NAME: ExitCode.usage,
  INVALID_CONFIG: ExitCode.usage,
  INVALID_PARTITIONS: ExitCode.usage,
  INVALID_REPLICATION_FACTOR: ExitCode.usage,
  CHECK_FAILED: ExitCode.checkFailed,
  TOPIC_NOT_FOUND: ExitCode.notFound,
  GROUP_NOT_FOUND: ExitCode.notFound,
  NOT_FOUND: ExitCode.notFound,
  TOPIC_EXISTS: ExitCode.conflict,
  CONFLICT: ExitCode.conflict,
  PARTITION_DECREASE: ExitCode.conflict,
  GROUP_NOT_EMPTY: ExitCode.conflict,
  AUTHENTICATION_FAILED: ExitCode.auth,
  AUTHORIZATION_FAILED: ExitCode.auth,
  TLS_FAILED: ExitCode.auth,
  BROKER_UNREACHABLE: ExitCode.unreachable,
  TIMEOUT: ExitCode.unreachable,
  // The broker is too old for what was asked: the request cannot be served there (not a ktk bug).
  UNSUPPORTED_VERSION: ExitCode.usage,
  INTERRUPTED: ExitCode.interrupted,
  TERMINATED: ExitCode.terminated,
  LOCAL_CLUSTER: ExitCode.unexpected,
  NOT_ACKNOWLEDGED: ExitCode.unexpected,
  INVALID_POLICY: ExitCode.usage,
  INVALID_SPEC: ExitCode.usage,
  NAMING_VIOLATION: ExitCode.usage,
}

/**
 * The exit code for per-item failures (a group, a partition), named by Kafka's error names or ktk's
 * codes: a refusal by the authorizer wins (6), then a conflict such as active members (5), then not
 * found (4), then an unreachable coordinator (7), else 1.
 */
export function exitForFailures(codes: readonly string[]): ExitCodeValue {
  const any = (...names: string[]) => codes.some((c) => names.includes(c))
  if (codes.some(isAuthorizationCode)) return ExitCode.auth
  if (any('NON_EMPTY_GROUP', 'GROUP_SUBSCRIBED_TO_TOPIC', 'GROUP_NOT_EMPTY', 'CONFLICT'))
    return ExitCode.conflict
  if (any('GROUP_ID_NOT_FOUND', 'UNKNOWN_TOPIC_OR_PARTITION', 'GROUP_NOT_FOUND', 'TOPIC_NOT_FOUND'))
    return ExitCode.notFound
  if (any('TIMEOUT', 'BROKER_UNREACHABLE')) return ExitCode.unreachable
  return ExitCode.unexpected
}

export interface KtkErrorOptions {
  hints?: string[]
  /** Overrides the exit code implied by the error code (e.g. a local-cluster error that is really usage). */
  exit?: ExitCodeValue
  cause?: unknown
  /** Extra lines shown after the message on a terminal (e.g. the tail of a broker log). */
  details?: string[]
}

export class KtkError extends Error {
  readonly code: ErrorCode
  readonly exit: ExitCodeValue
  readonly hints: string[]
  readonly details: string[]

  constructor(code: ErrorCode, message: string, options: KtkErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'KtkError'
    this.code = code
    this.exit = options.exit ?? exitForCode[code]
    this.hints = options.hints ?? []
    this.details = options.details ?? []
  }
}

/** A refusal by the authorizer: ktk's AUTHORIZATION_FAILED or Kafka's TOPIC_, GROUP_, CLUSTER_… AUTHORIZATION_FAILED. */
export const isAuthorizationCode = (code: string) => code.endsWith('AUTHORIZATION_FAILED')

/**
 * A per-item failure (a group, a partition; named by a Kafka error name or a ktk code) as the error a
 * command ends with: a refusal is AUTHORIZATION_FAILED, and the exit code follows exitForFailures.
 */
export function failureError(failure: {
  code: string
  message: string
  hints?: readonly string[]
}): KtkError {
  const code = isAuthorizationCode(failure.code) ? 'AUTHORIZATION_FAILED' : (failure.code as ErrorCode)
  return new KtkError(code, failure.message, {
    hints: [...(failure.hints ?? [])],
    exit: exitForFailures([failure.code]),
  })
}

/** The same error with one more hint. */
export function withHint(error: KtkError, hint: string): KtkError {
  return new KtkError(error.code, error.message, {
    hints: [...error.hints, hint],
    exit: error.exit,
    details: error.details,
    cause: error,
  })
}

/**
 * A refusal met on the way (describing a group before changing it), with a hint naming everything the
 * command needs, so one round with an administrator is enough. Other errors pass unchanged.
 */
export const withNeeds = (error: KtkError, needs: string): KtkError =>
  error.code === 'AUTHORIZATION_FAILED' ? withHint(error, needs) : error

export const usageError = (message: string, hints?: string[]) => new KtkError('USAGE', message, { hints })

export function isKtkError(error: unknown): error is KtkError {
  return error instanceof KtkError
}

/** How much of a user's input an error message echoes: enough to recognise it, never a 100 KB line. */
export const ECHO_LIMIT = 80

/**
 * User input as an error message quotes it: cut to ECHO_LIMIT characters (then "…"), control characters
 * escaped so the message stays one line.
 */
export function quoted(input: string, limit = ECHO_LIMIT): string {
  return `"${shortened(input, limit).replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1))}"`
}

/** Text cut to `limit` characters, then "…": what errors echo of input, paths and broker messages. */
export function shortened(text: string, limit = ECHO_LIMIT): string {
  const chars = [...text]
  return chars.length > limit ? `${chars.slice(0, limit).join('')}…` : text
}

/** A flag or argument given as an empty string: an error, never a fallback to a default or another source. */
export const emptyValueError = (what: string) =>
  new KtkError('USAGE', `${what} is empty`, { hints: [`give ${what} a value, or leave it out`] })

export const LIST_GROUPS_HINT = 'list groups with: ktk groups list'
export const LIST_TOPICS_HINT = 'list topics with: ktk topics list'

/** Named consumer groups that do not exist (exit 4): `consumer group "a", "b" does not exist`. */
export function groupNotFound(groupIds: readonly string[], hints: readonly string[] = [LIST_GROUPS_HINT]) {
  const names = groupIds.map((g) => `"${g}"`).join(', ')
  return new KtkError('GROUP_NOT_FOUND', `consumer group ${names} does not exist`, { hints: [...hints] })
}

/** Named topics that do not exist (exit 4): `topic "a", "b" does not exist`. */
export function topicNotFound(topics: readonly string[], hints: readonly string[] = [LIST_TOPICS_HINT]) {
  const names = topics.map((t) => `"${t}"`).join(', ')
  return new KtkError('TOPIC_NOT_FOUND', `topic ${names} does not exist`, { hints: [...hints] })
}
