import type { ResetResult } from '../services/reset-offsets.js'
import type { OutputMode } from './mode.js'
import { style } from './style.js'
import { renderTable } from './table.js'

/** The plan: Kafka's GROUP TOPIC PARTITION NEW-OFFSET, with the offset before it. */
export function renderResetPlan(result: ResetResult, mode: OutputMode): string {
  const s = style(mode)
  const rows = result.groups.flatMap((g) =>
    g.partitions.map((p) => [
      g.group,
      p.topic,
      p.partition,
      p.currentOffset,
      mode.tty && p.currentOffset !== p.newOffset ? s.bold(String(p.newOffset)) : p.newOffset,
    ]),
  )
  return renderTable(
    [
      { header: 'GROUP' },
      { header: 'TOPIC' },
      { header: 'PARTITION', align: 'right' },
      { header: 'CURRENT-OFFSET', align: 'right' },
      { header: 'NEW-OFFSET', align: 'right' },
    ],
    rows,
    mode,
  )
}
