import type { ContextList, ContextView } from '../services/contexts.js'
import type { OutputMode } from './mode.js'
import { style } from './style.js'
import { type Cell, renderFields, renderTable } from './table.js'

function securitySummary(view: ContextView): string | null {
  if (!view.securityProtocol) return view.commandConfig ? 'from command-config' : null
  const mechanism = view.sasl
    ? `/${view.sasl.mechanism}`
    : view.tls?.keystoreFile || view.tls?.certFile
      ? '/mTLS'
      : ''
  return `${view.securityProtocol}${mechanism}`
}

/** `context list`: one row per context, `*` marking the one in effect (as kubectl marks it). */
export function renderContextList(list: ContextList, mode: OutputMode): string {
  if (list.contexts.length === 0) {
    return `No contexts in ${list.file}. Add one with: ktk context add <name> --bootstrap-server host:port`
  }
  const s = style(mode)
  return renderTable(
    [
      { header: 'CURRENT' },
      { header: 'NAME' },
      { header: 'BOOTSTRAP-SERVERS' },
      { header: 'ENVIRONMENT' },
      { header: 'SECURITY' },
      { header: 'USER' },
    ],
    list.contexts.map((c) => [
      c.current ? '*' : '',
      c.current ? s.bold(c.name) : c.name,
      c.bootstrapServers?.join(',') ?? (c.commandConfig ? 'from command-config' : null),
      c.environment,
      securitySummary(c),
      c.sasl?.username ?? (c.sasl?.tokenCommand ? 'OAuth token' : null),
    ]),
    mode,
  )
}

/** `context show`: every setting, secrets shown only as where they come from. */
export function renderContextView(view: ContextView, mode: OutputMode): string {
  const fields: [string, Cell][] = [
    ['Name', view.name],
    ['Current', view.current ? 'yes' : 'no'],
    ['Bootstrap servers', view.bootstrapServers?.join(',')],
    ['Environment', view.environment],
    ['Client id', view.clientId],
    ['Timeout', view.timeout],
    ['Connection timeout', view.connectionTimeout],
    ['Naming policy', view.namingPolicy],
    ['Command config', view.commandConfig],
    ['Security protocol', view.securityProtocol],
  ]
  if (view.sasl) {
    fields.push(['SASL mechanism', view.sasl.mechanism])
    if (view.sasl.tokenCommand) fields.push(['Token command', view.sasl.tokenCommand])
    else fields.push(['User', view.sasl.username], ['Password', view.sasl.password])
  }
  if (view.tls) {
    fields.push(
      ['CA file', view.tls.caFile ?? '(system CAs)'],
      ['Host name check', view.tls.checkHostname ? 'on' : 'off'],
    )
    if (view.tls.serverName) fields.push(['Server name', view.tls.serverName])
    if (view.tls.certFile)
      fields.push(['Client certificate', view.tls.certFile], ['Client key', view.tls.keyFile])
    if (view.tls.keyPassword) fields.push(['Key password', view.tls.keyPassword])
    if (view.tls.keystoreFile) {
      fields.push(
        ['Client keystore', view.tls.keystoreFile],
        ['Keystore password', view.tls.keystorePassword],
      )
    }
  }
  return renderFields(
    fields.filter(([, v]) => v !== null && v !== undefined),
    mode,
  )
}
