import { describe, expect, it } from 'vitest'
import { Reader, Writer } from '../../../../src/kafka/protocol/codec.js'
import {
  createPartitionsRequest,
  deleteTopicsRequest,
} from '../../../../src/kafka/protocol/topics-requests.js'

const decode = <T>(request: { decode: (r: Reader) => T }, write: (w: Writer) => void): T => {
  const w = new Writer()
  write(w)
  return request.decode(new Reader(Buffer.from(w.buffer)))
}

/** A response of per-topic results: throttle time, then name, error code and message per topic. */
const itemErrors = (w: Writer) =>
  w
    .int32(0)
    .compactArray(
      [
        ['a', 0, null],
        ['b', 41, 'no'],
      ] as const,
      (x, [name, code, message]) => x.compactString(name).int16(code).compactString(message).tags(),
    )
    .tags()

describe('topic admin responses', () => {
  it.each([
    ['DeleteTopics v5', deleteTopicsRequest(['a', 'b'], 1000)],
    [
      'CreatePartitions v2',
      createPartitionsRequest([{ name: 'a', count: 3, assignments: null }], 1000, false),
    ],
  ])('%s decodes each topic with its error code and message', (_name, request) => {
    expect(decode(request, itemErrors)).toEqual([
      { name: 'a', errorCode: 0, errorMessage: null },
      { name: 'b', errorCode: 41, errorMessage: 'no' },
    ])
  })
})
