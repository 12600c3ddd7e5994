import { checkTopicName, type NameCheck } from './check.js'
import type { NamingMode, NamingPolicy } from './policy.js'

export interface LintTarget {
  name: string
  /** Where the name was read (a spec file's `file:line`), when not from a cluster. */
  location?: string
}

export interface LintEntry extends NameCheck {
  location?: string
}

export interface LintReport {
  policy: { source: string; mode: NamingMode }
  /** Names looked at (0 when the policy is off). */
  checked: number
  ok: number
  exempt: number
  violating: number
  /** The violating names; with `all`, every name. */
  topics: LintEntry[]
}

/**
 * Lints a set of names against the policy. Collisions are looked for among the names themselves (a
 * cluster's topics, or a spec's), so both sides of a '.'/'_' pair are reported.
 */
export function lintNames(
  targets: readonly LintTarget[],
  policy: NamingPolicy,
  options: { env?: string; all?: boolean; existing?: readonly string[] } = {},
): LintReport {
  const report: LintReport = {
    policy: { source: policy.source, mode: policy.mode },
    checked: 0,
    ok: 0,
    exempt: 0,
    violating: 0,
    topics: [],
  }
  if (policy.mode === 'off') return report
  const names = [...new Set([...(options.existing ?? []), ...targets.map((t) => t.name)])]
  for (const target of targets) {
    const check = checkTopicName(target.name, policy, { env: options.env, existing: names })
    report.checked++
    if (check.status === 'ok') report.ok++
    else if (check.status === 'exempt') report.exempt++
    else report.violating++
    if (options.all || check.status === 'violation') {
      report.topics.push(target.location ? { ...check, location: target.location } : check)
    }
  }
  return report
}
