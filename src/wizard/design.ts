import { designName } from '../core/design.js'
import { type ANSWER_FLAGS, answerProblem, type RawAnswers, segmentProblem } from '../core/design-answers.js'
import type { NamingPolicy, SegmentRule } from '../core/naming/index.js'
import type { Prompter } from '../core/prompter.js'

/**
 * The design wizard's questions (asked through a Prompter: the terminal's, on stderr). It asks only what
 * the flags and the answers file left open, checks each answer as it is entered with the same rules
 * the flags go through, and returns the same raw answers the flags give: one path to the plan.
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

const SEGMENT_QUESTIONS: Record<string, string> = {
  env: 'Environment',
  domain: 'Domain (the business area, e.g. retail)',
  event: 'Event (what happened, in the past tense, e.g. order_placed)',
}

async function askSegment(ask: Prompter, rule: SegmentRule): Promise<string> {
  const message = SEGMENT_QUESTIONS[rule.name] ?? `Segment "${rule.name}"`
  if (rule.kind === 'enum') {
    return ask.choose({ message, choices: rule.values.map((v) => ({ value: v, name: v })) })
  }
  const value = await ask.text({ message, validate: (value) => segmentProblem(value.trim(), rule) ?? true })
  return value.trim()
}

function checked(question: keyof typeof ANSWER_FLAGS) {
  return (value: string) => answerProblem(question, value) ?? true
}

export async function askDesignAnswers(ask: Prompter, inputs: WizardInputs): Promise<RawAnswers> {
  const { policy, given } = inputs
  const answers: RawAnswers = { ...given, segments: { ...given.segments } }
  for (const rule of policy.segments) {
    if (rule.kind === 'version') continue
    if (rule.name === policy.envSegment && inputs.env !== undefined) {
      answers.segments[rule.name] = inputs.env
      continue
    }
    answers.segments[rule.name] ??= await askSegment(ask, rule)
  }
  const vRule = policy.segments.find((s) => s.kind === 'version')
  if (vRule && answers.version === undefined) {
    const next = designName(policy, answers.segments, undefined, inputs.existing).version!
    const version = await ask.text({
      message: `Version (v${next} is the next free one)`,
      default: String(next),
      validate: (value) => {
        if (!/^[1-9][0-9]*$/.test(value.trim())) return 'a whole number from 1'
        const { name } = designName(policy, answers.segments, Number(value), [])
        return inputs.existing.includes(name) ? `${name} already exists; v${next} is free` : true
      },
    })
    answers.version = Number(version)
  }
  answers.throughput ??= await ask.text({
    message: 'Peak throughput, records per second (e.g. 5000 or 5k)',
    validate: checked('throughput'),
  })
  answers.recordSize ??= await ask.text({
    message: 'Average record size (key + value, e.g. 512B, 1KiB)',
    default: '1KiB',
    validate: checked('recordSize'),
  })
  answers.consumers ??= await ask.text({
    message: 'Consumers reading in parallel (instances of the largest consumer group)',
    default: '1',
    validate: checked('consumers'),
  })
  answers.key ??= await ask.text({
    message: 'Ordering key: the field records are keyed by, for per-key order ("none" for no key)',
    default: 'none',
    validate: checked('key'),
  })
  if (answers.retention === undefined) {
    const kind = await ask.choose({
      message: 'Retention',
      choices: [
        { value: 'time', name: 'for a time (e.g. 7 days)' },
        { value: 'size', name: 'up to a total size' },
        { value: 'compact', name: 'compacted: the latest record of each key' },
        { value: 'forever', name: 'forever' },
      ],
    })
    answers.retention =
      kind === 'time' || kind === 'size'
        ? await ask.text({
            message:
              kind === 'time' ? 'Keep records for (e.g. 7d, 12h)' : 'Keep at most (in all, e.g. 50GiB)',
            default: kind === 'time' ? '7d' : '50GiB',
            validate: checked('retention'),
          })
        : kind
  }
  answers.durability ??= await ask.choose({
    message: 'Durability',
    choices: [
      { value: 'production', name: 'production: replicated, survives a broker failure' },
      { value: 'development', name: 'development: one copy' },
    ],
  })
  return answers
}

export type DesignAction = 'create' | 'append' | 'print'

/** What to do with the design: create it, append it to a spec file, or print the commands. */
export async function askAction(
  ask: Prompter,
  defaultSpec: string,
): Promise<{ action: DesignAction; file?: string }> {
  const action = await ask.choose<DesignAction>({
    message: 'What next?',
    choices: [
      { value: 'create', name: 'Create the topic now' },
      { value: 'append', name: 'Append it to a spec file (topics as code)' },
      { value: 'print', name: 'Print the commands only' },
    ],
  })
  if (action !== 'append') return { action }
  const file = await ask.text({
    message: 'Spec file',
    default: defaultSpec,
    validate: (v) => (v.trim() ? true : 'a file name'),
  })
  return { action, file: file.trim() }
}
