import { statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { isolatedState, json, ktk, type RunOptions } from '../helpers/cli.js'
import { type TestCluster, testCluster } from '../helpers/clusters.js'

interface ClusterJson {
  clusterId: string
}

/**
 * Contexts against two real clusters (the suite's Kafka 4.1 and 3.9): which cluster a command reaches
 * tells which setting won. Each test has its own config folder.
 */
describe('contexts', () => {
  let k41: TestCluster
  let k39: TestCluster
  let id41: string
  let id39: string
  beforeAll(async () => {
    k41 = await testCluster('kafka41')
    k39 = await testCluster('kafka39')
    id41 = json<ClusterJson>(await ktk(['cluster', 'describe', '-b', k41.bootstrap, '--json'])).clusterId
    id39 = json<ClusterJson>(await ktk(['cluster', 'describe', '-b', k39.bootstrap, '--json'])).clusterId
    expect(id41).not.toBe(id39)
  })

  const home = () => {
    const state = isolatedState()
    const env = { KTK_STATE_DIR: state, KTK_CONFIG_DIR: join(state, 'config') }
    const run = (args: readonly string[], options: RunOptions = {}) =>
      ktk(args, { ...options, env: { ...env, ...options.env } })
    const reaches = async (args: readonly string[], options: RunOptions = {}) => {
      const r = await run(['cluster', 'describe', '--json', ...args], options)
      expect(r.code, r.stderr).toBe(0)
      const id = json<ClusterJson>(r).clusterId
      return id === id41 ? 'kafka41' : id === id39 ? 'kafka39' : id
    }
    return { env, run, reaches }
  }

  it('the contexts file is created with mode 0600 in a 0700 folder', async () => {
    const { env, run } = home()
    const r = await run(['context', 'add', 'a41', '-b', k41.bootstrap, '--environment', 'dev'])
    expect(r.code, r.stderr).toBe(0)
    expect(statSync(join(env.KTK_CONFIG_DIR, 'contexts.yaml')).mode & 0o777).toBe(0o600)
    expect(statSync(env.KTK_CONFIG_DIR).mode & 0o777).toBe(0o700)
  })

  it('precedence: --context > KTK_CONTEXT > the current context; flags > environment', async () => {
    const { run, reaches } = home()
    expect((await run(['context', 'add', 'a41', '-b', k41.bootstrap])).code).toBe(0)
    expect((await run(['context', 'add', 'a39', '-b', k39.bootstrap, '--use'])).code).toBe(0)

    expect(await reaches([])).toBe('kafka39') // the current context
    expect(await reaches([], { env: { KTK_CONTEXT: 'a41' } })).toBe('kafka41') // environment > current
    expect(await reaches(['--context', 'a39'], { env: { KTK_CONTEXT: 'a41' } })).toBe('kafka39') // flag > environment
    expect(await reaches([], { env: { KTK_BOOTSTRAP_SERVER: k41.bootstrap } })).toBe('kafka41') // env address > current
    expect(await reaches(['-b', k41.bootstrap], { env: { KTK_CONTEXT: 'a39' } })).toBe('kafka41') // flag address > env context
    expect(await reaches(['--context', 'a41'], { env: { KTK_BOOTSTRAP_SERVER: k39.bootstrap } })).toBe(
      'kafka41',
    ) // flag > env address

    expect((await run(['context', 'use', 'a41'])).code).toBe(0)
    expect(await reaches([])).toBe('kafka41')
    expect((await run(['context', 'use', '--unset'])).code).toBe(0)
    const none = await run(['cluster', 'describe'])
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/no cluster to connect to/)
  })

  it('the environment name and timeouts of a context; show, current, list and remove', async () => {
    const { run } = home()
    expect(
      (
        await run([
          'context',
          'add',
          'prod',
          '-b',
          k41.bootstrap,
          '--environment',
          'prod',
          '--timeout',
          '20s',
          '--client-id',
          'ops',
        ])
      ).code,
    ).toBe(0)
    const show = json<Record<string, unknown>>(await run(['context', 'show', 'prod', '--json']))
    expect(show).toMatchObject({
      name: 'prod',
      environment: 'prod',
      timeout: '20s',
      clientId: 'ops',
      securityProtocol: 'PLAINTEXT',
    })

    const current = await run(['context', 'current'])
    expect(current.code).toBe(4)
    expect((await run(['context', 'use', 'prod'])).code).toBe(0)
    expect((await run(['context', 'current'])).stdout.trim()).toBe('prod')
    expect(json(await run(['context', 'current', '--json'], { env: { KTK_CONTEXT: 'prod' } }))).toEqual({
      name: 'prod',
      source: 'environment',
    })

    const list = await run(['context', 'list'])
    expect(list.stdout.split('\n')[0]).toMatch(
      /^CURRENT\s+NAME\s+BOOTSTRAP-SERVERS\s+ENVIRONMENT\s+SECURITY\s+USER$/,
    )
    expect(list.stdout).toMatch(/^\*\s+prod\s+\S+\s+prod\s+PLAINTEXT\s+-$/m)

    const again = await run(['context', 'add', 'prod', '-b', k39.bootstrap])
    expect(again.code).toBe(5)
    expect((await run(['context', 'add', 'prod', '-b', k39.bootstrap, '--force'])).code).toBe(0)

    const typo = await run(['context', 'use', 'prdo'])
    expect(typo.code).toBe(4)
    expect(typo.stderr).toMatch(/did you mean prod\?/)
    expect((await run(['cluster', 'describe', '--context', 'nope'])).code).toBe(4)

    const removed = await run(['context', 'remove', 'prod'])
    expect(removed.code).toBe(0)
    expect((await run(['context', 'current'])).code).toBe(4)
    expect((await run(['context', 'remove', 'prod'])).code).toBe(4)
  })

  it("the naming policy takes the context's environment and policy file", async () => {
    const { run, env } = home()
    const policy = join(env.KTK_CONFIG_DIR, '..', 'strict.naming.yaml')
    writeFileSync(policy, 'mode: enforce\n')
    const added = await run([
      'context',
      'add',
      'prod',
      '-b',
      k41.bootstrap,
      '--environment',
      'prod',
      '--naming-policy',
      policy,
    ])
    expect(added.code, added.stderr).toBe(0)
    const suffix = Date.now().toString(36)
    const wrongEnv = await run(['topics', 'create', `dev.ctx.thing_${suffix}.v1`, '--context', 'prod'])
    expect(wrongEnv.code).toBe(2)
    expect(wrongEnv.stderr).toMatch(/prod/)
    const right = await run(['topics', 'create', `prod.ctx.thing_${suffix}.v1`, '--context', 'prod'])
    expect(right.code, right.stderr).toBe(0)
    // --env still beats the context's environment.
    const flag = await run([
      'topics',
      'create',
      `dev.ctx.other_${suffix}.v1`,
      '--context',
      'prod',
      '--env',
      'dev',
    ])
    expect(flag.code, flag.stderr).toBe(0)
  })

  it('a password never goes on the command line, and --store-secret keeps one only when asked', async () => {
    const { run, env } = home()
    const plain = await run([
      'context',
      'add',
      'x',
      '-b',
      k41.bootstrap,
      '--sasl-mechanism',
      'PLAIN',
      '--username',
      'u',
      '--password',
      'hunter22secret',
    ])
    expect(plain.code).toBe(2)
    expect(plain.stdout + plain.stderr).not.toContain('hunter22secret')
    const stdin = await run(
      [
        'context',
        'add',
        'x',
        '-b',
        k41.bootstrap,
        '--sasl-mechanism',
        'PLAIN',
        '--username',
        'u',
        '--password',
        'stdin',
      ],
      {
        input: 'piped-secret\n',
      },
    )
    expect(stdin.code).toBe(2)
    expect(stdin.stderr).toMatch(/--store-secret/)
    const stored = await run(
      [
        'context',
        'add',
        'x',
        '-b',
        k41.bootstrap,
        '--sasl-mechanism',
        'PLAIN',
        '--username',
        'u',
        '--password',
        'stdin',
        '--store-secret',
        '--json',
      ],
      { input: 'piped-secret\n' },
    )
    expect(stored.code, stored.stderr).toBe(0)
    expect(stored.stdout).not.toContain('piped-secret')
    expect(stored.stderr).toMatch(/stored in/)
    const show = await run(['context', 'show', 'x'])
    expect(show.stdout).toMatch(/^Password: <stored in the contexts file>$/m)
    expect(show.stdout).not.toContain('piped-secret')
    expect(statSync(join(env.KTK_CONFIG_DIR, 'contexts.yaml')).mode & 0o777).toBe(0o600)
  })
})
