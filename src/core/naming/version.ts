import type { NamingPolicy, VersionSegment } from './policy.js'

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The number of a conforming version segment (`v3` -> 3), or undefined. */
export function versionNumber(value: string, rule: VersionSegment): number | undefined {
  const m = new RegExp(`^${escapeRegex(rule.prefix)}([1-9][0-9]*)$`).exec(value)
  return m ? Number(m[1]) : undefined
}

/** A loose reading for suggestions: `V1`, `1`, `v01`, `ver2`, `version3` -> the number. */
export function looseVersionNumber(value: string, rule: VersionSegment): number | undefined {
  const m = new RegExp(`^(?:${escapeRegex(rule.prefix)}|v|ver|version)?[._-]?0*([1-9][0-9]*)$`, 'i').exec(
    value,
  )
  return m ? Number(m[1]) : undefined
}

/** A name's version and how to write the same name at another version. */
export interface VersionedName {
  version: number
  /** The same name with another version number. */
  withVersion(n: number): string
}

/**
 * Finds the version in a name: the policy's version segment when the name has the policy's shape,
 * otherwise a trailing `v<N>` after '.', '_' or '-' (so names from before a policy still bump).
 */
export function versionedName(name: string, policy: NamingPolicy): VersionedName | undefined {
  const index = policy.segments.findIndex((s) => s.kind === 'version')
  const parts = name.split(policy.separator)
  const rule = policy.segments[index]
  if (rule?.kind === 'version' && parts.length === policy.segments.length) {
    const n = versionNumber(parts[index]!, rule)
    if (n !== undefined) {
      return {
        version: n,
        withVersion: (v) =>
          parts.map((p, i) => (i === index ? `${rule.prefix}${v}` : p)).join(policy.separator),
      }
    }
  }
  const m = /^(.*[._-])v([1-9][0-9]*)$/.exec(name)
  if (!m) return undefined
  return { version: Number(m[2]), withVersion: (v) => `${m[1]}v${v}` }
}

/** The next version after every version of this name that already exists (v1, v2 exist: 3). */
export function nextFreeVersion(name: VersionedName, existing: Iterable<string>): number {
  const taken = new Set(existing)
  let highest = name.version
  // Versions are small numbers; look a little past the highest seen so gaps do not hide later ones.
  for (let v = 1; v <= highest + 100; v++) if (taken.has(name.withVersion(v))) highest = Math.max(highest, v)
  return highest + 1
}
