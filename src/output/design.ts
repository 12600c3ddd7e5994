import type { DesignPlan } from '../core/design.js'
import { formatBytes, formatRetention } from '../core/sizing.js'
import type { OutputMode } from './mode.js'
import { style } from './style.js'

/** The recommendation: the topic, its reasons, warnings, producer advice and the equivalent commands. */
export function renderDesign(plan: DesignPlan, mode: OutputMode): string {
  const s = style(mode)
  const a = plan.answers
  const configs = Object.entries(plan.configs)
  const lines = [
    `${s.bold('Recommended topic')}  ${s.bold(s.cyan(plan.name))}`,
    `  partitions          ${plan.partitions}`,
    `  replication factor  ${plan.replicationFactor}`,
    `  configs             ${configs.length === 0 ? '(defaults)' : configs.map(([k, v]) => `${k}=${v}`).join(', ')}`,
    `  producers           acks=${plan.producer.acks}, enable.idempotence=${plan.producer.enableIdempotence}`,
    '',
    s.bold('Why'),
    s.dim(
      `  for ${a.throughput} records/s of ${formatBytes(a.recordBytes)}, ${a.consumers} consumer(s), key ${a.key ?? 'none'}, retention ${formatRetention(a.retention)}, ${a.durability}, ${plan.brokers} broker(s)`,
    ),
    ...plan.reasoning.map((r) => `  - ${r}`),
  ]
  if (plan.warnings.length > 0) lines.push('', ...plan.warnings.map((w) => `${s.yellow('warning:')} ${w}`))
  lines.push('', s.bold('Commands'), `  ${plan.commands.ktk}`, `  ${plan.commands.kafkaTopics}`)
  return lines.join('\n')
}
