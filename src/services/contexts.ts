import { type Context, impliedProtocol, type SecretRefValue } from '../config/context-schema.js'
import type { ContextStore } from '../config/context-store.js'
import { describeSecretRef } from '../config/secrets.js'
import type { SecurityProtocol } from '../core/connection-settings.js'
import { KtkError } from '../core/errors.js'

/** A context as `context show` and `--json` print it: every secret replaced by where it comes from. */
export interface ContextView {
  name: string
  current: boolean
  bootstrapServers: string[] | null
  environment: string | null
  clientId: string | null
  timeout: string | null
  connectionTimeout: string | null
  namingPolicy: string | null
  commandConfig: string | null
  securityProtocol: SecurityProtocol | null
  sasl: {
    mechanism: string
    username: string | null
    password: string | null
    tokenCommand: string | null
  } | null
  tls: {
    caFile: string | null
    certFile: string | null
    keyFile: string | null
    keyPassword: string | null
    keystoreFile: string | null
    keystorePassword: string | null
    serverName: string | null
    checkHostname: boolean
  } | null
  /** True when the file holds a secret value for this context (written with --store-secret). */
  storesSecret: boolean
}

const secret = (ref: SecretRefValue | undefined) => (ref ? describeSecretRef(ref) : null)

export function contextView(name: string, context: Context, current: boolean): ContextView {
  const { sasl, tls } = context
  return {
    name,
    current,
    bootstrapServers: context['bootstrap-servers'] ?? null,
    environment: context.environment ?? null,
    clientId: context['client-id'] ?? null,
    timeout: context.timeout ?? null,
    connectionTimeout: context['connection-timeout'] ?? null,
    namingPolicy: context['naming-policy'] ?? null,
    commandConfig: context['command-config'] ?? null,
    securityProtocol:
      context['command-config'] && !context['security-protocol'] && !sasl && !tls
        ? null
        : impliedProtocol(context),
    sasl: sasl
      ? {
          mechanism: sasl.mechanism,
          username: sasl.username ?? null,
          password: secret(sasl.password),
          tokenCommand: sasl['token-command'] ?? null,
        }
      : null,
    tls: tls
      ? {
          caFile: tls['ca-file'] ?? null,
          certFile: tls['cert-file'] ?? null,
          keyFile: tls['key-file'] ?? null,
          keyPassword: secret(tls['key-password']),
          keystoreFile: tls['keystore-file'] ?? null,
          keystorePassword: secret(tls['keystore-password']),
          serverName: tls['server-name'] ?? null,
          checkHostname: tls['check-hostname'] ?? true,
        }
      : null,
    storesSecret: [sasl?.password, tls?.['key-password'], tls?.['keystore-password']].some(
      (r) => r !== undefined && 'value' in r,
    ),
  }
}

/** The context in effect without flags: KTK_CONTEXT, then the file's current context. */
export function effectiveContext(
  store: ContextStore,
  env: Readonly<Record<string, string | undefined>>,
): { name: string; source: 'environment' | 'file' } | undefined {
  if (env.KTK_CONTEXT) return { name: env.KTK_CONTEXT, source: 'environment' }
  const current = store.current
  return current ? { name: current, source: 'file' } : undefined
}

export interface ContextList {
  file: string
  current: string | null
  contexts: ContextView[]
}

export function listContexts(
  store: ContextStore,
  env: Readonly<Record<string, string | undefined>>,
): ContextList {
  const current = effectiveContext(store, env)?.name ?? null
  return {
    file: store.path,
    current,
    contexts: store.names().map((name) => contextView(name, store.get(name), name === current)),
  }
}

export interface AddResult {
  file: string
  replaced: boolean
  current: boolean
  context: ContextView
}

export function addContext(
  store: ContextStore,
  name: string,
  context: Context,
  options: { force: boolean; use: boolean },
): AddResult {
  return store.transaction(() => {
    const replaced = store.find(name) !== undefined
    if (replaced && !options.force) {
      throw new KtkError('CONFLICT', `context ${name} already exists`, {
        hints: [`add --force to replace it, or remove it first: ktk context remove ${name}`],
      })
    }
    store.set(name, context)
    if (options.use) store.setCurrent(name)
    const current = store.current === name
    return { file: store.path, replaced, current, context: contextView(name, context, current) }
  })
}

export function removeContexts(
  store: ContextStore,
  names: readonly string[],
): { removed: string[]; current: string | null; unsetCurrent: boolean } {
  return store.transaction(() => {
    for (const name of names) store.get(name) // every name must exist before anything is removed
    const before = store.current
    for (const name of names) store.remove(name)
    const current = store.current ?? null
    return { removed: [...names], current, unsetCurrent: before !== undefined && current === null }
  })
}

/** A context that `ktk local start` pointed at another cluster than before. */
export interface Repointed {
  name: string
  from: string[]
  to: string[]
}

/**
 * `ktk local start` registers the contexts of its cluster (`local`, and for --secure one per user).
 * It never changes the current context: with none, commands reach the local cluster anyway. A
 * context that pointed at another cluster (another KTK_STATE_DIR's, say) is said, so that nobody
 * is surprised that `--context local` now reaches this one.
 */
export function registerContexts(
  store: ContextStore,
  contexts: Readonly<Record<string, Context>>,
): { registered: string[]; current: string | null; repointed: Repointed[] } {
  return store.transaction(() => {
    const repointed: Repointed[] = []
    for (const [name, context] of Object.entries(contexts)) {
      const from = store.find(name)?.['bootstrap-servers']
      const to = context['bootstrap-servers'] ?? []
      if (from && from.join(',') !== to.join(',')) repointed.push({ name, from, to })
      store.set(name, context)
    }
    return { registered: Object.keys(contexts), current: store.current ?? null, repointed }
  })
}

/** `ktk local stop --delete-data`: removes the contexts that still are exactly what start registered. */
export function unregisterContexts(
  store: ContextStore,
  contexts: Readonly<Record<string, Context>>,
): string[] {
  return store.transaction(() => {
    const removed: string[] = []
    for (const [name, context] of Object.entries(contexts)) {
      const existing = store.find(name)
      if (existing && JSON.stringify(existing) === JSON.stringify(context)) {
        store.remove(name)
        removed.push(name)
      }
    }
    return removed
  })
}
