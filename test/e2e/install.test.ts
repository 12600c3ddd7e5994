import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { json, ktk, run, uniqueTopic } from '../helpers/cli.js'
import { type TestCluster, testCluster } from '../helpers/clusters.js'

/**
 * ktk as a user installs it: the packed package (what `npm publish` would upload) installed with
 * `npm install -g` into an empty prefix, with the npm cache of its own, then run from that prefix's bin.
 * The pack skips the prepack build: `npm test` built dist/ moments ago, and rebuilding it here would
 * swap the bundle under the other test files while they run.
 */
describe('installed from the packed package', () => {
  const root = mkdtempSync(join(tmpdir(), 'ktk-install-'))
  const prefix = join(root, 'prefix')
  const npmEnv = { npm_config_cache: join(root, 'npm-cache'), npm_config_update_notifier: 'false' }
  let tarball: string
  let cluster: TestCluster
  const installed = (args: string[], env: Record<string, string> = {}) =>
    run(join(prefix, 'bin', 'ktk'), args, { env: { ...env, KTK_STATE_DIR: join(root, 'state') } })

  beforeAll(async () => {
    cluster = await testCluster('kafka41')
    const packed = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', root], { env: npmEnv })
    expect(packed.code, packed.stderr).toBe(0)
    tarball = join(root, readdirSync(root).find((f) => f.endsWith('.tgz'))!)
    const install = await run(
      'npm',
      ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', tarball],
      { env: npmEnv },
    )
    expect(install.code, install.stderr).toBe(0)
  }, 300_000)

  it('holds the bundle and only the dependencies the bundle does not contain', () => {
    const pkg = JSON.parse(readFileSync(join(prefix, 'lib', 'node_modules', 'ktk', 'package.json'), 'utf8'))
    expect(Object.keys(pkg.dependencies)).toEqual(['@node-rs/crc32'])
    expect(pkg.scripts.prepack).toBe('npm run build')
    const files = readdirSync(join(prefix, 'lib', 'node_modules', 'ktk', 'dist'))
    expect(files).toEqual(expect.arrayContaining(['ktk.cjs', 'zstd.wasm']))
    expect(readdirSync(join(prefix, 'lib', 'node_modules', 'ktk'))).not.toContain('src')
  })

  it('answers --version the way the repository build does', async () => {
    const theirs = await installed(['--version'])
    const ours = await ktk(['--version'])
    expect(theirs.code, theirs.stderr).toBe(0)
    expect(theirs.stdout).toBe(ours.stdout)
    expect(theirs.stdout).toMatch(/^ktk\/\d+\.\d+\.\d+ \S+ node-v\d+/)
  })

  it('lists the topics of a cluster, with and without --json', async () => {
    const topic = uniqueTopic('install')
    const created = await ktk(['topics', 'create', topic, '-b', cluster.bootstrap, '--partitions', '2'])
    expect(created.code, created.stderr).toBe(0)
    const listed = await installed(['topics', 'list', '-b', cluster.bootstrap])
    expect(listed.code, listed.stderr).toBe(0)
    expect(listed.stdout.split('\n')).toContain(topic)
    const asJson = await installed(['topics', 'list', '-b', cluster.bootstrap, '--json'])
    expect(json<{ topics: { name: string }[] }>(asJson).topics.map((t) => t.name)).toContain(topic)
  })

  it('reports that no local cluster runs (exit 4), and a usage error with its code', async () => {
    const status = await installed(['local', 'status'])
    expect(status.code).toBe(4)
    expect(status.stdout + status.stderr).toMatch(/No local cluster/)
    const typo = await installed(['topics', 'lsit'])
    expect(typo.code).toBe(2)
    expect(typo.stderr).toMatch(/did you mean: ktk topics list$/m)
    expect(typo.stderr).not.toMatch(/Warning/)
  })

  it('runs from the tarball with npx', async () => {
    const r = await run('npx', ['--yes', '--package', tarball, 'ktk', '--version'], { env: npmEnv })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^ktk\/\d+\.\d+\.\d+ /)
  })
})
