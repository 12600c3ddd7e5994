import { createServer, type Server, type Socket } from 'node:net'
import {
  type ApiSchema,
  decodeMessage,
  encodeMessage,
  isFlexible,
  requestHeaderVersion,
  versionRange,
} from '../../src/kafka/protocol/message-codec.js'
import { apisByKey } from '../../src/kafka/protocol/messages/index.js'

/** One request as the scripted broker read it (decoded with the generated request schema). */
export interface ScriptedRequest {
  api: string
  version: number
  // biome-ignore lint/suspicious/noExplicitAny: decoded as Kafka's JSON
  body: any
  /** When it arrived (Date.now()). */
  at: number
}

/** The answer to a request: the response body as Kafka's JSON, sent after `delayMs`. */
export interface ScriptedAnswer {
  // biome-ignore lint/suspicious/noExplicitAny: written as Kafka's JSON
  response: any
  delayMs?: number
}

export interface ScriptedBroker {
  address: string
  port: number
  readonly requests: ScriptedRequest[]
  /** When each answer was written (Date.now()), in order. */
  readonly answeredAt: number[]
  close(): Promise<void>
}

/**
 * A fake broker that speaks real frames: ApiVersions (every API of the generated messages, at the versions
 * they define), then whatever `script` answers for each request (null: no answer). For session tests of
 * throttling, deadlines and retries.
 */
export async function startScriptedBroker(
  script: (request: ScriptedRequest, broker: ScriptedBroker) => ScriptedAnswer | null,
): Promise<ScriptedBroker> {
  const sockets = new Set<Socket>()
  const requests: ScriptedRequest[] = []
  const answeredAt: number[] = []
  const timers = new Set<NodeJS.Timeout>()
  let self: ScriptedBroker
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    let pending = Buffer.alloc(0)
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk])
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const frame = pending.subarray(4, 4 + pending.readInt32BE(0))
        pending = pending.subarray(4 + frame.length)
        const apiKey = frame.readInt16BE(0)
        const version = frame.readInt16BE(2)
        const correlationId = frame.readInt32BE(4)
        if (apiKey === 18) {
          socket.write(withSize(Buffer.concat([int32(correlationId), apiVersionsBody()])))
          continue
        }
        const api = apisByKey.get(apiKey) as ApiSchema
        const body = decodeMessage(api.request, version, skipHeader(frame, api, version))
        const request = { api: api.name, version, body, at: Date.now() }
        requests.push(request)
        const answer = script(request, self)
        if (!answer) continue
        const flexible = isFlexible(api.response, version)
        const bytes = Buffer.concat([
          int32(correlationId),
          flexible ? Buffer.from([0]) : Buffer.alloc(0),
          encodeMessage(api.response, version, answer.response),
        ])
        const timer = setTimeout(() => {
          timers.delete(timer)
          answeredAt.push(Date.now())
          if (!socket.destroyed) socket.write(withSize(bytes))
        }, answer.delayMs ?? 0)
        timers.add(timer)
      }
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as { port: number }
  self = {
    address: `127.0.0.1:${port}`,
    port,
    requests,
    answeredAt,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer)
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
  return self
}

/** The request body after its header (v1: key, version, correlation id, client id; v2: then tagged fields). */
function skipHeader(frame: Buffer, api: ApiSchema, version: number): Buffer {
  let offset = 8
  const clientIdLength = frame.readInt16BE(offset)
  offset += 2 + Math.max(0, clientIdLength)
  if (requestHeaderVersion(api, version) === 2) offset += 1 // an empty tagged-field section
  return frame.subarray(offset)
}

/** ApiVersions v0-v2 as kafkajs reads it: every generated API at the versions its definitions give. */
function apiVersionsBody(): Buffer {
  const apis = [...apisByKey.values()]
  const body = Buffer.alloc(2 + 4 + apis.length * 6 + 4)
  let o = body.writeInt16BE(0, 0)
  o = body.writeInt32BE(apis.length, o)
  for (const api of apis) {
    const [min, max] = versionRange(api.request)
    o = body.writeInt16BE(api.apiKey, o)
    o = body.writeInt16BE(min, o)
    o = body.writeInt16BE(max, o)
  }
  body.writeInt32BE(0, o)
  return body
}

const int32 = (v: number) => {
  const b = Buffer.alloc(4)
  b.writeInt32BE(v | 0)
  return b
}

const withSize = (body: Buffer) => Buffer.concat([int32(body.length), body])
