import type { ConnectionSettings } from '../core/connection.js'
import { type ErrorCode, KtkError } from '../core/errors.js'
import { kafkajs } from './driver.js'
import type { ItemError } from './protocol/api-keys.js'

/** Kafka's error name for a protocol error code (TOPIC_ALREADY_EXISTS, …). */
export function kafkaErrorType(code: number): string {
  return kafkajs().errorCodes.errorCodes.find((e) => e.code === code)?.type ?? `ERROR_${code}`
}

const CODE_BY_TYPE: Record<string, ErrorCode> = {
  TOPIC_ALREADY_EXISTS: 'TOPIC_EXISTS',
  UNKNOWN_TOPIC_OR_PARTITION: 'TOPIC_NOT_FOUND',
  UNKNOWN_TOPIC_ID: 'TOPIC_NOT_FOUND',
  INVALID_PARTITIONS: 'INVALID_PARTITIONS',
  INVALID_REPLICATION_FACTOR: 'INVALID_REPLICATION_FACTOR',
  INVALID_REPLICA_ASSIGNMENT: 'USAGE',
  INVALID_CONFIG: 'INVALID_CONFIG',
  INVALID_TOPIC_EXCEPTION: 'INVALID_TOPIC_NAME',
  POLICY_VIOLATION: 'USAGE',
  INVALID_REQUEST: 'USAGE',
  TOPIC_AUTHORIZATION_FAILED: 'AUTHORIZATION_FAILED',
  CLUSTER_AUTHORIZATION_FAILED: 'AUTHORIZATION_FAILED',
  GROUP_AUTHORIZATION_FAILED: 'AUTHORIZATION_FAILED',
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: 'AUTHORIZATION_FAILED',
  SASL_AUTHENTICATION_FAILED: 'AUTHENTICATION_FAILED',
  TOPIC_DELETION_DISABLED: 'CONFLICT',
  REQUEST_TIMED_OUT: 'TIMEOUT',
}

/** A per-item error from an admin response, as a KtkError with Kafka's own message where it sent one. */
export function itemError(item: ItemError, action: string): KtkError {
  const type = kafkaErrorType(item.errorCode)
  const code = CODE_BY_TYPE[type] ?? 'UNEXPECTED'
  const brokerSays = item.errorMessage?.trim()
  const message = `cannot ${action} "${item.name}": ${brokerSays && brokerSays.length > 0 ? brokerSays : type}`
  return new KtkError(code, message, { hints: hintsFor(type) })
}

function hintsFor(type: string): string[] {
  switch (type) {
    case 'TOPIC_ALREADY_EXISTS':
      return ['use --if-not-exists to treat an existing topic as success']
    case 'INVALID_REPLICATION_FACTOR':
      return ['the replication factor cannot exceed the number of live brokers (see ktk cluster describe)']
    case 'TOPIC_AUTHORIZATION_FAILED':
    case 'CLUSTER_AUTHORIZATION_FAILED':
      return ['ask an administrator for the ACL, or connect as a principal that has it']
    default:
      return []
  }
}

export function ensureNoItemErrors(items: readonly ItemError[], action: string): void {
  const failed = items.find((i) => i.errorCode !== 0)
  if (failed) throw itemError(failed, action)
}

/**
 * Maps whatever kafkajs threw to the exit-code contract: unreachable brokers exit 7 naming the address,
 * authentication failures exit 6, protocol errors by their Kafka type.
 */
export function toKtkError(error: unknown, settings: ConnectionSettings): KtkError {
  if (error instanceof KtkError) return error
  const e = error as {
    name?: string
    message?: string
    type?: string
    broker?: string
    retriable?: boolean
    originalError?: unknown
  }
  const where = settings.bootstrapServers.join(',')
  switch (e?.name) {
    case 'KafkaJSNumberOfRetriesExceeded':
      return toKtkError(e.originalError ?? new Error(e.message), settings)
    case 'KafkaJSConnectionError':
    case 'KafkaJSConnectionClosedError':
    case 'KafkaJSNoBrokerAvailableError':
    case 'KafkaJSBrokerNotFound':
      return unreachable(e.broker ?? where, settings, describeConnectionFailure(e.message ?? ''))
    case 'KafkaJSRequestTimeoutError':
    case 'KafkaJSTimeout':
    case 'KafkaJSLockTimeout':
      return new KtkError('TIMEOUT', `no answer from ${e.broker ?? where} within ${settings.timeoutMs} ms`, {
        hints: ['raise --timeout, or check that the broker is healthy'],
      })
    case 'KafkaJSSASLAuthenticationError':
      return new KtkError(
        'AUTHENTICATION_FAILED',
        `authentication failed for user ${settings.sasl?.username ?? '?'} (${settings.sasl?.mechanism ?? 'SASL'}) at ${where}`,
        { hints: ['check the username, password and sasl.mechanism'] },
      )
  }
  if (e?.type) {
    const code = CODE_BY_TYPE[e.type] ?? 'UNEXPECTED'
    return new KtkError(code, `${e.type}: ${e.message ?? ''}`.trim(), { hints: hintsFor(e.type) })
  }
  const tls = tlsFailure(e?.message ?? '')
  if (tls)
    return new KtkError('BROKER_UNREACHABLE', `TLS handshake with ${where} failed: ${tls}`, { exit: 6 })
  return new KtkError('UNEXPECTED', e?.message ?? String(error), { cause: error })
}

function unreachable(address: string, settings: ConnectionSettings, reason: string): KtkError {
  const tls = tlsFailure(reason)
  if (tls) return new KtkError('AUTHENTICATION_FAILED', `TLS handshake with ${address} failed: ${tls}`)
  return new KtkError('BROKER_UNREACHABLE', `cannot reach a broker at ${address}: ${reason}`, {
    hints: [
      settings.source === 'local cluster'
        ? 'start the local cluster with: ktk local start'
        : `check the address (it came from the ${settings.source}) and that the broker is running`,
    ],
  })
}

function describeConnectionFailure(message: string): string {
  if (/ECONNREFUSED/.test(message)) return 'connection refused'
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return 'host name not found'
  if (/EHOSTUNREACH|ENETUNREACH/.test(message)) return 'host unreachable'
  if (/timeout/i.test(message)) return 'connection timed out'
  return message.replace(/^Connection error: /, '').replace(/^Failed to connect: /, '')
}

const TLS_REASONS: [RegExp, string][] = [
  [
    /self[- ]signed certificate/i,
    'the broker certificate is self-signed and not trusted (set ssl.truststore.location to its CA)',
  ],
  [
    /unable to (get local issuer|verify the first) certificate/i,
    'the broker certificate is not signed by a trusted CA',
  ],
  [
    /Hostname\/IP does not match|ERR_TLS_CERT_ALTNAME_INVALID/i,
    'the broker certificate does not match the host name',
  ],
  [/certificate has expired|CERT_HAS_EXPIRED/i, 'the broker certificate has expired'],
  [
    /wrong version number|packet length too long/i,
    'the listener does not speak TLS (is it a PLAINTEXT port?)',
  ],
]

function tlsFailure(message: string): string | undefined {
  return TLS_REASONS.find(([re]) => re.test(message))?.[1]
}

/** True for a Kafka error code the client should retry (kafkajs's table, from Kafka's own). */
export function isRetriableCode(code: number): boolean {
  return kafkajs().errorCodes.errorCodes.find((e) => e.code === code)?.retriable === true
}

/** A per-partition error code of a produce, fetch or group response, as a KtkError. */
export function partitionError(code: number, what: string, brokerSays?: string | null): KtkError {
  const type = kafkaErrorType(code)
  const known = CODE_BY_TYPE[type] ?? 'UNEXPECTED'
  return new KtkError(known, `${what}: ${brokerSays?.trim() ? brokerSays.trim() : type}`, {
    hints: hintsFor(type),
  })
}
