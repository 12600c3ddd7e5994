import { formatDuration } from '../core/duration.js'
import type { ConsumeResult } from '../services/consume.js'
import type { ProduceResult } from '../services/produce.js'
import type { OutputMode } from './mode.js'
import { formatBytes } from './progress.js'
import { style } from './style.js'

const n = (x: number) => x.toLocaleString('en-US')

/** The summary produce prints on stderr: totals, rate, each partition, and every line not acknowledged. */
export function renderProduceSummary(result: ProduceResult, mode: OutputMode): string {
  const s = style(mode)
  const lines = [
    `${result.interrupted ? (result.signal === 'SIGTERM' ? 'terminated: ' : 'interrupted: ') : ''}produced ${n(result.acknowledged)} of ${n(result.records)} record${result.records === 1 ? '' : 's'} (${formatBytes(result.bytes)}) to ${result.topic} in ${formatDuration(result.durationMs)}: ${n(result.recordsPerSecond)} records/s, ${result.megabytesPerSecond} MB/s (acks=${result.acks}${result.idempotent ? ', idempotent' : ''}${result.compression !== 'none' ? `, ${result.compression}` : ''})`,
  ]
  for (const p of result.partitions) {
    const offsets = p.firstOffset === null ? '' : `, offsets ${p.firstOffset}-${p.lastOffset}`
    lines.push(`  partition ${p.partition}: ${n(p.records)} record${p.records === 1 ? '' : 's'}${offsets}`)
  }
  if (result.transaction) lines.push(`  transaction ${result.transaction.id}: ${result.transaction.outcome}`)
  if (result.interrupted) lines.push(`  input read up to line ${n(result.linesRead)}; the rest was not read`)
  for (const f of result.failures) {
    const where = f.partition === null ? '' : ` (partition ${f.partition})`
    const what = f.written === 'unknown' ? 'not acknowledged, may be written' : 'not written'
    lines.push(
      s.yellow(
        `  ${what}: ${n(f.count)} record${f.count === 1 ? '' : 's'}${where}, lines ${f.lines}: ${f.reason}`,
      ),
    )
  }
  return lines.join('\n')
}

export function renderConsumeSummary(result: ConsumeResult): string {
  const lines = [
    `consumed ${n(result.records)} record${result.records === 1 ? '' : 's'}${result.skipped > 0 ? ` (${n(result.skipped)} filtered out)` : ''} in ${formatDuration(result.durationMs)}${stopText(result.stoppedBy)}`,
  ]
  if (result.group) {
    const offsets = (list: ConsumeResult['committed']) =>
      list.map((c) => `${c.topic}-${c.partition}@${c.offset}`).join(' ')
    const commits = offsets(result.committed)
    const none = result.commitError === null ? 'nothing to commit' : 'nothing committed'
    lines.push(`  group ${result.group}: ${commits === '' ? none : `committed ${commits}`}`)
    if (result.notCommitted.length > 0)
      lines.push(
        `  group ${result.group}: written out but not committed ${offsets(result.notCommitted)}: ${result.commitError}`,
      )
  }
  return lines.join('\n')
}

function stopText(stop: ConsumeResult['stoppedBy']): string {
  switch (stop) {
    case 'max-messages':
      return ''
    case 'end':
      return ', at the end offsets'
    case 'idle':
      return ', idle timeout'
    case 'interrupted':
      return ', interrupted'
    case 'terminated':
      return ', terminated (SIGTERM)'
    case 'failed':
      return ', stopped by the error below'
    case 'output-closed':
      return ', output closed'
  }
}
