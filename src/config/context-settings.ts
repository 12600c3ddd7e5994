import { KtkError } from '../core/errors.js'
import { parseBootstrap } from './bootstrap.js'
import { type Context, impliedProtocol } from './contexts.js'
import { parseProperties } from './properties.js'
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

/** Reads a Java client properties file (--command-config, or a context's command-config). */
export function readCommandConfig(path: string, readFile: (p: string) => Buffer, what = '--command-config') {
  try {
    return parseProperties(readFile(path).toString('utf8'))
  } catch (error) {
    throw new KtkError('USAGE', `cannot read ${what} ${path}: ${fileErrorReason(error)}`)
  }
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
