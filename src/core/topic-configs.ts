import { KtkError } from './errors.js'
import { closest } from './suggest.js'
import { TOPIC_CONFIG_CATALOGUE } from './topic-config-catalogue.js'
import type { TopicConfigSpec } from './topic-config-spec.js'

const byName = new Map(TOPIC_CONFIG_CATALOGUE.map((spec) => [spec.name, spec]))

export function topicConfigSpec(name: string): TopicConfigSpec | undefined {
  return byName.get(name)
}

export function topicConfigNames(): string[] {
  return [...byName.keys()]
}

/** Parses repeated `key=value` flags. The first '=' separates; values may contain '='. */
export function parseConfigAssignments(assignments: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {}
  for (const raw of assignments) {
    for (const item of splitAssignments(raw)) {
      const eq = item.indexOf('=')
      if (eq <= 0) {
        throw new KtkError('INVALID_CONFIG', `config "${item}" is not of the form key=value`, {
          hints: ['write it as --config retention.ms=86400000'],
        })
      }
      const key = item.slice(0, eq).trim()
      if (key in result) throw new KtkError('INVALID_CONFIG', `config "${key}" is given twice`)
      result[key] = item.slice(eq + 1).trim()
    }
  }
  return result
}

/**
 * kafka-configs accepts "k1=v1,k2=v2" in one flag, with list values in square brackets
 * ("cleanup.policy=[compact,delete]"). Split on commas that are outside brackets and start a new key.
 */
function splitAssignments(raw: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]
    if (c === '[') depth++
    else if (c === ']') depth = Math.max(0, depth - 1)
    else if (c === ',' && depth === 0 && /^[a-zA-Z0-9._-]+=/.test(raw.slice(i + 1))) {
      parts.push(raw.slice(start, i))
      start = i + 1
    }
  }
  parts.push(raw.slice(start))
  return parts.map((p) => p.replace(/=\[(.*)\]$/, '=$1'))
}

const INTEGER = /^-?\d+$/

/** Checks one key and value against Kafka's definition; returns a one-line reason, or undefined if valid. */
export function topicConfigProblem(name: string, value: string): string | undefined {
  const spec = byName.get(name)
  if (!spec) {
    const suggestion = closest(name, byName.keys())
    return `unknown topic config "${name}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`
  }
  const bad = (why: string) => `invalid value "${value}" for ${name}: ${why}`
  switch (spec.type) {
    case 'BOOLEAN':
      if (!/^(true|false)$/i.test(value)) return bad('expected true or false')
      return undefined
    case 'INT':
    case 'SHORT':
    case 'LONG': {
      if (!INTEGER.test(value)) return bad('expected a whole number')
      const n = BigInt(value)
      const limit = spec.type === 'INT' ? 2n ** 31n : spec.type === 'SHORT' ? 2n ** 15n : 2n ** 63n
      if (n < -limit || n >= limit) return bad(`out of range for a ${spec.type.toLowerCase()}`)
      if (spec.also !== undefined && n === BigInt(spec.also)) return undefined
      if (spec.min !== undefined && n < BigInt(spec.min)) return bad(rangeText(spec))
      if (spec.max !== undefined && n > BigInt(spec.max)) return bad(rangeText(spec))
      return undefined
    }
    case 'DOUBLE': {
      const n = Number(value)
      if (value.trim() === '' || Number.isNaN(n)) return bad('expected a number')
      if (spec.min !== undefined && n < Number(spec.min)) return bad(rangeText(spec))
      if (spec.max !== undefined && n > Number(spec.max)) return bad(rangeText(spec))
      return undefined
    }
    case 'LIST': {
      const items = value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
      if (spec.format === 'throttled-replicas') {
        const ok = value.trim() === '*' || items.every((item) => /^\d+:\d+$/.test(item))
        return ok ? undefined : bad('expected "*" or partition:broker pairs such as 0:1,1:2')
      }
      if (spec.validValues) {
        const unknown = items.filter((i) => !spec.validValues!.includes(i))
        if (unknown.length > 0) return bad(`expected a list of ${spec.validValues.join(', ')}`)
      }
      return undefined
    }
    case 'STRING':
      if (spec.validValues && !spec.validValues.includes(value)) {
        return bad(`expected one of ${spec.validValues.join(', ')}`)
      }
      return undefined
    default:
      return undefined
  }
}

function rangeText(spec: TopicConfigSpec): string {
  const extra = spec.also !== undefined ? ` (or ${spec.also})` : ''
  if (spec.min !== undefined && spec.max !== undefined)
    return `must be between ${spec.min} and ${spec.max}${extra}`
  if (spec.min !== undefined) return `must be at least ${spec.min}${extra}`
  return `must be at most ${spec.max}${extra}`
}

/** Validates a set of assignments and throws a usage error (exit 2) naming the first bad one. */
export function validateTopicConfigs(configs: Record<string, string>): void {
  for (const [name, value] of Object.entries(configs)) {
    const problem = topicConfigProblem(name, value)
    if (problem) {
      throw new KtkError('INVALID_CONFIG', problem, {
        hints: ['see the topic configs Kafka accepts: https://kafka.apache.org/documentation/#topicconfigs'],
      })
    }
  }
}

/** Validates config names for deletion (values do not matter). */
export function validateTopicConfigNames(names: readonly string[]): void {
  for (const name of names) {
    if (!byName.has(name)) {
      const problem = topicConfigProblem(name, '')
      throw new KtkError('INVALID_CONFIG', problem ?? `unknown topic config "${name}"`)
    }
  }
}
