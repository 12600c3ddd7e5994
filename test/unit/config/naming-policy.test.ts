import { describe, expect, it } from 'vitest'
import {
  BUILTIN_POLICY,
  findPolicyFile,
  loadNamingPolicy,
  parseNamingPolicy,
} from '../../../src/config/naming-policy.js'
import { KtkError } from '../../../src/core/errors.js'
import { checkTopicName } from '../../../src/core/naming/index.js'

const FULL = `# ktk.naming.yaml
mode: enforce
separator: "."
maxLength: 120
segments:
  - name: env
    values: [dev, test, staging, prod]
  - name: domain
    case: snake
    maxLength: 30
  - name: event
    case: snake
  - name: version
    version: v
exemptions:
  - glob: "dbserver1.*"
    reason: Debezium change topics
  - regex: '^cdc\\.[a-z_]+\\.[a-z_]+$'
  - name: legacy-orders
    reason: created before the convention
  - old_payments
`

function thrown(fn: () => unknown): KtkError {
  try {
    fn()
  } catch (error) {
    if (error instanceof KtkError) return error
    throw error
  }
  throw new Error('expected an error')
}

describe('parseNamingPolicy', () => {
  it('reads a full policy', () => {
    const policy = parseNamingPolicy('/repo/ktk.naming.yaml', FULL)
    expect(policy.mode).toBe('enforce')
    expect(policy.maxLength).toBe(120)
    expect(policy.envSegment).toBe('env')
    expect(policy.segments.map((s) => s.kind)).toEqual(['enum', 'text', 'text', 'version'])
    expect(policy.segments[1]).toEqual({ kind: 'text', name: 'domain', case: 'snake', maxLength: 30 })
    expect(policy.source).toBe('/repo/ktk.naming.yaml')
    const exempt = (name: string) => checkTopicName(name, policy).exemption
    expect(exempt('dbserver1.inventory.customers')).toBe('Debezium change topics')
    expect(exempt('cdc.public.orders')).toBe('exempt by policy')
    expect(exempt('legacy-orders')).toBe('created before the convention')
    expect(exempt('old_payments')).toBe('grandfathered by policy')
    expect(exempt('__consumer_offsets')).toMatch(/internal/)
  })

  it('an empty file is the default convention, enforced', () => {
    const policy = parseNamingPolicy('p.yaml', '')
    expect(policy.mode).toBe('enforce')
    expect(policy.segments).toEqual(BUILTIN_POLICY.segments)
    expect(checkTopicName('prod.retail.order_placed.v1', policy).status).toBe('ok')
  })

  it('builtinExemptions: false checks even Kafka Streams topics', () => {
    const policy = parseNamingPolicy('p.yaml', 'builtinExemptions: false\n')
    expect(checkTopicName('app-store-changelog', policy).status).toBe('violation')
  })

  it.each([
    ['mode: strict\n', 1, 7, /^p\.yaml:1:7: mode: invalid option: expected one of "enforce"\|"warn"\|"off"/],
    ['mode: warn\nsegmnets: []\n', 2, 1, /^p\.yaml:2:1: segmnets: unrecognized key: "segmnets"/],
    ['maxLength: 300\n', 1, 12, /^p\.yaml:1:12: maxLength: too big/],
    [
      'segments:\n  - name: env\n    values: [dev, prod]\n  - name: Domain\n',
      4,
      11,
      /^p\.yaml:4:11: segments\[1\]\.name: must be lowercase/,
    ],
    [
      'segments:\n  - name: env\n    values: [dev, pr.od]\n',
      3,
      19,
      /segments\[0\]\.values\[1\]: "pr\.od" cannot appear/,
    ],
    ['exemptions:\n  - regex: "a(b"\n', 2, 12, /exemptions\[0\]\.regex: is not a valid regular expression/],
    ['exemptions:\n  - glob: "a*"\n    name: b\n', 2, 5, /exactly one of name, glob or regex/],
    ['segments:\n  - name: v\n    version: true\n    case: snake\n', 2, 5, /either values/],
    ['envSegment: stage\n', 1, 13, /envSegment: no segment is named "stage"/],
    [
      'mode: [enforce\n',
      2,
      1,
      /^p\.yaml:2:1: Flow sequence in block collection must be sufficiently indented/,
    ],
    ['mode: warn\nmode: off\n', 2, 1, /^p\.yaml:2:1: Map keys must be unique/],
  ])('%j is refused at line %i, column %i', (text, line, column, message) => {
    const error = thrown(() => parseNamingPolicy('p.yaml', text))
    expect(error.code).toBe('INVALID_POLICY')
    expect(error.exit).toBe(2)
    expect(error.message).toMatch(message)
    expect(error.message.startsWith(`p.yaml:${line}:${column}:`)).toBe(true)
  })

  it('lists every problem, the first in the message and the rest as details', () => {
    const error = thrown(() => parseNamingPolicy('p.yaml', 'mode: x\nseparator: "/"\n'))
    expect(error.message).toMatch(/^p\.yaml:1:7: mode/)
    expect(error.details).toHaveLength(1)
    expect(error.details[0]).toMatch(/^p\.yaml:2:12: separator/)
  })
})

describe('finding the policy file', () => {
  const files = (paths: Record<string, string>) => ({
    env: {},
    readFile: (p: string) => paths[p] ?? '',
    exists: (p: string) => p in paths,
  })

  it('walks up from the working folder to the nearest ktk.naming.yaml', () => {
    const fs = files({ '/repo/.git': '', '/repo/ktk.naming.yaml': 'mode: warn\n', '/repo/svc/a/x': '' })
    expect(findPolicyFile({ ...fs, cwd: '/repo/svc/a' })).toBe('/repo/ktk.naming.yaml')
    expect(loadNamingPolicy({ ...fs, cwd: '/repo/svc/a' }).mode).toBe('warn')
  })

  it('prefers the nearest file', () => {
    const fs = files({ '/repo/.git': '', '/repo/ktk.naming.yaml': '', '/repo/svc/ktk.naming.yaml': '' })
    expect(findPolicyFile({ ...fs, cwd: '/repo/svc/a' })).toBe('/repo/svc/ktk.naming.yaml')
  })

  it('stops at the repository root', () => {
    const fs = files({ '/ktk.naming.yaml': '', '/work/repo/.git': '' })
    expect(findPolicyFile({ ...fs, cwd: '/work/repo/src' })).toBeUndefined()
    expect(findPolicyFile({ ...fs, cwd: '/work/elsewhere' })).toBe('/ktk.naming.yaml')
  })

  it('--naming-policy, then KTK_NAMING_POLICY, beat the walk', () => {
    const fs = files({ '/repo/.git': '', '/repo/ktk.naming.yaml': '', '/etc/a.yaml': '', '/etc/b.yaml': '' })
    expect(
      findPolicyFile({ ...fs, cwd: '/repo', flag: '/etc/a.yaml', env: { KTK_NAMING_POLICY: '/etc/b.yaml' } }),
    ).toBe('/etc/a.yaml')
    expect(findPolicyFile({ ...fs, cwd: '/repo', env: { KTK_NAMING_POLICY: '/etc/b.yaml' } })).toBe(
      '/etc/b.yaml',
    )
    expect(findPolicyFile({ ...fs, cwd: '/etc', flag: 'a.yaml' })).toBe('/etc/a.yaml')
  })

  it("the context's naming-policy comes after KTK_NAMING_POLICY and before the walk", () => {
    const fs = files({
      '/repo/.git': '',
      '/repo/ktk.naming.yaml': '',
      '/etc/b.yaml': '',
      '/ctx/prod.yaml': '',
    })
    expect(findPolicyFile({ ...fs, cwd: '/repo', contextPolicy: '/ctx/prod.yaml' })).toBe('/ctx/prod.yaml')
    expect(
      findPolicyFile({
        ...fs,
        cwd: '/repo',
        contextPolicy: '/ctx/prod.yaml',
        env: { KTK_NAMING_POLICY: '/etc/b.yaml' },
      }),
    ).toBe('/etc/b.yaml')
    expect(
      findPolicyFile({ ...fs, cwd: '/repo', flag: '/etc/b.yaml', contextPolicy: '/ctx/prod.yaml' }),
    ).toBe('/etc/b.yaml')
  })

  it('a named file that does not exist is an error (exit 2)', () => {
    const error = thrown(() => findPolicyFile({ ...files({}), cwd: '/', flag: 'nope.yaml' }))
    expect(error.exit).toBe(2)
    expect(error.message).toBe('naming policy file nope.yaml does not exist')
  })

  it('without any file the built-in convention applies in warn mode', () => {
    const policy = loadNamingPolicy({ ...files({ '/repo/.git': '' }), cwd: '/repo' })
    expect(policy).toBe(BUILTIN_POLICY)
    expect(policy.mode).toBe('warn')
    expect(policy.source).toBe('built-in')
  })
})
