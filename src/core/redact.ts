/**
 * The secrets this process knows (passwords, key passphrases, OAuth tokens), so that every line ktk
 * prints — errors, hints, --debug traces, kafkajs's log — can be scrubbed of them as a last line of
 * defence. Secrets are never put into messages on purpose; this catches what a library might echo.
 */
const known = new Set<string>()

/** Secrets shorter than this are not scrubbed: replacing every "ab" in the output would garble it. */
const MIN_LENGTH = 4

export const REDACTED = '[redacted]'

export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= MIN_LENGTH) known.add(secret)
}

/** The text with every registered secret (and its JSON-escaped form) replaced by [redacted]. */
export function redact(text: string): string {
  if (known.size === 0) return text
  let result = text
  // Longest first, so that a secret containing another is replaced whole.
  for (const secret of [...known].sort((a, b) => b.length - a.length)) {
    result = result.split(secret).join(REDACTED)
    const escaped = JSON.stringify(secret).slice(1, -1)
    if (escaped !== secret) result = result.split(escaped).join(REDACTED)
  }
  return result
}

export function forgetSecrets(): void {
  known.clear()
}
