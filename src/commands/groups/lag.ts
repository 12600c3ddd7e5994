import { Flags } from '@oclif/core'
import { ClusterCommand } from '../../base/command.js'
import { groupSelectionFlags } from '../../base/group-flags.js'
import { ExitCode, KtkError } from '../../core/errors.js'
import { TIME_LAG_NOTE } from '../../core/lag.js'
import { type LagLevel, renderLag, renderViolations } from '../../output/lag.js'
import { type LagResult, measureLag } from '../../services/lag.js'

export default class GroupsLag extends ClusterCommand<typeof GroupsLag> {
  static override summary = 'Consumer lag per partition, topic and group, in records and in time; CI gates.'
  static override description =
    `Every group when none is named. For each partition: LOG-START-OFFSET, the committed offset, LOG-END-OFFSET and LAG exactly as kafka-consumer-groups computes it, and lag in time:

TIME-LAG is the age of the oldest unconsumed record: now minus the timestamp of the first record at or after the committed offset, read from the partition leader (transaction markers and compacted-away offsets are skipped). TIME-BEHIND-NEWEST is how far that record is behind the partition's newest record. Both are 0 when nothing is left to consume. --no-time skips the reads.

Warnings go to stderr for committed offsets below the log start (records deleted before the group read them) and for assigned partitions with no committed offset.

CI gates: with --max-lag N or --max-lag-seconds S the command exits 3 when any partition is over a limit, and lists those partitions (on stderr, and under "violations" with --json).`
  static override examples = [
    '<%= config.bin %> groups lag',
    '<%= config.bin %> groups lag -g orders-service --by topic',
    '<%= config.bin %> groups lag -g orders-service --max-lag 1000 --max-lag-seconds 60 || echo "consumer is behind"',
    '<%= config.bin %> groups lag --all-groups --json | jq ".groups[] | {group, lag, maxTimeLagMs}"',
  ]
  static override flags = {
    ...groupSelectionFlags,
    by: Flags.string({
      summary:
        'The level of the table: partition, topic or group (default: partitions; on a terminal also groups).',
      options: ['partition', 'topic', 'group'],
    }),
    'max-lag': Flags.integer({
      summary: 'Exit 3 when any partition lags by more than this many records.',
      min: 0,
    }),
    'max-lag-seconds': Flags.string({
      summary: 'Exit 3 when any partition’s TIME-LAG is more than this many seconds.',
    }),
    time: Flags.boolean({
      summary: 'Measure lag in time (--no-time: records only, no reads).',
      default: true,
      allowNo: true,
    }),
  }

  async run(): Promise<LagResult> {
    const maxLagSeconds = parseSeconds(this.flags['max-lag-seconds'])
    if (maxLagSeconds !== undefined && !this.flags.time) {
      throw new KtkError('USAGE', '--max-lag-seconds needs lag in time: drop --no-time')
    }
    const result = await measureLag(
      await this.gateway(),
      { groups: this.flags.group ?? [], allGroups: this.flags['all-groups'] },
      { limits: { maxLag: this.flags['max-lag'], maxLagSeconds }, time: this.flags.time },
    )
    this.report(result)
    return result
  }

  private report(result: LagResult): void {
    for (const w of result.warnings) this.warning(w.message)
    for (const f of result.failed) this.warning(`cannot read group "${f.group}": ${f.message}`)
    if (result.partitions.length > 0 || result.groups.length > 0) {
      this.print(renderLag(result, this.mode, this.flags.by as LagLevel | undefined))
    } else if (result.missing.length === 0) {
      this.note('(no consumer groups with partitions)')
    }
    if (result.timeLagMethod && result.partitions.length > 0 && !this.jsonEnabled()) {
      this.note(TIME_LAG_NOTE)
    }
    if (result.missing.length > 0) {
      throw new KtkError(
        'GROUP_NOT_FOUND',
        `consumer group ${result.missing.map((g) => `"${g}"`).join(', ')} does not exist`,
        { hints: ['list groups with: ktk groups list'] },
      )
    }
    if (result.violations.length > 0) {
      for (const line of renderViolations(result.violations, result.limits))
        this.note(`over the limit: ${line}`)
      if (!this.jsonEnabled() || this.errMode.tty) {
        process.stderr.write(`${result.violations.length} partition(s) over the lag limit\n`)
      }
      process.exitCode = ExitCode.checkFailed
    }
  }
}

function parseSeconds(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const n = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new KtkError('USAGE', `--max-lag-seconds "${raw}" is not a number of seconds`)
  }
  return n
}
