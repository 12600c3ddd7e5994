/**
 * Shell completion: what may come next on a ktk command line. Pure: the command tree comes in (from
 * oclif's manifest), and names that only the cluster or the contexts file knows come out as a request
 * for that kind of name, which the caller looks up.
 */

export interface CompletionFlag {
  name: string
  char?: string
  /** 'boolean' flags take no value. */
  type: 'boolean' | 'option'
  options?: readonly string[]
  multiple?: boolean
  hidden?: boolean
}

export interface CompletionCommand {
  /** oclif's id: words joined by ':' (e.g. topics:describe). */
  id: string
  flags: Readonly<Record<string, CompletionFlag>>
  /** Positional arguments, in order. */
  args: readonly string[]
  hidden?: boolean
}

/** Names that live in the cluster or in the contexts file. */
export type NameKind = 'topics' | 'groups' | 'contexts'

export type Completion =
  /** Fixed words, already filtered by the word being typed. */
  | { kind: 'words'; words: string[] }
  /** Names of a kind, to be filtered by `prefix` once looked up. */
  | { kind: 'names'; names: NameKind; prefix: string }
  /** A path: the shell completes it. */
  | { kind: 'files' }

/** Flags whose value is a path. */
const PATH_FLAG = /(^|-)(file|dir|config|path|location)$|^command-config$/

/** The kind of existing name a flag or argument of a command takes, if any. */
export function nameKindOf(commandId: string, name: string): NameKind | undefined {
  if (name === 'context') return 'contexts'
  if (name === 'group') return 'groups'
  if (name === 'topic') return commandId === 'topics:create' ? undefined : 'topics'
  if (name === 'name') {
    if (/^context:(show|use|remove)$/.test(commandId)) return 'contexts'
    if (commandId === 'topics:bump') return 'topics'
  }
  return undefined
}

/**
 * What completes the last of `words` (the words after `ktk`; the last one is being typed and may be
 * empty), given the commands and the topics of the command tree.
 */
export function complete(words: readonly string[], commands: readonly CompletionCommand[]): Completion {
  const typing = words.at(-1) ?? ''
  const before = words.slice(0, -1)
  const visible = commands.filter((c) => !c.hidden)

  // The command: the longest run of leading words that names a command.
  let depth = 0
  let command: CompletionCommand | undefined
  for (let n = 1; n <= before.length; n++) {
    const id = before.slice(0, n).join(':')
    const found = visible.find((c) => c.id === id)
    if (found) {
      command = found
      depth = n
    } else if (!visible.some((c) => c.id.startsWith(`${id}:`))) break
  }
  if (!command) {
    const path = before.join(':')
    const next = new Set<string>()
    for (const c of visible) {
      const parts = c.id.split(':')
      if (path && !c.id.startsWith(`${path}:`)) continue
      const word = parts[before.length]
      if (word && parts.slice(0, before.length).join(':') === path) next.add(word)
    }
    return words_([...next].sort(), typing)
  }

  const rest = before.slice(depth)
  const flagOf = (word: string): CompletionFlag | undefined => {
    if (word.startsWith('--')) return command.flags[word.slice(2)]
    if (/^-[^-]$/.test(word)) return Object.values(command.flags).find((f) => f.char === word[1])
    return undefined
  }

  // The value of the flag just before.
  const previous = rest.at(-1)
  const awaitingValue = previous === undefined ? undefined : flagOf(previous)
  if (awaitingValue && awaitingValue.type === 'option' && !previous!.includes('='))
    return valueCompletion(command, awaitingValue, typing)

  // --flag=value, typed as one word.
  const inline = /^(--[^=]+)=(.*)$/s.exec(typing)
  const inlineFlag = inline ? flagOf(inline[1]!) : undefined
  if (inline && inlineFlag?.type === 'option') {
    const value = valueCompletion(command, inlineFlag, inline[2]!)
    return value.kind === 'words'
      ? { kind: 'words', words: value.words.map((w) => `${inline[1]}=${w}`) }
      : value
  }

  if (typing.startsWith('-')) {
    const used = new Set(rest.map(flagOf).filter((f): f is CompletionFlag => f !== undefined))
    const flags = Object.values(command.flags)
      .filter((f) => !f.hidden && (f.multiple || !used.has(f)))
      .map((f) => `--${f.name}`)
    return words_([...flags, '--help'].sort(), typing)
  }

  // A positional argument: count the words that are neither flags nor flag values.
  let position = 0
  for (let i = 0; i < rest.length; i++) {
    const flag = flagOf(rest[i]!)
    if (flag) {
      if (flag.type === 'option' && !rest[i]!.includes('=')) i++
    } else if (!rest[i]!.startsWith('-')) position++
  }
  const arg = command.args[position]
  const names = arg === undefined ? undefined : nameKindOf(command.id, arg)
  return names ? { kind: 'names', names, prefix: typing } : { kind: 'words', words: [] }
}

function valueCompletion(command: CompletionCommand, flag: CompletionFlag, typing: string): Completion {
  if (flag.options) return words_([...flag.options], typing)
  const names = nameKindOf(command.id, flag.name)
  if (names) return { kind: 'names', names, prefix: typing }
  if (PATH_FLAG.test(flag.name)) return { kind: 'files' }
  return { kind: 'words', words: [] }
}

const words_ = (candidates: readonly string[], typing: string): Completion => ({
  kind: 'words',
  words: candidates.filter((c) => c.startsWith(typing)),
})

/** The connection flags given earlier on the line, so names come from the cluster the command will use. */
export function connectionWords(words: readonly string[]): {
  'bootstrap-server'?: string
  context?: string
  'command-config'?: string
} {
  const out: { 'bootstrap-server'?: string; context?: string; 'command-config'?: string } = {}
  const before = words.slice(0, -1)
  for (let i = 0; i < before.length; i++) {
    const word = before[i]!
    const [flag, inline] = word.includes('=') ? word.split(/=(.*)/s) : [word, undefined]
    const key =
      flag === '-b' || flag === '--bootstrap-server'
        ? 'bootstrap-server'
        : flag === '--context'
          ? 'context'
          : flag === '--command-config'
            ? 'command-config'
            : undefined
    if (!key) continue
    const value = inline ?? before[i + 1]
    if (value) out[key] = value
    if (inline === undefined) i++
  }
  return out
}

/**
 * A command line as a POSIX shell splits it into words (quotes and backslashes honoured; no
 * expansions); a line ending in a space ends with an empty word, the one being typed.
 */
export function shellWords(line: string): string[] {
  const words: string[] = []
  let word = ''
  let inWord = false
  let quote: '"' | "'" | undefined
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (quote) {
      if (c === quote) quote = undefined
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word += line[++i]
      else word += c
    } else if (c === '"' || c === "'") {
      quote = c
      inWord = true
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i]
      inWord = true
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word)
      word = ''
      inWord = false
    } else {
      word += c
      inWord = true
    }
  }
  words.push(word)
  return words
}

/**
 * Candidates as bash inserts them: bash splits the word being typed at its COMP_WORDBREAKS characters
 * (':' and '=' among them) and replaces only the part after the last one.
 */
export function afterWordBreak(candidates: readonly string[], typing: string, breaks: string): string[] {
  let cut = -1
  for (const c of breaks) cut = Math.max(cut, typing.lastIndexOf(c))
  return cut < 0 ? [...candidates] : candidates.map((c) => c.slice(cut + 1))
}
