import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import ContextAdd from '../../../src/commands/context/add.js'
import ContextList from '../../../src/commands/context/list.js'
import ContextShow from '../../../src/commands/context/show.js'
import ContextUse from '../../../src/commands/context/use.js'
import LocalStatus from '../../../src/commands/local/status.js'
import TopicsDesign from '../../../src/commands/topics/design.js'
import TopicsLint from '../../../src/commands/topics/lint.js'
import { runInProcess } from '../../helpers/in-process.js'

// Commands that need no broker, run in this process through the base command's injectable streams:
// the same parsing, output and exit-code contract as the binary, without spawning it.

let dir: string
let env: Record<string, string | undefined>

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ktk-in-process-'))
  env = {
    KTK_STATE_DIR: join(dir, 'state'),
    KTK_CONFIG_DIR: join(dir, 'config'),
    NO_COLOR: '1',
    CI: '1',
    KTK_CONTEXT: undefined,
    KTK_BOOTSTRAP_SERVER: undefined,
  }
})

describe('local status without a local cluster', () => {
  it('says so and exits 4; --json prints the status document with the same exit', async () => {
    const plain = await runInProcess(LocalStatus, 'local status', [], env)
    expect(plain).toEqual({
      exit: 4,
      stdout: 'No local cluster. Start one with: ktk local start\n',
      stderr: '',
    })

    const asJson = await runInProcess(LocalStatus, 'local status', ['--json'], env)
    expect(asJson.exit).toBe(4)
    expect(JSON.parse(asJson.stdout)).toMatchObject({ exists: false, running: false, nodes: [] })
  })
})

describe('contexts in a temporary config folder', () => {
  it('add, list, use and show a context; an unknown one is exit 4 with a hint', async () => {
    const added = await runInProcess(
      ContextAdd,
      'context add',
      ['dev', '-b', 'localhost:9092', '--environment', 'dev'],
      env,
    )
    expect(added.exit, added.stderr).toBe(0)
    expect(added.stdout).toMatch(/^Name: +dev$/m)
    expect(added.stderr).toContain('Added context dev')

    const listed = await runInProcess(ContextList, 'context list', ['--json'], env)
    expect(listed.exit).toBe(0)
    expect(JSON.parse(listed.stdout)).toMatchObject({
      current: null,
      contexts: [{ name: 'dev', bootstrapServers: ['localhost:9092'], environment: 'dev' }],
    })

    expect((await runInProcess(ContextUse, 'context use', ['dev'], env)).exit).toBe(0)
    const shown = await runInProcess(ContextShow, 'context show', ['--json'], env)
    expect(JSON.parse(shown.stdout)).toMatchObject({ name: 'dev', current: true })

    const missing = await runInProcess(ContextShow, 'context show', ['nope'], env)
    expect(missing.exit).toBe(4)
    expect(missing.stdout).toBe('')
    expect(missing.stderr.split('\n')[0]).toBe('error: there is no context "nope"')
    const missingJson = await runInProcess(ContextShow, 'context show', ['nope', '--json'], env)
    expect(missingJson.exit).toBe(4)
    expect(JSON.parse(missingJson.stdout).error).toMatchObject({
      exit: 4,
      message: 'there is no context "nope"',
    })
  })

  it('a mistyped flag is a usage error (exit 2) with the closest flag as a hint', async () => {
    const r = await runInProcess(ContextList, 'context list', ['--jsn'], env)
    expect(r.exit).toBe(2)
    expect(r.stderr).toBe(
      'error: Nonexistent flag: --jsn\nhint: see: ktk context list --help\nhint: did you mean --json?\n',
    )
  })
})

describe('topics lint of spec files (offline)', () => {
  it('exits 3 naming the topic that breaks the policy, 0 when every name conforms', async () => {
    const policy = join(dir, 'ktk.naming.yaml')
    writeFileSync(policy, 'mode: enforce\n')
    const spec = (names: string[]) => {
      const file = join(dir, `spec-${names.length}.yaml`)
      writeFileSync(file, `topics:\n${names.map((n) => `  - name: ${n}\n    partitions: 1\n`).join('')}`)
      return file
    }
    const bad = await runInProcess(
      TopicsLint,
      'topics lint',
      ['-f', spec(['dev.shop.order_placed.v1', 'dev.shop.RefundIssued.v2']), '--naming-policy', policy],
      env,
    )
    expect(bad.exit).toBe(3)
    expect(bad.stdout).toMatch(/:4 +dev\.shop\.RefundIssued\.v2 +case .* dev\.shop\.refund_issued\.v2/)
    expect(bad.stderr).toBe(`1 of 2 topic(s) break naming policy ${policy}\n`)

    const good = await runInProcess(
      TopicsLint,
      'topics lint',
      ['-f', spec(['dev.shop.order_placed.v1']), '--naming-policy', policy, '--json'],
      env,
    )
    expect(good.exit).toBe(0)
    expect(JSON.parse(good.stdout)).toMatchObject({ checked: 1, ok: 1, violating: 0 })
  })
})

describe('topics design --brokers (offline)', () => {
  const answers = [
    ...['--env', 'prod', '--domain', 'shop', '--event', 'order_placed', '--throughput', '50k'],
    ...['--record-size', '1KiB', '--consumers', '4', '--key', 'order_id', '--retention', '3d'],
    ...['--durability', 'production', '--brokers', '3'],
  ]

  it('prints the plan the answers give as one JSON document', async () => {
    const r = await runInProcess(TopicsDesign, 'topics design', [...answers, '--json'], env)
    expect(r.exit, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({
      action: 'print',
      created: null,
      plan: { name: 'prod.shop.order_placed.v1', partitions: 21, replicationFactor: 3 },
    })
  })

  it('without a terminal, missing answers exit 2 and list them', async () => {
    const r = await runInProcess(TopicsDesign, 'topics design', ['--brokers', '3', '--env', 'prod'], env)
    expect(r.exit).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.split('\n')[0]).toBe(
      'error: missing answers: --domain, --event, --throughput, --record-size, --consumers, --key, --retention, --durability',
    )
  })
})
