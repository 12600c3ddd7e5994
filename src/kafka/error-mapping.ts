import type { Operation, ResourceType } from '../core/acl.js'
import { type ConnectionSettings, principalOf } from '../core/connection-settings.js'
import { type ErrorCode, KtkError, shortened } from '../core/errors.js'
import { markRefusal, type Refusal, refusalHint } from '../core/refusal.js'
import { MALFORMED } from './driver.js'
import { kafkaErrorType } from './error-codes.js'
import type { ItemError } from './protocol/api-keys.js'

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

/** The ACL operation each admin action needs, for "not authorized" messages. */
const OPERATION_OF_ACTION: Record<string, Operation> = {
  'create topic': 'CREATE',
  'delete topic': 'DELETE',
  'add partitions to': 'ALTER',
  'alter the configs of': 'ALTER_CONFIGS',
  'describe the configs of': 'DESCRIBE_CONFIGS',
  describe: 'DESCRIBE',
}

const RESOURCE_OF_TYPE: Record<string, ResourceType> = {
  TOPIC_AUTHORIZATION_FAILED: 'TOPIC',
  GROUP_AUTHORIZATION_FAILED: 'GROUP',
  CLUSTER_AUTHORIZATION_FAILED: 'CLUSTER',
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: 'TRANSACTIONAL_ID',
}

/** What the authorizer refused (core/refusal.ts). */
export type AuthorizationFailure = Refusal

/**
 * "User:alice is not authorized to CREATE topic "orders"" (exit 6), with the ktk acls command that
 * would grant it. Produce, consume and group commands use it for their own authorization errors.
 */
export function authorizationError(failure: AuthorizationFailure): KtkError {
  const resource =
    failure.resourceType === 'CLUSTER'
      ? 'the cluster'
      : `${failure.resourceType.toLowerCase().replace('_', ' ')} "${failure.resourceName}"`
  const who = failure.principal ? `${failure.principal} is not` : 'not'
  // The hint cannot know yet whether a DENY ACL is the cause (that takes a DescribeAcls, which the
  // command tries when it reports the error: services/refusal.ts); it says so.
  return markRefusal(
    new KtkError('AUTHORIZATION_FAILED', `${who} authorized to ${failure.operation} ${resource}`, {
      hints: [refusalHint(failure)],
    }),
    failure,
  )
}

/** The Kafka principal of a connection, where ktk can know it (a client certificate maps on the broker). */
export function principalName(settings: ConnectionSettings): string | undefined {
  const user = principalOf(settings.sasl)
  if (settings.sasl?.mechanism === 'OAUTHBEARER' && settings.sasl.token.kind === 'command') return undefined
  if (user) return `User:${user}`
  return settings.securityProtocol === 'PLAINTEXT' ? 'User:ANONYMOUS' : undefined
}

/** A per-item error from an admin response, as a KtkError with Kafka's own message where it sent one. */
export function itemError(item: ItemError, action: string, principal?: string): KtkError {
  const type = kafkaErrorType(item.errorCode)
  const resourceType = RESOURCE_OF_TYPE[type]
  if (resourceType) {
    return authorizationError({
      operation: OPERATION_OF_ACTION[action] ?? 'DESCRIBE',
      resourceType,
      resourceName: item.name,
      principal,
    })
  }
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

export function ensureNoItemErrors(items: readonly ItemError[], action: string, principal?: string): void {
  const failed = items.find((i) => i.errorCode !== 0)
  if (failed) throw itemError(failed, action, principal)
}

/**
 * Maps whatever kafkajs threw to the exit-code contract: unreachable brokers exit 7 naming the address,
 * authentication and TLS failures exit 6 with the reason, protocol errors by their Kafka type.
 * `address` is the broker the failing connection went to, when the caller knows it.
 */
export function toKtkError(error: unknown, settings: ConnectionSettings, address?: string): KtkError {
  if (error instanceof KtkError) return error
  const e = error as {
    name?: string
    message?: string
    type?: string
    broker?: string
    retriable?: boolean
    originalError?: unknown
  }
  const where = address ?? e?.broker ?? settings.bootstrapServers.join(',')
  switch (e?.name) {
    case 'KafkaJSNumberOfRetriesExceeded':
    case 'KafkaJSNonRetriableError':
      if (e.originalError) return toKtkError(e.originalError, settings, address)
      break
    case 'KafkaJSConnectionError':
    case 'KafkaJSConnectionClosedError':
    case 'KafkaJSNoBrokerAvailableError':
    case 'KafkaJSBrokerNotFound':
      return unreachable(where, settings, e.message ?? '')
    case 'KafkaJSRequestTimeoutError':
    case 'KafkaJSTimeout':
    case 'KafkaJSLockTimeout':
      return new KtkError('TIMEOUT', `no answer from ${where} within ${settings.timeoutMs} ms`, {
        hints: ['raise --timeout, or check that the broker is healthy'],
      })
    case 'KafkaJSSASLAuthenticationError':
      return authenticationFailed(e.message ?? '', settings, where)
  }
  if (e?.type) {
    const code = CODE_BY_TYPE[e.type] ?? 'UNEXPECTED'
    return new KtkError(code, `${e.type}: ${e.message ?? ''}`.trim(), { hints: hintsFor(e.type) })
  }
  const tls = tlsFailure(e?.message ?? '')
  if (tls) return tlsError(where, tls)
  return new KtkError('UNEXPECTED', e?.message ?? String(error), { cause: error })
}

/**
 * A response ktk could not decode: exit 1 (a protocol error), naming the broker and the request, in one
 * line (a decoder's RangeError carries no stack to the user).
 */
export function malformedResponse(what: string, where: string, error: unknown): KtkError {
  if (error instanceof KtkError) return error
  const reason = firstLine((error as Error)?.message ?? String(error))
  return new KtkError('UNEXPECTED', `${where} sent a malformed ${what} response: ${reason}`, {
    hints: [`check that ${where} is a Kafka broker's listener, of Apache Kafka 2.1 or newer`],
    cause: error,
  })
}

const firstLine = (text: string) => {
  const line = text.split('\n')[0]!.trim()
  return shortened(line, 200)
}

function authenticationFailed(message: string, settings: ConnectionSettings, where: string): KtkError {
  const sasl = settings.sasl
  const mechanism = sasl?.mechanism ?? 'SASL'
  const unsupported = /mechanism is not supported by the server/.exec(message)
  if (unsupported) {
    return new KtkError('AUTHENTICATION_FAILED', `the broker at ${where} does not accept SASL ${mechanism}`, {
      hints: ['choose a mechanism the listener enables (its sasl.enabled.mechanisms), e.g. SCRAM-SHA-512'],
    })
  }
  const who =
    sasl?.mechanism === 'OAUTHBEARER' && sasl.token.kind === 'command'
      ? 'the OAuth token'
      : `user ${principalOf(sasl) ?? '?'}`
  // kafkajs's message is "SASL <MECH> authentication failed: <what the broker said>".
  const brokerSays = message.replace(/^SASL [\w -]+ authentication failed: /, '').trim()
  return new KtkError(
    'AUTHENTICATION_FAILED',
    `authentication failed for ${who} (${mechanism}) at ${where}`,
    {
      hints: [
        ...(brokerSays ? [`the broker says: ${brokerSays}`] : []),
        sasl?.mechanism === 'OAUTHBEARER'
          ? 'check that the token is valid for this cluster (issuer, audience, expiry, scope)'
          : 'check the user name, the password and the SASL mechanism',
      ],
    },
  )
}

function unreachable(address: string, settings: ConnectionSettings, message: string): KtkError {
  const tls = tlsFailure(message)
  if (tls) return tlsError(address, tls)
  const reason = describeConnectionFailure(message)
  const closed = /closed connection/i.test(message)
  if (message.includes(MALFORMED)) {
    return new KtkError('BROKER_UNREACHABLE', `cannot reach a broker at ${address}: ${reason}`, {
      hints: [
        /expect TLS/.test(message)
          ? 'set the security protocol to SSL or SASL_SSL (ktk context add, or security.protocol in --command-config)'
          : `check that ${address} is a Kafka broker's listener`,
      ],
    })
  }
  return new KtkError('BROKER_UNREACHABLE', `cannot reach a broker at ${address}: ${reason}`, {
    hints: [
      closed
        ? `the broker hung up on ktk's ${settings.securityProtocol} connection: if the listener expects TLS or SASL, set the security protocol (ktk context add, or security.protocol in --command-config)`
        : settings.source === 'local cluster'
          ? 'start the local cluster with: ktk local start'
          : `check the address (it came from the ${settings.source}) and that the broker is running`,
    ],
  })
}

function tlsError(address: string, failure: TlsFailure): KtkError {
  return new KtkError('TLS_FAILED', `TLS handshake with ${address} failed: ${failure.reason}`, {
    hints: failure.hint ? [failure.hint] : [],
  })
}

function describeConnectionFailure(message: string): string {
  if (/ECONNREFUSED/.test(message)) return 'connection refused'
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return 'host name not found'
  if (/EHOSTUNREACH|ENETUNREACH/.test(message)) return 'host unreachable'
  if (/timeout/i.test(message)) return 'connection timed out'
  if (/closed connection/i.test(message)) return 'the broker closed the connection'
  return message.replace(/^Connection error: /, '').replace(/^Failed to connect: /, '')
}

interface TlsFailure {
  reason: string
  hint?: string
}

const TRUST_HINT =
  "trust the cluster's CA: --ca-file on ktk context add, or ssl.truststore.location (PEM) in --command-config"

/** Node's and OpenSSL's TLS failures, in words, each with what to change. */
const TLS_REASONS: [RegExp, (m: RegExpExecArray) => TlsFailure][] = [
  [
    /self[- ]signed certificate in certificate chain|SELF_SIGNED_CERT_IN_CHAIN/i,
    () => ({ reason: "the broker's certificate chain ends in a CA that is not trusted", hint: TRUST_HINT }),
  ],
  [
    /self[- ]signed certificate|DEPTH_ZERO_SELF_SIGNED_CERT/i,
    () => ({ reason: "the broker's certificate is self-signed and not trusted", hint: TRUST_HINT }),
  ],
  [
    /unable to (get local issuer|verify the first) certificate|UNABLE_TO_GET_ISSUER_CERT/i,
    () => ({ reason: "the broker's certificate is not signed by a trusted CA", hint: TRUST_HINT }),
  ],
  [
    /Hostname\/IP does not match certificate's altnames: (?:Host: (\S+?)\.? is not in the cert's altnames|IP: (\S+) is not in the cert's list): (.*)/i,
    (m) => ({
      reason: `the broker's certificate is for ${m[3]!.trim()}, not ${m[1] ?? m[2]}`,
      hint: 'connect by a name the certificate carries, or give the expected name: --tls-server-name on ktk context add',
    }),
  ],
  [
    /Hostname\/IP does not match|ERR_TLS_CERT_ALTNAME_INVALID/i,
    () => ({ reason: "the broker's certificate does not name the host connected to" }),
  ],
  [/certificate has expired|CERT_HAS_EXPIRED/i, () => ({ reason: "the broker's certificate has expired" })],
  [
    /certificate is not yet valid|CERT_NOT_YET_VALID/i,
    () => ({ reason: "the broker's certificate is not valid yet" }),
  ],
  [
    /alert (bad certificate|certificate required|unknown ca)|alert number (42|45|46|48|116)\b/i,
    () => ({
      reason: 'the broker refused the client certificate',
      hint: 'this listener wants a client certificate it trusts: --cert-file/--key-file or --keystore-file on ktk context add',
    }),
  ],
  [
    /wrong version number|packet length too long|disconnected before secure TLS connection/i,
    () => ({
      reason: 'the listener does not speak TLS',
      hint: 'is it a PLAINTEXT or SASL_PLAINTEXT port? Use the TLS listener, or security protocol PLAINTEXT/SASL_PLAINTEXT',
    }),
  ],
  [
    /bad decrypt|mac verify failure|unsupported pkcs12|Unsupported PKCS12/i,
    () => ({
      reason: 'the client key or keystore cannot be opened',
      hint: 'check the key or keystore password',
    }),
  ],
]

function tlsFailure(message: string): TlsFailure | undefined {
  for (const [re, describe] of TLS_REASONS) {
    const m = re.exec(message)
    if (m) return describe(m)
  }
  return undefined
}

/**
 * What a records or groups request needed of each resource it touched, so that a refusal names the
 * operation the command needs (READ a group to consume, WRITE a topic to produce) and the principal.
 */
export interface Access {
  principal?: string
  topic?: { name: string; operation: Operation }
  group?: { name: string; operation: Operation }
  transactionalId?: { name: string; operation: Operation }
}

/** The authorization error for a refused request, or null when the code is not an authorization failure. */
export function deniedError(code: number, access: Access): KtkError | null {
  const resourceType = RESOURCE_OF_TYPE[kafkaErrorType(code)]
  const needed =
    resourceType === 'TOPIC'
      ? access.topic
      : resourceType === 'GROUP'
        ? access.group
        : resourceType === 'TRANSACTIONAL_ID'
          ? access.transactionalId
          : undefined
  if (!resourceType || !needed) return null
  return authorizationError({
    operation: needed.operation,
    resourceType,
    resourceName: needed.name,
    principal: access.principal,
  })
}

/**
 * A per-partition (or per-request) error code as a KtkError: "what: reason". With `access`, an
 * authorization failure becomes "User:alice is not authorized to READ group "g"" (exit 6) instead.
 */
export function partitionError(
  code: number,
  what: string,
  brokerSays?: string | null,
  access?: Access,
): KtkError {
  const denied = access ? deniedError(code, access) : null
  if (denied) return denied
  const type = kafkaErrorType(code)
  const known = CODE_BY_TYPE[type] ?? 'UNEXPECTED'
  return new KtkError(known, `${what}: ${brokerSays?.trim() ? brokerSays.trim() : type}`, {
    hints: hintsFor(type),
  })
}
