import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ConnectionSettings } from '../../../src/core/connection-settings.js'
import { KtkError } from '../../../src/core/errors.js'
import { KafkaSession } from '../../../src/kafka/session.js'
import { type Behaviour, type FakeBroker, startFakeBroker } from '../../helpers/fake-broker.js'

// The session's deadlines run on fake time, moved only by the tests: a busy machine cannot make one pass
// before the broker's bytes arrive. Sockets, setImmediate and setInterval stay real.
const started: FakeBroker[] = []
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
})
afterEach(async () => {
  vi.useRealTimers()
  await Promise.all(started.splice(0).map((b) => b.close()))
})

async function fake(behaviour: Behaviour): Promise<FakeBroker> {
  const broker = await startFakeBroker(behaviour)
  started.push(broker)
  return broker
}

const settings = (address: string, timeoutMs = 2000): ConnectionSettings => ({
  bootstrapServers: [address],
  source: 'flag',
  clientId: 'ktk-unit',
  timeoutMs,
  securityProtocol: 'PLAINTEXT',
})

/** The KtkError a promise rejects with (the test fails when it resolves or rejects with something else). */
async function thrown(promise: Promise<unknown>): Promise<KtkError> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(KtkError)
  return error as KtkError
}

/** Lets real I/O run (fake time stands still) until `check` holds. */
const until = async (check: () => boolean) => {
  while (!check()) await new Promise((resolve) => setImmediate(resolve))
  return true
}

describe('KafkaSession against a server that is not a Kafka broker', () => {
  const cases: [Behaviour, string, RegExp][] = [
    ['zeros', 'BROKER_UNREACHABLE', /: the answer is not a Kafka response \(a frame of 0 bytes\)$/],
    ['minus-one', 'BROKER_UNREACHABLE', /: the answer is not a Kafka response \(a frame of -1 bytes\)$/],
    ['oversized', 'BROKER_UNREACHABLE', /\(a frame of 2147483647 bytes\)$/],
    ['wrong-correlation', 'BROKER_UNREACHABLE', /\(correlation id 7 matches no request\)$/],
    ['short-body', 'UNEXPECTED', /sent a malformed handshake \(ApiVersions, SASL\) response: /],
    [
      'garbage-after-handshake',
      'UNEXPECTED',
      /sent a malformed Metadata response: brokers has length 5 but only 1 bytes are left$/,
    ],
  ]
  it.each(cases)(
    '%s: a %s error naming the broker, not an uncaught exception',
    async (behaviour, code, message) => {
      const broker = await fake(behaviour)
      const session = new KafkaSession(settings(broker.address))
      const error = await thrown(session.metadata())
      await session.close()
      expect(error).toBeInstanceOf(KtkError)
      expect((error as KtkError).code).toBe(code)
      expect((error as KtkError).message).toContain(broker.address)
      expect((error as KtkError).message).toMatch(message)
    },
  )

  it('a silent server: the deadline, then close() ends the abandoned connection', async () => {
    const broker = await fake('silence')
    // kafkajs's own connection timer is far off: only close() can end this socket in time.
    const session = new KafkaSession({ ...settings(broker.address, 300), connectionTimeoutMs: 60_000 })
    const answer = session.metadata()
    await until(() => broker.requests === 1)
    vi.advanceTimersByTime(300)
    const error = await thrown(answer)
    expect(error.code).toBe('BROKER_UNREACHABLE')
    expect(error.message).toBe(`cannot reach a broker at ${broker.address} within 300 ms`)
    expect(broker.openSockets).toBe(1)
    await session.close()
    expect(await until(() => broker.openSockets === 0)).toBe(true)
  })

  it('a deadline before the handshake completes: the connection that completes later is ended too', async () => {
    // The server answers ApiVersions at once; a 1 ms deadline has passed by then. The connection was
    // still completing after the command's error and kept ktk running for good.
    const broker = await fake('garbage-after-handshake')
    const session = new KafkaSession(settings(broker.address, 1))
    const answer = session.metadata()
    vi.advanceTimersByTime(1)
    const error = await thrown(answer)
    expect(error.code).toBe('BROKER_UNREACHABLE')
    await session.close()
    expect(await until(() => broker.openSockets === 0)).toBe(true)
    // Nothing to wait for that would show a reconnect: real time passes, and none may happen in it.
    vi.useRealTimers()
    await new Promise((r) => setTimeout(r, 200))
    expect(broker.openSockets).toBe(0)
  })

  it('after close() nothing connects: work that outlived its deadline cannot open a socket', async () => {
    const broker = await fake('silence')
    const session = new KafkaSession(settings(broker.address, 300))
    await session.close()
    const error = await thrown(session.metadata())
    expect(error).toBeInstanceOf(KtkError)
    expect(broker.requests).toBe(0)
    expect(broker.openSockets).toBe(0)
  })
})
