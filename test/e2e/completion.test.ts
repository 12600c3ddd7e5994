import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ktk, run, uniqueTopic } from '../helpers/cli.js'
import { type TestCluster, testCluster } from '../helpers/clusters.js'
import { inTerminal, KEYS, type TerminalStep } from '../helpers/terminal.js'

/**
 * Completion as a user meets it: a real bash, zsh and fish in a pseudo-terminal, the script of
 * `ktk autocomplete SHELL` loaded, keys typed with TAB, and the completed line read off the screen.
 * Topic names come from kafka41, context names from a contexts file of this test's own.
 */
const TAB = '\t'
const PROMPT = 'READY> '
const prompt = PROMPT.replace('>', '\\>')

describe('shell completion', () => {
  const home = mkdtempSync(join(tmpdir(), 'ktk-completion-'))
  const bin = join(home, 'bin')
  let cluster: TestCluster
  let prefix: string
  let env: Record<string, string | undefined>

  beforeAll(async () => {
    cluster = await testCluster('kafka41')
    await run('mkdir', ['-p', bin])
    // `ktk` on PATH, as an installed ktk would be.
    writeFileSync(
      join(bin, 'ktk'),
      `#!/bin/sh\nexec "${process.execPath}" "${join(process.cwd(), 'bin', 'run.js')}" "$@"\n`,
    )
    chmodSync(join(bin, 'ktk'), 0o755)
    env = {
      HOME: home,
      PATH: `${bin}:${process.env.PATH}`,
      KTK_CONFIG_DIR: join(home, 'config'),
      KTK_CACHE_DIR: join(home, 'cache'),
      KTK_STATE_DIR: join(home, 'state'),
      XDG_CONFIG_HOME: join(home, 'xdg'),
    }
    prefix = uniqueTopic('compl')
    for (const name of [`${prefix}.alpha.v1`, `${prefix}.beta.v1`]) {
      const created = await ktk(['topics', 'create', name, '-b', cluster.bootstrap], { env })
      expect(created.code, created.stderr).toBe(0)
    }
    const added = await ktk(['context', 'add', 'production-eu', '-b', cluster.bootstrap], { env })
    expect(added.code, added.stderr).toBe(0)
  })

  /**
   * Lines typed at a shell, each ending with TAB (twice where the shell lists on the second): first the
   * shell's own prompt (any), then ours, then the completion script loaded.
   */
  const session = (setPrompt: string, load: string, tabs: string): TerminalStep[] =>
    steps([
      { expect: '[#$%>] $', send: `${setPrompt}\r` },
      { expect: prompt, send: `${load}\r` },
      { expect: prompt, send: `ktk topics descr${TAB}` },
      { expect: 'ktk topics describe ', send: `-b ${cluster.bootstrap} --topic ${prefix}.${tabs}` },
      // fish's pager shortens the common start of the names to "…".
      { expect: 'alpha\\.v1 +\\S*beta\\.v1', send: KEYS.ctrlC },
      { expect: prompt, send: `ktk topics describe -b ${cluster.bootstrap} --topic ${prefix}.al${TAB}` },
      { expect: `--topic ${prefix}\\.alpha\\.v1`, send: KEYS.ctrlC },
      { expect: prompt, send: `ktk context use prod${TAB}` },
      { expect: 'ktk context use production-eu', send: KEYS.ctrlC },
      { expect: prompt, send: `ktk produce t --compression zs${TAB}` },
      { expect: 'ktk produce t --compression zstd', send: KEYS.ctrlC },
      { expect: prompt, send: 'exit\r' },
    ])

  /** A step that does not show within 20 s will not show: fail with the screen so far. */
  const steps = (list: TerminalStep[]) => list.map((step) => ({ timeout: 20, ...step }))

  const expectCompleted = (result: Awaited<ReturnType<typeof inTerminal>>) => {
    expect(result.failed_step, result.transcript).toBeNull()
    expect(result.transcript).not.toMatch(/error:|command not found/)
  }

  it('bash', async () => {
    const result = await inTerminal(
      'bash',
      ['--norc', '--noprofile', '-i'],
      session(`PS1='${PROMPT}'`, 'eval "$(ktk autocomplete bash)"', `${TAB}${TAB}`),
      env,
    )
    expectCompleted(result)
  })

  it('zsh', async () => {
    const result = await inTerminal(
      'zsh',
      ['-f', '-i'],
      session(
        `PS1='${PROMPT}'`,
        `autoload -Uz compinit && compinit -u && eval "$(ktk autocomplete zsh)"`,
        TAB,
      ),
      env,
    )
    expectCompleted(result)
  })

  it('fish', async () => {
    const result = await inTerminal(
      'fish',
      ['--no-config', '-i'],
      session(`function fish_prompt; echo -n '${PROMPT}'; end`, 'ktk autocomplete fish | source', TAB),
      env,
    )
    expectCompleted(result)
  })

  it('prints instructions without a shell, and a usage error for an unknown one', async () => {
    const help = await ktk(['autocomplete'], { env: { ...env, SHELL: '/usr/bin/zsh' } })
    expect(help.code, help.stderr).toBe(0)
    expect(help.stdout).toMatch(/eval "\$\(ktk autocomplete bash\)"/)
    expect(help.stdout).toMatch(/Your shell looks like zsh/)
    const unknown = await ktk(['autocomplete', 'powershell'], { env })
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/^error: .*powershell/m)
  })

  it('offers nothing, silently and at once, when the cluster cannot be reached', async () => {
    const r = await run(
      join(bin, 'ktk'),
      ['__complete', '--', 'topics', 'describe', '-b', '127.0.0.1:1', '--topic', ''],
      {
        env,
      },
    )
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe('')
  })
})
