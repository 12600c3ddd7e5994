import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { fencedBlocks, ktkOnPath, readmeExamples } from '../../scripts/readme-examples.js'
import { isolatedState, run } from '../helpers/cli.js'
import { type TestCluster, testCluster } from '../helpers/clusters.js'

/**
 * The README does not lie: every `$ ` line of its ```console blocks (scripts/readme-examples.ts reads
 * them, in the order they run) runs as written, in a bash with `ktk` on PATH being this checkout's
 * bin/run.js.
 * The only mapping is the cluster: KTK_BOOTSTRAP_SERVER points ktk at the test cluster where the README
 * uses `ktk local start`'s, and the state and config folders are fresh ones.
 *
 * Each line must exit with the code it states (`# exit N` at its end, else 0), and the output shown
 * under it (stdout and stderr, as a terminal shows them) must have the same shape: as many lines, the
 * same words; numbers, times, sizes and paths may differ from run to run.
 */

const README = readFileSync(join(process.cwd(), 'README.md'), 'utf8')
const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
  scripts: Record<string, string>
  bin: Record<string, string>
  version: string
}

const examples = readmeExamples(README)

/** Section of the README under a `## ` heading, up to the next one. */
const section = (heading: string) => {
  const start = README.indexOf(`\n## ${heading}\n`)
  if (start < 0) throw new Error(`README has no "## ${heading}" section`)
  const end = README.indexOf('\n## ', start + 1)
  return README.slice(start, end < 0 ? undefined : end)
}

const hasDigit = (token: string) => /\d/.test(token)

/** The same word, or two values that vary by run: both with digits (counts, times, ids), or both paths. */
const sameWord = (expected: string, actual: string) =>
  expected === actual ||
  (hasDigit(expected) && hasDigit(actual)) ||
  (expected.includes('/') && actual.includes('/'))

const words = (line: string) => line.trim().split(/\s+/).filter(Boolean)

/** Lines of the actual output that differ in shape from the README's, described for the failure. */
function shapeDifferences(expected: string[], actual: string[]): string[] {
  const differences: string[] = []
  if (expected.length !== actual.length)
    differences.push(`${expected.length} lines in the README, ${actual.length} printed`)
  expected.forEach((line, i) => {
    const want = words(line)
    const got = words(actual[i] ?? '')
    if (want.length !== got.length || want.some((w, k) => !sameWord(w, got[k]!)))
      differences.push(`line ${i + 1}: README "${line}", printed "${actual[i] ?? ''}"`)
  })
  return differences
}

describe('the README', () => {
  let cluster: TestCluster
  let env: Record<string, string>
  let cwd: string

  beforeAll(async () => {
    cluster = await testCluster('kafka41')
    // `ktk` as a user has it after `npm link`: a program on PATH, here running this checkout's build.
    const bin = ktkOnPath(process.cwd())
    const state = isolatedState()
    env = {
      PATH: `${bin}:${process.env.PATH}`,
      KTK_STATE_DIR: state,
      KTK_CONFIG_DIR: join(state, 'config'),
      KTK_BOOTSTRAP_SERVER: cluster.bootstrap,
      NO_COLOR: '1',
    }
    cwd = mkdtempSync(join(tmpdir(), 'ktk-readme-cwd-'))
  })

  it('has console examples for the connection section and the ten everyday tasks', () => {
    expect(examples.filter((e) => e.command.includes('ktk context add')).length).toBeGreaterThanOrEqual(1)
    const tasks = section('Ten everyday tasks')
    expect(tasks.match(/^\*\*\d+\. /gm)).toHaveLength(10)
    expect(fencedBlocks(tasks).every((b) => b.info.startsWith('console'))).toBe(true)
    expect(examples.length).toBeGreaterThanOrEqual(15)
  })

  it("quick start: exactly two commands, the package's own scripts", () => {
    const [block, ...others] = fencedBlocks(section('Quick start'))
    expect(others).toHaveLength(0)
    const commands = block!.body.map((l) => l.replace(/#.*$/, '').trim()).filter(Boolean)
    expect(commands).toEqual(['npm run quickstart', 'npm test'])
    expect(pkg.scripts.quickstart).toBe('scripts/quickstart.sh')
    expect(pkg.scripts.test).toBeDefined()
  })

  it('install: the commands test/e2e/install.test.ts runs, for the tarball this version packs to', () => {
    const commands = fencedBlocks(section('Install'))
      .filter((b) => b.info === 'sh')
      .flatMap((b) => b.body.map((l) => l.replace(/#.*$/, '').trim()))
      .filter((l) => l.startsWith('npm '))
    expect(commands).toEqual(['npm ci && npm pack', `npm install -g ./ktk-${pkg.version}.tgz`])
    // npm pack builds first: the tarball holds the bundle bin/run.js runs.
    expect(pkg.scripts.prepack).toBe('npm run build')
    expect(pkg.bin.ktk).toBe('./bin/run.js')
  })

  it('every $ line runs as written: its exit code and the shape of its output', async () => {
    const failures: string[] = []
    for (const example of examples) {
      const result = await run('bash', ['-c', `exec 2>&1\n${example.command}`], {
        env,
        cwd,
        timeoutMs: 120_000,
      })
      const printed = result.stdout.replace(/\n$/, '').split('\n')
      const actual = printed.length === 1 && printed[0] === '' ? [] : printed
      const problems = [
        ...(result.code === example.expectedExit
          ? []
          : [`exit ${result.code}, README says ${example.expectedExit}`]),
        ...shapeDifferences(example.output, actual),
      ]
      if (problems.length > 0)
        failures.push(
          `README line ${example.line}: $ ${example.command}\n  ${problems.join('\n  ')}\n  printed:\n${result.stdout}`,
        )
    }
    expect(failures, failures.join('\n\n')).toEqual([])
  })
})
