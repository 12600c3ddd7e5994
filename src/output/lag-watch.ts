import type { Trend } from '../core/lag-rates.js'
import type { SampleResult, WatchFrame } from '../services/lag-watch.js'
import { barChart, sparkline } from './chart.js'
import { formatLagTime } from './lag.js'
import type { OutputMode } from './mode.js'
import { style } from './style.js'
import { renderTable } from './table.js'

const rate = (r: number | null) => (r === null ? '-' : r.toFixed(1))
const arrow = (t: Trend | null) => (t === 'up' ? '↑' : t === 'down' ? '↓' : t === 'flat' ? '→' : '-')
const signed = (n: number | null) => (n === null ? '-' : n > 0 ? `+${n}` : String(n))

/** Piped --watch: one plain line per interval. */
export function renderWatchLine(frame: WatchFrame): string {
  const total = frame.totalHistory[frame.totalHistory.length - 1] ?? 0
  const known = frame.rates.filter((r) => r.consumeRate !== null)
  const sum = (pick: (r: (typeof known)[number]) => number | null) =>
    known.length === 0 ? null : known.reduce((n, r) => n + (pick(r) ?? 0), 0)
  const delta =
    frame.totalHistory.length > 1 ? total - frame.totalHistory[frame.totalHistory.length - 2]! : null
  const trend = delta === null ? null : delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat'
  return [
    frame.lag.takenAt,
    `lag=${total}`,
    `consume=${rate(sum((r) => r.consumeRate))}/s`,
    `produce=${rate(sum((r) => r.produceRate))}/s`,
    `trend=${trend ?? '-'}`,
    ...frame.lag.groups.map((g) => `${g.group}=${g.lag}`),
  ].join(' ')
}

/** A terminal --watch frame: the groups with rates, trend and history, and a chart of the total lag. */
export function renderWatchScreen(frame: WatchFrame, mode: OutputMode, intervalMs: number): string {
  const s = style(mode)
  const rates = new Map(frame.rates.map((r) => [r.group, r]))
  const time = new Date(frame.lag.takenAt).toLocaleTimeString()
  const header = s.dim(
    `ktk groups lag --watch · every ${formatLagTime(intervalMs)} · ${time} · ${frame.lag.groups.length} group(s) · Ctrl-C to stop`,
  )
  const table = renderTable(
    [
      { header: 'GROUP' },
      { header: 'STATE' },
      { header: 'LAG', align: 'right' },
      { header: 'CHANGE', align: 'right' },
      { header: 'TREND' },
      { header: 'CONSUME/s', align: 'right' },
      { header: 'PRODUCE/s', align: 'right' },
      { header: 'MAX-TIME-LAG', align: 'right' },
      { header: 'HISTORY' },
    ],
    frame.lag.groups.map((g) => {
      const r = rates.get(g.group)
      const trend = arrow(r?.trend ?? null)
      return [
        g.group,
        g.state,
        g.lag,
        signed(r?.lagDelta ?? null),
        r?.trend === 'up' ? s.red(trend) : r?.trend === 'down' ? s.green(trend) : trend,
        rate(r?.consumeRate ?? null),
        rate(r?.produceRate ?? null),
        frame.lag.timeLagMethod ? formatLagTime(g.maxTimeLagMs) : '-',
        s.cyan(sparkline(frame.groupHistory.get(g.group) ?? [], 24)),
      ]
    }),
    mode,
  )
  const width = Math.max(10, Math.min(mode.width - 12, 120))
  const chart = barChart(frame.totalHistory, { width, height: 6 })
  return [header, table, '', s.bold('total lag'), ...chart.map((l) => s.cyan(l))].join('\n')
}

/** --sample: Burrow's verdict per partition (default) or per group. */
export function renderSample(result: SampleResult, mode: OutputMode, level: 'partition' | 'group'): string {
  const s = style(mode)
  const paint = (status: string) =>
    status === 'OK' ? s.green(status) : status === 'WARN' ? s.yellow(status) : s.red(status)
  if (level === 'group') {
    return renderTable(
      [
        { header: 'GROUP' },
        { header: 'STATUS' },
        { header: 'WORST' },
        { header: 'PARTITIONS', align: 'right' },
        { header: 'LAG', align: 'right' },
      ],
      result.groups.map((g) => [g.group, paint(g.status), paint(g.worst), g.partitions.length, g.lag]),
      mode,
    )
  }
  return renderTable(
    [
      { header: 'GROUP' },
      { header: 'TOPIC' },
      { header: 'PARTITION', align: 'right' },
      { header: 'STATUS' },
      { header: 'START-OFFSET', align: 'right' },
      { header: 'END-OFFSET', align: 'right' },
      { header: 'START-LAG', align: 'right' },
      { header: 'END-LAG', align: 'right' },
      { header: 'REASON' },
    ],
    result.groups.flatMap((g) =>
      g.partitions.map((p) => [
        g.group,
        p.topic,
        p.partition,
        paint(p.status),
        p.first.offset,
        p.last.offset,
        p.first.lag,
        p.last.lag,
        p.reason,
      ]),
    ),
    mode,
  )
}
