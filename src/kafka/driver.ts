/**
 * The one place that loads kafkajs. ktk uses it only for connections: its broker object (the ApiVersions
 * and SASL handshake), connection pools, TLS sockets, logging and error types, CommonJS internals of the
 * pinned 2.2.4. Every request after the handshake is ktk's own (src/kafka/protocol).
 */
import m from './kafkajs-modules.cjs'

// biome-ignore lint/suspicious/noExplicitAny: kafkajs internals are untyped JavaScript
export type Untyped = any

export interface KafkajsModules {
  createLogger: (options: Record<string, unknown>) => Untyped
  logLevel: { NOTHING: number; ERROR: number; WARN: number; INFO: number; DEBUG: number }
  errors: Record<string, Untyped>
  errorCodes: {
    createErrorFromCode: (code: number) => Error
    errorCodes: { type: string; code: number; message: string; retriable?: boolean }[]
  }
  Broker: new (options: Record<string, unknown>) => Untyped
  connectionPoolBuilder: (options: Record<string, unknown>) => Untyped
  socketFactory: () => Untyped
  /** SASL/OAUTHBEARER's client initial response (RFC 7628), as kafkajs encodes it. */
  oauthBearerRequest: (sasl: Record<string, unknown>, token: { value: string }) => Promise<Untyped>
}

const modules: KafkajsModules = {
  createLogger: m.loggers.createLogger,
  logLevel: m.loggers.LEVELS,
  errors: m.errors,
  errorCodes: m.protocolError,
  Broker: m.Broker,
  connectionPoolBuilder: m.connectionPoolBuilder,
  socketFactory: m.socketFactory,
  oauthBearerRequest: m.oauthBearerRequest,
}

/**
 * The largest response ktk accepts. Its own fetches ask for at most 64 MiB; a larger size is not a Kafka
 * answer (a TLS alert read as a size is 336 MiB, "HTTP" 1.2 GiB), so it fails at once instead of
 * buffering until the timeout.
 */
export const MAX_RESPONSE_BYTES = 256 * 1024 * 1024

/** Why a broker's bytes cannot be Kafka responses; the connection is closed and its requests fail. */
export const MALFORMED = 'the answer is not a Kafka response'

/**
 * kafkajs reads response frames in a socket 'data' handler, where a malformed frame (size 0, -1, or a
 * body too short for its header) throws out of the event loop: an uncaught exception that printed a
 * stack trace and the offending line of the bundle. ktk reads the frames itself: a frame that cannot be
 * a response, or that answers no request ktk sent, fails that connection's requests with a connection
 * error naming the broker, and closes the socket.
 */
function readFrames(this: Untyped, rawData: Buffer): unknown {
  // SASL before SaslAuthenticate (Kafka < 1.0) exchanges raw bytes; kafkajs handles those.
  if (this.authHandlers && !this.authExpectResponse) return this.authHandlers.onSuccess(rawData)
  this.chunks.push(rawData)
  this.bytesBuffered += rawData.length
  while (this.bytesNeeded <= this.bytesBuffered) {
    const buffer: Buffer = this.chunks.length > 1 ? Buffer.concat(this.chunks) : this.chunks[0]
    const size = buffer.readInt32BE(0)
    if (size < 4 || size > MAX_RESPONSE_BYTES) {
      const tls = buffer[0] === 0x15 || buffer[0] === 0x16 ? '; the listener may expect TLS' : ''
      return failConnection(this, `${MALFORMED} (a frame of ${size} bytes${tls})`)
    }
    if (buffer.length < 4 + size) {
      this.chunks = [buffer]
      this.bytesBuffered = buffer.length
      this.bytesNeeded = 4 + size
      return
    }
    const rest = buffer.subarray(4 + size)
    this.chunks = [rest]
    this.bytesBuffered = rest.length
    this.bytesNeeded = 4
    if (this.authHandlers) return this.authHandlers.onSuccess(buffer.subarray(0, 4 + size))
    const correlationId = buffer.readInt32BE(4)
    // Ids are given in order; an earlier one no longer in flight is a late answer to a request that
    // timed out (kafkajs drops it). Any other unknown id means the stream is not what ktk sent for.
    if (
      !this.requestQueue.inflight.has(correlationId) &&
      (correlationId < 0 || correlationId >= this.correlationId)
    ) {
      return failConnection(this, `${MALFORMED} (correlation id ${correlationId} matches no request)`)
    }
    this.requestQueue.fulfillRequest({ size, correlationId, payload: buffer.subarray(8, 4 + size) })
  }
}

function failConnection(connection: Untyped, reason: string): undefined {
  connection.chunks = []
  connection.bytesBuffered = 0
  connection.bytesNeeded = 4
  const error = new m.errors.KafkaJSConnectionError(`Connection error: ${reason}`, {
    broker: `${connection.host}:${connection.port}`,
    code: 'EPROTO',
  })
  connection.logError(error.message)
  connection.socket?.destroy()
  if (connection.authHandlers) connection.authHandlers.onError()
  connection.rejectRequests(error)
  connection.disconnect().catch(() => {})
  return undefined
}

m.Connection.prototype.processData = function processData(this: Untyped, rawData: Buffer) {
  try {
    readFrames.call(this, rawData)
  } catch (error) {
    // Nothing may escape a socket handler: whatever went wrong ends this connection, not the process.
    failConnection(this, `${MALFORMED} (${(error as Error)?.message ?? error})`)
  }
}

export function kafkajs(): KafkajsModules {
  return modules
}
