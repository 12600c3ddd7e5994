/**
 * What asking a person a question looks like, without a terminal: the design wizard asks through a
 * Prompter, so its flow is pure; src/base/prompt.ts is the terminal's (on @inquirer).
 */

export interface TextQuestion {
  message: string
  default?: string
  /** true when the answer is acceptable, else why not (shown while the person types). */
  validate?: (value: string) => string | true
}

export interface ChoiceQuestion<T extends string> {
  message: string
  choices: readonly { value: T; name: string }[]
}

/** Questions asked of a person; the design wizard takes one so its flow does not depend on a terminal. */
export interface Prompter {
  text(question: TextQuestion): Promise<string>
  choose<T extends string>(question: ChoiceQuestion<T>): Promise<T>
}
