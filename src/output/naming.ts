import { describePolicy, type LintReport } from '../core/naming/index.js'
import type { BumpResult } from '../services/naming.js'
import type { OutputMode } from './mode.js'
import { style } from './style.js'
import { type Cell, renderTable } from './table.js'

/**
 * One row per violation (a topic with three broken segments has three rows), so awk and grep see every
 * problem; with --all, conforming and exempt topics get a row each too.
 */
export function renderLint(report: LintReport, mode: OutputMode): string {
  const s = style(mode)
  const located = report.topics.some((t) => t.location)
  // With --all some rows are conforming or exempt: a STATUS column tells them apart.
  const mixed = report.topics.some((t) => t.status !== 'violation')
  const rows: Cell[][] = []
  for (const t of report.topics) {
    const lead = [...(located ? [t.location] : []), t.name, ...(mixed ? [t.status] : [])]
    if (t.status !== 'violation') {
      rows.push([...lead, '', t.status === 'exempt' ? t.exemption : '', ''])
      continue
    }
    t.violations.forEach((v, i) => {
      rows.push([...lead, mode.color ? s.red(v.rule) : v.rule, v.message, i === 0 ? t.suggestion : ''])
    })
  }
  if (rows.length === 0) return ''
  const columns = [
    ...(located ? [{ header: 'LOCATION' }] : []),
    { header: 'TOPIC' },
    ...(mixed ? [{ header: 'STATUS' }] : []),
    { header: 'RULE' },
    { header: 'REASON' },
    { header: 'SUGGESTION' },
  ]
  return renderTable(columns, rows, mode)
}

/** The summary line (stderr). */
export function lintSummary(report: LintReport): string {
  const policy = describePolicy(report.policy)
  if (report.policy.mode === 'off') return `${policy} is off (mode: off): nothing checked`
  const exempt = report.exempt > 0 ? `, ${report.exempt} exempt` : ''
  if (report.violating === 0) return `${report.checked} topic(s) follow ${policy}${exempt}`
  return `${report.violating} of ${report.checked} topic(s) break ${policy}${exempt}`
}

export function renderBump(result: BumpResult, mode: OutputMode): string {
  const s = style(mode)
  const configs = Object.entries(result.configs)
  const lines = [
    `${result.executed ? 'Created' : 'Plan:'} ${s.bold(result.to)} ${s.dim(`(v${result.fromVersion} -> v${result.toVersion})`)}`,
    `  partitions          ${result.partitions}`,
    `  replication factor  ${result.replicationFactor}`,
    `  configs             ${configs.length === 0 ? '(defaults)' : configs.map(([k, v]) => `${k}=${v}`).join(', ')}`,
  ]
  if (result.skipped.length > 0) lines.push(`  skipped (exist)     ${result.skipped.join(', ')}`)
  if (!result.executed) lines.push('', `Run again with --execute to create it.`)
  else {
    lines.push(
      '',
      `Next: point producers at ${result.to}, let consumers drain ${result.from} before they move, then delete ${result.from}.`,
    )
  }
  return lines.join('\n')
}
