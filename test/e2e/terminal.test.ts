import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ktk } from '../helpers/cli.js'
import { type TestCluster, testCluster } from '../helpers/clusters.js'
import { ktkInTerminal, type TerminalRun } from '../helpers/terminal.js'

const ESCAPE = /\x1b\[/
/** Colour (SGR) sequences only: a progress line may rewrite itself with others. */
const COLOUR = /\x1b\[[0-9;]*m/

/**
 * Terminal manners, checked in a real pseudo-terminal without screenshots: on a narrow terminal tables
 * wrap their cells and never a line, colour follows NO_COLOR and --no-color, --quiet leaves only the data.
 */
describe('terminal manners on kafka41', () => {
  let cluster: TestCluster
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
  // Longer than any 60-column line: it must wrap inside its cell on a terminal, and never on a pipe.
  const topic = `dev.terminal_manners_${suffix}.a_rather_long_event_name_that_goes_on.v1`
  const group = `terminal-manners-${suffix}-with-a-long-consumer-group-name`
  const state = mkdtempSync(join(tmpdir(), 'ktk-terminal-state-'))
  const records = join(mkdtempSync(join(tmpdir(), 'ktk-terminal-')), 'records.txt')
  const b = () => ['-b', cluster.bootstrap]

  /** ktk in a terminal `columns` wide; COLUMNS as given (undefined: the terminal's own width decides). */
  const terminal = (args: string[], env: Record<string, string | undefined> = {}, columns = 60) =>
    ktkInTerminal([...args, ...b()], [], {
      KTK_STATE_DIR: state,
      KTK_CONFIG_DIR: join(state, 'config'),
      NO_COLOR: undefined,
      FORCE_COLOR: undefined,
      COLUMNS: undefined,
      PTY_COLUMNS: String(columns),
      ...env,
    })

  const expectFits = (run: TerminalRun, width: number) => {
    expect(run.exit, run.transcript).toBe(0)
    const lines = run.transcript.split('\n')
    const over = lines.filter((l) => [...l].length > width)
    expect(over, run.transcript).toEqual([])
  }

  /**
   * What the screen says with the wraps undone: each table column's cells read top to bottom (a wrapped
   * name's pieces are consecutive there), then the other lines run together, all without spaces.
   */
  const unwrapped = (transcript: string) => {
    const lines = transcript.split('\n')
    const table = lines.filter((l) => l.startsWith('│')).map((l) => l.split('│').slice(1, -1))
    const columns = Array.from({ length: Math.max(0, ...table.map((r) => r.length)) }, (_, k) =>
      table.map((r) => r[k] ?? '').join(''),
    )
    const other = lines.filter((l) => !/^[│┌├└]/.test(l)).join('')
    return [...columns, other].join('\n').replace(/[ \t]/g, '')
  }

  beforeAll(async () => {
    cluster = await testCluster('kafka41')
    const created = await ktk(['topics', 'create', topic, '--partitions', '3', ...b()])
    expect(created.code, created.stderr).toBe(0)
    writeFileSync(records, `${Array.from({ length: 40 }, (_, i) => `record-${i}`).join('\n')}\n`)
    const produced = await ktk(['produce', topic, '--file', records, ...b()])
    expect(produced.code, produced.stderr).toBe(0)
    const consumed = await ktk(['consume', topic, '--group', group, '--from-beginning', '-n', '10', ...b()])
    expect(consumed.code, consumed.stderr).toBe(0)
  })

  const tables: [string, () => string[]][] = [
    ['topics describe', () => ['topics', 'describe', topic]],
    ['groups describe', () => ['groups', 'describe', '--group', group]],
    ['groups lag', () => ['groups', 'lag', '--group', group]],
    ['topics list', () => ['topics', 'list']],
    ['cluster describe', () => ['cluster', 'describe']],
  ]

  it.each(tables)(
    '%s at COLUMNS=60: no line over 60 columns, the long names wrapped in their cells',
    async (name, args) => {
      const run = await terminal(args(), { COLUMNS: '60' })
      expectFits(run, 60)
      // The table is drawn (a terminal's shape), and what it says is all there once the wraps are undone.
      expect(run.transcript).toMatch(/[┌│]/)
      const joined = unwrapped(run.transcript)
      if (name.startsWith('topics')) expect(joined).toContain(topic)
      if (name.startsWith('groups')) {
        expect(joined).toContain(group)
        expect(joined).toContain(topic)
      }
    },
  )

  it('the terminal width itself (no COLUMNS) is honoured, and a 40-column terminal still fits', async () => {
    expectFits(await terminal(['groups', 'lag', '--group', group], {}, 60), 60)
    expectFits(await terminal(['topics', 'describe', topic], {}, 40), 40)
  })

  it('a wide terminal does not wrap the long topic name (the 60-column check is not vacuous)', async () => {
    const run = await terminal(['topics', 'list'], {}, 200)
    expect(run.exit, run.transcript).toBe(0)
    expect(run.transcript).toContain(topic)
    expect(Math.max(...run.transcript.split('\n').map((l) => l.length))).toBeGreaterThan(60)
  })

  it('colour on a terminal by default; none with NO_COLOR or --no-color', async () => {
    const coloured = await terminal(['groups', 'lag', '--group', group])
    expect(coloured.exit, coloured.transcript).toBe(0)
    expect(coloured.raw).toMatch(COLOUR)
    for (const run of [
      await terminal(['groups', 'lag', '--group', group], { NO_COLOR: '1' }),
      await terminal(['groups', 'lag', '--group', group, '--no-color']),
      await terminal(['topics', 'describe', topic, '--no-color']),
    ]) {
      expect(run.exit, run.transcript).toBe(0)
      expect(run.raw).not.toMatch(ESCAPE)
      expect(run.transcript).toContain('│')
    }
  })

  it('an unknown command on a terminal: its error in colour, and without under --no-color', async () => {
    const coloured = await terminal(['topics', 'lsit'])
    expect(coloured.exit).toBe(2)
    expect(coloured.raw).toMatch(COLOUR)
    const plain = await terminal(['topics', 'lsit', '--no-color'])
    expect(plain.exit).toBe(2)
    expect(plain.transcript).toMatch(/did you mean: ktk topics list/)
    expect(plain.raw).not.toMatch(ESCAPE)
  })

  it('--no-color with --json on a terminal: the same JSON document, uncoloured', async () => {
    const run = await terminal(['topics', 'describe', topic, '--no-color', '--json'])
    expect(run.exit, run.transcript).toBe(0)
    expect(run.raw).not.toMatch(ESCAPE)
    const piped = await ktk(['topics', 'describe', topic, '--json', ...b()])
    expect(JSON.parse(run.transcript)).toEqual(JSON.parse(piped.stdout))
  })

  it('--quiet on a terminal still shows what a confirmation is about', async () => {
    const doomed = `${topic}.doomed`
    expect((await ktk(['topics', 'create', doomed, ...b()])).code).toBe(0)
    const env = { KTK_STATE_DIR: state, KTK_CONFIG_DIR: join(state, 'config'), PTY_COLUMNS: '200' }
    const run = await ktkInTerminal(
      ['topics', 'delete', '--topic', doomed.replaceAll('.', '\\.'), '--quiet', ...b()],
      [
        { expect: `About to delete 1 topic\\(s\\):\\s+${doomed.replaceAll('.', '\\.')}`, timeout: 60 },
        { expect: 'Delete them\\?', send: 'n\r', timeout: 30 },
      ],
      env,
    )
    expect(run.failed_step, run.transcript).toBeNull()
    expect(run.exit).toBe(0)
    const listed = await ktk(['topics', 'list', ...b()])
    expect(listed.stdout.split('\n')).toContain(doomed)
  })

  it('--quiet on a terminal: produce shows nothing at all, consume only its records', async () => {
    const loud = await terminal(['produce', topic, '--file', records])
    expect(loud.exit, loud.transcript).toBe(0)
    expect(loud.transcript).toMatch(/produced 40 of 40 records/)

    const produced = await terminal(['produce', topic, '--file', records, '--quiet'])
    expect(produced.exit, produced.transcript).toBe(0)
    expect(produced.transcript.trim()).toBe('')

    const consumed = await terminal([
      'consume',
      topic,
      '--from-beginning',
      '-n',
      '5',
      '--group',
      `${group}-q`,
      '-q',
    ])
    expect(consumed.exit, consumed.transcript).toBe(0)
    const shown = consumed.transcript.trim().split('\n')
    expect(shown).toHaveLength(5)
    for (const line of shown) expect(line).toMatch(/^record-\d+$/)
  })

  it('--quiet when piped: nothing on stderr, the data on stdout; errors still on stderr', async () => {
    const produced = await ktk(['produce', topic, '--file', records, '-q', ...b()])
    expect(produced.code, produced.stderr).toBe(0)
    expect(produced.stderr).toBe('')
    const consumed = await ktk(['consume', topic, '--from-beginning', '-n', '3', '--quiet', ...b()])
    expect(consumed.code, consumed.stderr).toBe(0)
    expect(consumed.stderr).toBe('')
    expect(consumed.stdout.trim().split('\n')).toHaveLength(3)
    const missing = await ktk(['topics', 'describe', `${topic}.missing`, '-q', ...b()])
    expect(missing.code).not.toBe(0)
    expect(missing.stderr).toMatch(/error/i)
  })

  it('piped output keeps plain columns: the long topic name is never wrapped, whatever COLUMNS says', async () => {
    for (const args of [
      ['topics', 'list'],
      ['groups', 'lag', '--group', group],
      ['topics', 'describe', topic],
    ]) {
      const piped = await ktk([...args, ...b()], { env: { COLUMNS: '60' } })
      expect(piped.code, piped.stderr).toBe(0)
      expect(piped.stdout).not.toMatch(/[│┌─]/)
      expect(piped.stdout.split('\n').some((l) => l.includes(topic))).toBe(true)
    }
  })
})
