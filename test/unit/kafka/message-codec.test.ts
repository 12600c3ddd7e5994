import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Reader, Writer } from '../../../src/kafka/protocol/codec.js'
import { generatedRequest } from '../../../src/kafka/protocol/generated-request.js'
import {
  decodeMessage,
  decodeResponseFrame,
  encodeMessage,
  encodeRequestFrame,
  type FieldSchema,
  frameSize,
  MalformedResponse,
  MessageEncodeError,
  type MessageSchema,
  parseVersions,
  requestHeaderVersion,
  responseHeaderVersion,
  UnsupportedMessageVersion,
  versionRange,
} from '../../../src/kafka/protocol/message-codec.js'
import { RequestHeaderSchema, ResponseHeaderSchema } from '../../../src/kafka/protocol/messages/headers.js'
import * as messages from '../../../src/kafka/protocol/messages/index.js'

/** Captured by scripts/capture-vectors/capture.sh from Kafka's own Java client (kafka-clients' *Data classes). */
interface Vector {
  message: string
  version: number
  variant: 'values' | 'nulls' | 'defaults'
  hex: string
  json: Record<string, unknown>
}

const vectorDir = join(import.meta.dirname, '..', 'fixtures', 'kafka-vectors')
const vectorFiles = readdirSync(vectorDir).filter((f) => f.endsWith('.json'))
const vectors: Vector[] = vectorFiles.flatMap(
  (f) => (JSON.parse(readFileSync(join(vectorDir, f), 'utf8')) as { vectors: Vector[] }).vectors,
)

const apis = [...messages.apisByKey.values()]
const schemas = new Map<string, MessageSchema>([
  ...apis.flatMap((api) => [
    [api.request.name, api.request] as const,
    [api.response.name, api.response] as const,
  ]),
  [RequestHeaderSchema.name, RequestHeaderSchema],
  [ResponseHeaderSchema.name, ResponseHeaderSchema],
])

const inRange = (text: string | undefined, v: number) => {
  const r = parseVersions(text)
  return r !== null && v >= r[0] && v <= r[1]
}

/**
 * Kafka's JSON (from *DataJsonConverter.write, longs as strings) as ktk's values: int64 as bigint, uint32 as
 * number, bytes and records as Buffers. Everything else is the same in both.
 */
function fromKafkaJson(schema: MessageSchema, version: number, json: Record<string, unknown>) {
  const common = new Map((schema.commonStructs ?? []).map((s) => [s.name, s.fields]))
  const struct = (fields: readonly FieldSchema[], value: Record<string, unknown>) => {
    const out: Record<string, unknown> = {}
    for (const f of fields) {
      const inVersion =
        inRange(f.versions, version) || (f.tag !== undefined && inRange(f.taggedVersions, version))
      if (!(f.name in value)) {
        // The converters leave out tagged fields at their defaults; ktk's decode fills in the default.
        if (inVersion && f.tag !== undefined) out[f.name] = defaultOf(f)
        else if (inVersion) throw new Error(`${schema.name} v${version}: Kafka's JSON lacks ${f.name}`)
        continue
      }
      const inner = f.type.replace(/^\[\]/, '')
      const one = (v: unknown): unknown => {
        if (v === null) return null
        switch (inner) {
          case 'int64':
            return BigInt(v as string)
          case 'uint32':
            return Number(v)
          case 'bytes':
          case 'records':
            return Buffer.from(v as string, 'base64')
          case 'bool':
          case 'int8':
          case 'int16':
          case 'uint16':
          case 'int32':
          case 'float64':
          case 'string':
          case 'uuid':
            return v
          default:
            return struct(f.fields ?? common.get(inner)!, v as Record<string, unknown>)
        }
      }
      const v = value[f.name]
      out[f.name] = f.type.startsWith('[]') && v !== null ? (v as unknown[]).map(one) : one(v)
    }
    return out
  }
  const defaultOf = (f: FieldSchema): unknown => {
    if (f.default === 'null') return null
    if (f.type.startsWith('[]')) return []
    switch (f.type) {
      case 'bool':
        return f.default === 'true'
      case 'int64':
        return BigInt(f.default ?? 0)
      case 'string':
        return f.default ?? ''
      case 'uuid':
        return 'AAAAAAAAAAAAAAAAAAAAAA'
      case 'bytes':
        return Buffer.alloc(0)
      case 'records':
        return null
      case 'int8':
      case 'int16':
      case 'uint16':
      case 'int32':
      case 'uint32':
      case 'float64':
        return Number(f.default ?? 0)
      default: {
        const out: Record<string, unknown> = {}
        for (const g of f.fields ?? common.get(f.type)!) {
          if (inRange(g.versions, version) || (g.tag !== undefined && inRange(g.taggedVersions, version))) {
            out[g.name] = defaultOf(g)
          }
        }
        return out
      }
    }
  }
  return struct(schema.fields, json)
}

describe("every generated message at every version, against bytes from Kafka's own Java client", () => {
  it('has vectors for every version of every generated message and header, in three variants', () => {
    const expected: string[] = []
    for (const schema of schemas.values()) {
      const [min, max] = versionRange(schema)
      for (let v = min; v <= max; v++) {
        for (const variant of ['values', 'nulls', 'defaults'])
          expected.push(`${schema.name} v${v} ${variant}`)
      }
    }
    const captured = vectors.map((v) => `${v.message} v${v.version} ${v.variant}`)
    expect(captured.sort()).toEqual(expected.sort())
    expect(apis.length).toBe(45)
  })

  const byMessage = new Map<string, Vector[]>()
  for (const v of vectors) {
    const key = `${v.message} v${v.version}`
    byMessage.set(key, [...(byMessage.get(key) ?? []), v])
  }
  it.each([...byMessage.keys()])('%s: encode equals the Java bytes, decode equals the Java data', (key) => {
    for (const vector of byMessage.get(key)!) {
      const schema = schemas.get(vector.message)!
      const value = fromKafkaJson(schema, vector.version, vector.json)
      const label = `${key} ${vector.variant}`
      expect(encodeMessage(schema, vector.version, value).toString('hex'), label).toBe(vector.hex)
      expect(decodeMessage(schema, vector.version, Buffer.from(vector.hex, 'hex')), label).toEqual(value)
    }
  })
})

const sample = (schema: MessageSchema, version: number, variant = 'values') => {
  const v = vectors.find((x) => x.message === schema.name && x.version === version && x.variant === variant)!
  return { bytes: Buffer.from(v.hex, 'hex'), value: fromKafkaJson(schema, version, v.json) }
}

/** The error a decode raised, or null. */
function decodeError(schema: MessageSchema, version: number, bytes: Buffer): unknown {
  try {
    decodeMessage(schema, version, bytes)
    return null
  } catch (error) {
    return error
  }
}

describe('hostile input', () => {
  const { Metadata, Fetch, DescribeConfigs } = messages

  it('a truncated message raises MalformedResponse wherever it is cut, never a RangeError', () => {
    for (const vector of vectors.filter((v) => v.variant === 'values')) {
      const schema = schemas.get(vector.message)!
      const bytes = Buffer.from(vector.hex, 'hex')
      const cuts = new Set([
        0,
        bytes.length >> 2,
        bytes.length >> 1,
        (bytes.length * 3) >> 2,
        bytes.length - 1,
      ])
      for (const cut of [...cuts].filter((c) => c >= 0 && c < bytes.length)) {
        const error = decodeError(schema, vector.version, bytes.subarray(0, cut))
        expect(error, `${vector.message} v${vector.version} cut at ${cut}`).toBeInstanceOf(MalformedResponse)
      }
    }
  })

  it('trailing bytes after a message are refused', () => {
    const { bytes } = sample(Metadata.response, 12)
    const error = decodeError(Metadata.response, 12, Buffer.concat([bytes, Buffer.from([0])]))
    expect(error).toBeInstanceOf(MalformedResponse)
    expect((error as MalformedResponse).message).toBe(
      'malformed MetadataResponse v12: 1 unexpected bytes after the message',
    )
  })

  it('a huge array count fails on the bytes left, without allocating for it', () => {
    // MetadataResponse v0: brokers count 0x7fffffff, then nothing.
    const error = decodeError(Metadata.response, 0, Buffer.from('7fffffff', 'hex'))
    expect((error as MalformedResponse).detail).toBe(
      'brokers has length 2147483647 but only 0 bytes are left',
    )
    // Flexible (v9): a compact count of 2^32-2 as a 5-byte varint.
    const compact = decodeError(Metadata.response, 9, Buffer.from('00000000ffffffff0f', 'hex'))
    expect((compact as MalformedResponse).detail).toBe(
      'brokers has length 4294967294 but only 0 bytes are left',
    )
  })

  it('negative lengths other than null, nulls where the version has none and overlong varints are refused', () => {
    expect(
      (decodeError(Metadata.response, 0, Buffer.from('fffffffe', 'hex')) as MalformedResponse).detail,
    ).toBe('brokers has length -2')
    expect(
      (decodeError(Metadata.response, 0, Buffer.from('ffffffff', 'hex')) as MalformedResponse).detail,
    ).toBe('brokers is null, which this version does not allow')
    // One broker whose host has length -1 (host is never nullable).
    const nullHost = Buffer.from('00000001' + '00000001' + 'ffff' + '00002384' + '00000000', 'hex')
    expect((decodeError(Metadata.response, 0, nullHost) as MalformedResponse).detail).toBe(
      'brokers.host is null, which this version does not allow',
    )
    const sixByteVarint = Buffer.from('00000000ffffffffff01', 'hex')
    expect(decodeError(Metadata.response, 9, sixByteVarint)).toBeInstanceOf(MalformedResponse)
    expect((decodeError(Metadata.response, 9, sixByteVarint) as MalformedResponse).detail).toBe(
      'brokers: a varint longer than 5 bytes at offset 4',
    )
    const cutVarint = Buffer.from('00000000ff', 'hex')
    expect((decodeError(Metadata.response, 9, cutVarint) as MalformedResponse).detail).toBe(
      'brokers needs 1 bytes at offset 5, 0 left',
    )
  })

  it('random corruption of real messages decodes or raises MalformedResponse, nothing else', () => {
    const pool = vectors.filter((v) => v.variant === 'values' && v.hex.length > 0)
    fc.assert(
      fc.property(
        fc.nat(pool.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 4 }),
        (index, edits) => {
          const vector = pool[index]!
          const bytes = Buffer.from(vector.hex, 'hex')
          for (const [at, byte] of edits) bytes[at % bytes.length] = byte
          const error = decodeError(schemas.get(vector.message)!, vector.version, bytes)
          return error === null || error instanceof MalformedResponse
        },
      ),
      { numRuns: 1000, seed: 12 },
    )
  })

  it('random bytes decode or raise MalformedResponse, nothing else', () => {
    const targets: [MessageSchema, number][] = [
      [Fetch.response, 4],
      [Fetch.response, 18],
      [DescribeConfigs.response, 1],
      [DescribeConfigs.response, 4],
      [Metadata.response, 13],
    ]
    fc.assert(
      fc.property(fc.nat(targets.length - 1), fc.uint8Array({ maxLength: 64 }), (i, bytes) => {
        const [schema, version] = targets[i]!
        const error = decodeError(schema, version, Buffer.from(bytes))
        return error === null || error instanceof MalformedResponse
      }),
      { numRuns: 1000, seed: 12 },
    )
  })

  it('unknown tagged fields are skipped; tags out of order are refused', () => {
    const { bytes, value } = sample(Metadata.request, 13, 'defaults')
    expect(bytes.at(-1)).toBe(0) // the top-level tagged-field section is empty
    const withUnknown = Buffer.concat([bytes.subarray(0, -1), Buffer.from('017f02aabb', 'hex')])
    expect(decodeMessage(Metadata.request, 13, withUnknown)).toEqual(value)
    const outOfOrder = Buffer.concat([bytes.subarray(0, -1), Buffer.from('027f007e00', 'hex')])
    expect((decodeError(Metadata.request, 13, outOfOrder) as MalformedResponse).detail).toBe(
      'tagged fields out of order (tag 126 after 127)',
    )
  })

  it('MalformedResponse is a KtkError (one line, exit 1), not a stack trace', () => {
    const error = decodeError(Metadata.response, 0, Buffer.alloc(0)) as MalformedResponse
    expect(error.code).toBe('UNEXPECTED')
    expect(error.exit).toBe(1)
    expect(error.message).toBe('malformed MetadataResponse v0: brokers needs 4 bytes at offset 0, 0 left')
  })
})

describe('encoding refuses what the version cannot carry', () => {
  const { Metadata, ListOffsets, OffsetFetch } = messages
  const encodeError = (fn: () => unknown) => {
    try {
      fn()
    } catch (error) {
      expect(error).toBeInstanceOf(MessageEncodeError)
      return (error as Error).message
    }
    throw new Error('no error')
  }

  it('a non-default value for a field the version lacks, unless the field is ignorable', () => {
    expect(
      encodeError(() => encodeMessage(Metadata.request, 3, { topics: [], allowAutoTopicCreation: false })),
    ).toBe(
      'cannot encode MetadataRequest v3: allowAutoTopicCreation: version 3 has no such field (value false)',
    )
    // The default (true) is what v3 means anyway.
    expect(
      encodeMessage(Metadata.request, 3, { topics: [], allowAutoTopicCreation: true }).toString('hex'),
    ).toBe('00000000')
    // topicId is ignorable before v10: dropped.
    const topics = [{ name: 'a', topicId: 'AQIDBAUGBwgJCgsMDQ4PEA' }]
    expect(encodeMessage(Metadata.request, 9, { topics }).toString('hex')).toBe('0202610001000000')
    // Batched groups (OffsetFetch v8+): an older version cannot carry them.
    const groups = [{ groupId: 'g', topics: null }]
    expect(
      encodeError(() => encodeMessage(OffsetFetch.request, 7, { groupId: 'g', topics: null, groups })),
    ).toBe(
      'cannot encode OffsetFetchRequest v7: groups: version 7 has no such field (value [{"groupId":"g","topics":null}])',
    )
    // currentLeaderEpoch (ListOffsets v4+) is ignorable: dropped at v1.
    const partitions = [{ partitionIndex: 0, timestamp: -3n, currentLeaderEpoch: 5 }]
    const listOffsets = { replicaId: -1, topics: [{ name: 't', partitions }] }
    expect(encodeMessage(ListOffsets.request, 1, listOffsets).toString('hex')).toBe(
      'ffffffff' + '00000001' + '000174' + '00000001' + '00000000' + 'fffffffffffffffd',
    )
  })

  it('nulls, numbers out of range, long strings and versions outside the range', () => {
    expect(encodeError(() => encodeMessage(Metadata.request, 0, { topics: null }))).toBe(
      'cannot encode MetadataRequest v0: topics: is null, which this version does not allow',
    )
    expect(
      encodeError(() =>
        encodeMessage(messages.Heartbeat.request, 0, { groupId: 'g', generationId: 2 ** 31, memberId: 'm' }),
      ),
    ).toBe(
      'cannot encode HeartbeatRequest v0: generationId: 2147483648 is not an integer in [-2147483648, 2147483647]',
    )
    expect(
      encodeError(() =>
        encodeMessage(messages.Heartbeat.request, 0, {
          groupId: 'g'.repeat(40000),
          generationId: 1,
          memberId: 'm',
        }),
      ),
    ).toBe('cannot encode HeartbeatRequest v0: groupId: a string of 40000 bytes is over 32767')
    expect(() => encodeMessage(Metadata.request, 14, { topics: null })).toThrow(
      new UnsupportedMessageVersion(Metadata.request, 14),
    )
    expect(() => decodeMessage(Metadata.response, 14, Buffer.alloc(0))).toThrow(
      "MetadataResponse v14 is outside ktk's versions 0-13",
    )
  })

  it('values of the wrong type are refused in one line, wherever the field is', () => {
    const { Fetch } = messages
    // clusterId is a tagged field of FetchRequest v12+; replicaState a tagged struct (v15+).
    const fetch = { maxWaitMs: 1, minBytes: 1, topics: [], forgottenTopicsData: [], rackId: '' }
    expect(encodeError(() => encodeMessage(Fetch.request, 15, { ...fetch, clusterId: 5 } as never))).toBe(
      'cannot encode FetchRequest v15: clusterId: 5 is not a string',
    )
    expect(
      encodeError(() => encodeMessage(Fetch.request, 15, { ...fetch, replicaState: null } as never)),
    ).toBe('cannot encode FetchRequest v15: replicaState: is null, which this version does not allow')
    expect(
      encodeError(() =>
        encodeMessage(ListOffsets.request, 1, {
          replicaId: -1,
          topics: [{ name: 't', partitions: [{ partitionIndex: 0, timestamp: 'soon' as never }] }],
        }),
      ),
    ).toBe('cannot encode ListOffsetsRequest v1: topics.partitions.timestamp: "soon" is not an integer')
  })

  it('unstable versions are left out (InitProducerId v6 in Kafka 4.4)', () => {
    expect(versionRange(messages.InitProducerId.request)).toEqual([0, 5])
  })
})

describe('frames and headers', () => {
  const { ApiVersions, Metadata } = messages

  it('request header v1 for non-flexible versions, v2 (with tags, client id still int16-sized) for flexible', () => {
    expect(requestHeaderVersion(Metadata, 8)).toBe(1)
    expect(requestHeaderVersion(Metadata, 9)).toBe(2)
    const frame = encodeRequestFrame(Metadata, 9, { correlationId: 7, clientId: 'ktk' }, { topics: null })
    // size, api key 3, version 9, correlation id 7, client id "ktk" (int16 length), header tags, then
    // the body: null topics, allowAutoTopicCreation true, two false flags, no tags.
    expect(frame.toString('hex')).toBe(
      `00000013${'0003'}${'0009'}${'00000007'}${'0003'}6b746b00${'0001000000'}`,
    )
    const v1 = encodeRequestFrame(Metadata, 1, { correlationId: 7, clientId: null }, { topics: null })
    expect(v1.toString('hex')).toBe('0000000e00030001' + '00000007' + 'ffff' + 'ffffffff')
  })

  it('response header v1 for flexible versions, except ApiVersions, whose response header is always v0', () => {
    expect(responseHeaderVersion(Metadata, 9)).toBe(1)
    expect(responseHeaderVersion(ApiVersions, 3)).toBe(0)
    const body = sample(ApiVersions.response, 3)
    const payload = Buffer.concat([Buffer.from('0000002a', 'hex'), body.bytes])
    expect(decodeResponseFrame(ApiVersions, 3, payload)).toEqual({ correlationId: 42, body: body.value })
    const metadata = sample(Metadata.response, 12)
    const withTags = Buffer.concat([Buffer.from('0000002a00', 'hex'), metadata.bytes])
    expect(decodeResponseFrame(Metadata, 12, withTags)).toEqual({ correlationId: 42, body: metadata.value })
  })

  it('a frame size that is negative or over the limit is refused before anything is read', () => {
    expect(frameSize(Metadata, 12, Buffer.from('00000010', 'hex'))).toBe(16)
    for (const hex of ['80000000', 'ffffffff', '06400001', '0000']) {
      expect(() => frameSize(Metadata, 12, Buffer.from(hex, 'hex'))).toThrow(MalformedResponse)
    }
    expect(() => decodeResponseFrame(Metadata, 12, Buffer.from('0000', 'hex'))).toThrow(MalformedResponse)
  })
})

describe('generatedRequest: a generated message through the session framing (RawRequest)', () => {
  it('writes the encoded body and decodes the whole response body', () => {
    const { Metadata } = messages
    const request = generatedRequest(Metadata, 12, {
      topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: 't' }],
    })
    expect(request).toMatchObject({ apiKey: 3, apiVersion: 12, apiName: 'Metadata', flexible: true })
    const w = new Writer()
    request.body(w)
    expect(w.buffer.toString('hex')).toBe(
      encodeMessage(Metadata.request, 12, { topics: [{ name: 't' }] }).toString('hex'),
    )
    const response = sample(Metadata.response, 12)
    expect(request.decode(new Reader(response.bytes))).toEqual(response.value)
    expect(() => generatedRequest(messages.ApiVersions, 3, {})).toThrow(MessageEncodeError)
  })
})
