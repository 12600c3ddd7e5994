import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { json, ktk } from '../helpers/cli.js'
import { freePort } from '../helpers/clusters.js'

/**
 * ktk's main job end to end, under whichever Node runs the tests (scripts/test-node-versions.sh runs this
 * file under each Node line ktk supports): a local Kafka started by ktk itself, a topic, records in and
 * out through a consumer group, and its lag. Needs no cluster of the global setup.
 */
describe(`smoke on Node ${process.version}`, () => {
  const env = {
    KTK_STATE_DIR: mkdtempSync(join(tmpdir(), 'ktk-smoke-state-')),
    KTK_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'ktk-smoke-config-')),
  }
  const topic = 'dev.smoke.order_placed.v1'

  afterAll(async () => {
    await ktk(['local', 'stop', '--delete-data'], { env })
  })

  it('local start, create, produce, consume in a group, lag', async () => {
    const started = await ktk(['local', 'start', '--port', String(freePort(34)), '--json'], { env })
    expect(started.code, started.stderr).toBe(0)
    expect(json<{ running: boolean }>(started).running).toBe(true)

    const created = await ktk(['topics', 'create', topic, '--partitions', '3'], { env })
    expect(created.code, created.stderr).toBe(0)

    const lines = Array.from({ length: 30 }, (_, i) => `customer-${i % 7}:order-${i}`)
    const produced = await ktk(['produce', topic, '--key-separator', ':'], {
      env,
      input: `${lines.join('\n')}\n`,
    })
    expect(produced.code, produced.stderr).toBe(0)

    const consumed = await ktk(['consume', topic, '--group', 'billing', '--from-beginning', '-n', '20'], {
      env,
    })
    expect(consumed.code, consumed.stderr).toBe(0)
    expect(consumed.stdout.trim().split('\n')).toHaveLength(20)

    const lag = await ktk(['groups', 'lag', '--group', 'billing', '--json'], { env })
    expect(lag.code, lag.stderr).toBe(0)
    // The group committed exactly the 20 records it printed; lag counts the rest of those partitions.
    const rows = json<{ partitions: { currentOffset: number; logEndOffset: number; lag: number }[] }>(
      lag,
    ).partitions
    expect(rows.reduce((sum, r) => sum + r.currentOffset, 0)).toBe(20)
    for (const r of rows) expect(r.lag).toBe(r.logEndOffset - r.currentOffset)
  })
})
