import type { ConnectionSettings } from '../core/connection-settings.js'
import { KtkError } from '../core/errors.js'
import { kafkaReleaseOf } from './broker-release.js'
import { kafkajsConnectionOptions } from './client-options.js'
import { kafkajs, MALFORMED, type Untyped } from './driver.js'
import { malformedResponse, toKtkError } from './error-mapping.js'
import {
  type AnswerMeta,
  isVersioned,
  type RawRequest,
  Reader,
  type VersionedRequest,
  Writer,
} from './protocol/codec.js'
import { MalformedResponse } from './protocol/message-codec.js'
import { type MetadataResult, metadataRequest } from './protocol/topics-requests.js'
import { markLostInFlight } from './retries.js'

export type DebugLog = (line: string) => void

/** The clock a session's deadlines and throttle waits run on: the real one, or a test's. */
export interface SessionTimers {
  now(): number
  /** Calls `callback` after `ms` without keeping the process alive; returns what `clear` cancels. */
  start(callback: () => void, ms: number): unknown
  clear(timer: unknown): void
}

const realTimers: SessionTimers = {
  now: () => Date.now(),
  start: (callback, ms) => setTimeout(callback, ms).unref(),
  clear: (timer) => clearTimeout(timer as NodeJS.Timeout),
}

/**
 * One connection to a cluster: a seed broker found from the bootstrap list, further brokers on demand,
 * and a way to send any request to any of them. Every command's requests go through it (kafkajs only
 * connects, authenticates and frames).
 */
export class KafkaSession {
  private seed: Untyped
  private readonly brokers = new Map<number, Promise<Untyped>>()
  private readonly addresses = new Map<number, { host: string; port: number; rack: string | null }>()
  private readonly poolBuilder: Untyped
  private readonly logger: Untyped
  private connecting: Promise<void> | undefined
  /** Every broker object made, connected or not: close() ends them all. */
  private readonly opened = new Set<Untyped>()
  /** Every socket kafkajs opened for this session and that is not closed yet. */
  private readonly sockets = new Set<import('node:net').Socket>()
  private closed = false
  /** When each broker's throttle time (from its last answer) ends: its next request waits until then. */
  private readonly throttledUntil = new WeakMap<Untyped, number>()

  constructor(
    readonly settings: ConnectionSettings,
    debug?: DebugLog,
    private readonly timers: SessionTimers = realTimers,
  ) {
    const k = kafkajs()
    this.logger = k.createLogger({
      level: debug ? k.logLevel.DEBUG : k.logLevel.NOTHING,
      logCreator: () => (entry: Untyped) => debug?.(formatKafkajsLog(entry)),
    })
    const open = k.socketFactory()
    this.poolBuilder = k.connectionPoolBuilder({
      ...kafkajsConnectionOptions(settings),
      // Work that outlived its deadline may still try to connect: after close() it cannot, and every
      // socket it did open is ended by close(), so nothing keeps the process alive after its error.
      socketFactory: (options: Untyped) => {
        if (this.closed) throw new Error('the connection was closed')
        const socket = open(options)
        this.sockets.add(socket)
        socket.once('close', () => this.sockets.delete(socket))
        return socket
      },
      brokers: settings.bootstrapServers,
      logger: this.logger,
    })
  }

  /** Connects to the first bootstrap server that answers, within the timeout. */
  connect(): Promise<void> {
    this.connecting ??= this.withDeadline('connect', async () => {
      let lastError: unknown
      for (let attempt = 0; attempt < this.settings.bootstrapServers.length; attempt++) {
        const pool = await this.poolBuilder.build()
        const broker = this.newBroker(pool, null)
        try {
          await connectBroker(broker)
          this.seed = broker
          return
        } catch (error) {
          lastError = toKtkError(error, this.settings, `${pool.host}:${pool.port}`)
          await broker.disconnect().catch(() => {})
          if (!isConnectionFailure(error)) break
        }
      }
      throw lastError
    })
    return this.connecting
  }

  /**
   * Sends a request to one broker (the seed broker unless a node id is given). A versioned request is
   * built in the newest version that both ktk and that broker support. The answer is awaited for the
   * request's own deadline where it declares one (JoinGroup), else for --timeout; a broker that answered
   * with a throttle time (a quota) gets the next request only once that time has passed.
   */
  async send<T>(versioned: RawRequest<T> | VersionedRequest<T>, nodeId?: number): Promise<T> {
    await this.connect()
    const deadlineMs = versioned.deadlineMs ?? this.settings.timeoutMs
    const deadlineAt = this.timers.now() + deadlineMs
    return this.withDeadline(
      versioned.apiName,
      async () => {
        const broker = nodeId === undefined ? this.seed : await this.broker(nodeId)
        const request = isVersioned(versioned)
          ? versioned.build(negotiatedVersion(broker, versioned))
          : versioned
        ensureSupported(broker, request)
        await this.throttled(broker, request.apiName, deadlineAt)
        const answer: AnswerMeta = { throttleTimeMs: 0 }
        let result: T
        try {
          result = (await broker.connectionPool.send({
            request: {
              apiKey: request.apiKey,
              apiVersion: request.apiVersion,
              apiName: request.apiName,
              ...(request.expectResponse === false ? { expectResponse: () => false } : {}),
              encode: async () => {
                const w = new Writer(request.sizeHint ?? 256)
                if (request.flexible) w.tags()
                request.body(w)
                return w
              },
            },
            response: {
              decode: async (payload: Buffer) => {
                try {
                  const r = new Reader(payload)
                  if (request.flexible) r.tags()
                  return request.decode(r, answer)
                } catch (error) {
                  // The generated codec's error names the message, not the broker: the broker goes first.
                  const cause = error instanceof MalformedResponse ? new Error(error.detail) : error
                  throw malformedResponse(request.apiName, brokerAddress(broker), cause)
                }
              },
              parse: async (value: T) => value,
            },
            // kafkajs's own timer (--timeout) would end a request that waits longer by design.
            requestTimeout: deadlineMs,
          })) as T
        } catch (error) {
          throw this.closed || !isConnectionLoss(error)
            ? error
            : markLostInFlight(toKtkError(error, this.settings, brokerAddress(broker)))
        }
        if (answer.throttleTimeMs > 0)
          this.throttledUntil.set(broker, this.timers.now() + answer.throttleTimeMs)
        return result
      },
      deadlineMs,
    )
  }

  /**
   * Waits out a broker's throttle time (KIP-219: the broker answered at once and expects the client to
   * hold back), or fails at once when it lasts past the request's deadline.
   */
  private async throttled(broker: Untyped, what: string, deadlineAt: number): Promise<void> {
    const until = this.throttledUntil.get(broker) ?? 0
    const now = this.timers.now()
    if (until <= now) return
    if (until > deadlineAt) {
      throw new KtkError(
        'TIMEOUT',
        `the broker at ${brokerAddress(broker)} throttles ktk's requests (a quota) for another ${until - now} ms, past the deadline of ${what}`,
        { hints: ['raise --timeout, or check the client quotas of this principal or client id'] },
      )
    }
    await new Promise<void>((resolve) => this.timers.start(resolve, until - now))
  }

  /** The highest version of an API that a broker (the seed broker unless a node id is given) accepts, or null. */
  async maxVersion(apiKey: number, nodeId?: number): Promise<number | null> {
    await this.connect()
    const broker = nodeId === undefined ? this.seed : await this.broker(nodeId)
    const range = broker.versions?.[apiKey]
    return range ? range.maxVersion : null
  }

  /** The Kafka release a broker's API versions match (the seed broker unless a node id is given). */
  async kafkaRelease(nodeId?: number): Promise<string> {
    await this.connect()
    const broker = nodeId === undefined ? this.seed : await this.broker(nodeId)
    return kafkaReleaseOf(broker.versions ?? {})
  }

  /**
   * Cluster metadata; `topics` null lists every topic. Also learns the brokers' addresses. When the
   * seed broker is gone (stopped, unreachable), any other broker it told about answers instead.
   */
  async metadata(topics: readonly string[] | null = null): Promise<MetadataResult> {
    let result: MetadataResult
    try {
      result = await this.send(metadataRequest(topics))
    } catch (error) {
      result = await this.fromAnotherBroker(metadataRequest(topics), error)
    }
    // A broker always lists itself: an answer without brokers is not a working cluster's (it is what a
    // connection that failed SASL unnoticed got), so it is never shown as an empty cluster.
    if (result.brokers.length === 0) {
      throw new KtkError(
        'UNEXPECTED',
        `the broker at ${brokerAddress(this.seed)} answered Metadata without listing any broker`,
        { hints: ['check that the address is a Kafka listener and the security settings are right'] },
      )
    }
    for (const b of result.brokers) this.addresses.set(b.nodeId, { host: b.host, port: b.port, rack: b.rack })
    return result
  }

  private async fromAnotherBroker<T>(
    request: RawRequest<T> | VersionedRequest<T>,
    seedError: unknown,
  ): Promise<T> {
    const code = (seedError as KtkError).code
    if (code !== 'BROKER_UNREACHABLE' && code !== 'TIMEOUT') throw seedError
    for (const nodeId of this.addresses.keys()) {
      try {
        const answer = await this.send(request, nodeId)
        const broker = await this.broker(nodeId)
        this.seed = broker // later requests without a node go to a broker that answers
        return answer
      } catch {
        this.brokers.delete(nodeId)
      }
    }
    throw seedError
  }

  /** The broker with this id, connected. */
  async broker(nodeId: number): Promise<Untyped> {
    let pending = this.brokers.get(nodeId)
    if (!pending) {
      pending = (async () => {
        if (!this.addresses.has(nodeId)) await this.metadata([])
        const address = this.addresses.get(nodeId)
        if (!address) throw new KtkError('NOT_FOUND', `broker ${nodeId} is not part of the cluster`)
        // The seed broker is often this very broker: share its connections rather than open more.
        const seedPool = this.seed?.connectionPool
        if (seedPool?.host === address.host && seedPool?.port === address.port && seedPool.isConnected())
          return this.seed
        const broker = this.newBroker(await this.poolBuilder.build(address), nodeId)
        try {
          await connectBroker(broker)
        } catch (error) {
          throw toKtkError(error, this.settings, `${address.host}:${address.port}`)
        }
        return broker
      })()
      pending.catch(() => this.brokers.delete(nodeId))
      this.brokers.set(nodeId, pending)
    }
    return pending
  }

  /**
   * Ends every connection at once: requests still in flight (abandoned at a deadline) fail, sockets
   * are destroyed rather than left to a graceful end that waits for them, and no new one can open.
   */
  async close(): Promise<void> {
    this.closed = true
    for (const socket of this.sockets) socket.destroy(new Error('ktk closed the connection'))
    this.sockets.clear()
    await Promise.allSettled([...this.opened].map((b) => b.disconnect()))
  }

  private newBroker(connectionPool: Untyped, nodeId: number | null): Untyped {
    if (this.closed) throw new KtkError('UNEXPECTED', 'the connection to the cluster is closed')
    const broker = new (kafkajs().Broker)({
      connectionPool,
      logger: this.logger,
      nodeId,
      allowAutoTopicCreation: false,
      authenticationTimeout: this.settings.timeoutMs,
    })
    this.opened.add(broker)
    return broker
  }

  /** Bounds an operation by the timeout (or its own deadline) and maps any failure to the exit-code contract. */
  private async withDeadline<T>(
    what: string,
    work: () => Promise<T>,
    deadlineMs = this.settings.timeoutMs,
  ): Promise<T> {
    let timer: unknown
    const deadline = new Promise<never>((_, reject) => {
      timer = this.timers.start(() => {
        const where = this.settings.bootstrapServers.join(',')
        reject(
          what === 'connect'
            ? new KtkError(
                'BROKER_UNREACHABLE',
                `cannot reach a broker at ${where} within ${deadlineMs} ms`,
                {
                  hints: ['check the address and that the broker is running, or raise --timeout'],
                },
              )
            : new KtkError('TIMEOUT', `${what} to ${where} got no answer within ${deadlineMs} ms`, {
                hints: ['raise --timeout, or check that the cluster is healthy'],
              }),
        )
      }, deadlineMs)
    })
    try {
      return await Promise.race([work(), deadline])
    } catch (error) {
      throw toKtkError(error, this.settings)
    } finally {
      this.timers.clear(timer)
    }
  }
}

/**
 * Connects a kafkajs broker (ApiVersions, then SASL). kafkajs decodes those answers itself: what its
 * decoders throw on a malformed one (a RangeError) becomes an error naming the broker.
 */
async function connectBroker(broker: Untyped): Promise<void> {
  try {
    await broker.connect()
  } catch (error) {
    const name = (error as Error)?.name ?? ''
    if (error instanceof KtkError || name.startsWith('KafkaJS')) throw error
    throw malformedResponse('handshake (ApiVersions, SASL)', brokerAddress(broker), error)
  }
}

const brokerAddress = (broker: Untyped): string =>
  `${broker.connectionPool?.host}:${broker.connectionPool?.port}`

/** The newest version of a request that both ktk and the broker support, or a one-line error saying why none fits. */
export function negotiatedVersion(broker: Untyped, request: VersionedRequest<unknown>): number {
  const version = pickVersion(broker.versions?.[request.apiKey], request)
  if (version === null) throw unsupportedError(broker, request)
  return version
}

/** The newest version in both ranges, or null when they do not overlap (or the broker lacks the API). */
export function pickVersion(
  broker: { minVersion: number; maxVersion: number } | undefined,
  ktk: { minVersion: number; maxVersion: number },
): number | null {
  if (!broker) return null
  const version = Math.min(broker.maxVersion, ktk.maxVersion)
  return version >= Math.max(broker.minVersion, ktk.minVersion) ? version : null
}

/**
 * Why no version fits, in one line: what needs the newer broker (when the request says), the broker's
 * address and the Kafka release its API versions match, and the versions on both sides.
 */
function unsupportedError(broker: Untyped, request: VersionedRequest<unknown>): KtkError {
  const range = broker.versions?.[request.apiKey]
  const which = `the broker at ${brokerAddress(broker)} is ${kafkaReleaseOf(broker.versions ?? {})} (by its API versions)`
  const offers = range
    ? `with ${request.apiName} v${range.minVersion}-v${range.maxVersion}`
    : `without ${request.apiName}`
  const ktk = `ktk speaks v${request.minVersion}-v${request.maxVersion}`
  return new KtkError(
    'UNSUPPORTED_VERSION',
    request.needs ? `${request.needs}: ${which}, ${offers}; ${ktk}` : `${which}, ${offers}; ${ktk}`,
  )
}

function ensureSupported(broker: Untyped, request: RawRequest<unknown>): void {
  const range = broker.versions?.[request.apiKey]
  if (!range || request.apiVersion < range.minVersion || request.apiVersion > range.maxVersion) {
    throw new KtkError(
      'UNEXPECTED',
      `the broker at ${brokerAddress(broker)} does not support ${request.apiName} v${request.apiVersion}${range ? ` (it supports v${range.minVersion}-v${range.maxVersion})` : ''}`,
    )
  }
}

/** A connection lost with a request in flight (reset, closed): another attempt may succeed. */
function isConnectionLoss(error: unknown): boolean {
  const { name = '', message = '' } = (error ?? {}) as { name?: string; message?: string }
  // A broker that sent bytes that are not Kafka answers would send them again.
  if (message.includes(MALFORMED)) return false
  return name === 'KafkaJSConnectionClosedError' || name === 'KafkaJSConnectionError'
}

function isConnectionFailure(error: unknown): boolean {
  const name = (error as { name?: string })?.name ?? ''
  return /Connection|NumberOfRetriesExceeded/.test(name)
}

function formatKafkajsLog(entry: Untyped): string {
  const { namespace, label, log } = entry
  const { message, timestamp: _t, logger: _l, ...rest } = log ?? {}
  let extra = ''
  try {
    // Bytes are shown by their length only (SASL exchanges travel as bytes, and no secret should);
    // 64-bit numbers (ktk's decoded offsets) as text. A line that cannot be formatted is never an error.
    extra =
      Object.keys(rest).length > 0
        ? ` ${JSON.stringify(rest, (_, v) =>
            typeof v === 'bigint'
              ? v.toString()
              : v?.type === 'Buffer' && Array.isArray(v.data)
                ? `[${v.data.length} bytes]`
                : v,
          )}`
        : ''
  } catch {
    extra = ' [details not shown]'
  }
  return `kafkajs ${label} [${namespace}] ${message}${extra}`
}
