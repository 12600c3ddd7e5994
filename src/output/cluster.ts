import type { ClusterDescription } from '../services/cluster.js'
import type { OutputMode } from './mode.js'
import { renderFields, renderTable } from './table.js'

export function renderClusterDescription(d: ClusterDescription, mode: OutputMode): string {
  const fields = renderFields(
    [
      ['Cluster id', d.clusterId],
      ['Controller', d.controller === null ? 'unknown' : d.controller],
      ['Brokers', d.brokers.length],
      ['Topics', `${d.topics.total} (${d.topics.internal} internal)`],
      [
        'Partitions',
        `${d.partitions.total} (${d.partitions.underReplicated} under-replicated, ${d.partitions.offline} offline)`,
      ],
    ],
    mode,
  )
  const brokers = renderTable(
    [
      { header: 'ID', align: 'right' },
      { header: 'HOST:PORT' },
      { header: 'RACK' },
      { header: 'CONTROLLER' },
      { header: 'KAFKA' },
    ],
    d.brokers.map((b) => [
      b.id,
      `${b.host}:${b.port}`,
      b.rack,
      b.id === d.controller ? 'yes' : '',
      b.kafkaRelease?.replace(/^Kafka /, '') ?? null,
    ]),
    mode,
  )
  return `${fields}\n\n${brokers}`
}
