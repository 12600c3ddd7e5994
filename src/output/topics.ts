import type {
  AlterResult,
  CreateResult,
  DeleteResult,
  DescribeResult,
  TopicSummary,
  TopicView,
} from '../services/topics.js'
import { joinWithin } from './fit.js'
import type { OutputMode } from './mode.js'
import { style } from './style.js'
import { type Cell, renderTable } from './table.js'

const list = (ids: readonly number[]) => (ids.length > 0 ? ids.join(',') : '')

/** Piped: one name per line, exactly as kafka-topics --list. On a terminal: a table. */
export function renderTopicList(topics: readonly TopicSummary[], mode: OutputMode): string {
  if (!mode.tty) return topics.map((t) => t.name).join('\n')
  if (topics.length === 0) return style(mode).dim('(no topics)')
  return renderTable(
    [
      { header: 'TOPIC' },
      { header: 'PARTITIONS', align: 'right' },
      { header: 'RF', align: 'right' },
      { header: 'INTERNAL' },
    ],
    topics.map((t) => [t.name, t.partitionCount, t.replicationFactor, t.internal ? 'yes' : '']),
    mode,
  )
}

const PARTITION_COLUMNS = [
  { header: 'TOPIC' },
  { header: 'PARTITION', align: 'right' as const },
  { header: 'LEADER', align: 'right' as const },
  { header: 'REPLICAS' },
  { header: 'ISR' },
  { header: 'OFFLINE' },
  { header: 'EARLIEST', align: 'right' as const },
  { header: 'LATEST', align: 'right' as const },
  { header: 'RECORDS', align: 'right' as const },
  { header: 'STATUS' },
]

function partitionStatus(p: TopicView['partitions'][number]): string {
  const flags: string[] = []
  if (p.unavailable) flags.push('unavailable')
  if (p.underReplicated) flags.push('under-replicated')
  if (p.underMinIsr) flags.push('under-min-isr')
  // The same definition as --at-min-isr-partitions (Kafka's): a partition the filter lists says why,
  // one replica included (losing its broker stops writes that need min.insync.replicas).
  else if (p.atMinIsr) flags.push('at-min-isr')
  return flags.join(',')
}

function partitionRows(topic: TopicView): Cell[][] {
  return topic.partitions.map((p) => [
    topic.name,
    p.partition,
    p.leader ?? 'none',
    list(p.replicas),
    list(p.isr),
    list(p.offlineReplicas),
    p.earliestOffset,
    p.latestOffset,
    p.records,
    partitionStatus(p),
  ])
}

function configRows(topic: TopicView): Cell[][] {
  return topic.configs.map((c) => [topic.name, c.name, c.sensitive ? '(sensitive)' : c.value, c.source])
}

const CONFIG_COLUMNS = [{ header: 'TOPIC' }, { header: 'CONFIG' }, { header: 'VALUE' }, { header: 'SOURCE' }]

/**
 * Piped: one partition table and one config table for all topics, every row naming its topic (awk
 * friendly). On a terminal: a heading, partitions and configs per topic.
 */
export function renderDescribe(result: DescribeResult, mode: OutputMode): string {
  const filtered = result.filters.length > 0
  const overridesOnly = result.filters.includes('topics-with-overrides')
  const showPartitions = !overridesOnly
  const showConfigs = !filtered || overridesOnly
  if (!mode.tty) {
    const parts: string[] = []
    if (showPartitions) parts.push(renderTable(PARTITION_COLUMNS, result.topics.flatMap(partitionRows), mode))
    const configs = result.topics.flatMap(configRows)
    if (showConfigs && (configs.length > 0 || overridesOnly))
      parts.push(renderTable(CONFIG_COLUMNS, configs, mode))
    return parts.join('\n\n')
  }
  const s = style(mode)
  if (result.topics.length === 0) return s.green(filtered ? 'No partitions match.' : '(no topics)')
  return result.topics
    .map((topic) => {
      const heading = [
        s.bold(topic.name),
        s.dim(
          `partitions ${topic.partitionCount}, replication factor ${topic.replicationFactor}, min.insync.replicas ${topic.minInsyncReplicas}`,
        ),
        topic.topicId ? s.dim(`id ${topic.topicId}`) : '',
        topic.internal ? s.yellow('internal') : '',
      ].filter(Boolean)
      const blocks = [mode.tty ? joinWithin(heading, mode.width) : heading.join('  ')]
      if (showPartitions && topic.partitions.length > 0) {
        const rows = partitionRows(topic).map((r) => {
          const status = String(r[9] ?? '')
          // At min ISR alone is a warning (nothing is failing yet), anything else an error.
          const shown = status === 'at-min-isr' ? s.yellow(status) : status ? s.red(status) : s.green('ok')
          return [...r.slice(1, 9), shown]
        })
        blocks.push(renderTable(PARTITION_COLUMNS.slice(1), rows, mode))
      }
      if (showConfigs) {
        blocks.push(
          topic.configs.length > 0
            ? renderTable(
                CONFIG_COLUMNS.slice(1),
                configRows(topic).map((r) => r.slice(1)),
                mode,
              )
            : s.dim('configs: all defaults'),
        )
      }
      return blocks.join('\n')
    })
    .join('\n\n')
}

export function renderCreate(result: CreateResult, mode: OutputMode): string {
  const s = style(mode)
  const shape = `${result.partitions ?? '?'} partition${result.partitions === 1 ? '' : 's'}, replication factor ${result.replicationFactor ?? '?'}`
  if (result.existed) return `Topic ${s.bold(result.topic)} already exists (${shape}); nothing to do.`
  if (result.dryRun)
    return `Dry run: the broker accepts topic ${s.bold(result.topic)} (${shape}); nothing was created.`
  return `Created topic ${s.bold(result.topic)} (${shape}).`
}

export function renderAlter(result: AlterResult, mode: OutputMode): string {
  const s = style(mode)
  const lines: string[] = []
  for (const t of result.topics) {
    if (t.partitions) lines.push(`${t.topic}: partitions ${t.partitions.from} -> ${t.partitions.to}`)
    for (const c of t.configChanges) {
      lines.push(
        c.op === 'set'
          ? `${t.topic}: ${c.name} ${c.from ?? '(default)'} -> ${c.to}`
          : `${t.topic}: ${c.name} ${c.from ?? '(default)'} -> (default)`,
      )
    }
  }
  if (lines.length === 0) lines.push('Nothing to change.')
  if (result.dryRun)
    lines.unshift(s.yellow('Dry run: the broker validated these changes; nothing was changed.'))
  return lines.join('\n')
}

/** What was (or would be) deleted; failures are errors, reported on stderr by the command. */
export function renderDelete(result: Pick<DeleteResult, 'deleted' | 'dryRun'>): string {
  const lines = result.deleted.map((t) =>
    result.dryRun ? `Would delete topic ${t}.` : `Deleted topic ${t}.`,
  )
  if (lines.length === 0) lines.push('No topics to delete.')
  return lines.join('\n')
}
