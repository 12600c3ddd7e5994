import type { LocalStatus } from '../local/cluster.js'
import type { OutputMode } from './mode.js'
import { style } from './style.js'
import { renderFields, renderTable } from './table.js'

export function renderLocalStatus(status: LocalStatus, mode: OutputMode): string {
  const s = style(mode)
  if (!status.exists) return 'No local cluster. Start one with: ktk local start'
  const state = status.running
    ? s.green('running')
    : status.nodes.some((n) => n.running)
      ? s.yellow('degraded')
      : s.dim('stopped')
  const fields = renderFields(
    [
      ['State', state],
      ['Kafka', status.version],
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
  return `${fields}\n\n${nodes}`
}
