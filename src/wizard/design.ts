import { designName } from '../core/design.js'
import { type ANSWER_FLAGS, answerProblem, type RawAnswers, segmentProblem } from '../core/design-answers.js'
import { KtkError } from '../core/errors.js'
import type { NamingPolicy, SegmentRule } from '../core/naming/index.js'

/**
 * The design wizard's questions (inquirer, on stderr). It asks only what the flags and the answers
 * file left open, checks each answer as it is entered with the same rules the flags go through, and
 * returns the same raw answers the flags give: one path to the plan.
 */
export interface WizardInputs {
  policy: NamingPolicy
  /** Answers already given (flags, --answers FILE): their questions are skipped. */
  given: RawAnswers
  /** The cluster's environment, which fixes the env segment. */
  env?: string
  /** Topics on the cluster: the version offered is the next free one. */
  existing: readonly string[]
}

/** Prompts read the terminal and draw on stderr, so stdout carries only the design. */
const context = () => ({ input: process.stdin, output: process.stderr })

async function prompts() {
  return import('@inquirer/prompts')
}

/** Ctrl-C in a prompt is an interruption (exit 130), not a crash. */
async function asking<T>(question: () => Promise<T>): Promise<T> {
  try {
    return await question()
  } catch (error) {
    if ((error as Error)?.name === 'ExitPromptError' || (error as Error)?.name === 'AbortPromptError') {
      throw new KtkError('INTERRUPTED', 'design interrupted; nothing was created')
    }
    throw error
  }
}

const SEGMENT_QUESTIONS: Record<string, string> = {
  env: 'Environment',
  domain: 'Domain (the business area, e.g. retail)',
  event: 'Event (what happened, in the past tense, e.g. order_placed)',
}

async function askSegment(rule: SegmentRule): Promise<string> {
  const { input, select } = await prompts()
  const message = SEGMENT_QUESTIONS[rule.name] ?? `Segment "${rule.name}"`
  if (rule.kind === 'enum') {
    return asking(() =>
      select({ message, choices: rule.values.map((v) => ({ value: v, name: v })) }, context()),
    )
  }
  return asking(() =>
    input({ message, validate: (value) => segmentProblem(value.trim(), rule) ?? true }, context()),
  ).then((v) => v.trim())
}

function checked(question: keyof typeof ANSWER_FLAGS) {
  return (value: string) => answerProblem(question, value) ?? true
}

export async function askDesignAnswers(inputs: WizardInputs): Promise<RawAnswers> {
  const { input, select } = await prompts()
  const { policy, given } = inputs
  const answers: RawAnswers = { ...given, segments: { ...given.segments } }
  for (const rule of policy.segments) {
    if (rule.kind === 'version') continue
    if (rule.name === policy.envSegment && inputs.env !== undefined) {
      answers.segments[rule.name] = inputs.env
      continue
    }
    answers.segments[rule.name] ??= await askSegment(rule)
  }
  const vRule = policy.segments.find((s) => s.kind === 'version')
  if (vRule && answers.version === undefined) {
    const next = designName(policy, answers.segments, undefined, inputs.existing).version!
    const version = await asking(() =>
      input(
        {
          message: `Version (v${next} is the next free one)`,
          default: String(next),
          validate: (value) => {
            if (!/^[1-9][0-9]*$/.test(value.trim())) return 'a whole number from 1'
            const { name } = designName(policy, answers.segments, Number(value), [])
            return inputs.existing.includes(name) ? `${name} already exists; v${next} is free` : true
          },
        },
        context(),
      ),
    )
    answers.version = Number(version)
  }
  answers.throughput ??= await asking(() =>
    input(
      { message: 'Peak throughput, records per second (e.g. 5000 or 5k)', validate: checked('throughput') },
      context(),
    ),
  )
  answers.recordSize ??= await asking(() =>
    input(
      {
        message: 'Average record size (key + value, e.g. 512B, 1KiB)',
        default: '1KiB',
        validate: checked('recordSize'),
      },
      context(),
    ),
  )
  answers.consumers ??= await asking(() =>
    input(
      {
        message: 'Consumers reading in parallel (instances of the largest consumer group)',
        default: '1',
        validate: checked('consumers'),
      },
      context(),
    ),
  )
  answers.key ??= await asking(() =>
    input(
      {
        message: 'Ordering key: the field records are keyed by, for per-key order ("none" for no key)',
        default: 'none',
        validate: checked('key'),
      },
      context(),
    ),
  )
  if (answers.retention === undefined) {
    const kind = await asking(() =>
      select(
        {
          message: 'Retention',
          choices: [
            { value: 'time', name: 'for a time (e.g. 7 days)' },
            { value: 'size', name: 'up to a total size' },
            { value: 'compact', name: 'compacted: the latest record of each key' },
            { value: 'forever', name: 'forever' },
          ],
        },
        context(),
      ),
    )
    answers.retention =
      kind === 'time' || kind === 'size'
        ? await asking(() =>
            input(
              {
                message:
                  kind === 'time' ? 'Keep records for (e.g. 7d, 12h)' : 'Keep at most (in all, e.g. 50GiB)',
                default: kind === 'time' ? '7d' : '50GiB',
                validate: checked('retention'),
              },
              context(),
            ),
          )
        : kind
  }
  answers.durability ??= await asking(() =>
    select(
      {
        message: 'Durability',
        choices: [
          { value: 'production', name: 'production: replicated, survives a broker failure' },
          { value: 'development', name: 'development: one copy' },
        ],
      },
      context(),
    ),
  )
  return answers
}

export type DesignAction = 'create' | 'append' | 'print'

/** What to do with the design: create it, append it to a spec file, or print the commands. */
export async function askAction(defaultSpec: string): Promise<{ action: DesignAction; file?: string }> {
  const { input, select } = await prompts()
  const action = await asking(() =>
    select<DesignAction>(
      {
        message: 'What next?',
        choices: [
          { value: 'create', name: 'Create the topic now' },
          { value: 'append', name: 'Append it to a spec file (topics as code)' },
          { value: 'print', name: 'Print the commands only' },
        ],
      },
      context(),
    ),
  )
  if (action !== 'append') return { action }
  const file = await asking(() =>
    input(
      { message: 'Spec file', default: defaultSpec, validate: (v) => (v.trim() ? true : 'a file name') },
      context(),
    ),
  )
  return { action, file: file.trim() }
}
