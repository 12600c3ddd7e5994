import type { ConfigChange, PlanAction } from '../core/topics-plan.js'
import type { ApplyResult, PlanResult } from '../services/topics-as-code.js'
import type { OutputMode } from './mode.js'
import { style } from './style.js'

const configLine = (c: ConfigChange) =>
  c.op === 'delete'
    ? `${c.name}: ${c.from} -> (default)`
    : c.from === null
      ? `${c.name}: (default) -> ${c.to}`
      : `${c.name}: ${c.from} -> ${c.to}`

/** The lines of one action: a symbol, the topic, then one indented line per change. */
function actionLines(action: PlanAction, mode: OutputMode): string[] {
  const s = style(mode)
  const where = 'location' in action && action.location ? s.dim(`  (${action.location})`) : ''
  if (action.action === 'create') {
    const rf = action.replicationFactor === null ? 'broker default' : String(action.replicationFactor)
    return [
      `${s.green('+ create')} ${s.bold(action.topic)}${where}`,
      `    partitions: ${action.partitions}`,
      `    replication factor: ${rf}`,
      ...Object.entries(action.configs).map(([k, v]) => `    ${k}: ${v}`),
    ]
  }
  if (action.action === 'update') {
    return [
      `${s.yellow('~ update')} ${s.bold(action.topic)}${where}`,
      ...(action.partitions ? [`    partitions: ${action.partitions.from} -> ${action.partitions.to}`] : []),
      ...action.configs.map((c) => `    ${configLine(c)}`),
    ]
  }
  return [`${s.red('- delete')} ${s.bold(action.topic)}`]
}

export function planCounts(plan: PlanResult): string {
  const count = (kind: PlanAction['action']) => plan.actions.filter((a) => a.action === kind).length
  return `${count('create')} to create, ${count('update')} to update, ${count('delete')} to delete, ${plan.unchanged.length} unchanged`
}

/** The plan as people review it; the same text on a terminal (with colour) and piped. */
export function renderPlan(plan: PlanResult, mode: OutputMode): string {
  const s = style(mode)
  const lines = plan.actions.flatMap((a) => actionLines(a, mode))
  for (const d of plan.differences) {
    lines.push(
      `${s.magenta('! differs')} ${s.bold(d.topic)}${d.location ? s.dim(`  (${d.location})`) : ''}`,
      `    replication factor: ${d.cluster} on the cluster, ${d.spec} in the spec (apply does not change it: use kafka-reassign-partitions)`,
    )
  }
  if (lines.length === 0) lines.push('No changes: the cluster matches the spec.')
  lines.push('', `Plan: ${planCounts(plan)}.`)
  if (plan.unmanaged > 0) {
    lines.push(
      s.dim(
        `${plan.unmanaged} topic(s) on the cluster are not in the spec and are left alone (--prune NAME deletes one).`,
      ),
    )
  }
  return lines.join('\n')
}

export function renderApply(result: ApplyResult, mode: OutputMode): string {
  const s = style(mode)
  const done = result.steps.filter((x) => x.status === 'done').length
  const failed = result.steps.find((x) => x.status === 'failed')
  const notRun = result.steps.filter((x) => x.status === 'not-run').length
  if (result.steps.length === 0) return 'No changes: the cluster matches the spec.'
  const lines: string[] = []
  if (result.dryRun)
    lines.push(
      s.yellow(
        `Dry run: the broker validated ${done} of ${result.steps.length} change(s); nothing was changed.`,
      ),
    )
  else lines.push(`Applied ${done} of ${result.steps.length} change(s).`)
  if (failed) lines.push(`${s.red('Failed')}: ${failed.action} ${failed.topic}: ${failed.error?.message}`)
  if (notRun > 0)
    lines.push(
      `Not run: ${result.steps
        .filter((x) => x.status === 'not-run')
        .map((x) => `${x.action} ${x.topic}`)
        .join(', ')}`,
    )
  return lines.join('\n')
}

/** check: what differs, or that nothing does. */
export function renderCheck(plan: PlanResult, drift: boolean, mode: OutputMode): string {
  if (!drift) return `No drift: ${plan.unchanged.length} topic(s) match the spec.`
  const body = renderPlan(plan, mode).split('\n')
  // The plan's own summary line reads as actions; drift is stated as differences.
  const differing = new Set([...plan.actions, ...plan.differences].map((x) => x.topic)).size
  return [...body.slice(0, body.indexOf('')), '', `Drift: ${differing} topic(s) differ from the spec.`].join(
    '\n',
  )
}
