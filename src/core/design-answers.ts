import type { DesignAnswers } from './design.js'
import { KtkError } from './errors.js'
import { checkSegment, type NamingPolicy, type SegmentRule } from './naming/index.js'
import { type Durability, parseBytes, parseCount, parseRetention } from './sizing.js'

/** Answers as given (flags, an answers file, or prompts), before parsing. */
export interface RawAnswers {
  segments: Record<string, string>
  version?: number
  throughput?: string
  recordSize?: string
  consumers?: string
  key?: string
  retention?: string
  durability?: string
}

/** The flag that answers each question, as the "missing answers" error lists them. */
export const ANSWER_FLAGS = {
  throughput: '--throughput',
  recordSize: '--record-size',
  consumers: '--consumers',
  key: '--key',
  retention: '--retention',
  durability: '--durability',
} as const

/** The flag that answers a segment: --env, --domain, --event for the default ones, else --segment name=… */
export function segmentFlag(name: string): string {
  return ['env', 'domain', 'event'].includes(name) ? `--${name}` : `--segment ${name}=…`
}

/** Why a typed segment value is not acceptable (segment, rule, and the fix), or undefined. */
export function segmentProblem(value: string, rule: SegmentRule): string | undefined {
  const [first] = checkSegment(value, rule)
  if (!first) return undefined
  return `${first.message}${first.fix ? ` (try "${first.fix}")` : ''}`
}

/** Why a typed answer is not acceptable, or undefined: what prompts show while a person types. */
export function answerProblem(question: keyof typeof ANSWER_FLAGS, value: string): string | undefined {
  try {
    parseAnswer(question, value)
    return undefined
  } catch (error) {
    return (error as Error).message
  }
}

function parseDurability(raw: string): Durability {
  const text = raw.trim().toLowerCase()
  if (['production', 'prod'].includes(text)) return 'production'
  if (['development', 'dev'].includes(text)) return 'development'
  throw new KtkError('USAGE', `durability "${raw}" is not production or development`)
}

function parseConsumers(raw: string): number {
  const text = raw.trim()
  if (!/^[1-9][0-9]*$/.test(text) || Number(text) > 100_000) {
    throw new KtkError('USAGE', `consumers "${raw}" is not a whole number from 1 to 100000`)
  }
  return Number(text)
}

function parseKey(raw: string): string | null {
  const text = raw.trim()
  if (text === '' || ['none', '-'].includes(text.toLowerCase())) return null
  if (/\s/.test(text))
    throw new KtkError('USAGE', `key "${raw}" should be one field name (no spaces), or none`)
  return text
}

function parseAnswer(question: keyof typeof ANSWER_FLAGS, raw: string): unknown {
  switch (question) {
    case 'throughput':
      return parseCount(raw, 'throughput')
    case 'recordSize':
      return parseBytes(raw, 'record size')
    case 'consumers':
      return parseConsumers(raw)
    case 'key':
      return parseKey(raw)
    case 'retention':
      return parseRetention(raw)
    case 'durability':
      return parseDurability(raw)
  }
}

/** The questions without an answer, as the flags that would answer them. */
export function missingAnswers(raw: RawAnswers, policy: NamingPolicy, env: string | undefined): string[] {
  const missing: string[] = []
  for (const rule of policy.segments) {
    if (rule.kind === 'version') continue
    if (rule.name === policy.envSegment && env !== undefined) continue
    if (raw.segments[rule.name] === undefined) missing.push(segmentFlag(rule.name))
  }
  for (const [question, flag] of Object.entries(ANSWER_FLAGS)) {
    if (raw[question as keyof typeof ANSWER_FLAGS] === undefined) missing.push(flag)
  }
  return missing
}

/**
 * Parses complete raw answers; every bad value is a usage error naming its flag. The env restriction
 * fills the env segment, and an env answer that differs from it is refused.
 */
export function parseAnswers(raw: RawAnswers, policy: NamingPolicy, env: string | undefined): DesignAnswers {
  const segments: Record<string, string> = { ...raw.segments }
  if (env !== undefined && policy.envSegment) {
    const given = segments[policy.envSegment]
    if (given !== undefined && given !== env) {
      throw new KtkError(
        'USAGE',
        `${segmentFlag(policy.envSegment)} ${given} differs from the cluster's environment ${env}`,
      )
    }
    segments[policy.envSegment] = env
  }
  for (const rule of policy.segments) {
    if (rule.kind === 'version') continue
    const value = segments[rule.name]
    if (value === undefined) throw new KtkError('USAGE', `missing answer: ${segmentFlag(rule.name)}`)
    const problem = segmentProblem(value, rule)
    if (problem) throw new KtkError('NAMING_VIOLATION', `${segmentFlag(rule.name)}: ${problem}`)
  }
  const get = <K extends keyof typeof ANSWER_FLAGS>(question: K) => {
    const value = raw[question]
    if (value === undefined) throw new KtkError('USAGE', `missing answer: ${ANSWER_FLAGS[question]}`)
    try {
      return parseAnswer(question, value)
    } catch (error) {
      throw new KtkError('USAGE', `${ANSWER_FLAGS[question]}: ${(error as Error).message}`, {
        hints: (error as KtkError).hints,
      })
    }
  }
  if (raw.version !== undefined && (!Number.isInteger(raw.version) || raw.version < 1)) {
    throw new KtkError('USAGE', `--topic-version must be a whole number from 1, got ${raw.version}`)
  }
  return {
    segments,
    ...(raw.version !== undefined ? { version: raw.version } : {}),
    throughput: get('throughput') as number,
    recordBytes: get('recordSize') as number,
    consumers: get('consumers') as number,
    key: get('key') as string | null,
    retention: get('retention') as DesignAnswers['retention'],
    durability: get('durability') as Durability,
  }
}
