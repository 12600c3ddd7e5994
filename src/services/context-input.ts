import { parseBootstrap } from '../config/bootstrap.js'
import {
  type Context,
  contextSchema,
  impliedProtocol,
  type SecretRefValue,
} from '../config/context-schema.js'
import { parseSecretSource } from '../config/secrets.js'
import { parseMechanism, parseProtocol } from '../config/security.js'
import { KtkError } from '../core/errors.js'

/** `ktk context add` flags, as given. Secret flags are sources (env:VAR, file:PATH, prompt, stdin). */
export interface ContextInput {
  bootstrapServer?: string
  environment?: string
  clientId?: string
  timeout?: string
  connectionTimeout?: string
  namingPolicy?: string
  commandConfig?: string
  securityProtocol?: string
  saslMechanism?: string
  username?: string
  password?: string
  oauthTokenCommand?: string
  caFile?: string
  certFile?: string
  keyFile?: string
  keyPassword?: string
  keystoreFile?: string
  keystorePassword?: string
  tlsServerName?: string
  hostnameCheck?: boolean
  /** Keep secret values in the contexts file (read once now) instead of references. */
  storeSecret: boolean
}

export type SecretSource = ReturnType<typeof parseSecretSource>

const FLAG: Record<Exclude<keyof ContextInput, 'storeSecret' | 'hostnameCheck'>, string> = {
  bootstrapServer: '--bootstrap-server',
  environment: '--environment',
  clientId: '--client-id',
  timeout: '--timeout',
  connectionTimeout: '--connection-timeout',
  namingPolicy: '--naming-policy',
  commandConfig: '--command-config',
  securityProtocol: '--security-protocol',
  saslMechanism: '--sasl-mechanism',
  username: '--username',
  password: '--password',
  oauthTokenCommand: '--oauth-token-command',
  caFile: '--ca-file',
  certFile: '--cert-file',
  keyFile: '--key-file',
  keyPassword: '--key-password',
  keystoreFile: '--keystore-file',
  keystorePassword: '--keystore-password',
  tlsServerName: '--tls-server-name',
}

/**
 * The context the flags describe. Secrets stay references unless --store-secret, which reads them now
 * (`readNow`: a prompt on a terminal, stdin, a variable or a file) and keeps the value.
 */
export function buildContext(
  input: ContextInput,
  readNow: (source: SecretSource, what: string) => string,
  resolvePath: (path: string) => string,
  /** Throws (exit 2) when the file a flag names cannot be used now: missing, unreadable, invalid. */
  checkFile: (path: string, flag: string) => void,
): Context {
  for (const [key, flag] of Object.entries(FLAG)) {
    const value = input[key as keyof typeof FLAG]
    // `--ca-file "$UNSET"`: an empty value is a mistake to report, never "no CA file".
    if (value !== undefined && value.trim() === '') {
      throw new KtkError('USAGE', `${flag} needs a value; it was given an empty one`)
    }
  }
  const secret = (text: string | undefined, flag: string, what: string): SecretRefValue | undefined => {
    if (text === undefined) return undefined
    const source = parseSecretSource(text, flag)
    if (input.storeSecret) return { value: readNow(source, what) }
    if ('stdin' in source) {
      throw new KtkError(
        'USAGE',
        `${flag} stdin reads the secret once, so it needs --store-secret to keep it`,
        {
          hints: [`or refer to it instead: ${flag} env:VAR, ${flag} file:PATH or ${flag} prompt`],
        },
      )
    }
    if (!('file' in source)) return source
    const file = resolvePath(source.file)
    checkFile(file, flag)
    return { file }
  }
  const path = (p: string | undefined, flag: string) => {
    if (p === undefined) return undefined
    const resolved = resolvePath(p)
    checkFile(resolved, flag)
    return resolved
  }

  const context: Context = {}
  if (input.bootstrapServer) context['bootstrap-servers'] = parseBootstrap(input.bootstrapServer)
  if (input.environment) context.environment = input.environment
  if (input.clientId) context['client-id'] = input.clientId
  if (input.timeout) context.timeout = input.timeout
  if (input.connectionTimeout) context['connection-timeout'] = input.connectionTimeout
  if (input.namingPolicy) context['naming-policy'] = path(input.namingPolicy, '--naming-policy')
  if (input.commandConfig) context['command-config'] = path(input.commandConfig, '--command-config')

  const usage = (message: string, hints: string[] = []) => new KtkError('USAGE', message, { hints })
  let mechanism = input.saslMechanism
    ? parseMechanism(input.saslMechanism, '--sasl-mechanism', usage)
    : undefined
  if (input.oauthTokenCommand) {
    if (mechanism && mechanism !== 'OAUTHBEARER') {
      throw usage(`--oauth-token-command is for OAUTHBEARER, not --sasl-mechanism ${mechanism}`)
    }
    mechanism = 'OAUTHBEARER'
  }
  if (mechanism === 'OAUTHBEARER') {
    if (!input.oauthTokenCommand) throw usage('OAUTHBEARER needs --oauth-token-command')
    if (input.username || input.password)
      throw usage('OAUTHBEARER takes a token command, not --username/--password')
    context.sasl = { mechanism, 'token-command': input.oauthTokenCommand }
  } else if (mechanism) {
    if (!input.username) throw usage(`${mechanism} needs --username`)
    if (!input.password) {
      throw usage(
        `${mechanism} needs --password: env:VAR, file:PATH or prompt (or stdin with --store-secret)`,
        ['e.g. --password env:KAFKA_PASSWORD reads the variable each time ktk connects'],
      )
    }
    context.sasl = {
      mechanism,
      username: input.username,
      password: secret(input.password, '--password', `password of ${input.username}`),
    }
  } else if (input.username || input.password) {
    throw usage('--username and --password need --sasl-mechanism PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512')
  }

  const tls: NonNullable<Context['tls']> = {}
  if (input.caFile) tls['ca-file'] = path(input.caFile, '--ca-file')
  if (input.certFile) tls['cert-file'] = path(input.certFile, '--cert-file')
  if (input.keyFile) tls['key-file'] = path(input.keyFile, '--key-file')
  if (input.keyPassword) tls['key-password'] = secret(input.keyPassword, '--key-password', 'TLS key password')
  if (input.keystoreFile) tls['keystore-file'] = path(input.keystoreFile, '--keystore-file')
  if (input.keystorePassword) {
    tls['keystore-password'] = secret(input.keystorePassword, '--keystore-password', 'keystore password')
  }
  if (input.tlsServerName) tls['server-name'] = input.tlsServerName
  if (input.hostnameCheck === false) tls['check-hostname'] = false
  if (Object.keys(tls).length > 0) context.tls = tls

  if (input.securityProtocol) {
    context['security-protocol'] = parseProtocol(input.securityProtocol, '--security-protocol', usage)
  } else if (context.sasl || context.tls) {
    context['security-protocol'] = impliedProtocol(context)
  }
  if (!context['bootstrap-servers'] && !context['command-config']) {
    throw usage('a context needs --bootstrap-server (or a --command-config with bootstrap.servers)')
  }
  const checked = contextSchema.safeParse(context)
  if (!checked.success) throw usage(checked.error.issues[0]!.message)
  return checked.data
}
