import { createInterface } from 'node:readline/promises'

/** True when a person can answer a question: both stdin and stderr are terminals, and not in CI. */
export function canPrompt(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return process.stdin.isTTY === true && process.stderr.isTTY === true && !env.CI
}

/** A yes/no question on stderr; anything but y/yes is no. */
export async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  try {
    const answer = await rl.question(`${question} [y/N] `)
    return /^y(es)?$/i.test(answer.trim())
  } finally {
    rl.close()
  }
}
