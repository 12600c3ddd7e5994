import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { type ErrorJson, json, ktk, uniqueTopic } from '../helpers/cli.js'
import { type TestCluster, testCluster } from '../helpers/clusters.js'
import { kafkaTool, parseKafkaTopicsDescribe } from '../helpers/kafka-tools.js'

interface LintJson {
  policy: { source: string; mode: string }
  checked: number
  violating: number
  exempt: number
  topics: {
    name: string
    status: string
    suggestion: string | null
    violations: { rule: string; segment?: string }[]
  }[]
}

/** A fresh repository folder with a ktk.naming.yaml at its root and a working folder two levels down. */
function repoWithPolicy(policy: string): { root: string; cwd: string } {
  const root = mkdtempSync(join(tmpdir(), 'ktk-naming-'))
  mkdirSync(join(root, '.git'))
  writeFileSync(join(root, 'ktk.naming.yaml'), policy)
  const cwd = join(root, 'services', 'orders')
  mkdirSync(cwd, { recursive: true })
  return { root, cwd }
}

/** A name the default convention accepts, unique to this run. */
const conforming = (event: string, env = 'dev') =>
  `${env}.e2e_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}.${event}.v1`

describe('naming policy on kafka41', () => {
  let cluster: TestCluster
  let b: string[]
  const listTopics = async () =>
    (await kafkaTool(cluster, 'topics', ['--bootstrap-server', cluster.bootstrap, '--list'])).stdout.split(
      '\n',
    )

  beforeAll(async () => {
    cluster = await testCluster('kafka41')
    b = ['-b', cluster.bootstrap]
  })

  it('lint exits 3 on a cluster holding a non-conforming topic, naming it with rule and suggestion', async () => {
    const bad = uniqueTopic('Lint.Retail')
    const good = conforming('order_placed')
    for (const t of [bad, good]) expect((await ktk(['topics', 'create', t, ...b])).code).toBe(0)

    const plain = await ktk(['topics', 'lint', ...b])
    expect(plain.code).toBe(3)
    const row = plain.stdout.split('\n').find((l) => l.startsWith(`${bad} `))
    expect(row).toMatch(/segment-count\s+expected 4 segments/)
    expect(plain.stdout).not.toContain(good)
    expect(plain.stderr).toMatch(/\d+ of \d+ topic\(s\) break the built-in naming convention/)

    const doc = json<LintJson>(await ktk(['topics', 'lint', ...b, '--json']))
    expect(doc.policy).toEqual({ source: 'built-in', mode: 'warn' })
    const entry = doc.topics.find((t) => t.name === bad)!
    expect(entry.status).toBe('violation')
    expect(entry.violations.map((v) => v.rule)).toEqual(['segment-count'])
    expect(doc.topics.some((t) => t.name === good)).toBe(false)
    expect((await ktk(['topics', 'lint', ...b, '--json'])).code).toBe(3)

    // Only the conforming topic selected: nothing breaks, exit 0.
    const clean = await ktk(['topics', 'lint', ...b, '--topic', good.replaceAll('.', '\\.')])
    expect(clean.code, clean.stderr).toBe(0)
    expect(clean.stderr).toContain('1 topic(s) follow the built-in naming convention')
  })

  it('create refuses a non-conforming name in enforce mode (exit 2, reason, suggestion, override) and creates nothing', async () => {
    const { cwd } = repoWithPolicy('mode: enforce\n')
    const name = `Dev.Retail.OrderPlaced${Date.now().toString(36)}`
    const refused = await ktk(['topics', 'create', name, ...b], { cwd })
    expect(refused.code).toBe(2)
    const lines = refused.stderr.trim().split('\n')
    expect(lines[0]).toBe(
      `error: topic name "${name}" breaks naming policy ${join(cwd, '..', '..', 'ktk.naming.yaml')}: expected 4 segments separated by "." (<env>.<domain>.<event>.v<N>), got 3 (rule segment-count)`,
    )
    const suffix = name.slice('Dev.Retail.OrderPlaced'.length)
    expect(lines).toContain(`hint: suggested name: dev.retail.order_placed${suffix}.v1`)
    expect(lines.some((l) => l.startsWith('hint: to create it anyway: --skip-naming-check'))).toBe(true)
    expect(await listTopics()).not.toContain(name)

    const asJson = await ktk(['topics', 'create', name, ...b, '--json'], { cwd })
    expect(asJson.code).toBe(2)
    expect(json<ErrorJson>(asJson).error).toMatchObject({ code: 'NAMING_VIOLATION', exit: 2 })

    const forced = await ktk(['topics', 'create', name, ...b, '--skip-naming-check'], { cwd })
    expect(forced.code, forced.stderr).toBe(0)
    expect(forced.stderr).toMatch(/^warning: naming check skipped \(--skip-naming-check\) for "/)
    expect(await listTopics()).toContain(name)
  })

  it('a segment breaking its rule is named in the error; a conforming name is created', async () => {
    const { cwd } = repoWithPolicy(
      'mode: enforce\nsegments:\n  - name: env\n    values: [dev, prod]\n  - name: domain\n    case: snake\n  - name: event\n    case: snake\n  - name: version\n    version: v\n',
    )
    const good = conforming('order_placed')
    const bad = good.replace('order_placed', 'OrderPlaced')
    const refused = await ktk(['topics', 'create', bad, ...b], { cwd })
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('event segment "OrderPlaced" must be lower snake_case')
    expect(refused.stderr).toContain('(rule case)')
    expect(refused.stderr).toContain(`hint: suggested name: ${good}`)
    const created = await ktk(['topics', 'create', good, ...b], { cwd })
    expect(created.code, created.stderr).toBe(0)
    expect(created.stderr).toBe('')
  })

  it("--env restricts the env segment to the cluster's environment", async () => {
    const { cwd } = repoWithPolicy('mode: enforce\n')
    const dev = conforming('order_placed', 'dev')
    const refused = await ktk(['topics', 'create', dev, ...b, '--env', 'prod'], { cwd })
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain(`env segment "dev" is not this cluster's environment "prod" (rule env)`)
    expect(refused.stderr).toContain(`hint: suggested name: ${dev.replace(/^dev\./, 'prod.')}`)
    expect(await listTopics()).not.toContain(dev)
  })

  it('warn mode creates the topic and warns after it; an invalid policy file exits 2 naming file and line', async () => {
    const { cwd } = repoWithPolicy('mode: warn\n')
    const name = uniqueTopic('warned')
    const warned = await ktk(['topics', 'create', name, ...b], { cwd })
    expect(warned.code).toBe(0)
    expect(warned.stdout).toContain(`Created topic ${name}`)
    expect(warned.stderr).toMatch(/^warning: ".*": expected 4 segments/)

    const broken = repoWithPolicy('mode: warn\nsegments:\n  - name: env\n    valeus: [dev]\n')
    const invalid = await ktk(['topics', 'create', uniqueTopic('x'), ...b], { cwd: broken.cwd })
    expect(invalid.code).toBe(2)
    expect(invalid.stderr.split('\n')[0]).toBe(
      `error: ${join(broken.root, 'ktk.naming.yaml')}:4:5: segments[0].valeus: unrecognized key: "valeus"`,
    )
  })

  it('bump plans v2 with the same partitions, replication and configs, and --execute creates exactly that', async () => {
    const v1 = conforming('payment_settled')
    expect(
      (
        await ktk([
          'topics',
          'create',
          v1,
          ...b,
          '--partitions',
          '5',
          '--config',
          'retention.ms=7200000',
          '--config',
          'cleanup.policy=compact,delete',
        ])
      ).code,
    ).toBe(0)
    const v2 = v1.replace(/\.v1$/, '.v2')
    const plan = await ktk(['topics', 'bump', v1, ...b])
    expect(plan.code, plan.stderr).toBe(0)
    expect(plan.stdout).toContain(`Plan: ${v2} (v1 -> v2)`)
    expect(plan.stdout).toContain('Run again with --execute')
    expect(await listTopics()).not.toContain(v2)

    const done = json<{ to: string; executed: boolean; partitions: number; configs: Record<string, string> }>(
      await ktk(['topics', 'bump', v1, ...b, '--execute', '--json']),
    )
    expect(done).toMatchObject({ to: v2, executed: true, partitions: 5 })
    const described = await kafkaTool(cluster, 'topics', [
      '--bootstrap-server',
      cluster.bootstrap,
      '--describe',
      '--topic',
      `${v1}|${v2}`.replaceAll('.', '\\.'),
    ])
    const [a, c] = parseKafkaTopicsDescribe(described.stdout).sort((x, y) => x.topic.localeCompare(y.topic))
    expect(c!.topic).toBe(v2)
    expect(c!.partitionCount).toBe(a!.partitionCount)
    expect(c!.replicationFactor).toBe(a!.replicationFactor)
    expect(c!.configs).toEqual(a!.configs)
    expect(c!.configs).toMatchObject({ 'cleanup.policy': 'compact,delete', 'retention.ms': '7200000' })
    expect(done.configs).toEqual({ 'cleanup.policy': 'compact,delete', 'retention.ms': '7200000' })

    // v2 exists now: the next bump of v1 skips to v3.
    const again = json<{ to: string; skipped: string[] }>(await ktk(['topics', 'bump', v1, ...b, '--json']))
    expect(again.to).toBe(v1.replace(/\.v1$/, '.v3'))
    expect(again.skipped).toEqual([v2])
  })
})
