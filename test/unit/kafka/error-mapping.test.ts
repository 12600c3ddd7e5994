import { describe, expect, it } from 'vitest'
import type { ConnectionSettings } from '../../../src/core/connection-settings.js'
import {
  authorizationError,
  deniedError,
  itemError,
  malformedResponse,
  partitionError,
  principalName,
  toKtkError,
} from '../../../src/kafka/error-mapping.js'

const settings = (over: Partial<ConnectionSettings> = {}): ConnectionSettings => ({
  bootstrapServers: ['k1:9093', 'k2:9093'],
  source: 'context',
  clientId: 'ktk',
  timeoutMs: 5000,
  securityProtocol: 'SASL_SSL',
  sasl: { mechanism: 'SCRAM-SHA-512', username: 'alice', password: 'alice-secret' },
  ...over,
})
const kafkajsError = (name: string, message: string, extra: object = {}) =>
  Object.assign(new Error(message), { name, ...extra })

describe('toKtkError: authentication', () => {
  it('a wrong password: exit 6, user, mechanism and the broker the connection went to; never the password', () => {
    const error = toKtkError(
      kafkajsError(
        'KafkaJSSASLAuthenticationError',
        'SASL SCRAM-SHA-512 authentication failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512',
      ),
      settings(),
      'k2:9093',
    )
    expect(error.exit).toBe(6)
    expect(error.code).toBe('AUTHENTICATION_FAILED')
    expect(error.message).toBe('authentication failed for user alice (SCRAM-SHA-512) at k2:9093')
    expect(error.hints[0]).toContain('invalid credentials')
    expect(JSON.stringify(error)).not.toContain('alice-secret')
  })

  it('a mechanism the listener does not enable', () => {
    const error = toKtkError(
      kafkajsError(
        'KafkaJSSASLAuthenticationError',
        'SASL SCRAM-SHA-512 mechanism is not supported by the server',
      ),
      settings(),
      'k1:9093',
    )
    expect(error.exit).toBe(6)
    expect(error.message).toBe('the broker at k1:9093 does not accept SASL SCRAM-SHA-512')
  })

  it('wrapped in retries, the cause is what counts', () => {
    const inner = kafkajsError(
      'KafkaJSSASLAuthenticationError',
      'SASL PLAIN authentication failed: Invalid username or password',
    )
    const error = toKtkError(
      kafkajsError('KafkaJSNumberOfRetriesExceeded', 'x', { originalError: inner }),
      settings({ sasl: { mechanism: 'PLAIN', username: 'bob', password: 'p' } }),
      'k1:9093',
    )
    expect(error.message).toBe('authentication failed for user bob (PLAIN) at k1:9093')
  })
})

describe('toKtkError: TLS failures name the reason (exit 6)', () => {
  it.each([
    [
      'Connection error: self-signed certificate in certificate chain',
      'chain ends in a CA that is not trusted',
    ],
    ['Connection error: self-signed certificate', 'self-signed and not trusted'],
    ['Connection error: unable to get local issuer certificate', 'not signed by a trusted CA'],
    [
      "Connection error: Hostname/IP does not match certificate's altnames: Host: kafka.example. is not in the cert's altnames: DNS:localhost, IP Address:127.0.0.1",
      'certificate is for DNS:localhost, IP Address:127.0.0.1, not kafka.example',
    ],
    [
      "Connection error: Hostname/IP does not match certificate's altnames: IP: 10.1.1.1 is not in the cert's list: 127.0.0.1",
      'certificate is for 127.0.0.1, not 10.1.1.1',
    ],
    ['Connection error: certificate has expired', 'expired'],
    [
      'Connection error: 80:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:../rec_layer_s3.c:1601:SSL alert number 42',
      'refused the client certificate',
    ],
    [
      'Connection error: Client network socket disconnected before secure TLS connection was established',
      'does not speak TLS',
    ],
  ])('%s', (message, reason) => {
    const error = toKtkError(kafkajsError('KafkaJSConnectionError', message), settings(), 'k1:9093')
    expect(error.code).toBe('TLS_FAILED')
    expect(error.exit).toBe(6)
    expect(error.message).toContain('TLS handshake with k1:9093 failed')
    expect(error.message).toContain(reason)
  })

  it('a closed connection is unreachable (exit 7) with a hint about the security protocol', () => {
    const error = toKtkError(
      kafkajsError('KafkaJSConnectionClosedError', 'Closed connection'),
      settings({ securityProtocol: 'PLAINTEXT', sasl: undefined }),
      'k1:9093',
    )
    expect(error.exit).toBe(7)
    expect(error.hints[0]).toContain('security protocol')
  })
})

describe('authorization errors name the operation and the resource (exit 6)', () => {
  it('from an admin item error', () => {
    const error = itemError(
      { name: 'orders', errorCode: 29, errorMessage: null },
      'create topic',
      'User:alice',
    )
    expect(error.exit).toBe(6)
    expect(error.message).toBe('User:alice is not authorized to CREATE topic "orders"')
    expect(error.hints[0]).toContain(
      'ktk acls create --allow-principal User:alice --operation Create --topic orders',
    )
  })

  it('for the cluster and for a group', () => {
    expect(
      authorizationError({ operation: 'ALTER', resourceType: 'CLUSTER', resourceName: 'kafka-cluster' })
        .message,
    ).toBe('not authorized to ALTER the cluster')
    expect(
      authorizationError({
        operation: 'READ',
        resourceType: 'GROUP',
        resourceName: 'billing',
        principal: 'User:bob',
      }).message,
    ).toBe('User:bob is not authorized to READ group "billing"')
  })

  it('principalName: SASL user, unsecured OAuth subject, ANONYMOUS on PLAINTEXT, unknown for certificates', () => {
    expect(principalName(settings())).toBe('User:alice')
    expect(
      principalName(
        settings({
          sasl: {
            mechanism: 'OAUTHBEARER',
            token: { kind: 'unsecured', subject: 'svc', lifetimeSeconds: 60, scope: [] },
          },
        }),
      ),
    ).toBe('User:svc')
    expect(
      principalName(
        settings({ sasl: { mechanism: 'OAUTHBEARER', token: { kind: 'command', command: 'x' } } }),
      ),
    ).toBeUndefined()
    expect(principalName(settings({ securityProtocol: 'PLAINTEXT', sasl: undefined }))).toBe('User:ANONYMOUS')
    expect(principalName(settings({ securityProtocol: 'SSL', sasl: undefined }))).toBeUndefined()
  })
})

describe('partitionError with the access a request needed', () => {
  const access = {
    principal: 'User:alice',
    topic: { name: 'orders', operation: 'READ' as const },
    group: { name: 'billing', operation: 'READ' as const },
    transactionalId: { name: 'tx', operation: 'WRITE' as const },
  }
  it.each([
    [29, 'User:alice is not authorized to READ topic "orders"', '--operation Read --topic orders'],
    [30, 'User:alice is not authorized to READ group "billing"', '--operation Read --group billing'],
    [
      53,
      'User:alice is not authorized to WRITE transactional id "tx"',
      '--operation Write --transactional-id tx',
    ],
  ])('Kafka error %i names the principal, the operation and the resource, exit 6', (code, message, grant) => {
    const error = partitionError(code, 'cannot read orders-0', null, access)
    expect(error).toMatchObject({ code: 'AUTHORIZATION_FAILED', exit: 6, message })
    expect(error.hints[0]).toContain(`ktk acls create --allow-principal User:alice ${grant}`)
  })

  it('without access, or for a resource the request did not name, the Kafka error name stays', () => {
    expect(partitionError(29, 'cannot read orders-0').message).toBe(
      'cannot read orders-0: TOPIC_AUTHORIZATION_FAILED',
    )
    expect(deniedError(30, { principal: 'User:alice', topic: access.topic })).toBeNull()
    expect(deniedError(6, access)).toBeNull()
    expect(partitionError(6, 'produce to partition 0', 'moved', access)).toMatchObject({
      code: 'UNEXPECTED',
      message: 'produce to partition 0: moved',
    })
  })
})

describe('answers that are not Kafka responses', () => {
  it('a malformed frame: exit 7 naming the broker; a TLS-looking one says to use TLS', () => {
    const plain = toKtkError(
      kafkajsError(
        'KafkaJSConnectionError',
        'Connection error: the answer is not a Kafka response (a frame of 0 bytes)',
      ),
      settings({ securityProtocol: 'PLAINTEXT', sasl: undefined }),
      'k1:9093',
    )
    expect(plain).toMatchObject({ code: 'BROKER_UNREACHABLE', exit: 7 })
    expect(plain.message).toBe(
      'cannot reach a broker at k1:9093: the answer is not a Kafka response (a frame of 0 bytes)',
    )
    expect(plain.hints).toEqual(["check that k1:9093 is a Kafka broker's listener"])
    const tls = toKtkError(
      kafkajsError(
        'KafkaJSConnectionError',
        'Connection error: the answer is not a Kafka response (a frame of 352518912 bytes; the listener may expect TLS)',
      ),
      settings({ securityProtocol: 'PLAINTEXT', sasl: undefined }),
      'k1:9093',
    )
    expect(tls.hints[0]).toMatch(/^set the security protocol to SSL or SASL_SSL/)
  })

  it('a response ktk cannot decode: exit 1, one line naming the broker and the request', () => {
    const error = malformedResponse(
      'Metadata',
      'k1:9093',
      new RangeError('int32 past the end\n    at Reader.int32'),
    )
    expect(error).toMatchObject({ code: 'UNEXPECTED', exit: 1 })
    expect(error.message).toBe('k1:9093 sent a malformed Metadata response: int32 past the end')
  })
})
