import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { KtkError } from '../../../src/core/errors.js'
import { tpKey } from '../../../src/core/group-types.js'
import { parseResetCsv } from '../../../src/core/reset-csv.js'
import { type ResetOptions, resetOffsets } from '../../../src/services/reset-offsets.js'
import { FakeGateway, member, rejected } from '../../helpers/fake-gateway.js'

let undoDir: string
beforeEach(() => {
  undoDir = mkdtempSync(join(tmpdir(), 'ktk-reset-'))
})
afterEach(() => rmSync(undoDir, { recursive: true, force: true }))

function cluster() {
  const gateway = new FakeGateway()
  gateway.addTopic('orders', {
    partitions: 2,
    records: [
      ['a', 'b', 'c', 'd', 'e', 'f'],
      ['g', 'h'],
    ],
  })
  gateway.partition('orders', 0).earliest = 2
  gateway.addGroup('billing', { committed: { 'orders:0': 3 } })
  return gateway
}

const options = (over: Partial<ResetOptions> = {}): ResetOptions => ({
  groups: ['billing'],
  allGroups: false,
  allTopics: false,
  topics: ['orders'],
  scenario: { kind: 'to-earliest' },
  execute: false,
  undoDir,
  ...over,
})

const committed = (gateway: FakeGateway, group: string) =>
  Object.fromEntries(gateway.groups.get(group)!.committed)

describe('resetOffsets: the plan', () => {
  it('a dry run plans each partition of the topic and changes nothing', async () => {
    const gateway = cluster()
    const result = await resetOffsets(gateway, options())
    expect(result).toMatchObject({ scenario: 'to-earliest', dryRun: true, undo: null })
    expect(result.groups[0]!.partitions).toEqual([
      { topic: 'orders', partition: 0, currentOffset: 3, newOffset: 2 },
      { topic: 'orders', partition: 1, currentOffset: null, newOffset: 0 },
    ])
    expect(result.csv).toBe('orders,0,2\norders,1,0\n')
    expect(gateway.callsOf('commitOffsets')).toEqual([])
  })

  it('--topic t:1 limits the scope; --all-topics is every partition the group has an offset for', async () => {
    const gateway = cluster()
    const one = await resetOffsets(
      gateway,
      options({ topics: ['orders:1'], scenario: { kind: 'to-latest' } }),
    )
    expect(one.groups[0]!.partitions).toEqual([
      { topic: 'orders', partition: 1, currentOffset: null, newOffset: 2 },
    ])
    const all = await resetOffsets(
      gateway,
      options({ topics: [], allTopics: true, scenario: { kind: 'shift-by', shift: 1 } }),
    )
    expect(all.groups[0]!.partitions).toEqual([
      { topic: 'orders', partition: 0, currentOffset: 3, newOffset: 4 },
    ])
  })

  it('--to-datetime asks for the offsets by timestamp', async () => {
    const gateway = cluster()
    const at = gateway.partition('orders', 0).records[4]!.timestamp
    const result = await resetOffsets(
      gateway,
      options({ topics: ['orders:0'], scenario: { kind: 'to-datetime', timestamp: at } }),
    )
    expect(result.groups[0]!.partitions[0]!.newOffset).toBe(4)
    expect(gateway.callsOf('logOffsets').map((args) => args[1])).toContainEqual({ timestamp: at })
  })

  it('usage errors: no scope, both scopes', async () => {
    const gateway = cluster()
    expect(await rejected(resetOffsets(gateway, options({ topics: [] })))).toMatchObject({
      code: 'USAGE',
      exit: 2,
    })
    expect(await rejected(resetOffsets(gateway, options({ allTopics: true })))).toMatchObject({
      code: 'USAGE',
      message: '--all-topics and --topic cannot be used together',
    })
  })

  it('a topic or partition that does not exist is not found (exit 4)', async () => {
    const gateway = cluster()
    expect(await rejected(resetOffsets(gateway, options({ topics: ['nope'] })))).toMatchObject({
      code: 'TOPIC_NOT_FOUND',
      exit: 4,
      message: 'topic "nope" does not exist',
      hints: ['list topics with: ktk topics list'],
    })
    expect(await rejected(resetOffsets(gateway, options({ topics: ['orders:5'] })))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'partition orders-5 does not exist (the topic has 2)',
    })
  })

  it('refuses a group with members (exit 5), naming them, before reading offsets', async () => {
    const gateway = cluster()
    gateway.addGroup('live', { members: [member('m1', { orders: [0] })] })
    const error = await rejected(resetOffsets(gateway, options({ groups: ['live'] })))
    expect(error).toMatchObject({ code: 'GROUP_NOT_EMPTY', exit: 5 })
    expect(error.message).toBe(
      'refusing to reset offsets: group "live" is Stable with 1 member: m1 (client client-m1, host /127.0.0.1)',
    )
    expect(gateway.callsOf('logOffsets')).toEqual([])
  })

  it('a refusal while reading the group says everything the reset needs', async () => {
    const gateway = cluster()
    gateway.groupErrors.set(
      'billing',
      new KtkError('AUTHORIZATION_FAILED', 'not authorized to DESCRIBE group "billing"'),
    )
    const error = await rejected(resetOffsets(gateway, options()))
    expect(error).toMatchObject({ code: 'AUTHORIZATION_FAILED', exit: 6 })
    expect(error.hints).toContain(
      'resetting offsets needs DESCRIBE and READ on the group and READ on its topics',
    )
  })
})

describe('resetOffsets --execute', () => {
  it('writes the undo file first, then commits; the undo file restores the offsets before', async () => {
    const gateway = cluster()
    const result = await resetOffsets(
      gateway,
      options({ execute: true, scenario: { kind: 'to-offset', offset: 5 } }),
    )
    expect(committed(gateway, 'billing')).toEqual({ [tpKey('orders', 0)]: 5, [tpKey('orders', 1)]: 2 })
    expect(result.undo!.withoutPreviousOffset).toEqual([{ group: 'billing', topic: 'orders', partition: 1 }])
    expect(readdirSync(undoDir)).toHaveLength(1)
    expect(readFileSync(result.undo!.file, 'utf8')).toBe('billing,orders,0,3\n')
    expect(result.undo!.restore).toBe(`ktk groups reset-offsets --from-file ${result.undo!.file} --execute`)

    // Restoring from the undo file puts offset 3 back.
    const file = parseResetCsv(readFileSync(result.undo!.file, 'utf8'), null)
    await resetOffsets(
      gateway,
      options({
        groups: [],
        topics: [],
        execute: true,
        scenario: { kind: 'from-file', file, path: result.undo!.file },
      }),
    )
    expect(committed(gateway, 'billing')[tpKey('orders', 0)]).toBe(3)
  })

  it('a reset file naming partitions that do not exist is refused before anything changes', async () => {
    const gateway = cluster()
    const file = parseResetCsv('billing,orders,0,1\nbilling,orders,9,1\n', null)
    const error = await rejected(
      resetOffsets(
        gateway,
        options({
          groups: [],
          topics: [],
          execute: true,
          scenario: { kind: 'from-file', file, path: 'f.csv' },
        }),
      ),
    )
    expect(error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'the reset file names partitions that do not exist: orders-9',
    })
    expect(gateway.callsOf('commitOffsets')).toEqual([])
  })

  it('a commit refused for a partition fails with the undo file in the hints', async () => {
    const gateway = cluster()
    gateway.commitErrors.set(tpKey('orders', 1), {
      code: 'TOPIC_AUTHORIZATION_FAILED',
      message: 'not authorized to READ topic "orders"',
      hints: [],
    })
    const error = await rejected(resetOffsets(gateway, options({ execute: true })))
    expect(error).toMatchObject({
      code: 'AUTHORIZATION_FAILED',
      exit: 6,
      message: 'not authorized to READ topic "orders"',
    })
    expect(error.hints.at(-1)).toMatch(/^offsets before the reset are in .*reset-.*-billing\.csv$/)
  })

  it('a group that became active meanwhile is a conflict (exit 5)', async () => {
    const gateway = cluster()
    gateway.commitErrors.set(tpKey('orders', 0), {
      code: 'UNKNOWN_MEMBER_ID',
      message: 'the group has active members',
      hints: [],
    })
    expect(await rejected(resetOffsets(gateway, options({ execute: true })))).toMatchObject({
      code: 'GROUP_NOT_EMPTY',
      message: 'cannot reset the offsets of group "billing" (orders-0): the group has active members',
    })
  })
})
