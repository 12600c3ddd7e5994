import { readFileSync } from 'node:fs'
import { Flags } from '@oclif/core'
import { loadTopicSpecs } from '../config/topic-spec.js'
import type { SpecTopic } from '../core/topics-plan.js'

/** Spec files, as `kubectl apply -f` spells it. */
export const specFileFlag = Flags.string({
  char: 'f',
  summary: 'Topic spec file (YAML). Repeatable: the files are read as one spec.',
  multiple: true,
  required: true,
})

export const pruneFlag = Flags.string({
  summary: 'Delete this topic, which the spec does not declare. Repeatable; nothing else is ever deleted.',
  multiple: true,
})

export function readSpecs(files: readonly string[]): SpecTopic[] {
  return loadTopicSpecs(files, (path) => readFileSync(path, 'utf8'))
}
