import type { CaseRule } from './policy.js'

/** What each case rule accepts, and how a message describes it. */
export const CASE_RULES: Record<CaseRule, { test: RegExp; describe: string }> = {
  snake: {
    test: /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/,
    describe: "lower snake_case (a-z, 0-9 and single '_' between words, starting with a letter)",
  },
  kebab: {
    test: /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/,
    describe: "lower kebab-case (a-z, 0-9 and single '-' between words, starting with a letter)",
  },
  lower: { test: /^[a-z][a-z0-9]*$/, describe: 'lowercase letters and digits, starting with a letter' },
  camel: { test: /^[a-z][a-zA-Z0-9]*$/, describe: 'camelCase (starting with a lowercase letter)' },
  pascal: { test: /^[A-Z][a-zA-Z0-9]*$/, describe: 'PascalCase (starting with an uppercase letter)' },
  any: { test: /^[a-zA-Z0-9._-]+$/, describe: "letters, digits, '.', '_' and '-'" },
}

/**
 * The words of a segment as a person reads them: CamelCase humps, digits runs and any separator
 * (`_`, `-`, `.`, space, anything not a letter or digit) split words. Accents are folded
 * (`Bestätigt` -> `bestatigt`); letters outside a-z that cannot be folded are dropped.
 */
export function words(text: string): string[] {
  const folded = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
  return folded
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^a-zA-Z0-9]+/)
    .filter((w) => w !== '')
}

/** Rewrites text in a case style; '' when nothing usable remains. */
export function toCase(text: string, rule: CaseRule): string {
  const w = words(text).map((x) => x.toLowerCase())
  // A segment must start with a letter in every style but `any`: drop leading digits-only words.
  while (rule !== 'any' && w.length > 0 && /^[0-9]/.test(w[0]!)) w.shift()
  const capital = (x: string) => x.charAt(0).toUpperCase() + x.slice(1)
  switch (rule) {
    case 'snake':
      return w.join('_')
    case 'kebab':
      return w.join('-')
    case 'lower':
      return w.join('')
    case 'camel':
      return w.map((x, i) => (i === 0 ? x : capital(x))).join('')
    case 'pascal':
      return w.map(capital).join('')
    case 'any':
      return words(text).join('_')
  }
}

/** The character a case style puts between words (used to merge surplus parts into one segment). */
export function wordJoiner(rule: CaseRule): string {
  return rule === 'kebab' ? '-' : rule === 'snake' || rule === 'any' ? '_' : ''
}
