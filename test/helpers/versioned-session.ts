import { type RawRequest, Reader, type VersionedRequest, Writer } from '../../src/kafka/protocol/codec.js'
import { type ApiSchema, decodeMessage, encodeMessage } from '../../src/kafka/protocol/message-codec.js'
import { apisByKey } from '../../src/kafka/protocol/messages/index.js'
import { negotiatedVersion } from '../../src/kafka/session.js'

type Ranges = Record<number, { minVersion: number; maxVersion: number }>

/** API ranges a Kafka 2.1 broker announces (ApiVersions), for the APIs the group and record paths use. */
export const KAFKA_21: Ranges = {
  0: { minVersion: 0, maxVersion: 7 }, // Produce
  1: { minVersion: 0, maxVersion: 10 }, // Fetch
  3: { minVersion: 0, maxVersion: 7 }, // Metadata
  8: { minVersion: 0, maxVersion: 6 }, // OffsetCommit
  9: { minVersion: 0, maxVersion: 5 }, // OffsetFetch
  10: { minVersion: 0, maxVersion: 2 }, // FindCoordinator
  11: { minVersion: 0, maxVersion: 3 }, // JoinGroup
  12: { minVersion: 0, maxVersion: 2 }, // Heartbeat
  13: { minVersion: 0, maxVersion: 2 }, // LeaveGroup
  14: { minVersion: 0, maxVersion: 2 }, // SyncGroup
  15: { minVersion: 0, maxVersion: 2 }, // DescribeGroups
  16: { minVersion: 0, maxVersion: 2 }, // ListGroups
  22: { minVersion: 0, maxVersion: 1 }, // InitProducerId
  24: { minVersion: 0, maxVersion: 1 }, // AddPartitionsToTxn
  26: { minVersion: 0, maxVersion: 1 }, // EndTxn
  42: { minVersion: 0, maxVersion: 1 }, // DeleteGroups
}

/** What a fake broker saw: the API, the version negotiated and the request as the broker decodes it. */
export interface SeenRequest {
  api: string
  version: number
  nodeId: number | undefined
  body: Record<string, unknown>
}

/**
 * A stand-in for KafkaSession that negotiates like the real one (the session's own negotiatedVersion over
 * the given ranges), encodes each request to bytes and decodes it as a broker would, and answers with
 * bytes encoded from `respond` in the same version: the request modules run end to end without a broker.
 */
export class VersionedSession {
  readonly seen: SeenRequest[] = []
  readonly settings = {
    bootstrapServers: ['old:9092'],
    source: 'flag',
    clientId: 'ktk',
    timeoutMs: 2_000,
    securityProtocol: 'PLAINTEXT',
  } as never

  constructor(
    private readonly ranges: Ranges,
    private readonly respond: (seen: SeenRequest) => unknown,
  ) {}

  private broker() {
    return { versions: this.ranges, connectionPool: { host: 'old', port: 9092 } }
  }

  async maxVersion(apiKey: number): Promise<number | null> {
    return this.ranges[apiKey]?.maxVersion ?? null
  }

  async send<T>(request: RawRequest<T> | VersionedRequest<T>, nodeId?: number): Promise<T> {
    if (!('build' in request)) throw new Error(`${request.apiName} was sent in a fixed version`)
    const raw = request.build(negotiatedVersion(this.broker(), request))
    const api = apisByKey.get(raw.apiKey) as ApiSchema
    const w = new Writer()
    raw.body(w)
    const seen: SeenRequest = {
      api: api.name,
      version: raw.apiVersion,
      nodeId,
      body: decodeMessage(api.request, raw.apiVersion, Buffer.from(w.buffer)) as Record<string, unknown>,
    }
    this.seen.push(seen)
    const response = encodeMessage(api.response, raw.apiVersion, this.respond(seen))
    return raw.decode(new Reader(Buffer.from(response)))
  }
}
