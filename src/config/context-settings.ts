import { closeSync, openSync, readFileSync, statSync } from 'node:fs'
import { KtkError, shortened } from '../core/errors.js'
import { parseBootstrap } from './bootstrap.js'
import { type Context, impliedProtocol } from './context-schema.js'
import { parseClientProperties } from './properties.js'
import { readSecret, type SecretSources } from './secrets.js'
import {
  badIn,
  fileErrorReason,
  propertiesSetSecurity,
  type SecuritySpec,
  specFromProperties,
} from './security.js'

/** What a context contributes to a connection, its secrets read. */
export interface ContextView {
  name: string
  bootstrap?: string[]
  security?: SecuritySpec
  clientId?: string
  timeout?: string
  connectionTimeout?: string
  environment?: string
  namingPolicy?: string
}

/**
 * Reads a Java client properties file (--command-config, or a context's command-config). A file that
 * is not a client properties file (binary, no settings, a line that is no setting) is exit 2 naming
 * the file and the line.
 */
export function readCommandConfig(path: string, readFile: (p: string) => Buffer, what = '--command-config') {
  let bytes: Buffer
  try {
    bytes = readFile(path)
  } catch (error) {
    throw new KtkError('USAGE', `cannot read ${what} ${shownPath(path)}: ${pathErrorReason(error)}`)
  }
  const parsed = parseClientProperties(bytes)
  if (parsed.ok) return parsed.properties
  const where = parsed.line === undefined ? shownPath(path) : `${shownPath(path)}:${parsed.line}`
  throw new KtkError('USAGE', `${what} ${where}: ${parsed.problem}`, {
    hints: ['a Java client properties file: one key=value per line, # for comments'],
  })
}

/** A path as messages show it: long ones cut (an error line must stay one readable line). */
const shownPath = (path: string) => shortened(path, 200)

/**
 * `context add`: a file a flag names must exist and be readable now, not fail at the first connection
 * (`--ca-file /nonexistent` is a typo to report, exit 2 naming the flag and the file).
 */
export function checkReadableFile(path: string, flag: string): void {
  try {
    if (statSync(path).isDirectory()) throw Object.assign(new Error('a folder'), { code: 'EISDIR' })
    closeSync(openSync(path, 'r'))
  } catch (error) {
    throw new KtkError('USAGE', `${flag} ${shownPath(path)}: ${pathErrorReason(error)}`)
  }
}

/** `context add`: a file a flag names, checked now; a --command-config must also be a client properties file. */
export function checkContextFile(path: string, flag: string): void {
  checkReadableFile(path, flag)
  if (flag === '--command-config') readCommandConfig(path, (p) => readFileSync(p), flag)
}

/** Why a file cannot be opened, without Node's text (which repeats the whole path). */
function pathErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code
  if (code === 'ENOTDIR') return 'no such file'
  if (code === 'ENAMETOOLONG') return 'the name is too long'
  return code && !['ENOENT', 'EACCES', 'EISDIR'].includes(code) ? code : fileErrorReason(error)
}

/** A context's settings: its own fields, over what its command-config file says. */
export function contextView(name: string, context: Context, sources: SecretSources): ContextView {
  const props = context['command-config']
    ? readCommandConfig(context['command-config'], sources.readFile, `the command-config of context ${name}`)
    : new Map<string, string>()
  const fromProps = props.get('bootstrap.servers')
  const view: ContextView = {
    name,
    bootstrap: context['bootstrap-servers'] ?? (fromProps ? parseBootstrap(fromProps) : undefined),
    clientId: context['client-id'] ?? props.get('client.id'),
    timeout: context.timeout,
    connectionTimeout: context['connection-timeout'],
    environment: context.environment,
    namingPolicy: context['naming-policy'],
  }
  const ownSecurity = context['security-protocol'] !== undefined || context.sasl || context.tls
  if (ownSecurity) view.security = contextSecurity(name, context, sources)
  else if (propertiesSetSecurity(props)) {
    view.security = specFromProperties(props, badIn(context['command-config'] ?? name))
  }
  return view
}

function contextSecurity(name: string, context: Context, sources: SecretSources): SecuritySpec {
  const sasl = context.sasl
  const tls = context.tls
  const protocol = impliedProtocol(context)
  const spec: SecuritySpec = { protocol }
  if (sasl) {
    if (sasl.mechanism === 'OAUTHBEARER') {
      spec.sasl = { mechanism: 'OAUTHBEARER', token: { kind: 'command', command: sasl['token-command']! } }
    } else {
      spec.sasl = {
        mechanism: sasl.mechanism,
        username: sasl.username!,
        password: readSecret(sasl.password!, `password of ${sasl.username} (context ${name})`, sources),
      }
    }
  }
  if (protocol === 'SSL' || protocol === 'SASL_SSL') {
    const file = (key: string, path: string | undefined) =>
      path === undefined ? undefined : { key: `tls ${key} of context ${name}`, path }
    spec.tls = {
      checkHostname: tls?.['check-hostname'] ?? true,
      serverName: tls?.['server-name'],
      caFile: file('ca-file', tls?.['ca-file']),
      certFile: file('cert-file', tls?.['cert-file']),
      keyFile: file('key-file', tls?.['key-file']),
      pkcs12File: file('keystore-file', tls?.['keystore-file']),
    }
    const passphraseRef = tls?.['keystore-file'] ? tls['keystore-password'] : tls?.['key-password']
    if (passphraseRef) {
      spec.tls.passphrase = readSecret(passphraseRef, `TLS key password (context ${name})`, sources)
    }
  }
  return spec
}
