import { collidingTopics, MAX_TOPIC_NAME_LENGTH, topicNameProblem } from '../topic-name.js'
import { CASE_RULES, toCase } from './case.js'
import { type Exemption, type NamingPolicy, policyTemplate, type SegmentRule } from './policy.js'
import { foldEnum, suggestName } from './suggest.js'
import { looseVersionNumber, versionNumber } from './version.js'

/** The rule a violation breaks; shown in lint's RULE column and in --json. */
export type NamingRule =
  | 'kafka-legal'
  | 'max-length'
  | 'segment-count'
  | 'empty-segment'
  | 'allowed-values'
  | 'case'
  | 'pattern'
  | 'segment-length'
  | 'version'
  | 'env'
  | 'collision'

export interface NamingViolation {
  rule: NamingRule
  /** The segment's name (e.g. "domain") when the rule is about one segment. */
  segment?: string
  /** The segment's text in the name. */
  value?: string
  /** One line naming the segment and the rule. */
  message: string
  /** A replacement for this segment alone, when one can be found. */
  fix?: string
}

export interface NameCheck {
  name: string
  status: 'ok' | 'exempt' | 'violation'
  /** Why the name is exempt (lint shows it). */
  exemption?: string
  violations: NamingViolation[]
  /**
   * The nearest conforming name; `<segment>` placeholders stand where nothing in the name could fill
   * a segment. null when the name conforms or nothing better can be said.
   */
  suggestion: string | null
  /** The segments by name, when the name has the policy's shape. */
  segments: Record<string, string> | null
}

export interface NameCheckOptions {
  /** The environment of the cluster (a context's env): the env segment must equal it. */
  env?: string
  /** Topics already in the cluster (or spec): a name differing only by '.' versus '_' collides. */
  existing?: Iterable<string>
}

const globCache = new Map<string, RegExp>()
function globRegex(glob: string): RegExp {
  let re = globCache.get(glob)
  if (!re) {
    re = new RegExp(
      `^${glob
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replaceAll('*', '.*')
        .replaceAll('?', '.')}$`,
    )
    globCache.set(glob, re)
  }
  return re
}

/** The exemption that covers a name, if any. */
export function exemptionFor(name: string, exemptions: readonly Exemption[]): Exemption | undefined {
  return exemptions.find((e) => {
    if (e.kind === 'name') return e.name === name
    if (e.kind === 'glob') return globRegex(e.pattern).test(name)
    return new RegExp(e.pattern).test(name)
  })
}

/** Checks one topic name against Kafka's rules and the policy. The mode is the caller's business. */
export function checkTopicName(
  name: string,
  policy: NamingPolicy,
  options: NameCheckOptions = {},
): NameCheck {
  const result = (partial: Partial<NameCheck>): NameCheck => {
    const violations = partial.violations ?? []
    const status = partial.status ?? (violations.length > 0 ? 'violation' : 'ok')
    const needsName = violations.some((v) => v.rule !== 'collision')
    const suggested = needsName ? suggestName(name, policy, { env: options.env }) : null
    return {
      name,
      status,
      violations,
      suggestion: suggested && suggested !== name ? suggested : null,
      segments: partial.segments ?? null,
      ...(partial.exemption ? { exemption: partial.exemption } : {}),
    }
  }

  const legal = topicNameProblem(name)
  if (legal) return result({ violations: [{ rule: 'kafka-legal', message: legal.message }] })

  const exempt = exemptionFor(name, policy.exemptions)
  if (exempt) return result({ status: 'exempt', exemption: exempt.reason })

  const violations: NamingViolation[] = []
  const limit = Math.min(policy.maxLength, MAX_TOPIC_NAME_LENGTH)
  if (name.length > limit) {
    violations.push({
      rule: 'max-length',
      message: `name is ${name.length} characters long; the policy allows at most ${limit}`,
    })
  }

  const parts = name.split(policy.separator)
  let segments: Record<string, string> | null = null
  if (parts.length !== policy.segments.length) {
    violations.push({
      rule: 'segment-count',
      message: `expected ${policy.segments.length} segments separated by "${policy.separator}" (${policyTemplate(policy)}), got ${parts.length}`,
    })
  } else {
    segments = {}
    policy.segments.forEach((rule, i) => {
      segments![rule.name] = parts[i]!
      violations.push(...checkSegment(parts[i]!, rule))
    })
    const envValue = policy.envSegment ? segments[policy.envSegment] : undefined
    if (options.env && envValue !== undefined && envValue !== options.env) {
      violations.push({
        rule: 'env',
        segment: policy.envSegment!,
        value: envValue,
        message: `${policy.envSegment} segment "${envValue}" is not this cluster's environment "${options.env}"`,
        fix: options.env,
      })
    }
  }

  if (options.existing) {
    for (const other of collidingTopics(name, options.existing)) {
      violations.push({
        rule: 'collision',
        message: `collides with topic "${other}": Kafka maps '.' and '_' to the same metric name`,
      })
    }
  }
  return result({ violations, segments })
}

/** The violations of one segment's value against its rule (what the wizard checks as a person types). */
export function checkSegment(value: string, rule: SegmentRule): NamingViolation[] {
  const at = (r: NamingRule, message: string, fix?: string): NamingViolation => ({
    rule: r,
    segment: rule.name,
    value,
    message: `${rule.name} segment ${value === '' ? '(empty)' : `"${value}"`} ${message}`,
    ...(fix !== undefined && fix !== '' && fix !== value ? { fix } : {}),
  })
  if (value === '') return [at('empty-segment', 'is empty')]
  const out: NamingViolation[] = []
  if (rule.kind === 'enum') {
    if (!rule.values.includes(value)) {
      out.push(at('allowed-values', `must be one of ${rule.values.join(', ')}`, foldEnum(value, rule.values)))
    }
  } else if (rule.kind === 'version') {
    if (versionNumber(value, rule) === undefined) {
      const n = looseVersionNumber(value, rule)
      out.push(
        at(
          'version',
          `must be "${rule.prefix}" followed by a version number without leading zeros (${rule.prefix}1, ${rule.prefix}2, …)`,
          n === undefined ? undefined : `${rule.prefix}${n}`,
        ),
      )
    }
  } else {
    const style = CASE_RULES[rule.case]
    if (!style.test.test(value)) out.push(at('case', `must be ${style.describe}`, toCase(value, rule.case)))
    if (rule.pattern !== undefined && !new RegExp(`^(?:${rule.pattern})$`).test(value)) {
      out.push(at('pattern', `must match /${rule.pattern}/`))
    }
  }
  if (rule.minLength !== undefined && value.length < rule.minLength) {
    out.push(at('segment-length', `is ${value.length} characters; at least ${rule.minLength} required`))
  }
  if (rule.maxLength !== undefined && value.length > rule.maxLength) {
    out.push(at('segment-length', `is ${value.length} characters; at most ${rule.maxLength} allowed`))
  }
  return out
}
