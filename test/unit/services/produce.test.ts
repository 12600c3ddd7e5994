import { describe, expect, it } from 'vitest'
import { type ProduceResult, produceFailure } from '../../../src/services/produce.js'

const result = (over: Partial<ProduceResult>): ProduceResult => ({
  topic: 'orders',
  records: 3,
  acknowledged: 3,
  notAcknowledged: 0,
  bytes: 3,
  durationMs: 10,
  recordsPerSecond: 300,
  megabytesPerSecond: 0,
  acks: 'all',
  idempotent: true,
  compression: 'none',
  partitions: [],
  failures: [],
  transaction: null,
  interrupted: false,
  signal: null,
  linesRead: 3,
  invalidLines: 0,
  ...over,
})

const invalid = {
  lines: '2',
  count: 1,
  partition: null,
  written: 'no' as const,
  reason: 'invalid envelope: unknown field "valeu"',
}

describe('produceFailure: the exit code follows the cause', () => {
  it('SIGTERM is 143 (TERMINATED), Ctrl-C 130, even when every record read was acknowledged', () => {
    expect(produceFailure(result({ interrupted: true, signal: 'SIGTERM' }))).toMatchObject({
      code: 'TERMINATED',
      exit: 143,
      message: 'terminated (SIGTERM): 0 of 3 records read were not acknowledged',
    })
    expect(produceFailure(result({ interrupted: true, signal: 'SIGINT' }))).toMatchObject({
      code: 'INTERRUPTED',
      exit: 130,
    })
  })

  it('input lines that are not records are exit 2, naming the lines; a timeout still wins', () => {
    const bad = result({ acknowledged: 2, notAcknowledged: 1, invalidLines: 1, failures: [invalid] })
    expect(produceFailure(bad)).toMatchObject({
      code: 'USAGE',
      exit: 2,
      message: '1 of 3 records were not acknowledged (lines 2)',
    })
    const timedOut = {
      ...invalid,
      lines: '3',
      partition: 0,
      written: 'unknown' as const,
      reason: 'partition 0 did not acknowledge within 1000 ms',
    }
    expect(
      produceFailure({ ...bad, acknowledged: 1, notAcknowledged: 2, failures: [invalid, timedOut] }),
    ).toMatchObject({ code: 'TIMEOUT', exit: 7 })
  })

  it('nothing to report is no failure', () => {
    expect(produceFailure(result({}))).toBeNull()
  })
})
