import type { LocalSecurity, LocalStatus } from '../local/cluster.js'
import type { OutputMode } from './mode.js'
import { style } from './style.js'
import { renderFields, renderTable } from './table.js'

export function renderLocalStatus(
  status: LocalStatus,
  mode: OutputMode,
  contexts: readonly string[] = [],
): string {
  const s = style(mode)
  if (!status.exists) return 'No local cluster. Start one with: ktk local start'
  const state = status.running
    ? s.green('running')
    : status.nodes.some((n) => n.running) || status.zookeeper?.running
      ? s.yellow('degraded')
      : s.dim('stopped')
  const zk = status.zookeeper
  const kafkaMode = zk
    ? `ZooKeeper mode; ZooKeeper 127.0.0.1:${zk.port} ${zk.running ? `running (pid ${zk.pid})` : 'stopped'}`
    : 'KRaft'
  const fields = renderFields(
    [
      ['State', state],
      ['Kafka', status.version],
      ['Mode', kafkaMode],
      ['Bootstrap', status.bootstrap],
      ['Cluster id', status.clusterId],
      ['Data', status.root],
    ],
    mode,
  )
  const nodes = renderTable(
    [
      { header: 'NODE', align: 'right' },
      { header: 'PORT', align: 'right' },
      { header: 'CONTROLLER-PORT', align: 'right' },
      { header: 'PID', align: 'right' },
      { header: 'STATE' },
    ],
    status.nodes.map((n) => [
      n.id,
      n.port,
      n.controllerPort,
      n.running ? n.pid : null,
      n.running ? 'running' : 'stopped',
    ]),
    mode,
  )
  const parts = [fields, nodes]
  if (status.secure) parts.push(renderSecurity(status.secure, mode, contexts))
  else if (contexts.length > 0) parts.push(`Context: ${contexts.join(', ')}`)
  return parts.join('\n\n')
}

/** Listeners and users of a secure cluster: where the passwords are, never the passwords. */
function renderSecurity(secure: LocalSecurity, mode: OutputMode, contexts: readonly string[]): string {
  const listeners = renderTable(
    [{ header: 'LISTENER' }, { header: 'BOOTSTRAP' }, { header: 'AUTHENTICATION' }],
    [
      ['SASL_PLAINTEXT', secure.listeners.saslPlaintext, secure.mechanisms.join(',')],
      ['SASL_SSL', secure.listeners.saslSsl, `${secure.mechanisms.join(',')}; CA ${secure.caFile}`],
      ['SSL', secure.listeners.ssl, `client certificate (mutual TLS): ${secure.clientKeystore}`],
    ],
    mode,
  )
  const contextOf = (user: { name: string; superUser: boolean }) => {
    const name = user.superUser ? 'local' : `local-${user.name}`
    return contexts.includes(name) ? name : null
  }
  const users = renderTable(
    [{ header: 'USER' }, { header: 'SUPER-USER' }, { header: 'PASSWORD-FILE' }, { header: 'CONTEXT' }],
    secure.users.map((u) => [u.name, u.superUser ? 'yes' : 'no', u.passwordFile, contextOf(u)]),
    mode,
  )
  const mtls = contexts.includes('local-mtls')
    ? '\nContext local-mtls: alice by client certificate on the SSL listener.'
    : ''
  return `${listeners}\n\n${users}${mtls}`
}
