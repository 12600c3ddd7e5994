import { quoted } from './errors.js'

/** Kafka's own topic-name rules (org.apache.kafka.common.internals.Topic). */
export const MAX_TOPIC_NAME_LENGTH = 249
const LEGAL = /^[a-zA-Z0-9._-]+$/

export type TopicNameProblem =
  | { rule: 'empty'; message: string }
  | { rule: 'dot'; message: string }
  | { rule: 'length'; message: string }
  | { rule: 'characters'; message: string; illegal: string[] }

/** Returns why Kafka would reject this name, or undefined when it is legal. */
export function topicNameProblem(name: string): TopicNameProblem | undefined {
  if (name.length === 0) return { rule: 'empty', message: 'a topic name cannot be empty' }
  if (name === '.' || name === '..') return { rule: 'dot', message: `a topic name cannot be "${name}"` }
  if (name.length > MAX_TOPIC_NAME_LENGTH) {
    return {
      rule: 'length',
      message: `topic name is ${name.length} characters long; Kafka allows at most ${MAX_TOPIC_NAME_LENGTH}`,
    }
  }
  if (!LEGAL.test(name)) {
    const illegal = [...new Set([...name].filter((c) => !/[a-zA-Z0-9._-]/.test(c)))].slice(0, 10)
    const shown = illegal.map((c) => (c === ' ' ? 'space' : JSON.stringify(c))).join(', ')
    return {
      rule: 'characters',
      message: `topic name ${quoted(name)} contains ${shown}; Kafka allows only letters, digits, '.', '_' and '-'`,
      illegal,
    }
  }
  return undefined
}

/** Kafka warns that '.' and '_' collide in metric names: "a.b" and "a_b" map to the same metric. */
export function hasCollisionChars(name: string): boolean {
  return name.includes('.') || name.includes('_')
}

export function collisionKey(name: string): string {
  return name.replaceAll('.', '_')
}

/** Existing topics whose name differs from `name` only by '.' versus '_'. */
export function collidingTopics(name: string, existing: Iterable<string>): string[] {
  const key = collisionKey(name)
  return [...existing].filter((t) => t !== name && collisionKey(t) === key)
}

/** Kafka's internal topics (Topic.isInternal): hidden by --exclude-internal, deleted only when named. */
export const INTERNAL_TOPICS = new Set(['__consumer_offsets', '__transaction_state', '__share_group_state'])

export function isInternalTopic(name: string): boolean {
  return INTERNAL_TOPICS.has(name)
}
