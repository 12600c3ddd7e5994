import { z } from 'zod'
import { SASL_MECHANISMS, SECURITY_PROTOCOLS, type SecurityProtocol } from '../core/connection-settings.js'
import { parseDuration, TIMER_MAX_MS } from '../core/duration.js'
import { KtkError } from '../core/errors.js'
import { parseBootstrap } from './bootstrap.js'

/** A secret: a reference (env, file, prompt) or, only with --store-secret, the value itself. */
const secretRef = z.union([
  z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name') }),
  z.strictObject({ file: z.string().min(1) }),
  z.strictObject({ prompt: z.literal(true) }),
  z.strictObject({ value: z.string() }),
])

const duration = z.string().refine(
  (s) => {
    try {
      return parseDuration(s, 'timeout', { min: 1, max: TIMER_MAX_MS }) > 0
    } catch {
      return false
    }
  },
  { message: 'must be a positive duration such as 15s, 500ms or 2m' },
)

const bootstrapServers = z
  .array(z.string())
  .min(1)
  .refine(
    (list) => {
      try {
        parseBootstrap(list.join(','))
        return true
      } catch {
        return false
      }
    },
    { message: 'must be host:port entries' },
  )

const sasl = z.strictObject({
  mechanism: z.enum(SASL_MECHANISMS),
  username: z.string().min(1).optional(),
  password: secretRef.optional(),
  /** OAUTHBEARER: a command whose stdout is the token. */
  'token-command': z.string().min(1).optional(),
})

const tls = z.strictObject({
  'ca-file': z.string().min(1).optional(),
  'cert-file': z.string().min(1).optional(),
  'key-file': z.string().min(1).optional(),
  'key-password': secretRef.optional(),
  /** PKCS#12 keystore (client certificate and key), as an alternative to cert-file and key-file. */
  'keystore-file': z.string().min(1).optional(),
  'keystore-password': secretRef.optional(),
  'server-name': z.string().min(1).optional(),
  'check-hostname': z.boolean().optional(),
})

export const contextSchema = z
  .strictObject({
    'bootstrap-servers': bootstrapServers.optional(),
    environment: z.string().min(1).optional(),
    'client-id': z.string().min(1).optional(),
    timeout: duration.optional(),
    'connection-timeout': duration.optional(),
    'naming-policy': z.string().min(1).optional(),
    /** A Java client properties file whose settings apply (its secrets stay in that file). */
    'command-config': z.string().min(1).optional(),
    'security-protocol': z.enum(SECURITY_PROTOCOLS).optional(),
    sasl: sasl.optional(),
    tls: tls.optional(),
  })
  .superRefine((c, ctx) => {
    const problem = (message: string, path: PropertyKey[]) => ctx.addIssue({ code: 'custom', message, path })
    if (!c['bootstrap-servers'] && !c['command-config']) {
      problem('a context needs bootstrap-servers (or a command-config that has bootstrap.servers)', [])
    }
    const protocol = c['security-protocol']
    if (protocol?.startsWith('SASL_') && !c.sasl) problem(`${protocol} needs a sasl section`, ['sasl'])
    if (c.sasl && protocol !== undefined && !protocol.startsWith('SASL_')) {
      problem(`sasl settings need security-protocol SASL_PLAINTEXT or SASL_SSL, not ${protocol}`, ['sasl'])
    }
    if (c.tls && protocol !== undefined && protocol !== 'SSL' && protocol !== 'SASL_SSL') {
      problem(`tls settings need security-protocol SSL or SASL_SSL, not ${protocol}`, ['tls'])
    }
    if (c.sasl?.mechanism === 'OAUTHBEARER') {
      if (!c.sasl['token-command']) problem('OAUTHBEARER needs a token-command', ['sasl'])
    } else if (c.sasl) {
      if (!c.sasl.username) problem(`${c.sasl.mechanism} needs a username`, ['sasl'])
      if (!c.sasl.password)
        problem(`${c.sasl.mechanism} needs a password (env, file, prompt or value)`, ['sasl'])
    }
    if (c.tls && (c.tls['cert-file'] === undefined) !== (c.tls['key-file'] === undefined)) {
      problem('cert-file and key-file go together', ['tls'])
    }
  })

export const contextsFileSchema = z.strictObject({
  // The YAML reader gives integers as bigint.
  version: z.union([z.literal(1), z.literal(1n)]).optional(),
  'current-context': z.string().optional(),
  contexts: z
    .record(
      z.string().regex(/^[A-Za-z0-9._-]+$/, 'a context name uses letters, digits, . _ -'),
      contextSchema,
    )
    .optional(),
})

export type Context = z.output<typeof contextSchema>
export type ContextsFile = z.output<typeof contextsFileSchema>
export type SecretRefValue = z.output<typeof secretRef>

export const CONTEXT_NAME = /^[A-Za-z0-9._-]+$/

export function checkContextName(name: string): string {
  if (!CONTEXT_NAME.test(name)) {
    throw new KtkError('USAGE', `context name "${name}" may hold only letters, digits, ".", "_" and "-"`)
  }
  return name
}

/** True when the context keeps a secret value in the file (not a reference to one). */
export function storesSecret(context: Context): boolean {
  return [context.sasl?.password, context.tls?.['key-password'], context.tls?.['keystore-password']].some(
    (ref) => ref !== undefined && 'value' in ref,
  )
}

/** The security protocol when a context does not say: TLS whenever credentials are sent. */
export function impliedProtocol(
  context: Pick<Context, 'security-protocol' | 'sasl' | 'tls'>,
): SecurityProtocol {
  return context['security-protocol'] ?? (context.sasl ? 'SASL_SSL' : context.tls ? 'SSL' : 'PLAINTEXT')
}
