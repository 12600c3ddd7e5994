import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type ConnectionFlags, chooseContext, resolveConnection } from '../config/connection-resolution.js'
import type { Context } from '../config/context-schema.js'
import { readCommandConfig } from '../config/context-settings.js'
import { ContextStore, contextsPath } from '../config/context-store.js'
import { stateDir } from '../config/paths.js'
import { type ConnectionSettings, secretsOf } from '../core/connection-settings.js'
import { registerSecret } from '../core/redact.js'
import { localContexts } from '../local/local-contexts.js'
import { readRecord } from '../local/state.js'
import { canPrompt, withAskedSecrets } from './prompt.js'

/**
 * The connection of a command, from its flags, the environment, the contexts file and the `ktk local`
 * cluster. Secrets it reads are registered for redaction before anything can print them.
 */
export async function commandConnection(flags: ConnectionFlags): Promise<ConnectionSettings> {
  let store: ContextStore | undefined
  const settings = await withAskedSecrets((secret) =>
    resolveConnection({
      flags,
      env: process.env,
      readFile: (path) => readFileSync(path),
      contexts: () => {
        store ??= new ContextStore(contextsPath())
        return store
      },
      localContext: () => {
        const record = readRecord(join(stateDir(), 'local'))
        return record ? localContexts(record).local : undefined
      },
      prompt: canPrompt() ? secret : undefined,
    }),
  )
  for (const secret of secretsOf(settings)) registerSecret(secret)
  return settings
}

/**
 * The context a command runs in, by the same rules as its connection, without reading any secret or
 * touching the network: the naming policy takes its environment and policy file from it.
 */
export function selectedContext(flags: {
  context?: string
  'bootstrap-server'?: string
  'command-config'?: string
}): { name: string; context: Context } | undefined {
  const props = flags['command-config']
    ? readCommandConfig(flags['command-config'], (path) => readFileSync(path))
    : new Map<string, string>()
  const addressGiven = Boolean(
    flags['bootstrap-server'] || props.get('bootstrap.servers') || process.env.KTK_BOOTSTRAP_SERVER,
  )
  const store = new ContextStore(contextsPath())
  const chosen = chooseContext({ context: flags.context }, process.env, () => store, addressGiven)
  return chosen ? { name: chosen.name, context: store.get(chosen.name) } : undefined
}
