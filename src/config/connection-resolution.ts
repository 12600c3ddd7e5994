import type { ConnectionSettings, ConnectionSource } from '../core/connection-settings.js'
import { parseDuration, TIMER_MAX_MS } from '../core/duration.js'
import { emptyValueError, KtkError } from '../core/errors.js'
import { parseBootstrap } from './bootstrap.js'
import type { Context } from './context-schema.js'
import { type ContextView, contextView, readCommandConfig } from './context-settings.js'
import type { SecretSources } from './secrets.js'
import {
  badIn,
  materializeSecurity,
  propertiesSetSecurity,
  type SecuritySpec,
  specFromProperties,
} from './security.js'

export { parseBootstrap } from './bootstrap.js'
export { securityFromProperties } from './security.js'

export const DEFAULT_TIMEOUT = '15s'
export const CLIENT_ID = 'ktk'

export interface ConnectionFlags {
  bootstrapServer?: string
  commandConfig?: string
  timeout?: string
  /** --context: a context by name. */
  context?: string
  /** --oauth-token-command: SASL OAUTHBEARER with the token this command prints. */
  oauthTokenCommand?: string
}

const FLAG_NAMES: Record<keyof ConnectionFlags, string> = {
  bootstrapServer: '--bootstrap-server',
  commandConfig: '--command-config',
  timeout: '--timeout',
  context: '--context',
  oauthTokenCommand: '--oauth-token-command',
}

/** The contexts file, as connection resolution needs it. */
export interface ContextLookup {
  current: string | undefined
  get(name: string): Context
}

/** Everything connection resolution reads, injected so precedence is testable without a disk or a shell. */
export interface ConnectionInputs {
  flags: ConnectionFlags
  env: Readonly<Record<string, string | undefined>>
  readFile: (path: string) => Buffer
  /** The contexts file; called only when a context may apply (never with -b and no --context). */
  contexts?: () => ContextLookup
  /** The running `ktk local` cluster as a context, if there is one. */
  localContext: () => Context | undefined
  /** Asks for a secret on a terminal; absent when there is no terminal (then ktk never asks). */
  prompt?: (question: string) => string
}

type ChosenContext = { name: string; how: 'flag' | 'environment' | 'current' }

/**
 * Precedence, per setting: flags > environment > the selected context > defaults.
 *
 * The bootstrap address: --bootstrap-server; bootstrap.servers in --command-config; the context named
 * by --context; KTK_BOOTSTRAP_SERVER; the context named by KTK_CONTEXT or the current context; the
 * `ktk local` cluster. A context named explicitly (--context, KTK_CONTEXT) lends its other settings
 * (security, client id, timeouts) even when the address is overridden; the current context, chosen
 * only by the contexts file, applies only when no address was given at all, so `-b other:9092` never
 * talks to another cluster with the current context's credentials.
 */
export function resolveConnection(inputs: ConnectionInputs): ConnectionSettings {
  const { flags, env } = inputs
  // An empty flag (`-b "$UNSET"`) is an error: falling through to the context would connect to another
  // cluster with its credentials.
  for (const [name, value] of Object.entries(FLAG_NAMES)) {
    if (flags[name as keyof ConnectionFlags] === '') throw emptyValueError(value)
  }
  const props = flags.commandConfig
    ? readCommandConfig(flags.commandConfig, inputs.readFile)
    : new Map<string, string>()
  const propsBootstrap = props.get('bootstrap.servers')
  const addressGiven = Boolean(flags.bootstrapServer || propsBootstrap || env.KTK_BOOTSTRAP_SERVER)
  const chosen = chooseContext(flags, env, inputs.contexts, addressGiven)
  const sources: SecretSources = { env, readFile: inputs.readFile, prompt: inputs.prompt }
  const context = chosen ? contextView(chosen.name, inputs.contexts!().get(chosen.name), sources) : undefined

  let bootstrap: string[] | undefined
  let source: ConnectionSource = 'flag'
  let local: ContextView | undefined
  if (flags.bootstrapServer) {
    bootstrap = parseBootstrap(flags.bootstrapServer)
  } else if (propsBootstrap) {
    bootstrap = parseBootstrap(propsBootstrap)
  } else if (chosen?.how === 'flag' && context?.bootstrap) {
    bootstrap = context.bootstrap
    source = 'context'
  } else if (env.KTK_BOOTSTRAP_SERVER) {
    bootstrap = parseBootstrap(env.KTK_BOOTSTRAP_SERVER)
    source = 'environment'
  } else if (context?.bootstrap) {
    bootstrap = context.bootstrap
    source = 'context'
  } else if (!context) {
    const localContext = inputs.localContext()
    local = localContext ? contextView('local', localContext, sources) : undefined
    bootstrap = local?.bootstrap
    source = 'local cluster'
  }
  if (!bootstrap) {
    throw new KtkError(
      'USAGE',
      context ? `context ${context.name} has no bootstrap servers` : 'no cluster to connect to',
      {
        hints: [
          'pass --bootstrap-server host:port, set KTK_BOOTSTRAP_SERVER, choose a context (ktk context use <name>), or start one with: ktk local start',
        ],
      },
    )
  }
  const base = context ?? local

  let spec: SecuritySpec
  if (propertiesSetSecurity(props)) spec = specFromProperties(props, badIn(flags.commandConfig ?? ''))
  else spec = base?.security ?? { protocol: 'PLAINTEXT' }
  if (flags.oauthTokenCommand) spec = withOAuthCommand(spec, flags.oauthTokenCommand)
  const security = materializeSecurity(spec, inputs.readFile, badIn(flags.commandConfig ?? ''))

  const [timeoutText, timeoutWhat] = flags.timeout
    ? [flags.timeout, '--timeout']
    : env.KTK_TIMEOUT
      ? [env.KTK_TIMEOUT, 'KTK_TIMEOUT']
      : base?.timeout
        ? [base.timeout, `the timeout of context ${base.name}`]
        : [DEFAULT_TIMEOUT, '--timeout']
  // Every wait is a Node timer: longer than TIMER_MAX_MS would silently become 1 ms.
  const timeoutMs = parseDuration(timeoutText, timeoutWhat, { min: 1, max: TIMER_MAX_MS })
  const connectionTimeoutText = props.get('socket.connection.setup.timeout.ms') ?? base?.connectionTimeout

  return {
    bootstrapServers: bootstrap,
    source,
    clientId: props.get('client.id') ?? base?.clientId ?? CLIENT_ID,
    timeoutMs,
    ...(connectionTimeoutText
      ? {
          connectionTimeoutMs: parseDuration(connectionTimeoutText, 'connection timeout', {
            min: 1,
            max: TIMER_MAX_MS,
          }),
        }
      : {}),
    ...security,
    ...(context
      ? {
          context: context.name,
          ...(context.environment ? { environment: context.environment } : {}),
          ...(context.namingPolicy ? { namingPolicy: context.namingPolicy } : {}),
        }
      : {}),
  }
}

/** --context, then KTK_CONTEXT, then the file's current context (only when no address was given). */
export function chooseContext(
  flags: ConnectionFlags,
  env: ConnectionInputs['env'],
  contexts: ConnectionInputs['contexts'],
  addressGiven: boolean,
): ChosenContext | undefined {
  const named = flags.context
    ? { name: flags.context, how: 'flag' as const }
    : env.KTK_CONTEXT
      ? { name: env.KTK_CONTEXT, how: 'environment' as const }
      : undefined
  if (named && !contexts) {
    throw new KtkError('USAGE', `context ${named.name} was asked for, but contexts are not available here`)
  }
  if (named) return named
  if (addressGiven || !contexts) return undefined
  const current = contexts().current
  return current ? { name: current, how: 'current' } : undefined
}

/** --oauth-token-command: SASL OAUTHBEARER over the transport already chosen (TLS stays TLS). */
function withOAuthCommand(spec: SecuritySpec, command: string): SecuritySpec {
  const protocol =
    spec.protocol === 'SSL' || spec.protocol === 'SASL_SSL' ? 'SASL_SSL' : ('SASL_PLAINTEXT' as const)
  return { ...spec, protocol, sasl: { mechanism: 'OAUTHBEARER', token: { kind: 'command', command } } }
}
