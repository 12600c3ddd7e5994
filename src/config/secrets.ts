import { KtkError } from '../core/errors.js'
import { fileErrorReason } from './security.js'

/**
 * Where a context's secret comes from. Only `value` keeps the secret itself in the contexts file, and
 * only `ktk context add --store-secret` writes one.
 */
export type SecretRef = { env: string } | { file: string } | { prompt: true } | { value: string }

export interface SecretSources {
  env: Readonly<Record<string, string | undefined>>
  readFile: (path: string) => Buffer
  /** Asks a person for a secret on the terminal; undefined when there is no terminal to ask on. */
  prompt?: (question: string) => string
}

/** The secret a reference points at, read now. `what` names it in errors ("password of context prod"). */
export function readSecret(ref: SecretRef, what: string, sources: SecretSources): string {
  if ('value' in ref) return ref.value
  if ('env' in ref) {
    const value = sources.env[ref.env]
    if (value === undefined || value === '') {
      throw new KtkError('USAGE', `the ${what} comes from $${ref.env}, which is not set`, {
        hints: [`export ${ref.env}=… before running ktk`],
      })
    }
    return value
  }
  if ('file' in ref) {
    try {
      // A trailing newline is the editor's, not the secret's (as `docker secret` and kubectl read them).
      return sources
        .readFile(ref.file)
        .toString('utf8')
        .replace(/\r?\n$/, '')
    } catch (error) {
      throw new KtkError('USAGE', `cannot read the ${what} from ${ref.file}: ${fileErrorReason(error)}`)
    }
  }
  if (!sources.prompt) {
    throw new KtkError('USAGE', `the ${what} is asked for on a terminal, and there is none`, {
      hints: [
        'run ktk on a terminal, or give the secret another source: ktk context add <name> --password env:VAR (or file:PATH) --force',
      ],
    })
  }
  return sources.prompt(`${capitalize(what)}: `)
}

/** How a reference reads in `context show` and `context list`: never the secret itself. */
export function describeSecretRef(ref: SecretRef): string {
  if ('env' in ref) return `env:${ref.env}`
  if ('file' in ref) return `file:${ref.file}`
  if ('prompt' in ref) return 'prompt'
  return '<stored in the contexts file>'
}

/**
 * Parses a --password-style flag: `env:VAR`, `file:PATH`, `prompt` (ask at each use) or `stdin`
 * (read once, now). A secret itself on the command line is refused: it would sit in shell history
 * and in every process listing.
 */
export function parseSecretSource(
  text: string,
  flag: string,
): { env: string } | { file: string } | { prompt: true } | { stdin: true } {
  if (text.startsWith('env:') && /^env:[A-Za-z_][A-Za-z0-9_]*$/.test(text)) return { env: text.slice(4) }
  if (text.startsWith('file:') && text.length > 5) return { file: text.slice(5) }
  if (text === 'prompt') return { prompt: true }
  if (text === 'stdin') return { stdin: true }
  throw new KtkError('USAGE', `${flag} takes env:VAR, file:PATH, prompt or stdin, not a secret itself`, {
    hints: [
      `a secret on the command line stays in shell history and process lists; e.g. ${flag} env:KAFKA_PASSWORD`,
    ],
  })
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
