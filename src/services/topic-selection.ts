import type { TopicMetadata } from '../core/cluster-types.js'
import { KtkError, LIST_TOPICS_HINT, topicNotFound } from '../core/errors.js'
import { selectTopics } from '../core/topic-filter.js'
import type { AdminGateway } from '../kafka/index.js'

export interface TopicSelector {
  /** Exact names from arguments (internal topics allowed when named). */
  names: readonly string[]
  /** kafka-topics --topic include-list regexes. */
  patterns: readonly string[]
  excludeInternal: boolean
  /** Kafka's --if-exists: a name or pattern that matches nothing is not an error. */
  ifExists: boolean
}

/**
 * Resolves names and patterns against the cluster's topics, sorted. A name or pattern that matches
 * nothing is "not found" (exit 4) unless --if-exists, as in kafka-topics.
 */
export function resolveTopics(all: readonly TopicMetadata[], selector: TopicSelector): TopicMetadata[] {
  const byName = new Map(all.map((t) => [t.name, t]))
  const chosen = new Set<string>()
  const missing: string[] = []
  for (const name of selector.names) {
    if (byName.has(name)) chosen.add(name)
    else missing.push(name)
  }
  for (const pattern of selector.patterns) {
    const matched = selectTopics(byName.keys(), {
      patterns: [pattern],
      excludeInternal: selector.excludeInternal,
    })
    if (matched.length === 0) missing.push(pattern)
    for (const m of matched) chosen.add(m)
  }
  if (selector.names.length === 0 && selector.patterns.length === 0) {
    for (const name of selectTopics(byName.keys(), {
      patterns: [],
      excludeInternal: selector.excludeInternal,
    })) {
      chosen.add(name)
    }
  }
  if (missing.length > 0 && !selector.ifExists) {
    throw topicNotFound(missing, [
      LIST_TOPICS_HINT,
      'add --if-exists to treat a missing topic as nothing to do',
    ])
  }
  return [...chosen].sort().map((n) => byName.get(n)!)
}

/**
 * resolveTopics, except that a named topic the principal may not describe fails as "not authorized"
 * (exit 6) rather than "does not exist" (exit 4): brokers leave such topics out of every listing.
 */
export async function resolveVisibleTopics(
  gateway: Pick<AdminGateway, 'checkTopicAccess'>,
  all: readonly TopicMetadata[],
  selector: TopicSelector,
): Promise<TopicMetadata[]> {
  try {
    return resolveTopics(all, selector)
  } catch (error) {
    if (error instanceof KtkError && error.code === 'TOPIC_NOT_FOUND') {
      const present = new Set(all.map((t) => t.name))
      await gateway.checkTopicAccess(selector.names.filter((n) => !present.has(n)))
    }
    throw error
  }
}
