import { createServer, type Server, type Socket } from 'node:net'

/**
 * How a fake broker answers. Each is something a real network has produced: a port that is not Kafka,
 * a proxy that cuts frames, a server that hangs.
 */
export const BEHAVIOURS = [
  /** Four zero bytes: a frame of size 0. */
  'zeros',
  /** ffffffff00000000: a frame of size -1. */
  'minus-one',
  /** A frame whose header promises 64 bytes, 8 of them sent, then nothing. */
  'truncated-frame',
  /** A complete frame with the right correlation id, whose body is too short for ApiVersions. */
  'short-body',
  /** A well-formed ApiVersions answer to a correlation id that was never sent. */
  'wrong-correlation',
  /** A frame that claims 2 GiB. */
  'oversized',
  /** Random bytes (seeded, so a failure can be replayed). */
  'random',
  /** Reads every request, answers none. */
  'silence',
  /** A real ApiVersions answer (every API at versions 0-20), then truncated garbage for every request. */
  'garbage-after-handshake',
] as const

export type Behaviour = (typeof BEHAVIOURS)[number]

export interface FakeBroker {
  /** 127.0.0.1:port */
  address: string
  behaviour: Behaviour
  /** Requests read so far (a frame each). */
  readonly requests: number
  /** Connections from clients that are still open. */
  readonly openSockets: number
  close(): Promise<void>
}

/** A TCP server on 127.0.0.1 (a free port) that cuts what clients write into Kafka frames (size-prefixed). */
export interface FrameServer {
  /** 127.0.0.1:port */
  address: string
  port: number
  /** Connections from clients that are still open. */
  readonly openSockets: number
  /** Ends every connection and stops listening. */
  close(): Promise<void>
}

/**
 * Starts a frame server: each complete frame a client sends (without its 4-byte size) goes to `onFrame`
 * with the socket it came on, which the caller answers on. One frame splitter for every fake broker.
 */
export async function startFrameServer(
  onFrame: (frame: Buffer, socket: Socket) => void,
): Promise<FrameServer> {
  const sockets = new Set<Socket>()
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    let pending = Buffer.alloc(0)
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk])
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const size = pending.readInt32BE(0)
        const frame = pending.subarray(4, 4 + size)
        pending = pending.subarray(4 + size)
        onFrame(frame, socket)
      }
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as { port: number }
  return {
    address: `127.0.0.1:${port}`,
    port,
    get openSockets() {
      return sockets.size
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/** Starts a fake broker on 127.0.0.1 (a free port). Close it at the end: close() ends its sockets too. */
export async function startFakeBroker(behaviour: Behaviour, seed = 1): Promise<FakeBroker> {
  const random = mulberry32(seed)
  let requests = 0
  const server = await startFrameServer((frame, socket) => {
    requests++
    const reply = answer(behaviour, frame.readInt16BE(0), frame.readInt32BE(4), random)
    if (reply && !socket.destroyed) socket.write(reply)
  })
  return {
    address: server.address,
    behaviour,
    get requests() {
      return requests
    },
    get openSockets() {
      return server.openSockets
    },
    close: () => server.close(),
  }
}

const API_VERSIONS = 18

function answer(behaviour: Behaviour, apiKey: number, correlationId: number, random: () => number) {
  switch (behaviour) {
    case 'zeros':
      return Buffer.alloc(4)
    case 'minus-one':
      return Buffer.from('ffffffff00000000', 'hex')
    case 'truncated-frame':
      return Buffer.concat([int32(64), int32(correlationId), Buffer.alloc(4)])
    case 'short-body':
      return frame(correlationId, Buffer.alloc(2))
    case 'wrong-correlation':
      return frame(correlationId + 7, apiVersionsBody())
    case 'oversized':
      return Buffer.concat([int32(0x7fffffff), int32(correlationId), Buffer.alloc(64)])
    case 'random':
      return Buffer.from(
        Array.from({ length: 1 + Math.floor(random() * 64) }, () => Math.floor(random() * 256)),
      )
    case 'silence':
      return null
    case 'garbage-after-handshake':
      if (apiKey === API_VERSIONS) return frame(correlationId, apiVersionsBody())
      // A flexible header's empty tag section, a throttle time, then an array that claims 5 entries.
      return frame(correlationId, Buffer.from([0, 0, 0, 0, 0, 6, 0xff]))
  }
}

/** ApiVersions v0-v2 (what kafkajs asks): every API key 0-100 at versions 0-20, no throttling. */
function apiVersionsBody(): Buffer {
  const keys = Array.from({ length: 101 }, (_, k) => k)
  const body = Buffer.alloc(2 + 4 + keys.length * 6 + 4)
  let o = body.writeInt16BE(0, 0)
  o = body.writeInt32BE(keys.length, o)
  for (const k of keys) {
    o = body.writeInt16BE(k, o)
    o = body.writeInt16BE(0, o)
    o = body.writeInt16BE(20, o)
  }
  body.writeInt32BE(0, o)
  return body
}

const int32 = (v: number) => {
  const b = Buffer.alloc(4)
  b.writeInt32BE(v | 0)
  return b
}

const frame = (correlationId: number, body: Buffer) =>
  Buffer.concat([int32(4 + body.length), int32(correlationId), body])

/** A small seeded PRNG (mulberry32): the same seed gives the same bytes. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
