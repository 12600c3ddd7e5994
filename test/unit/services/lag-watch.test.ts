import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type Pause, sampleLag, type WatchFrame, watchLag } from '../../../src/services/lag-watch.js'
import { FakeGateway, member } from '../../helpers/fake-gateway.js'

/**
 * A pause that moves the (fake) clock instead of waiting, and runs `between` first: what happens in
 * the cluster during the interval.
 */
function clock(between: (n: number) => void): Pause & { waits: number[] } {
  const waits: number[] = []
  const pause = async (ms: number) => {
    waits.push(ms)
    between(waits.length)
    vi.setSystemTime(Date.now() + ms)
  }
  return Object.assign(pause, { waits })
}

function cluster() {
  const gateway = new FakeGateway()
  gateway.addTopic('orders', { partitions: 1, records: [['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']] })
  const billing = gateway.addGroup('billing', {
    members: [member('m1', { orders: [0] })],
    committed: { 'orders:0': 0 },
  })
  return { gateway, billing }
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(1_700_000_000_000)
})
afterEach(() => {
  vi.useRealTimers()
})

describe('watchLag', () => {
  it('measures every interval until aborted; rates come from the offsets moved between frames', async () => {
    const { gateway, billing } = cluster()
    const stop = new AbortController()
    const frames: WatchFrame[] = []
    const pause = clock((n) => {
      billing.committed.set('orders\u00000', 4 * n) // the group consumes 4 records per second
      gateway.append('orders', 0, null, 'x') // while 1 more is produced
      if (n === 3) stop.abort()
    })
    const result = await watchLag(
      gateway,
      { groups: ['billing'], allGroups: false },
      {
        limits: {},
        time: false,
        intervalMs: 1000,
        signal: stop.signal,
        onFrame: (frame) => frames.push(frame),
        pause,
      },
    )
    expect(frames.map((f) => f.index)).toEqual([1, 2, 3])
    expect(result.frames.map((f) => f.totalLag)).toEqual([10, 7, 4])
    expect(frames[2]!.totalHistory).toEqual([10, 7, 4])
    expect(frames[2]!.groupHistory.get('billing')).toEqual([10, 7, 4])
    expect(result.frames[0]!.groups[0]!.consumeRate).toBeNull()
    expect(result.frames[1]!.groups[0]).toMatchObject({
      lag: 7,
      lagDelta: -3,
      consumeRate: 4,
      produceRate: 1,
    })
    expect(pause.waits).toEqual([1000, 1000, 1000])
    // The groups are chosen once, at the start.
    expect(gateway.callsOf('describeGroups')).toHaveLength(3)
  })
})

describe('sampleLag', () => {
  it('N samples an interval apart, then Burrow’s verdict per partition and group', async () => {
    const { gateway } = cluster()
    gateway.addGroup('stuck', { members: [member('m2', { orders: [0] })], committed: { 'orders:0': 1 } })
    const seen: number[] = []
    const pause = clock(() => gateway.append('orders', 0, null, 'x'))
    const result = await sampleLag(
      gateway,
      { groups: ['billing', 'stuck', 'nope'], allGroups: false },
      {
        samples: 3,
        intervalMs: 500,
        signal: new AbortController().signal,
        onSample: (n) => seen.push(n),
        pause,
      },
    )
    expect(seen).toEqual([1, 2, 3])
    expect(pause.waits).toEqual([500, 500])
    expect(result).toMatchObject({ samples: 3, taken: 3, missing: ['nope'] })
    const stuck = result.groups.find((g) => g.group === 'stuck')!
    expect(stuck).toMatchObject({ status: 'ERR', worst: 'STALL', lag: 11 })
    expect(stuck.partitions[0]).toMatchObject({ first: { offset: 1, lag: 9 }, last: { offset: 1, lag: 11 } })
  })

  it('an abort stops sampling: the result says how many samples were taken', async () => {
    const { gateway } = cluster()
    const stop = new AbortController()
    const result = await sampleLag(
      gateway,
      { groups: ['billing'], allGroups: false },
      {
        samples: 5,
        intervalMs: 500,
        signal: stop.signal,
        onSample: (n) => n === 2 && stop.abort(),
        pause: clock(() => {}),
      },
    )
    expect(result.taken).toBe(2)
  })
})
