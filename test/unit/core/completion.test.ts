import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  afterWordBreak,
  type CompletionCommand,
  complete,
  connectionWords,
  nameKindOf,
  shellWords,
} from '../../../src/core/completion.js'

/** The real command tree, as oclif's manifest describes it. */
const manifest = JSON.parse(readFileSync('oclif.manifest.json', 'utf8')) as {
  commands: Record<string, { hidden?: boolean; args: Record<string, unknown>; flags: Record<string, never> }>
}
const commands: CompletionCommand[] = Object.entries(manifest.commands).map(([id, c]) => ({
  id,
  hidden: c.hidden,
  args: Object.keys(c.args ?? {}),
  flags: c.flags,
}))
const words = (line: string) => line.split(' ')

describe('completion', () => {
  it('offers the topics of commands, then the commands of a topic', () => {
    expect(complete([''], commands)).toEqual({
      kind: 'words',
      words: [
        'acls',
        'autocomplete',
        'cluster',
        'consume',
        'context',
        'groups',
        'local',
        'produce',
        'topics',
      ],
    })
    expect(complete(words('topics de'), commands)).toEqual({
      kind: 'words',
      words: ['delete', 'describe', 'design'],
    })
    expect(complete(words('groups reset'), commands)).toEqual({ kind: 'words', words: ['reset-offsets'] })
    expect(complete(words('nosuch '), commands)).toEqual({ kind: 'words', words: [] })
  })

  it('never offers hidden commands', () => {
    expect(commands.some((c) => c.id === '__complete' && c.hidden)).toBe(true)
    expect(complete(['_'], commands)).toEqual({ kind: 'words', words: [] })
  })

  it("offers a command's flags, a flag used once only once, repeatable ones again", () => {
    const first = complete(words('topics describe --'), commands)
    expect(first.kind === 'words' && first.words).toEqual(
      expect.arrayContaining([
        '--topic',
        '--bootstrap-server',
        '--json',
        '--help',
        '--under-replicated-partitions',
      ]),
    )
    const again = complete(words('topics describe --json --topic a --'), commands)
    expect(again.kind === 'words' && again.words).toContain('--topic')
    expect(again.kind === 'words' && again.words).not.toContain('--json')
  })

  it('offers the fixed values of a flag, filtered by what is typed', () => {
    expect(complete(words('produce t --compression '), commands)).toEqual({
      kind: 'words',
      words: ['none', 'gzip', 'snappy', 'lz4', 'zstd'],
    })
    expect(complete(words('produce t --compression z'), commands)).toEqual({ kind: 'words', words: ['zstd'] })
    expect(complete(words('groups lag --by t'), commands)).toEqual({ kind: 'words', words: ['topic'] })
  })

  it('asks for topic, group and context names where a command takes one', () => {
    expect(complete(words('topics describe --topic dev.sh'), commands)).toEqual({
      kind: 'names',
      names: 'topics',
      prefix: 'dev.sh',
    })
    expect(complete(words('groups lag -b h:9092 --group bil'), commands)).toEqual({
      kind: 'names',
      names: 'groups',
      prefix: 'bil',
    })
    expect(complete(words('produce or'), commands)).toEqual({ kind: 'names', names: 'topics', prefix: 'or' })
    expect(complete(words('context use p'), commands)).toEqual({
      kind: 'names',
      names: 'contexts',
      prefix: 'p',
    })
    expect(complete(words('consume --context '), commands)).toEqual({
      kind: 'names',
      names: 'contexts',
      prefix: '',
    })
  })

  it('names no existing topic for a topic being created, nor for arguments beyond the declared ones', () => {
    expect(nameKindOf('topics:create', 'topic')).toBeUndefined()
    expect(complete(words('topics create '), commands)).toEqual({ kind: 'words', words: [] })
    expect(complete(words('produce orders '), commands)).toEqual({ kind: 'words', words: [] })
  })

  it('counts flag values apart from arguments', () => {
    expect(complete(words('produce -b h:9092 or'), commands)).toEqual({
      kind: 'names',
      names: 'topics',
      prefix: 'or',
    })
  })

  it('completes --flag=value typed as one word', () => {
    expect(complete(words('produce t --compression=l'), commands)).toEqual({
      kind: 'words',
      words: ['--compression=lz4'],
    })
    expect(complete(words('consume --group=bi'), commands)).toEqual({
      kind: 'names',
      names: 'groups',
      prefix: 'bi',
    })
  })

  it('splits a line as a shell does, and cuts candidates where bash splits the word', () => {
    expect(shellWords('ktk topics describe -b h:1 --topic ')).toEqual([
      'ktk',
      'topics',
      'describe',
      '-b',
      'h:1',
      '--topic',
      '',
    ])
    expect(shellWords(`ktk produce "my topic" --header 'a b'\\ c x`)).toEqual([
      'ktk',
      'produce',
      'my topic',
      '--header',
      'a b c',
      'x',
    ])
    expect(afterWordBreak(['--compression=lz4'], '--compression=l', ' =:')).toEqual(['lz4'])
    expect(afterWordBreak(['app:billing', 'app:orders'], 'app:b', ' =:')).toEqual(['billing', 'orders'])
    expect(afterWordBreak(['orders'], 'or', ' =:')).toEqual(['orders'])
  })

  it('hands paths to the shell', () => {
    expect(complete(words('produce t --file '), commands)).toEqual({ kind: 'files' })
    expect(complete(words('topics describe --command-config '), commands)).toEqual({ kind: 'files' })
  })

  it('finds the connection flags typed before the word', () => {
    expect(connectionWords(words('groups lag -b h:1 --context prod --group g'))).toEqual({
      'bootstrap-server': 'h:1',
      context: 'prod',
    })
    expect(connectionWords(words('consume --bootstrap-server=h:2 --command-config=c.properties x'))).toEqual({
      'bootstrap-server': 'h:2',
      'command-config': 'c.properties',
    })
    // The word being typed is not a value yet.
    expect(connectionWords(words('consume -b'))).toEqual({})
  })
})
