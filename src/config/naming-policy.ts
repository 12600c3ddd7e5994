import { dirname, join, resolve } from 'node:path'
import { z } from 'zod'
import { KtkError } from '../core/errors.js'
import {
  BUILTIN_EXEMPTIONS,
  CASE_RULES,
  type CaseRule,
  DEFAULT_POLICY,
  type Exemption,
  type NamingPolicy,
  type SegmentRule,
} from '../core/naming/index.js'
import { topicNameProblem } from '../core/topic-name.js'
import { parseYamlFile } from './yaml-file.js'

export const POLICY_FILE_NAME = 'ktk.naming.yaml'

/** With no policy file anywhere, the default convention applies, but only warns. */
export const BUILTIN_POLICY: NamingPolicy = { ...DEFAULT_POLICY, mode: 'warn', source: 'built-in' }

const integer = (min: number, max: number) =>
  z.union([z.number(), z.bigint()]).transform(Number).pipe(z.number().int().min(min).max(max))

const compiles = (pattern: string) => {
  try {
    new RegExp(pattern)
    return true
  } catch {
    return false
  }
}
const regex = z.string().min(1).refine(compiles, { message: 'is not a valid regular expression' })

const segmentSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lowercase letters, digits and _ (e.g. domain)'),
    values: z
      .array(z.union([z.string(), z.number(), z.bigint()]).transform(String))
      .min(1)
      .optional(),
    case: z.enum(Object.keys(CASE_RULES) as [CaseRule, ...CaseRule[]]).optional(),
    pattern: regex.optional(),
    version: z.union([z.literal(true), z.string().min(1), z.strictObject({ prefix: z.string() })]).optional(),
    minLength: integer(1, 249).optional(),
    maxLength: integer(1, 249).optional(),
  })
  .superRefine((s, ctx) => {
    const kinds = [
      s.values !== undefined,
      s.version !== undefined,
      s.case !== undefined || s.pattern !== undefined,
    ]
    if (kinds.filter(Boolean).length > 1) {
      ctx.addIssue({
        code: 'custom',
        message: 'a segment has either values (a fixed list), version, or case/pattern (free text)',
      })
    }
  })

const exemptionSchema = z.union([
  z.string().min(1),
  z
    .strictObject({
      name: z.string().min(1).optional(),
      glob: z.string().min(1).optional(),
      regex: regex.optional(),
      reason: z.string().optional(),
    })
    .refine((e) => [e.name, e.glob, e.regex].filter((x) => x !== undefined).length === 1, {
      message: 'an exemption has exactly one of name, glob or regex',
    }),
])

export const policyFileSchema = z
  .strictObject({
    mode: z.enum(['enforce', 'warn', 'off']).default('enforce'),
    separator: z.enum(['.', '_', '-']).default('.'),
    maxLength: integer(1, 249).default(249),
    envSegment: z.string().nullable().optional(),
    segments: z.array(segmentSchema).min(1).optional(),
    builtinExemptions: z.boolean().default(true),
    exemptions: z.array(exemptionSchema).default([]),
  })
  .superRefine((p, ctx) => {
    const segments = p.segments ?? []
    const names = new Set<string>()
    segments.forEach((s, i) => {
      if (names.has(s.name))
        ctx.addIssue({
          code: 'custom',
          path: ['segments', i, 'name'],
          message: `segment "${s.name}" is named twice`,
        })
      names.add(s.name)
      s.values?.forEach((v, j) => {
        if (v.includes(p.separator) || topicNameProblem(v)) {
          ctx.addIssue({
            code: 'custom',
            path: ['segments', i, 'values', j],
            message: `"${v}" cannot appear in a topic name segment (separator "${p.separator}" or a character Kafka refuses)`,
          })
        }
      })
    })
    if (segments.filter((s) => s.version !== undefined).length > 1) {
      ctx.addIssue({ code: 'custom', path: ['segments'], message: 'at most one segment can be the version' })
    }
    const known = p.segments ? names : new Set(DEFAULT_POLICY.segments.map((s) => s.name))
    if (p.envSegment && !known.has(p.envSegment)) {
      ctx.addIssue({ code: 'custom', path: ['envSegment'], message: `no segment is named "${p.envSegment}"` })
    }
  })

export type PolicyFile = z.output<typeof policyFileSchema>

function toSegment(s: NonNullable<PolicyFile['segments']>[number]): SegmentRule {
  const bounds = {
    ...(s.minLength !== undefined ? { minLength: s.minLength } : {}),
    ...(s.maxLength !== undefined ? { maxLength: s.maxLength } : {}),
  }
  if (s.values) return { kind: 'enum', name: s.name, values: s.values, ...bounds }
  if (s.version !== undefined) {
    const prefix = s.version === true ? 'v' : typeof s.version === 'string' ? s.version : s.version.prefix
    return { kind: 'version', name: s.name, prefix, ...bounds }
  }
  return {
    kind: 'text',
    name: s.name,
    case: s.case ?? 'snake',
    ...(s.pattern ? { pattern: s.pattern } : {}),
    ...bounds,
  }
}

function toExemption(e: PolicyFile['exemptions'][number]): Exemption {
  if (typeof e === 'string') {
    return /[*?]/.test(e)
      ? { kind: 'glob', pattern: e, reason: 'exempt by policy' }
      : { kind: 'name', name: e, reason: 'grandfathered by policy' }
  }
  if (e.name !== undefined)
    return { kind: 'name', name: e.name, reason: e.reason ?? 'grandfathered by policy' }
  if (e.glob !== undefined) return { kind: 'glob', pattern: e.glob, reason: e.reason ?? 'exempt by policy' }
  return { kind: 'regex', pattern: e.regex!, reason: e.reason ?? 'exempt by policy' }
}

/** Parses a policy file's text; errors name the file, line and column (exit 2). */
export function parseNamingPolicy(file: string, text: string): NamingPolicy {
  const { value } = parseYamlFile(file, text, policyFileSchema, 'INVALID_POLICY')
  const segments = value.segments ? value.segments.map(toSegment) : DEFAULT_POLICY.segments
  const envSegment =
    value.envSegment !== undefined ? value.envSegment : segments.some((s) => s.name === 'env') ? 'env' : null
  return {
    mode: value.mode,
    separator: value.separator,
    segments,
    maxLength: value.maxLength,
    envSegment,
    exemptions: [
      ...(value.builtinExemptions ? BUILTIN_EXEMPTIONS : []),
      ...value.exemptions.map(toExemption),
    ],
    source: file,
  }
}

export interface PolicyInputs {
  /** --naming-policy FILE */
  flag?: string
  /** The naming-policy file of the context in effect (after $KTK_NAMING_POLICY). */
  contextPolicy?: string
  env: Readonly<Record<string, string | undefined>>
  cwd: string
  readFile: (path: string) => string
  exists: (path: string) => boolean
}

/**
 * Which policy file applies: --naming-policy, then $KTK_NAMING_POLICY, then the context's naming-policy,
 * then the nearest ktk.naming.yaml
 * from the working folder up to the repository root (the folder holding .git) or the filesystem root.
 */
export function findPolicyFile(inputs: PolicyInputs): string | undefined {
  const named = inputs.flag ?? inputs.env.KTK_NAMING_POLICY ?? inputs.contextPolicy
  if (named) {
    const path = resolve(inputs.cwd, named)
    if (!inputs.exists(path)) {
      throw new KtkError('INVALID_POLICY', `naming policy file ${named} does not exist`, {
        hints: [
          `create it (see: ktk topics lint --help) or drop ${inputs.flag ? '--naming-policy' : inputs.env.KTK_NAMING_POLICY ? 'KTK_NAMING_POLICY' : "the context's naming-policy"}`,
        ],
      })
    }
    return path
  }
  let dir = resolve(inputs.cwd)
  for (;;) {
    const candidate = join(dir, POLICY_FILE_NAME)
    if (inputs.exists(candidate)) return candidate
    if (inputs.exists(join(dir, '.git'))) return undefined
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

/** The policy in force: a file's, or the built-in convention in warn mode. */
export function loadNamingPolicy(inputs: PolicyInputs): NamingPolicy {
  const file = findPolicyFile(inputs)
  return file ? parseNamingPolicy(file, inputs.readFile(file)) : BUILTIN_POLICY
}
