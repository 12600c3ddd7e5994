import type { Socket } from 'node:net'
import {
  type ApiSchema,
  decodeMessage,
  encodeMessage,
  isFlexible,
  requestHeaderVersion,
  versionRange,
} from '../../src/kafka/protocol/message-codec.js'
import { apisByKey } from '../../src/kafka/protocol/messages/index.js'
import { startFrameServer } from './fake-broker.js'

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
  const requests: ScriptedRequest[] = []
  const answeredAt: number[] = []
  const timers = new Set<NodeJS.Timeout>()
  let self: ScriptedBroker
  const answerLater = (socket: Socket, bytes: Buffer, delayMs: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      answeredAt.push(Date.now())
      if (!socket.destroyed) socket.write(withSize(bytes))
    }, delayMs)
    timers.add(timer)
  }
  const server = await startFrameServer((frame, socket) => {
    const apiKey = frame.readInt16BE(0)
    const version = frame.readInt16BE(2)
    const correlationId = frame.readInt32BE(4)
    if (apiKey === API_VERSIONS) {
      socket.write(withSize(Buffer.concat([int32(correlationId), apiVersionsBody()])))
      return
    }
    const api = apisByKey.get(apiKey) as ApiSchema
    const body = decodeMessage(api.request, version, skipHeader(frame, api, version))
    const request = { api: api.name, version, body, at: Date.now() }
    requests.push(request)
    const answer = script(request, self)
    if (!answer) return
    const flexible = isFlexible(api.response, version)
    const bytes = Buffer.concat([
      int32(correlationId),
      flexible ? Buffer.from([0]) : Buffer.alloc(0),
      encodeMessage(api.response, version, answer.response),
    ])
    answerLater(socket, bytes, answer.delayMs ?? 0)
  })
  self = {
    address: server.address,
    port: server.port,
    requests,
    answeredAt,
    close: () => {
      for (const timer of timers) clearTimeout(timer)
      return server.close()
    },
  }
  return self
}

const API_VERSIONS = 18

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
