import { describe, expect, it } from 'vitest'
import { Reader, type VersionedRequest, Writer } from '../../../../src/kafka/protocol/codec.js'
import { fetchRequest } from '../../../../src/kafka/protocol/fetch-request.js'
import { type ApiSchema, decodeMessage, encodeMessage } from '../../../../src/kafka/protocol/message-codec.js'
import { apisByKey } from '../../../../src/kafka/protocol/messages/index.js'
import {
  addPartitionsToTxnRequest,
  endTxnRequest,
  initProducerIdRequest,
  produceRequest,
} from '../../../../src/kafka/protocol/produce-requests.js'

const schemaOf = (request: VersionedRequest<unknown>) => apisByKey.get(request.apiKey) as ApiSchema
const bodyBytes = (request: VersionedRequest<unknown>, version: number) => {
  const raw = request.build(version)
  const w = new Writer(raw.sizeHint ?? 256)
  raw.body(w)
  return Buffer.from(w.buffer)
}
/** The request as a broker decodes it at that version. */
const sent = (request: VersionedRequest<unknown>, version: number) =>
  decodeMessage(schemaOf(request).request, version, bodyBytes(request, version)) as Record<string, unknown>
const answer = <T>(request: VersionedRequest<T>, version: number, response: unknown): T =>
  request
    .build(version)
    .decode(new Reader(Buffer.from(encodeMessage(schemaOf(request).response, version, response))))
const range = (request: VersionedRequest<unknown>) => [request.minVersion, request.maxVersion]

describe('record requests: every version ktk speaks', () => {
  const records = Buffer.from('a record batch, as bytes')
  const produce = (acks: number) =>
    produceRequest('tx', acks, 30_000, [{ topic: 't', partitions: [{ partition: 2, records }] }])

  it('Produce v3-v11: the hand-written body is exactly what the generated codec encodes, in every version', () => {
    const request = produce(-1)
    expect(range(request)).toEqual([3, 11])
    for (let v = 3; v <= 11; v++) {
      const value = {
        transactionalId: 'tx',
        acks: -1,
        timeoutMs: 30_000,
        topicData: [{ name: 't', partitionData: [{ index: 2, records }] }],
      }
      expect(bodyBytes(request, v).toString('hex'), `v${v}`).toBe(
        Buffer.from(encodeMessage(schemaOf(request).request, v, value)).toString('hex'),
      )
      expect(request.build(v).flexible).toBe(v >= 9)
      // The size hint covers the body, so the request buffer never grows (and copies the batches).
      expect(request.build(v).sizeHint).toBeGreaterThanOrEqual(bodyBytes(request, v).length)
    }
    const nullId = produceRequest(null, 1, 5, [{ topic: 't', partitions: [{ partition: 0, records }] }])
    expect(sent(nullId, 3)).toMatchObject({ transactionalId: null, acks: 1 })
    expect(sent(nullId, 11)).toMatchObject({ transactionalId: null, acks: 1 })
    expect(produce(0).build(3).expectResponse).toBe(false)
    expect(produce(1).build(11).expectResponse).toBe(true)
  })

  it('Produce answers: offsets in every version, record errors and messages from v8', () => {
    const request = produce(-1)
    const partition = { index: 2, errorCode: 0, baseOffset: 10n, logAppendTimeMs: -1n }
    expect(
      answer(request, 3, {
        responses: [{ name: 't', partitionResponses: [partition] }],
        throttleTimeMs: 0,
      }),
    ).toEqual([
      { topic: 't', partition: 2, errorCode: 0, baseOffset: 10, errorMessage: null, recordErrors: [] },
    ])
    expect(
      answer(request, 11, {
        responses: [
          {
            name: 't',
            partitionResponses: [
              {
                ...partition,
                errorCode: 87,
                baseOffset: -1n,
                logStartOffset: 0n,
                recordErrors: [{ batchIndex: 1, batchIndexErrorMessage: 'bad' }],
                errorMessage: 'invalid record',
              },
            ],
          },
        ],
        throttleTimeMs: 0,
      }),
    ).toEqual([
      {
        topic: 't',
        partition: 2,
        errorCode: 87,
        baseOffset: -1,
        errorMessage: 'invalid record',
        recordErrors: [{ batchIndex: 1, message: 'bad' }],
      },
    ])
  })

  it("Produce tells the session the broker's throttle time (quotas)", () => {
    const request = produce(-1)
    const bytes = encodeMessage(schemaOf(request).response, 11, {
      responses: [{ name: 't', partitionResponses: [] }],
      throttleTimeMs: 250,
    })
    const meta = { throttleTimeMs: 0 }
    request.build(11).decode(new Reader(Buffer.from(bytes)), meta)
    expect(meta.throttleTimeMs).toBe(250)
  })

  it('Fetch v4-v12 by topic name, without fetch sessions; fields older versions lack are -1', () => {
    const request = fetchRequest(
      [{ topic: 't', partitions: [{ partition: 1, offset: 7, maxBytes: 1024 }] }],
      {
        maxWaitMs: 500,
        minBytes: 1,
        maxBytes: 1 << 20,
        isolationLevel: 1,
      },
    )
    expect(range(request)).toEqual([4, 12])
    const topics = [{ topic: 't', partitions: [{ partition: 1, fetchOffset: 7n, partitionMaxBytes: 1024 }] }]
    expect(sent(request, 4)).toEqual({
      replicaId: -1,
      maxWaitMs: 500,
      minBytes: 1,
      maxBytes: 1 << 20,
      isolationLevel: 1,
      topics,
    })
    expect(sent(request, 12)).toMatchObject({
      replicaId: -1,
      isolationLevel: 1,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topic: 't',
          partitions: [{ ...topics[0]!.partitions[0], currentLeaderEpoch: -1, logStartOffset: -1n }],
        },
      ],
      forgottenTopicsData: [],
      rackId: '',
    })
    const batch = Buffer.from('batch bytes')
    const v4 = answer(request, 4, {
      throttleTimeMs: 0,
      responses: [
        {
          topic: 't',
          partitions: [
            {
              partitionIndex: 1,
              errorCode: 0,
              highWatermark: 9n,
              lastStableOffset: 8n,
              abortedTransactions: [{ producerId: 5n, firstOffset: 7n }],
              records: batch,
            },
          ],
        },
      ],
    })
    expect(v4).toEqual([
      {
        topic: 't',
        partition: 1,
        errorCode: 0,
        highWatermark: 9,
        lastStableOffset: 8,
        logStartOffset: -1,
        abortedTransactions: [{ producerId: 5n, firstOffset: 7 }],
        records: batch,
      },
    ])
    expect(Buffer.isBuffer(v4[0]!.records)).toBe(true)
    // v7+: a request-level error applies to every partition.
    const v12 = answer(request, 12, {
      throttleTimeMs: 0,
      errorCode: 71,
      sessionId: 0,
      responses: [
        {
          topic: 't',
          partitions: [
            {
              partitionIndex: 1,
              errorCode: 0,
              highWatermark: -1n,
              lastStableOffset: -1n,
              logStartOffset: 3n,
              abortedTransactions: null,
              preferredReadReplica: -1,
              records: null,
            },
          ],
        },
      ],
    })
    expect(v12).toEqual([
      {
        topic: 't',
        partition: 1,
        errorCode: 71,
        highWatermark: -1,
        lastStableOffset: -1,
        logStartOffset: 3,
        abortedTransactions: null,
        records: null,
      },
    ])
  })

  it('InitProducerId v0-v5, AddPartitionsToTxn v0-v3 (client versions only), EndTxn v0-v4', () => {
    const init = initProducerIdRequest('tx', 60_000)
    expect(range(init)).toEqual([0, 5])
    expect(sent(init, 0)).toEqual({ transactionalId: 'tx', transactionTimeoutMs: 60_000 })
    expect(sent(init, 5)).toMatchObject({ transactionalId: 'tx', producerId: -1n, producerEpoch: -1 })
    for (const v of [0, 5])
      expect(answer(init, v, { throttleTimeMs: 0, errorCode: 0, producerId: 9n, producerEpoch: 2 })).toEqual({
        errorCode: 0,
        producerId: 9n,
        producerEpoch: 2,
      })
    expect(sent(initProducerIdRequest(null, 60_000), 5)).toMatchObject({ transactionalId: null })

    const add = addPartitionsToTxnRequest('tx', 9n, 2, [{ topic: 't', partitions: [0, 1] }])
    expect(range(add)).toEqual([0, 3])
    for (const v of [0, 3]) {
      expect(sent(add, v)).toEqual({
        v3AndBelowTransactionalId: 'tx',
        v3AndBelowProducerId: 9n,
        v3AndBelowProducerEpoch: 2,
        v3AndBelowTopics: [{ name: 't', partitions: [0, 1] }],
      })
      expect(
        answer(add, v, {
          throttleTimeMs: 0,
          resultsByTopicV3AndBelow: [
            {
              name: 't',
              resultsByPartition: [
                { partitionIndex: 0, partitionErrorCode: 0 },
                { partitionIndex: 1, partitionErrorCode: 51 },
              ],
            },
          ],
        }),
      ).toEqual([
        { topic: 't', partition: 0, errorCode: 0 },
        { topic: 't', partition: 1, errorCode: 51 },
      ])
    }

    const end = endTxnRequest('tx', 9n, 2, true)
    expect(range(end)).toEqual([0, 4])
    for (const v of [0, 4]) {
      expect(sent(end, v)).toEqual({
        transactionalId: 'tx',
        producerId: 9n,
        producerEpoch: 2,
        committed: true,
      })
      expect(answer(end, v, { throttleTimeMs: 0, errorCode: 51 })).toBe(51)
    }
  })
})
