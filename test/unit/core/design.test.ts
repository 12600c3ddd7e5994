import { describe, expect, it } from 'vitest'
import { designCommands, designName, designTopic } from '../../../src/core/design.js'
import {
  missingAnswers,
  parseAnswers,
  type RawAnswers,
  segmentProblem,
} from '../../../src/core/design-answers.js'
import { DEFAULT_POLICY } from '../../../src/core/naming/index.js'

const raw: RawAnswers = {
  segments: { env: 'prod', domain: 'retail', event: 'order_placed' },
  throughput: '5k',
  recordSize: '1KiB',
  consumers: '6',
  key: 'order_id',
  retention: '7d',
  durability: 'production',
}

describe('designName', () => {
  const segments = { env: 'prod', domain: 'retail', event: 'order_placed' }
  it('is v1 when the event is new, the next free version otherwise, or the one asked for', () => {
    expect(designName(DEFAULT_POLICY, segments, undefined, []).name).toBe('prod.retail.order_placed.v1')
    expect(
      designName(DEFAULT_POLICY, segments, undefined, [
        'prod.retail.order_placed.v1',
        'prod.retail.order_placed.v2',
      ]),
    ).toEqual({ name: 'prod.retail.order_placed.v3', version: 3 })
    expect(designName(DEFAULT_POLICY, segments, 7, []).name).toBe('prod.retail.order_placed.v7')
  })
})

describe('answers', () => {
  it('lists the flags of missing answers; the env restriction answers the env segment', () => {
    expect(missingAnswers({ segments: {} }, DEFAULT_POLICY, undefined)).toEqual([
      '--env',
      '--domain',
      '--event',
      '--throughput',
      '--record-size',
      '--consumers',
      '--key',
      '--retention',
      '--durability',
    ])
    expect(
      missingAnswers({ ...raw, segments: { domain: 'retail', event: 'x' } }, DEFAULT_POLICY, 'prod'),
    ).toEqual([])
  })

  it('parses complete answers', () => {
    expect(parseAnswers(raw, DEFAULT_POLICY, undefined)).toEqual({
      segments: raw.segments,
      throughput: 5000,
      recordBytes: 1024,
      consumers: 6,
      key: 'order_id',
      retention: { kind: 'time', ms: 604_800_000 },
      durability: 'production',
    })
    expect(parseAnswers({ ...raw, key: 'none', durability: 'dev' }, DEFAULT_POLICY, undefined)).toMatchObject(
      {
        key: null,
        durability: 'development',
      },
    )
  })

  it.each([
    [{ consumers: '0' }, /--consumers: consumers "0" is not a whole number/],
    [{ throughput: 'fast' }, /--throughput: throughput "fast" is not a positive number/],
    [{ retention: 'sometimes' }, /--retention: retention "sometimes"/],
    [{ durability: 'best' }, /--durability: durability "best" is not production or development/],
    [{ key: 'order id' }, /--key: key "order id" should be one field name/],
    [
      { segments: { ...raw.segments, event: 'OrderPlaced' } },
      /--event: event segment "OrderPlaced" must be lower snake_case.*\(try "order_placed"\)/,
    ],
  ])('refuses %j naming the flag', (change, message) => {
    expect(() => parseAnswers({ ...raw, ...change }, DEFAULT_POLICY, undefined)).toThrow(message)
  })

  it('an env answer that differs from the cluster environment is refused', () => {
    expect(() => parseAnswers(raw, DEFAULT_POLICY, 'dev')).toThrow(
      /--env prod differs from the cluster's environment dev/,
    )
  })

  it('segmentProblem is what a prompt shows while typing', () => {
    const domain = DEFAULT_POLICY.segments[1]!
    expect(segmentProblem('retail', domain)).toBeUndefined()
    expect(segmentProblem('Retail', domain)).toMatch(
      /^domain segment "Retail" must be lower snake_case.*\(try "retail"\)$/,
    )
  })
})

describe('designTopic', () => {
  it('gives the same plan for the same answers, with both command lines', () => {
    const answers = parseAnswers(raw, DEFAULT_POLICY, undefined)
    const cluster = { brokers: 3, topics: [], bootstrap: 'b1:9092,b2:9092' }
    const plan = designTopic(answers, DEFAULT_POLICY, cluster)
    expect(designTopic(answers, DEFAULT_POLICY, cluster)).toEqual(plan)
    expect(plan).toMatchObject({ name: 'prod.retail.order_placed.v1', partitions: 6, replicationFactor: 3 })
    expect(plan.commands).toEqual({
      ktk: 'ktk topics create prod.retail.order_placed.v1 --partitions 6 --replication-factor 3 --config min.insync.replicas=2 --config retention.ms=604800000',
      kafkaTopics:
        'kafka-topics.sh --bootstrap-server b1:9092,b2:9092 --create --topic prod.retail.order_placed.v1 --partitions 6 --replication-factor 3 --config min.insync.replicas=2 --config retention.ms=604800000',
    })
  })

  it('quotes what a shell would split', () => {
    const commands = designCommands(
      { name: 'a.b', partitions: 1, replicationFactor: 1, configs: { 'x.y': "it's" } },
      'h:1',
    )
    expect(commands.ktk).toBe(
      `ktk topics create a.b --partitions 1 --replication-factor 1 --config 'x.y=it'\\''s'`,
    )
  })
})
