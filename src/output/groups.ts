import { typeLabel } from '../core/group-filters.js'
import type { GroupListing } from '../core/group-types.js'
import type { DescribeGroupsResult } from '../services/groups.js'
import type { OutputMode } from './mode.js'
import { style } from './style.js'
import { type Column, renderTable } from './table.js'

const right = 'right' as const

/**
 * Piped without filters: one group id per line, as kafka-consumer-groups --list. With --state or --type
 * (or on a terminal): GROUP, TYPE and STATE columns, Kafka's spelling.
 */
export function renderGroupList(
  groups: readonly GroupListing[],
  mode: OutputMode,
  columns: { type: boolean; state: boolean },
): string {
  const showType = columns.type || mode.tty
  const showState = columns.state || mode.tty
  if (!showType && !showState) return groups.map((g) => g.groupId).join('\n')
  if (groups.length === 0 && mode.tty) return style(mode).dim('(no consumer groups)')
  const header: Column[] = [{ header: 'GROUP' }]
  if (showType) header.push({ header: 'TYPE' })
  if (showState) header.push({ header: 'STATE' })
  return renderTable(
    header,
    groups.map((g) => [
      g.groupId,
      ...(showType ? [typeLabel(g.type)] : []),
      ...(showState ? [g.state ?? 'Unknown'] : []),
    ]),
    mode,
  )
}

/** The describe views with kafka-consumer-groups' own columns; one table for all groups, '-' for none. */
export function renderGroupDescribe(
  result: DescribeGroupsResult,
  mode: OutputMode,
  verbose: boolean,
): string {
  if (result.view === 'state') {
    const columns: Column[] = [
      { header: 'GROUP' },
      { header: 'COORDINATOR (ID)' },
      { header: 'ASSIGNMENT-STRATEGY' },
      { header: 'STATE' },
      ...(verbose
        ? [
            { header: 'GROUP-EPOCH', align: right },
            { header: 'TARGET-ASSIGNMENT-EPOCH', align: right },
          ]
        : []),
      { header: '#MEMBERS', align: right },
    ]
    return renderTable(
      columns,
      result.groups.map(({ stateRow: s }) => [
        s.group,
        s.coordinator,
        s.assignmentStrategy,
        s.state,
        ...(verbose ? [s.groupEpoch, s.targetAssignmentEpoch] : []),
        s.members,
      ]),
      mode,
    )
  }
  if (result.view === 'members') {
    const rows = result.groups.flatMap((g) => g.members ?? [])
    const withInstance = rows.some((m) => m.groupInstanceId)
    const columns: Column[] = [
      { header: 'GROUP' },
      { header: 'CONSUMER-ID' },
      ...(withInstance ? [{ header: 'GROUP-INSTANCE-ID' }] : []),
      { header: 'HOST' },
      { header: 'CLIENT-ID' },
      { header: '#PARTITIONS', align: right },
      ...(verbose
        ? [
            { header: 'CURRENT-EPOCH', align: right },
            { header: 'CURRENT-ASSIGNMENT' },
            { header: 'TARGET-EPOCH', align: right },
            { header: 'TARGET-ASSIGNMENT' },
          ]
        : []),
    ]
    return renderTable(
      columns,
      rows.map((m) => [
        m.group,
        m.consumerId,
        ...(withInstance ? [m.groupInstanceId] : []),
        m.host,
        m.clientId,
        m.partitions,
        ...(verbose ? [m.currentEpoch, m.assignment, m.targetEpoch, m.targetAssignment] : []),
      ]),
      mode,
    )
  }
  const rows = result.groups.flatMap((g) => g.offsets ?? [])
  const columns: Column[] = [
    { header: 'GROUP' },
    { header: 'TOPIC' },
    { header: 'PARTITION', align: right },
    ...(verbose ? [{ header: 'LEADER-EPOCH', align: right }] : []),
    { header: 'CURRENT-OFFSET', align: right },
    { header: 'LOG-END-OFFSET', align: right },
    { header: 'LAG', align: right },
    { header: 'CONSUMER-ID' },
    { header: 'HOST' },
    { header: 'CLIENT-ID' },
  ]
  return renderTable(
    columns,
    rows.map((r) => [
      r.group,
      r.topic,
      r.partition,
      ...(verbose ? [r.leaderEpoch] : []),
      r.currentOffset,
      r.logEndOffset,
      r.lag,
      r.consumerId,
      r.host,
      r.clientId,
    ]),
    mode,
  )
}
