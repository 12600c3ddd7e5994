import { KtkError, quoted } from './errors.js'
import { isInternalTopic } from './topic-name.js'

/**
 * kafka-topics' --topic include list (TopicFilter.IncludeList): commas mean "or", quotes and spaces are
 * dropped, and the regex must match the whole name.
 */
export function compileTopicPattern(raw: string): RegExp {
  const regex = raw
    .trim()
    .replaceAll(',', '|')
    .replaceAll(' ', '')
    .replace(/^["']+/, '')
    .replace(/["']+$/, '')
  try {
    const compiled = new RegExp(`^(?:${regex})$`)
    // V8 compiles lazily: a pattern too large to compile fails at its first use, so use it here.
    compiled.test('')
    return compiled
  } catch (error) {
    const reason = ((error as Error).message.split(': ').pop() ?? '').slice(0, 80)
    throw new KtkError('USAGE', `--topic ${quoted(raw)} is not a valid regular expression: ${reason}`, {
      hints: ['escape dots in literal names (orders\\.v1) or quote the pattern in your shell'],
    })
  }
}

/** True when the argument names a topic literally rather than as a pattern. */
export function isLiteralTopicName(raw: string): boolean {
  return /^[a-zA-Z0-9._-]+$/.test(raw)
}

export interface TopicSelection {
  /** Patterns or names from arguments and --topic; empty selects everything. */
  patterns: readonly string[]
  excludeInternal: boolean
}

/** Selects topics the way kafka-topics does: sorted, internal topics kept unless excluded. */
export function selectTopics(allTopics: Iterable<string>, selection: TopicSelection): string[] {
  const compiled = selection.patterns.map(compileTopicPattern)
  return [...allTopics]
    .filter((t) => !(selection.excludeInternal && isInternalTopic(t)))
    .filter((t) => compiled.length === 0 || compiled.some((re) => re.test(t)))
    .sort()
}
