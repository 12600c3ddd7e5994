import { z } from 'zod'
import type { RawAnswers } from '../core/design-answers.js'
import { parseYamlFile } from './yaml-file.js'

const text = z.union([z.string(), z.number(), z.bigint()]).transform(String)

/** `topics design --answers FILE`: the wizard's answers in YAML (or JSON). Every key is optional. */
export const answersFileSchema = z.strictObject({
  env: text.optional(),
  domain: text.optional(),
  event: text.optional(),
  /** Other segments of a custom naming policy, by name. */
  segments: z.record(z.string(), text).optional(),
  version: z.union([z.number(), z.bigint()]).transform(Number).pipe(z.number().int().min(1)).optional(),
  throughput: text.optional(),
  recordSize: text.optional(),
  consumers: text.optional(),
  /** The ordering key's field name, or "none". */
  key: z.union([text, z.null().transform(() => 'none')]).optional(),
  retention: text.optional(),
  durability: z.string().optional(),
})

/** Reads an answers file; errors name the file, line and column (exit 2). */
export function parseAnswersFile(file: string, content: string): RawAnswers {
  const { value } = parseYamlFile(file, content, answersFileSchema, 'USAGE')
  const segments: Record<string, string> = { ...value.segments }
  for (const name of ['env', 'domain', 'event'] as const)
    if (value[name] !== undefined) segments[name] = value[name]
  const answers: RawAnswers = { segments }
  for (const key of [
    'version',
    'throughput',
    'recordSize',
    'consumers',
    'key',
    'retention',
    'durability',
  ] as const) {
    if (value[key] !== undefined) (answers as unknown as Record<string, unknown>)[key] = value[key]
  }
  return answers
}
