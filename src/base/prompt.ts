import { KtkError } from '../core/errors.js'
import type { ChoiceQuestion, Prompter } from '../core/prompter.js'

/**
 * The one way ktk asks a person something: @inquirer's prompts (loaded only when a question is asked),
 * reading the terminal and drawing on stderr so stdout carries only data. Commands ask only when
 * canPrompt() says a person is there; without a terminal they refuse with their own usage error.
 */

/** True when a person can answer a question: both stdin and stderr are terminals, and not in CI. */
export function canPrompt(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return process.stdin.isTTY === true && process.stderr.isTTY === true && !env.CI
}

const terminal = () => ({ input: process.stdin, output: process.stderr })

const inquirer = () => import('@inquirer/prompts')

/**
 * Ctrl-C in a prompt is an interruption (exit 130), not a crash. The terminal closing before an
 * answer (Ctrl-D) is one too, unless the question says what to throw then (`unanswered`).
 */
async function asking<T>(
  question: () => Promise<T>,
  interrupted: string,
  unanswered?: () => KtkError,
): Promise<T> {
  try {
    return await question()
  } catch (error) {
    const name = (error as Error)?.name
    if (name !== 'ExitPromptError' && name !== 'AbortPromptError') throw error
    // inquirer names the signal when Ctrl-C closed the prompt; otherwise the input ended.
    if (unanswered && !/SIGINT/.test((error as Error).message)) throw unanswered()
    throw new KtkError('INTERRUPTED', interrupted, { cause: error })
  }
}

/** Text and choice questions; Ctrl-C in any of them is a KtkError('INTERRUPTED', interrupted). */
export function terminalPrompter(interrupted = 'interrupted'): Prompter {
  return {
    text: async (question) => {
      const { input } = await inquirer()
      return asking(() => input({ ...question }, terminal()), interrupted)
    },
    choose: async <T extends string>(question: ChoiceQuestion<T>) => {
      const { select } = await inquirer()
      return asking(() => select<T>({ ...question, choices: [...question.choices] }, terminal()), interrupted)
    },
  }
}

/** A yes/no question on stderr; no unless the answer is yes. */
export async function confirm(question: string): Promise<boolean> {
  const { confirm } = await inquirer()
  return asking(() => confirm({ message: question, default: false }, terminal()), 'interrupted')
}

/** Thrown by withAskedSecrets' secret source: the question must be asked before the work can go on. */
class SecretNeeded {
  constructor(readonly question: string) {}
}

/**
 * Runs synchronous work (resolving a connection, building a context) that may need secrets typed on
 * the terminal, which is asynchronous: a question not answered yet stops the work, is asked, and the
 * work runs again with the answer. Each question is asked once; the work must be safe to repeat.
 */
export async function withAskedSecrets<T>(
  work: (secret: (question: string) => string) => T,
  ask: (question: string) => Promise<string> = askSecret,
): Promise<T> {
  const answers = new Map<string, string>()
  const secret = (question: string) => {
    const answer = answers.get(question)
    if (answer === undefined) throw new SecretNeeded(question)
    return answer
  }
  for (;;) {
    try {
      return work(secret)
    } catch (error) {
      if (!(error instanceof SecretNeeded)) throw error
      answers.set(error.question, await ask(error.question))
    }
  }
}

/**
 * Asks for a secret on the terminal without echoing it. The secret stays in this process: never in
 * argv, the environment or a child process.
 */
export async function askSecret(question: string): Promise<string> {
  const { password } = await inquirer()
  return asking(
    () => password({ message: question.trimEnd() }, terminal()),
    'interrupted',
    () => new KtkError('USAGE', 'no secret was entered at the prompt'),
  )
}
