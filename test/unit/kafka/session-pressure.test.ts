import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ConnectionSettings } from '../../../src/core/connection-settings.js'
import { KtkError } from '../../../src/core/errors.js'
import { SessionGateway } from '../../../src/kafka/admin.js'
import { PartitionReader } from '../../../src/kafka/partition-reads.js'
import { versionedRequest } from '../../../src/kafka/protocol/generated-request.js'
import { JoinGroup } from '../../../src/kafka/protocol/messages/join-group.js'
import { metadataRequest } from '../../../src/kafka/protocol/topics-requests.js'
import {
  isLostInFlight,
  markLostInFlight,
  RetriableAnswer,
  RetriesExhausted,
  withRetries,
} from '../../../src/kafka/retries.js'
import { KafkaSession, type SessionTimers } from '../../../src/kafka/session.js'
import {
  type ScriptedAnswer,
  type ScriptedBroker,
  type ScriptedRequest,
  startScriptedBroker,
} from '../../helpers/scripted-broker.js'

// Time is fake here: the session's deadlines and throttle waits, the retries' backoff, the scripted
// broker's answer delays and the clock all move only when a test moves them, so a busy machine cannot
// make a deadline pass early. Frames still travel over real sockets (setImmediate and I/O stay real).
const started: { close(): Promise<void> }[] = []
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
})
afterEach(async () => {
  await Promise.all(started.splice(0).map((b) => b.close()))
  vi.useRealTimers()
})

async function scripted(
  script: (request: ScriptedRequest, broker: ScriptedBroker) => ScriptedAnswer | null,
): Promise<ScriptedBroker> {
  const broker = await startScriptedBroker(script)
  started.push(broker)
  return broker
}

function session(broker: ScriptedBroker, timeoutMs: number, timers?: SessionTimers): KafkaSession {
  const settings: ConnectionSettings = {
    bootstrapServers: [broker.address],
    source: 'flag',
    clientId: 'ktk-unit',
    timeoutMs,
    securityProtocol: 'PLAINTEXT',
  }
  const s = new KafkaSession(settings, undefined, timers)
  started.push(s)
  return s
}

/** One turn of the event loop: pending promise callbacks run and socket data is read. */
const ioTurn = () => new Promise((resolve) => setImmediate(resolve))

/** Lets real I/O run, and `step` move fake time, until `promise` settles; then its result. */
async function settle<T>(
  promise: Promise<T>,
  step: () => void = () => vi.advanceTimersByTime(0),
): Promise<T> {
  let done = false
  promise.then(
    () => (done = true),
    () => (done = true),
  )
  while (!done) {
    await ioTurn()
    step()
  }
  return promise
}

/** Lets real I/O run (timers due now fire, time stands still) until `check` holds. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) {
    await ioTurn()
    vi.advanceTimersByTime(0)
  }
}

/** A Metadata answer naming the scripted broker itself (node 1, the controller) and these topics. */
const metadata = (broker: ScriptedBroker, throttleTimeMs = 0, topics: unknown[] = []) => ({
  throttleTimeMs,
  brokers: [{ nodeId: 1, host: '127.0.0.1', port: broker.port, rack: null }],
  clusterId: 'c',
  controllerId: 1,
  topics,
})

async function thrown(promise: Promise<unknown>): Promise<KtkError> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(KtkError)
  return error as KtkError
}

describe('throttling (throttle_time_ms)', () => {
  it('the next request to a broker that answered with a throttle time waits it out', async () => {
    const broker = await scripted((r, b) =>
      r.api === 'Metadata' ? { response: metadata(b, b.requests.length === 1 ? 400 : 0) } : null,
    )
    const s = session(broker, 5000)
    await settle(s.send(metadataRequest([])))
    const second = s.send(metadataRequest([]))
    await ioTurn()
    vi.advanceTimersByTime(399)
    await ioTurn()
    expect(broker.requests).toHaveLength(1)
    vi.advanceTimersByTime(1)
    await settle(second)
    expect(broker.requests).toHaveLength(2)
    expect(broker.requests[1]!.at - broker.answeredAt[0]!).toBe(400)
  })

  it('a throttle time past the deadline fails at once, in one line, and sends nothing more', async () => {
    const broker = await scripted((r, b) => (r.api === 'Metadata' ? { response: metadata(b, 60_000) } : null))
    const s = session(broker, 1000)
    await settle(s.send(metadataRequest([])))
    const error = await thrown(settle(s.send(metadataRequest([]))))
    expect(error.code).toBe('TIMEOUT')
    expect(error.message).toBe(
      `the broker at ${broker.address} throttles ktk's requests (a quota) for another 60000 ms, past the deadline of Metadata`,
    )
    expect(broker.requests).toHaveLength(1)
  })
})

describe('per-request deadlines', () => {
  // JoinGroup waits for the rebalance: its deadline is the rebalance timeout plus a margin, not --timeout.
  const joinGroup = (deadlineMs?: number) =>
    versionedRequest(
      JoinGroup,
      () => ({
        body: {
          groupId: 'g',
          sessionTimeoutMs: 10_000,
          rebalanceTimeoutMs: 1000,
          memberId: '',
          protocolType: 'consumer',
          protocols: [],
        },
        map: (r) => r.errorCode,
      }),
      deadlineMs === undefined ? {} : { deadlineMs },
    )
  const answerLate = (r: ScriptedRequest): ScriptedAnswer | null =>
    r.api === 'JoinGroup'
      ? {
          delayMs: 20_000,
          response: {
            throttleTimeMs: 0,
            errorCode: 0,
            generationId: 1,
            protocolName: 'range',
            leader: 'm',
            memberId: 'm',
            members: [],
          },
        }
      : null

  /** Sends the JoinGroup, waits until the broker has it, and lets 20 s pass: the broker answers then. */
  async function twentySecondsLater(s: KafkaSession, broker: ScriptedBroker, deadlineMs?: number) {
    const answer = s.send(joinGroup(deadlineMs))
    await until(() => broker.requests.length === 1)
    vi.advanceTimersByTime(20_000)
    return settle(answer)
  }

  it('an answer later than --timeout but within the request deadline succeeds', async () => {
    const broker = await scripted(answerLate)
    expect(await twentySecondsLater(session(broker, 15_000), broker, 30_000)).toBe(0)
    expect(broker.answeredAt).toHaveLength(1)
  })

  it('the same answer without a deadline of its own times out at --timeout', async () => {
    const broker = await scripted(answerLate)
    const error = await thrown(twentySecondsLater(session(broker, 15_000), broker))
    expect(error.code).toBe('TIMEOUT')
    expect(error.message).toBe(`JoinGroup to ${broker.address} got no answer within 15000 ms`)
  })
})

describe('retries', () => {
  const created = (errorCode: number) => ({
    throttleTimeMs: 0,
    topics: [
      {
        name: 't',
        errorCode,
        errorMessage: errorCode ? 'moved' : null,
        numPartitions: 1,
        replicationFactor: 1,
      },
    ],
  })
  const create = (s: KafkaSession) =>
    new SessionGateway(s).createTopics([{ name: 't', partitions: 1, replicationFactor: 1, configs: {} }], {
      validateOnly: false,
    })
  // The retry schedule is the subject here: the session's own deadlines never pass, so fake time can
  // jump from one backoff to the next while a request is in flight without failing it.
  const noDeadlines: SessionTimers = { now: () => Date.now(), start: () => undefined, clear: () => {} }
  const retrySession = (broker: ScriptedBroker) => session(broker, 5000, noDeadlines)
  /** Settles `promise`, jumping fake time to each backoff's end once the broker has been reached. */
  const retried = <T>(promise: Promise<T>, broker: ScriptedBroker) =>
    settle(promise, () => {
      // Before the first request the connection is still being made: its timer must not fire.
      if (broker.requests.length > 0 && vi.getTimerCount() > 0) vi.advanceTimersToNextTimer()
      else vi.advanceTimersByTime(0)
    })

  it('a controller that moved (NOT_CONTROLLER) is looked up again and asked again', async () => {
    let creates = 0
    const broker = await scripted((r, b) => {
      if (r.api === 'Metadata') return { response: metadata(b) }
      if (r.api === 'CreateTopics') return { response: created(creates++ === 0 ? 41 : 0) }
      return null
    })
    expect(await retried(create(retrySession(broker)), broker)).toEqual([
      { name: 't', partitions: 1, replicationFactor: 1 },
    ])
    expect(broker.requests.map((r) => r.api)).toEqual([
      'Metadata',
      'CreateTopics',
      'Metadata',
      'CreateTopics',
    ])
  })

  it('when the attempts run out, the error names Kafka error exactly', async () => {
    const broker = await scripted((r, b) => {
      if (r.api === 'Metadata') return { response: metadata(b) }
      if (r.api === 'CreateTopics') return { response: created(41) }
      return null
    })
    const error = await thrown(retried(create(retrySession(broker)), broker))
    expect(error).toBeInstanceOf(RetriesExhausted)
    expect(error.message).toBe('CreateTopics failed after 5 attempts: NOT_CONTROLLER (moved)')
    expect(error.exit).toBe(1)
    expect(broker.requests.filter((r) => r.api === 'CreateTopics')).toHaveLength(5)
  })

  it('a partition whose leader stays unavailable is reported with that error; the others are answered', async () => {
    const partition = (partitionIndex: number) => ({
      errorCode: 0,
      partitionIndex,
      leaderId: 1,
      leaderEpoch: 0,
      replicaNodes: [1],
      isrNodes: [1],
      offlineReplicas: [],
    })
    const broker = await scripted((r, b) => {
      if (r.api === 'Metadata')
        return {
          response: metadata(b, 0, [
            {
              errorCode: 0,
              name: 't',
              topicId: 'AAECAwQFBgcICQoLDA0ODw',
              isInternal: false,
              partitions: [partition(0), partition(1)],
            },
          ]),
        }
      if (r.api === 'ListOffsets')
        return {
          response: {
            throttleTimeMs: 0,
            topics: [
              {
                name: 't',
                partitions: r.body.topics[0].partitions.map((p: { partitionIndex: number }) => ({
                  partitionIndex: p.partitionIndex,
                  errorCode: p.partitionIndex === 0 ? 0 : 5,
                  timestamp: -1n,
                  offset: 7n,
                  leaderEpoch: 0,
                })),
              },
            ],
          },
        }
      return null
    })
    const offsets = await retried(
      new PartitionReader(retrySession(broker)).logOffsets(
        [
          { topic: 't', partition: 0 },
          { topic: 't', partition: 1 },
        ],
        'latest',
      ),
      broker,
    )
    expect(offsets).toEqual([
      { topic: 't', partition: 0, offset: 7, timestamp: null, error: null },
      { topic: 't', partition: 1, offset: null, timestamp: null, error: 'LEADER_NOT_AVAILABLE' },
    ])
    // Four attempts for partition 1, each after a fresh Metadata lookup; partition 0 was asked once.
    const listOffsets = broker.requests.filter((r) => r.api === 'ListOffsets')
    expect(listOffsets).toHaveLength(4)
    expect(listOffsets.slice(1).every((r) => r.body.topics[0].partitions.length === 1)).toBe(true)
  })

  describe('withRetries', () => {
    const noWait = { sleep: async () => {} }
    it('backs off exponentially up to its bound, and refreshes before each new attempt', async () => {
      const waits: number[] = []
      let refreshes = 0
      const result = await withRetries(
        async (attempt) => {
          if (attempt < 5) throw new RetriableAnswer(6)
          return attempt
        },
        {
          what: 'x',
          backoffMs: 100,
          maxBackoffMs: 300,
          refresh: () => refreshes++,
          sleep: async (ms) => {
            waits.push(ms)
          },
        },
      )
      expect(result).toBe(5)
      expect(waits).toEqual([100, 200, 300, 300])
      expect(refreshes).toBe(4)
    })

    it('does not retry other errors', async () => {
      let attempts = 0
      const error = new KtkError('CONFLICT', 'no')
      await expect(
        withRetries(
          async () => {
            attempts++
            throw error
          },
          { what: 'x', ...noWait },
        ),
      ).rejects.toBe(error)
      expect(attempts).toBe(1)
    })

    it('retries a connection lost in flight, and ends with that error when it stays lost', async () => {
      let attempts = 0
      const lost = markLostInFlight(new KtkError('BROKER_UNREACHABLE', 'cannot reach a broker at b:9092'))
      expect(isLostInFlight(lost)).toBe(true)
      await expect(
        withRetries(
          async () => {
            attempts++
            throw lost
          },
          { what: 'x', attempts: 3, ...noWait },
        ),
      ).rejects.toBe(lost)
      expect(attempts).toBe(3)
    })

    it('REQUEST_TIMED_OUT exhausted exits 7; no attempt starts past the deadline', async () => {
      let attempts = 0
      const error = await thrown(
        withRetries(
          async () => {
            attempts++
            throw new RetriableAnswer(7)
          },
          { what: 'DeleteRecords', deadlineAt: Date.now() - 1, ...noWait },
        ),
      )
      expect(attempts).toBe(1)
      expect(error.message).toBe('DeleteRecords failed after 1 attempt: REQUEST_TIMED_OUT')
      expect(error.exit).toBe(7)
    })
  })
})
