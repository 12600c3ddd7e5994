import { closest } from '../suggest.js'
import { toCase } from './case.js'
import type { NamingPolicy, SegmentRule } from './policy.js'
import { looseVersionNumber } from './version.js'

/** The allowed value a person most likely meant: same letters, a prefix (production -> prod), or a typo. */
export function foldEnum(value: string, values: readonly string[]): string | undefined {
  const lower = value.toLowerCase()
  const exact = values.find((v) => v.toLowerCase() === lower)
  if (exact) return exact
  if (lower.length >= 3) {
    const prefix = values.find(
      (v) => v.length >= 3 && (lower.startsWith(v.toLowerCase()) || v.toLowerCase().startsWith(lower)),
    )
    if (prefix) return prefix
  }
  return closest(lower, values)
}

export interface SuggestOptions {
  /** The cluster's environment: fills (or replaces) the env segment. */
  env?: string
  /** The version to put in a missing version segment (default 1). */
  version?: number
}

/**
 * The nearest name the policy accepts: `Prod.Retail.OrderPlaced` -> `prod.retail.order_placed.v1`.
 * Parts are read in order: a leading value of an enum segment (env), a trailing version, and the text
 * between them for the other segments (surplus words merge into the last one; missing ones are filled
 * from the right). Case is folded per segment. Segments nothing could fill stay as `<name>`; null when
 * no free-text segment could be filled or the result would be too long.
 */
export function suggestName(name: string, policy: NamingPolicy, options: SuggestOptions = {}): string | null {
  const segs = policy.segments
  let parts = name.split(policy.separator).filter((p) => p !== '')
  // A name without the separator may use another one (prod_retail_order_placed_v1).
  if (parts.length <= 1) parts = name.split(/[^a-zA-Z0-9\u0080-\uffff]+/).filter((p) => p !== '')
  const values: (string | null)[] = segs.map(() => null)
  const isEnv = (rule: SegmentRule) => rule.name === policy.envSegment && options.env !== undefined

  const vIndex = segs.findIndex((s) => s.kind === 'version')
  const vRule = segs[vIndex]
  if (vRule?.kind === 'version' && parts.length > 0) {
    const n = looseVersionNumber(parts[parts.length - 1]!, vRule)
    if (n !== undefined) {
      values[vIndex] = `${vRule.prefix}${n}`
      parts = parts.slice(0, -1)
    }
  }

  let j = 0
  for (; j < segs.length && segs[j]!.kind === 'enum'; j++) {
    const rule = segs[j] as Extract<SegmentRule, { kind: 'enum' }>
    const matched = parts.length > 0 ? foldEnum(parts[0]!, rule.values) : undefined
    if (matched !== undefined) parts = parts.slice(1)
    values[j] = isEnv(rule) ? options.env! : (matched ?? null)
  }

  const open = segs
    .map((_s, i) => i)
    .filter((i) => i >= j && values[i] === null && segs[i]!.kind !== 'version')
  if (open.length > 0 && parts.length > 0) {
    const take = Math.min(open.length, parts.length)
    const targets = open.slice(open.length - take)
    targets.forEach((segIndex, k) => {
      const last = k === targets.length - 1
      const text = last ? parts.slice(k).join(' ') : parts[k]!
      values[segIndex] = normalize(text, segs[segIndex]!)
    })
  }
  if (vRule?.kind === 'version' && values[vIndex] === null)
    values[vIndex] = `${vRule.prefix}${options.version ?? 1}`

  // Nothing of the name survived in the free-text segments: a template is no suggestion.
  if (segs.every((s, i) => s.kind !== 'text' || values[i] === null) && segs.some((s) => s.kind === 'text')) {
    return null
  }
  const suggestion = segs.map((s, i) => values[i] || `<${s.name}>`).join(policy.separator)
  return suggestion.length <= Math.min(policy.maxLength, 249) ? suggestion : null
}

function normalize(text: string, rule: SegmentRule): string | null {
  if (rule.kind === 'enum') return foldEnum(text, rule.values) ?? null
  if (rule.kind === 'version') {
    const n = looseVersionNumber(text, rule)
    return n === undefined ? null : `${rule.prefix}${n}`
  }
  return toCase(text, rule.case) || null
}
