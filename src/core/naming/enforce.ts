import { KtkError } from '../errors.js'
import type { NameCheck, NamingViolation } from './check.js'
import type { NamingPolicy } from './policy.js'

export const describePolicy = (policy: Pick<NamingPolicy, 'source'>) =>
  policy.source === 'built-in' ? 'the built-in naming convention' : `naming policy ${policy.source}`

/** One line for a violation: the segment, the rule, and the reason. */
export const violationLine = (v: NamingViolation) => `${v.message} (rule ${v.rule})`

/**
 * Violations the naming policy decides on. Kafka's own legality rules are left to the operation itself
 * (INVALID_TOPIC_NAME), which refuses such names whatever the policy's mode.
 */
const policyViolations = (check: NameCheck) => check.violations.filter((v) => v.rule !== 'kafka-legal')

export interface NamingOutcome {
  /** Lines to show as warnings once the operation has succeeded (warn mode, or an override). */
  warnings: string[]
}

/**
 * What the policy's mode makes of some name checks, for commands that create topics: enforce refuses
 * with exit 2 (reason, suggestion, how to override), warn and --skip-naming-check let them through
 * with warnings, off checks nothing.
 */
export function enforceNaming(
  checks: readonly NameCheck[],
  policy: NamingPolicy,
  options: { skip: boolean; verb?: string },
): NamingOutcome {
  if (policy.mode === 'off') return { warnings: [] }
  const broken = checks.filter((c) => policyViolations(c).length > 0)
  if (broken.length === 0) return { warnings: [] }
  const summary = (c: NameCheck) =>
    `"${c.name}": ${policyViolations(c).map(violationLine).join('; ')}${c.suggestion ? `; suggested: ${c.suggestion}` : ''}`
  if (options.skip) {
    return { warnings: broken.map((c) => `naming check skipped (--skip-naming-check) for ${summary(c)}`) }
  }
  if (policy.mode === 'warn') {
    return { warnings: broken.map((c) => `${summary(c)} (${describePolicy(policy)}, warn mode)`) }
  }
  const verb = options.verb ?? 'create it'
  const suggestions = broken.filter((c) => c.suggestion).map((c) => `suggested name: ${c.suggestion}`)
  const hints = [
    ...suggestions,
    `to ${verb} anyway: --skip-naming-check (${describePolicy(policy)} is in enforce mode)`,
  ]
  if (broken.length === 1) {
    const [first, ...rest] = policyViolations(broken[0]!)
    return refuse(
      `topic name "${broken[0]!.name}" breaks ${describePolicy(policy)}: ${violationLine(first!)}`,
      rest.map(violationLine),
      hints,
    )
  }
  return refuse(`${broken.length} topic names break ${describePolicy(policy)}`, broken.map(summary), hints)
}

function refuse(message: string, details: string[], hints: string[]): never {
  throw new KtkError('NAMING_VIOLATION', message, { details, hints })
}
