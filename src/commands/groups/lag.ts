import { Flags } from '@oclif/core'
import { ClusterCommand } from '../../base/command.js'
import { durationFlag, intFlag } from '../../base/flags.js'
import { groupSelectionFlags } from '../../base/group-flags.js'
import { stopExitCode } from '../../base/interrupt.js'
import { type Outcome, outcome } from '../../base/outcome.js'
import { parseDuration } from '../../core/duration.js'
import { ExitCode, type ExitCodeValue, groupNotFound, KtkError } from '../../core/errors.js'
import { SAFE_INT_MAX } from '../../core/flag-values.js'
import { TIME_LAG_NOTE } from '../../core/lag.js'
import { type LagLevel, renderLag, renderViolations } from '../../output/lag.js'
import { renderSample, renderWatchLine, renderWatchScreen } from '../../output/lag-watch.js'
import { enterFullScreen, leaveFullScreen, redrawScreen } from '../../output/terminal.js'
import { type LagResult, measureLag } from '../../services/lag.js'
import { type SampleResult, sampleLag, type WatchResult, watchLag } from '../../services/lag-watch.js'

export default class GroupsLag extends ClusterCommand<typeof GroupsLag> {
  static override summary = 'Consumer lag per partition, topic and group, in records and in time; CI gates.'
  static override description =
    `Every group when none is named. For each partition: LOG-START-OFFSET, the committed offset, LOG-END-OFFSET and LAG exactly as kafka-consumer-groups computes it, and lag in time:

TIME-LAG is the age of the oldest unconsumed record: now minus the timestamp of the first record at or after the committed offset, read from the partition leader (transaction markers and compacted-away offsets are skipped). TIME-BEHIND-NEWEST is how far that record is behind the partition's newest record. Both are 0 when nothing is left to consume. --no-time skips the reads.

Warnings go to stderr for committed offsets below the log start (records deleted before the group read them) and for assigned partitions with no committed offset.

CI gates: with --max-lag N or --max-lag-seconds S the command exits 3 when any partition is over a limit, and lists those partitions (on stderr, and under "violations" with --json). A named group that cannot be read (6 when not authorized) fails the run with its code, after the others are shown: a gate never passes over a group it did not see.

--watch refreshes every --interval: on a terminal a live screen (lag, change, trend, consume and produce rates per group, a history per group and a chart of the total lag); piped, one plain line per interval. Ctrl-C stops it (exit 130).

--sample N --interval D takes N measurements D apart and gives each partition and group a verdict with Burrow's rules: OK, WARN (the consumer moves but the lag never goes down), STALL (a member owns the partition but its offset does not move), STOP (no member owns it and the offset does not move), REWIND (the offset went back). Exit 3 when a group is not OK.`
  static override examples = [
    '<%= config.bin %> groups lag',
    '<%= config.bin %> groups lag -g orders-service --by topic',
    '<%= config.bin %> groups lag -g orders-service --max-lag 1000 --max-lag-seconds 60 || echo "consumer is behind"',
    '<%= config.bin %> groups lag --all-groups --json | jq ".groups[] | {group, lag, maxTimeLagMs}"',
    '<%= config.bin %> groups lag -g orders-service --watch --interval 2s',
    '<%= config.bin %> groups lag --sample 6 --interval 10s --by group',
  ]
  static override flags = {
    ...groupSelectionFlags,
    by: Flags.string({
      summary:
        'The level of the table: partition, topic or group (default: partitions; on a terminal also groups).',
      options: ['partition', 'topic', 'group'],
    }),
    'max-lag': intFlag({
      summary: 'Exit 3 when any partition lags by more than this many records.',
      min: 0,
      max: SAFE_INT_MAX,
      exclusive: ['watch', 'sample'],
    }),
    'max-lag-seconds': Flags.string({
      summary: 'Exit 3 when any partition’s TIME-LAG is more than this many seconds.',
      exclusive: ['watch', 'sample'],
    }),
    watch: Flags.boolean({ summary: 'Refresh every --interval until Ctrl-C.', exclusive: ['sample'] }),
    sample: intFlag({
      summary: "Take N samples --interval apart and judge each partition with Burrow's rules.",
      min: 2,
      max: 1_000_000,
      exclusive: ['watch'],
    }),
    interval: durationFlag({ summary: 'Time between refreshes or samples, e.g. 5s, 1m.', default: '5s' }),
    time: Flags.boolean({
      summary: 'Measure lag in time (--no-time: records only, no reads).',
      default: true,
      allowNo: true,
    }),
  }

  async run(): Promise<Outcome<LagResult | WatchResult | SampleResult>> {
    const maxLagSeconds = parseSeconds(this.flags['max-lag-seconds'])
    if (maxLagSeconds !== undefined && !this.flags.time) {
      throw new KtkError('USAGE', '--max-lag-seconds needs lag in time: drop --no-time')
    }
    const selection = { groups: this.flags.group ?? [], allGroups: this.flags['all-groups'] }
    if (this.flags.watch) return this.watch(selection)
    if (this.flags.sample !== undefined) return this.sample(selection, this.flags.sample)
    const result = await measureLag(await this.gateway(), selection, {
      limits: { maxLag: this.flags['max-lag'], maxLagSeconds },
      time: this.flags.time,
    })
    return outcome(result, this.report(result))
  }

  private intervalMs(): number {
    const ms = parseDuration(this.flags.interval, '--interval')
    if (ms < 100) throw new KtkError('USAGE', '--interval must be at least 100ms')
    return ms
  }

  /** Ctrl-C or SIGTERM stops the watch (the work so far is kept); the command exits 130 or 143. */
  private async watch(selection: { groups: string[]; allGroups: boolean }): Promise<Outcome<WatchResult>> {
    const intervalMs = this.intervalMs()
    const gateway = await this.gateway()
    const screen = this.mode.tty && !this.jsonEnabled()
    let last = ''
    if (screen) this.streams.stdout.write(enterFullScreen())
    const stop = this.interruption()
    try {
      const result = await watchLag(gateway, selection, {
        limits: {},
        time: this.flags.time,
        intervalMs,
        signal: stop.signal,
        onFrame: (frame) => {
          if (this.jsonEnabled()) return
          if (!screen) {
            this.print(renderWatchLine(frame))
            return
          }
          last = renderWatchScreen(frame, this.mode, intervalMs)
          this.streams.stdout.write(redrawScreen(last))
        },
      })
      return outcome(result, stopExitCode(stop.cause))
    } finally {
      stop.dispose()
      if (screen) {
        // Back to the normal screen, with the last frame on it.
        this.streams.stdout.write(leaveFullScreen())
        if (last !== '') this.streams.stdout.write(`${last}\n`)
      }
    }
  }

  private async sample(
    selection: { groups: string[]; allGroups: boolean },
    samples: number,
  ): Promise<Outcome<SampleResult>> {
    const intervalMs = this.intervalMs()
    const gateway = await this.gateway()
    const stop = this.interruption()
    let result: SampleResult
    try {
      result = await sampleLag(gateway, selection, {
        samples,
        intervalMs,
        signal: stop.signal,
        onSample: (n) => {
          if (this.errMode.tty && !this.quiet)
            this.streams.stderr.write(`\rsample ${n}/${samples}${n === samples ? '\n' : ''}`)
        },
      })
    } finally {
      stop.dispose()
    }
    const stopped = stopExitCode(stop.cause)
    if (result.taken < 2) {
      this.note('Interrupted before two samples: no verdict.')
      return outcome(result, stopped)
    }
    if (result.groups.length > 0) {
      this.print(renderSample(result, this.mode, this.flags.by === 'group' ? 'group' : 'partition'))
    }
    if (result.missing.length > 0) {
      throw groupNotFound(result.missing)
    }
    const bad = result.groups.filter((g) => g.status !== 'OK')
    let exit = stopped
    if (bad.length > 0 && stopped === ExitCode.ok) {
      this.note(`${bad.map((g) => `${g.group}: ${g.status} (${g.worst})`).join('; ')}`)
      exit = ExitCode.checkFailed
    }
    return outcome(result, this.reportFailures(result.failed, result.groups.length === 0) ?? exit)
  }

  /** Prints the lag and returns the exit code: 3 over a limit, a failed group's code over that. */
  private report(result: LagResult): ExitCodeValue {
    for (const w of result.warnings) this.warning(w.message)
    if (result.partitions.length > 0 || result.groups.length > 0) {
      this.print(renderLag(result, this.mode, this.flags.by as LagLevel | undefined))
    } else if (result.missing.length === 0 && result.failed.length === 0) {
      this.note('(no consumer groups with partitions)')
    }
    if (result.timeLagMethod && result.partitions.length > 0 && !this.jsonEnabled()) {
      this.note(TIME_LAG_NOTE)
    }
    if (result.missing.length > 0) {
      throw groupNotFound(result.missing)
    }
    if (result.violations.length > 0) {
      for (const line of renderViolations(result.violations, result.limits))
        this.note(`over the limit: ${line}`)
      if (!this.jsonEnabled() || this.errMode.tty) {
        this.streams.stderr.write(`${result.violations.length} partition(s) over the lag limit\n`)
      }
    }
    const exit = result.violations.length > 0 ? ExitCode.checkFailed : ExitCode.ok
    // A group that could not be read leaves the picture (and any gate) incomplete: that exit code wins.
    return (
      this.reportFailures(result.failed, result.groups.length === 0 && result.partitions.length === 0) ?? exit
    )
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
