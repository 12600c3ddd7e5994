import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  type ErrorJson,
  errorLine,
  isolatedState,
  json,
  ktk,
  noStackTrace,
  type RunOptions,
} from '../helpers/cli.js'
import { testCluster } from '../helpers/clusters.js'

/** The contexts file and the files its flags name: what `context add` accepts and how the store survives. */
describe('context files', () => {
  const home = () => {
    const state = isolatedState()
    const env = { KTK_STATE_DIR: state, KTK_CONFIG_DIR: join(state, 'config') }
    const file = join(env.KTK_CONFIG_DIR, 'contexts.yaml')
    const run = (args: readonly string[], options: RunOptions = {}) =>
      ktk(args, { ...options, env: { ...env, ...options.env } })
    const contents = () => (existsSync(file) ? readFileSync(file, 'utf8') : '')
    return { env, file, run, contents }
  }

  it('20 `context add` at once: every context survives, each run says Added, no lock is left', async () => {
    const { env, run, file } = home()
    const names = Array.from({ length: 20 }, (_, i) => `ctx${i}`)
    const results = await Promise.all(
      names.map((name, i) => run(['context', 'add', name, '-b', `host${i}:9092`])),
    )
    for (const r of results) {
      expect(r.code, r.stderr).toBe(0)
      expect(r.stderr).toMatch(/^Added context ctx\d+ in /m)
    }
    const list = json<{ contexts: { name: string; bootstrapServers: string[] }[] }>(
      await run(['context', 'list', '--json']),
    )
    expect(list.contexts.map((c) => c.name).sort()).toEqual([...names].sort())
    for (const c of list.contexts) expect(c.bootstrapServers).toEqual([`host${c.name.slice(3)}:9092`])
    expect(readdirSync(env.KTK_CONFIG_DIR)).toEqual(['contexts.yaml'])
    expect(readFileSync(file, 'utf8')).toContain('ctx19')
  })

  it('a lock held by a live process makes `context add` wait, then exit 5 naming it; nothing is written', async () => {
    const { run, file, contents } = home()
    expect((await run(['context', 'add', 'a', '-b', 'a:9092'])).code).toBe(0)
    const before = contents()
    // This test's own process is alive: its pid in the lock is a holder that never lets go.
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: process.pid, host: hostname() }))
    const r = await run(['context', 'add', 'b', '-b', 'b:9092'])
    expect(r.code).toBe(5)
    expect(errorLine(r.stderr)).toBe(
      `error: the contexts file ${file} is locked by process ${process.pid}; gave up after 10 s`,
    )
    noStackTrace(r.stderr)
    expect(contents()).toBe(before)
  })

  it.each([
    ['--ca-file', []],
    ['--cert-file', ['--key-file', '/etc/hostname']],
    ['--key-file', ['--cert-file', '/etc/hostname']],
    ['--keystore-file', []],
    ['--command-config', []],
  ])('context add %s /nonexistent is exit 2 naming the file; nothing is written', async (flag, more) => {
    const { run, contents } = home()
    const r = await run(['context', 'add', 'x', '-b', 'x:9092', flag, '/nonexistent/ca.pem', ...more])
    expect(r.code).toBe(2)
    expect(errorLine(r.stderr)).toBe(`error: ${flag} /nonexistent/ca.pem: no such file`)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    noStackTrace(r.stderr)
    expect(contents()).toBe('')
    const j = await run([
      'context',
      'add',
      'x',
      '-b',
      'x:9092',
      flag,
      '/nonexistent/ca.pem',
      ...more,
      '--json',
    ])
    expect(j.code).toBe(2)
    expect(json<ErrorJson>(j).error).toMatchObject({ code: 'USAGE', exit: 2 })
  })

  it('context add --password file:/nonexistent is exit 2 naming the file', async () => {
    const { run, contents } = home()
    const r = await run([
      'context',
      'add',
      'x',
      '-b',
      'x:9092',
      '--sasl-mechanism',
      'PLAIN',
      '--username',
      'u',
      '--password',
      'file:/nonexistent/pw',
    ])
    expect(r.code).toBe(2)
    expect(errorLine(r.stderr)).toBe('error: --password /nonexistent/pw: no such file')
    expect(contents()).toBe('')
  })

  it('a binary --command-config is exit 2 naming the file and the line, for context add and for commands', async () => {
    const { run, contents } = home()
    const dir = mkdtempSync(join(tmpdir(), 'ktk-props-'))
    const garbage = join(dir, 'garbage.properties')
    writeFileSync(
      garbage,
      Buffer.from([0x23, 0x20, 0x78, 0x0a, 0x89, 0x50, 0x4e, 0x47, 0x00, 0x1a, 0xff, 0x0a]),
    )
    const added = await run(['context', 'add', 'x', '--command-config', garbage])
    expect(added.code).toBe(2)
    expect(errorLine(added.stderr)).toBe(
      `error: --command-config ${garbage}:2: not a text file (binary data)`,
    )
    noStackTrace(added.stderr)
    expect(contents()).toBe('')

    const k41 = await testCluster('kafka41')
    const listed = await run(['topics', 'list', '-b', k41.bootstrap, '--command-config', garbage])
    expect(listed.code).toBe(2)
    expect(errorLine(listed.stderr)).toBe(
      `error: --command-config ${garbage}:2: not a text file (binary data)`,
    )
    expect(listed.stdout).toBe('')
    const j = await run(['topics', 'list', '-b', k41.bootstrap, '--command-config', garbage, '--json'])
    expect(json<ErrorJson>(j).error).toMatchObject({ code: 'USAGE', exit: 2 })

    const noSettings = join(dir, 'words.properties')
    writeFileSync(noSettings, 'security.protocol=PLAINTEXT\n{"json": true}\n')
    const words = await run(['topics', 'list', '-b', k41.bootstrap, '--command-config', noSettings])
    expect(words.code).toBe(2)
    expect(errorLine(words.stderr)).toBe(
      `error: --command-config ${noSettings}:2: "{"json"" is not a client setting's name (key=value, e.g. security.protocol=SASL_SSL)`,
    )
  })
})
