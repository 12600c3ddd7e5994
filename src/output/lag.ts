import type { LagViolation, PartitionLag } from '../core/lag.js'
import type { LagResult } from '../services/lag.js'
import type { OutputMode } from './mode.js'
import { style } from './style.js'
import { type Column, renderTable } from './table.js'

export type LagLevel = 'partition' | 'topic' | 'group'

const right = 'right' as const

/** A lag in time, compact: 0s, 850ms, 12.3s, 4m05s, 3h12m, 2d04h; '-' when unknown. */
export function formatLagTime(ms: number | null, exact = true): string {
  if (ms === null) return '-'
  const prefix = exact ? '' : '~'
  if (ms < 0) return `${prefix}-${formatLagTime(-ms)}`
  if (ms === 0) return '0s'
  if (ms < 1000) return `${prefix}${ms}ms`
  if (ms < 60_000) return `${prefix}${(ms / 1000).toFixed(1)}s`
  const s = Math.floor(ms / 1000)
  if (s < 3600) return `${prefix}${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
  const m = Math.floor(s / 60)
  if (m < 24 * 60) return `${prefix}${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
  const h = Math.floor(m / 60)
  return `${prefix}${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}h`
}

function partitionTable(rows: readonly PartitionLag[], mode: OutputMode, time: boolean): string {
  const s = style(mode)
  const columns: Column[] = [
    { header: 'GROUP' },
    { header: 'TOPIC' },
    { header: 'PARTITION', align: right },
    { header: 'LOG-START-OFFSET', align: right },
    { header: 'CURRENT-OFFSET', align: right },
    { header: 'LOG-END-OFFSET', align: right },
    { header: 'LAG', align: right },
    ...(time
      ? [
          { header: 'TIME-LAG', align: right },
          { header: 'TIME-BEHIND-NEWEST', align: right },
        ]
      : []),
    { header: 'CLIENT-ID' },
  ]
  return renderTable(
    columns,
    rows.map((r) => [
      r.group,
      r.topic,
      r.partition,
      r.logStartOffset,
      r.warnings.includes('below-log-start') && mode.tty
        ? s.yellow(String(r.currentOffset))
        : r.currentOffset,
      r.logEndOffset,
      mode.tty && r.lag !== null && r.lag > 0 ? s.bold(String(r.lag)) : r.lag,
      ...(time
        ? [formatLagTime(r.timeLagMs, r.timeExact), formatLagTime(r.behindNewestMs, r.timeExact)]
        : []),
      r.clientId,
    ]),
    mode,
  )
}

function topicTable(result: LagResult, mode: OutputMode, time: boolean): string {
  return renderTable(
    [
      { header: 'GROUP' },
      { header: 'TOPIC' },
      { header: 'PARTITIONS', align: right },
      { header: 'LAG', align: right },
      ...(time ? [{ header: 'MAX-TIME-LAG', align: right }] : []),
    ],
    result.topics.map((t) => [
      t.group,
      t.topic,
      t.partitions,
      t.lag,
      ...(time ? [formatLagTime(t.maxTimeLagMs)] : []),
    ]),
    mode,
  )
}

function groupTable(result: LagResult, mode: OutputMode, time: boolean): string {
  return renderTable(
    [
      { header: 'GROUP' },
      { header: 'STATE' },
      { header: 'MEMBERS', align: right },
      { header: 'PARTITIONS', align: right },
      { header: 'LAG', align: right },
      ...(time
        ? [
            { header: 'MAX-TIME-LAG', align: right },
            { header: 'MAX-BEHIND-NEWEST', align: right },
          ]
        : []),
    ],
    result.groups.map((g) => [
      g.group,
      g.state,
      g.members,
      g.partitions,
      g.lag,
      ...(time ? [formatLagTime(g.maxTimeLagMs), formatLagTime(g.maxBehindNewestMs)] : []),
    ]),
    mode,
  )
}

/**
 * Piped: one table at the chosen level (partitions by default), stable columns for awk. On a terminal,
 * the partitions and then the per-group totals.
 */
export function renderLag(result: LagResult, mode: OutputMode, level: LagLevel | undefined): string {
  const time = result.timeLagMethod !== null
  if (level === 'topic') return topicTable(result, mode, time)
  if (level === 'group') return groupTable(result, mode, time)
  const partitions = partitionTable(result.partitions, mode, time)
  if (level === 'partition' || !mode.tty) return partitions
  return `${partitions}\n${groupTable(result, mode, time)}`
}

/** One line per partition over a limit, for stderr. */
export function renderViolations(violations: readonly LagViolation[], limits: LagResult['limits']): string[] {
  return violations.map((v) => {
    const why = v.over
      .map((o) =>
        o === 'max-lag'
          ? `lag ${v.lag} > --max-lag ${limits.maxLag}`
          : `time lag ${formatLagTime(v.timeLagMs)} > --max-lag-seconds ${limits.maxLagSeconds}`,
      )
      .join(', ')
    return `${v.group}: ${v.topic}-${v.partition}: ${why}`
  })
}
