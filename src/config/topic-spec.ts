import { Document, isMap, isSeq, parseDocument, YAMLSeq } from 'yaml'
import { z } from 'zod'
import { KtkError } from '../core/errors.js'
import { validateTopicConfigs } from '../core/topic-configs.js'
import { topicNameProblem } from '../core/topic-name.js'
import type { SpecTopic } from '../core/topics-plan.js'
import { formatPosition, parseYamlFile } from './yaml-file.js'

const integer = (min: number, max: number) =>
  z.union([z.number(), z.bigint()]).transform(Number).pipe(z.number().int().min(min).max(max))

/** A config value as YAML writes it: a string, a number, a boolean, or a list (cleanup.policy: [compact, delete]). */
const scalar = z.union([z.string(), z.number(), z.bigint(), z.boolean()]).transform(String)
const configValue = z.union([scalar, z.array(scalar).transform((list) => list.join(','))])

const topicSchema = z
  .strictObject({
    name: z.string().superRefine((name, ctx) => {
      const problem = topicNameProblem(name)
      if (problem) ctx.addIssue({ code: 'custom', message: problem.message })
    }),
    partitions: integer(1, 1_000_000),
    replicationFactor: integer(1, 32767).optional(),
    configs: z.record(z.string(), configValue).default({}),
  })
  .superRefine((topic, ctx) => {
    for (const [key, value] of Object.entries(topic.configs)) {
      try {
        validateTopicConfigs({ [key]: value })
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['configs', key], message: (error as Error).message })
      }
    }
  })

export const specFileSchema = z
  .strictObject({ topics: z.array(topicSchema).default([]) })
  .superRefine((spec, ctx) => {
    const seen = new Map<string, number>()
    spec.topics.forEach((t, i) => {
      const first = seen.get(t.name)
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['topics', i, 'name'],
          message: `topic "${t.name}" is declared twice (also topics[${first}])`,
        })
      } else seen.set(t.name, i)
    })
  })

/** Reads one spec file; errors name the file, line and column (exit 2). */
export function parseTopicSpec(file: string, text: string): SpecTopic[] {
  const { value, positionOf } = parseYamlFile(file, text, specFileSchema, 'INVALID_SPEC')
  return value.topics.map((t, i) => ({
    name: t.name,
    partitions: t.partitions,
    ...(t.replicationFactor !== undefined ? { replicationFactor: t.replicationFactor } : {}),
    configs: t.configs,
    location: formatPosition(positionOf(['topics', i])).replace(/:\d+$/, ''),
  }))
}

/** Reads several spec files as one; a topic declared in two files is an error naming both places. */
export function loadTopicSpecs(files: readonly string[], readFile: (path: string) => string): SpecTopic[] {
  const all: SpecTopic[] = []
  const byName = new Map<string, SpecTopic>()
  for (const file of files) {
    let text: string
    try {
      text = readFile(file)
    } catch {
      throw new KtkError('INVALID_SPEC', `cannot read spec file ${file}`, {
        hints: ['pass an existing file with --file (-f)'],
      })
    }
    for (const topic of parseTopicSpec(file, text)) {
      const other = byName.get(topic.name)
      if (other) {
        throw new KtkError(
          'INVALID_SPEC',
          `${topic.location}: topic "${topic.name}" is also declared at ${other.location}`,
        )
      }
      byName.set(topic.name, topic)
      all.push(topic)
    }
  }
  return all
}

/** A config value as YAML should show it: integers bare (exact, as bigint), everything else a string. */
function yamlValue(value: string): string | bigint {
  return /^-?(0|[1-9][0-9]*)$/.test(value) ? BigInt(value) : value
}

function topicNode(topic: SpecTopic): Record<string, unknown> {
  const configs = Object.entries(topic.configs).sort(([a], [b]) => a.localeCompare(b))
  return {
    name: topic.name,
    partitions: topic.partitions,
    ...(topic.replicationFactor !== undefined ? { replicationFactor: topic.replicationFactor } : {}),
    ...(configs.length > 0
      ? { configs: Object.fromEntries(configs.map(([k, v]) => [k, yamlValue(v)])) }
      : {}),
  }
}

/** A spec file's text for these topics (what `topics export` writes). */
export function renderTopicSpec(topics: readonly SpecTopic[], header?: string): string {
  const doc = new Document({ topics: topics.map(topicNode) })
  if (header) doc.commentBefore = header
  return doc.toString({ lineWidth: 0 })
}

/**
 * Adds a topic to a spec file's text, keeping its comments and layout; a new file when `text` is
 * undefined. A topic already declared there is an error (exit 5).
 */
export function appendToSpec(file: string, text: string | undefined, topic: SpecTopic): string {
  if (text === undefined || text.trim() === '') return renderTopicSpec([topic])
  const existing = parseTopicSpec(file, text)
  const same = existing.find((t) => t.name === topic.name)
  if (same) {
    throw new KtkError('CONFLICT', `${same.location}: topic "${topic.name}" is already declared in ${file}`)
  }
  // Integers as bigint, or 9223372036854775807 would come back as 9223372036854776000.
  const doc = parseDocument(text, { intAsBigInt: true })
  if (!isMap(doc.contents)) return renderTopicSpec([topic])
  let seq = doc.get('topics', true)
  if (!isSeq(seq)) {
    seq = new YAMLSeq()
    doc.set('topics', seq)
  }
  ;(seq as YAMLSeq).add(doc.createNode(topicNode(topic)))
  return doc.toString({ lineWidth: 0 })
}
