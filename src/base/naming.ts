import { existsSync, readFileSync } from 'node:fs'
import { Flags } from '@oclif/core'
import { loadNamingPolicy } from '../config/naming-policy.js'
import type { NamingPolicy } from '../core/naming/index.js'
import { selectedContext } from './command-connection.js'

const NAMING = 'NAMING'

/** Where the naming policy comes from and which environment the cluster is. */
export const namingPolicyFlags = {
  'naming-policy': Flags.string({
    summary:
      'Naming policy file. Default: $KTK_NAMING_POLICY, then the nearest ktk.naming.yaml up to the repository root.',
    helpGroup: NAMING,
  }),
  env: Flags.string({
    summary:
      "The cluster's environment (e.g. prod): topic names must carry it in their env segment. Default: the context's environment.",
    helpGroup: NAMING,
  }),
}

/** For commands that create topics: the policy flags and the override. */
export const namingFlags = {
  ...namingPolicyFlags,
  'skip-naming-check': Flags.boolean({
    summary: 'Create names the naming policy refuses (a warning says what was skipped).',
    helpGroup: NAMING,
  }),
}

type ContextFlags = Parameters<typeof selectedContext>[0]

/** The policy: --naming-policy, $KTK_NAMING_POLICY, the context's naming-policy, the nearest ktk.naming.yaml. */
export function loadPolicy(flags: { 'naming-policy'?: string } & ContextFlags): NamingPolicy {
  return loadNamingPolicy({
    flag: flags['naming-policy'],
    contextPolicy: selectedContext(flags)?.context['naming-policy'],
    env: process.env,
    cwd: process.cwd(),
    readFile: (path) => readFileSync(path, 'utf8'),
    exists: existsSync,
  })
}

/** The cluster's environment for the naming policy: --env, then the context's environment. */
export function namingEnv(flags: { env?: string } & ContextFlags): string | undefined {
  return flags.env ?? selectedContext(flags)?.context.environment
}
