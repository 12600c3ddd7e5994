import { fstatSync } from 'node:fs'
import { Flags } from '@oclif/core'
import { ClusterCommand } from '../base/command.js'
import { asKtkError, isBrokenPipe, redactError } from '../base/error-report.js'
import { checkedString, durationFlag, intFlag, kafkaIdFlag, topicNameFlag } from '../base/flags.js'
import { type Interruption, stopExitCode } from '../base/interrupt.js'
import { type Outcome, outcome } from '../base/outcome.js'
import { parseDuration } from '../core/duration.js'
import { parseHeaderArg } from '../core/envelope.js'
import { usageError } from '../core/errors.js'
import { compileRegex, parsePartitionList, SAFE_INT_MAX } from '../core/flag-values.js'
import { type IsolationLevel, type StartSpec, VALUE_ENCODINGS, type ValueEncoding } from '../core/records.js'
import { parseOffsetSpec, parseTimeSpec } from '../core/time-spec.js'
import { parseWhere } from '../core/where.js'
import { renderProgress } from '../output/progress.js'
import { renderConsumeSummary } from '../output/records.js'
import { clearLine, rewriteLine } from '../output/terminal.js'
import { type ConsumeResult, consumeRecords, type RecordSink } from '../services/consume.js'

const DEFAULT_COMMIT_INTERVAL_MS = 5000

export default class Consume extends ClusterCommand<typeof Consume> {
  static override summary = 'Consume records to stdout: values, JSON envelopes or a kcat-style format.'
  static override description =
    `Without a group, reads every partition of the topics from the latest offset (or --from-beginning, --offset, --from-time). With --group, joins the consumer group, starts from its committed offsets, and commits only records that were written out: -n N writes and commits exactly N records, and a closed pipe (| head) or Ctrl-C commits what was written before it.

Values are written as their raw bytes, one per line; --output jsonl writes JSON envelopes that \`ktk produce --input jsonl\` reads back byte for byte (binary keys, values and headers included, null values as null).

With --group, what was written out is also committed every --commit-interval (5s), so a consumer killed outright leaves its group at most that far behind.

Exit 0 at the end (-n reached, -e at the end offsets, --idle-timeout, or the reader of stdout went away); 130 after Ctrl-C, 143 after SIGTERM (both commit what was written and print the summary); 7 when no broker answers for --timeout (with the summary of what was written and committed).`
  static override strict = false
  static override topicNameArguments = true
  static override examples = [
    '<%= config.bin %> consume orders --from-beginning -e',
    '<%= config.bin %> consume orders --group billing -n 100',
    '<%= config.bin %> consume orders --group billing | head -n 5   # commits only what was written',
    "<%= config.bin %> consume orders --offset -10 --format '%p:%o %k=%v\\n'",
    '<%= config.bin %> consume orders --from-time -1h --where \'total_price > 100 and currency == "EUR"\'',
    '<%= config.bin %> consume orders --from-beginning -e --output jsonl --value-encoding base64 > orders.jsonl',
  ]
  static override flags = {
    topic: topicNameFlag({
      char: 't',
      summary: 'A topic to read (or give topics as arguments). Repeatable.',
      multiple: true,
    }),
    group: kafkaIdFlag({
      char: 'g',
      summary: 'Consumer group: start from its commits, commit what is written out.',
    }),
    'from-beginning': Flags.boolean({
      summary: 'Start at the earliest offset (with --group: where the group has no committed offset).',
    }),
    offset: checkedString((value) => parseOffsetSpec(value))({
      char: 'o',
      summary: 'Start at earliest, latest, an offset N, or -N: the last N records of each partition.',
    }),
    'from-time': checkedString((value, flag) => parseTimeSpec(value, Date.now(), flag))({
      summary: 'Start at the first record at or after this time: ISO 8601 or relative (-1h).',
    }),
    'to-time': checkedString((value, flag) => parseTimeSpec(value, Date.now(), flag))({
      summary: 'Stop before the first record after this time: ISO 8601 or relative (-10m).',
    }),
    partition: checkedString(parsePartitionList)({
      char: 'p',
      summary: 'Only these partitions, e.g. 0 or 0,2,5. Repeatable.',
      multiple: true,
    }),
    'max-messages': intFlag({
      char: 'n',
      summary: 'Stop after writing exactly N records.',
      min: 1,
      max: SAFE_INT_MAX,
    }),
    'exit-at-end': Flags.boolean({
      char: 'e',
      summary: 'Stop at the end offsets each partition had at start.',
    }),
    'idle-timeout': durationFlag({ summary: 'Stop when no record arrives for this long, e.g. 10s.' }),
    'isolation-level': Flags.string({
      summary: 'read_committed hides records of aborted and open transactions.',
      options: ['read_uncommitted', 'read_committed'],
      default: 'read_uncommitted',
    }),
    output: Flags.string({
      summary: 'text: each value on a line (or --format); jsonl: one JSON envelope per record.',
      options: ['text', 'jsonl'],
      default: 'text',
    }),
    format: Flags.string({
      char: 'f',
      summary:
        'kcat-style format: %t topic %p partition %o offset %k key %v value %T timestamp %h headers, \\n \\t.',
    }),
    grep: checkedString(compileRegex)({
      summary: 'Only records whose key or value matches this regular expression.',
    }),
    'header-filter': Flags.string({
      summary: 'Only records with this header, key=value. Repeatable.',
      multiple: true,
    }),
    where: checkedString((value) => parseWhere(value))({
      summary:
        'Only records whose JSON value matches, e.g. \'total_price > 100 and customer.country == "DE"\'.',
    }),
    'key-encoding': Flags.string({
      summary: 'jsonl: how keys are written (utf8 falls back to base64 for bytes that are not UTF-8).',
      options: [...VALUE_ENCODINGS],
      default: 'utf8',
    }),
    'value-encoding': Flags.string({
      summary: 'jsonl: how values and header values are written.',
      options: [...VALUE_ENCODINGS],
      default: 'utf8',
    }),
    'commit-interval': durationFlag({
      summary:
        'With --group: commit what has been written out this often, e.g. 1s (default 5s), besides at the end.',
    }),
  }

  private outputClosed = false
  private stop: Interruption | undefined

  /** A closed stdout ends the loop gracefully (it commits what was written), then exits 0. */
  protected override onBrokenPipe(): void {
    this.outputClosed = true
    this.stop?.outputClosed()
  }

  async run(): Promise<Outcome<ConsumeResult & { error?: unknown }>> {
    const f = this.flags
    const topics = [...this.argList, ...(f.topic ?? [])]
    if (topics.length === 0)
      throw usageError('give at least one topic', ['ktk consume orders --from-beginning'])
    const starts = [f['from-beginning'], f.offset !== undefined, f['from-time'] !== undefined].filter(
      Boolean,
    ).length
    if (starts > 1) throw usageError('give at most one of --from-beginning, --offset and --from-time')
    if (f.group && (f.offset !== undefined || f['from-time'] !== undefined || f.partition)) {
      throw usageError(
        '--offset, --from-time and --partition cannot be used with --group (the group decides)',
        ['move the group first with: kafka-consumer-groups --reset-offsets, or consume without --group'],
      )
    }
    if (f['max-messages'] !== undefined && f['max-messages'] < 1) throw usageError('-n must be at least 1')
    if (f.output === 'jsonl' && f.format !== undefined) throw usageError('--format is for --output text')
    const now = Date.now()
    let start: StartSpec = { kind: 'latest' }
    if (f['from-beginning']) start = { kind: 'earliest' }
    if (f.offset !== undefined) start = parseOffsetSpec(f.offset)
    if (f['from-time'] !== undefined)
      start = { kind: 'time', timestamp: parseTimeSpec(f['from-time'], now, '--from-time') }
    const toTime = f['to-time'] !== undefined ? parseTimeSpec(f['to-time'], now, '--to-time') : undefined
    if (toTime !== undefined && start.kind === 'time' && toTime < start.timestamp)
      throw usageError('--to-time is earlier than --from-time: no record can be in between')
    const partitions = f.partition?.flatMap((p) =>
      p.split(',').map((x) => {
        if (!/^\d+$/.test(x.trim())) throw usageError(`--partition "${p}" is not a partition number or list`)
        return Number(x)
      }),
    )
    if (f['commit-interval'] !== undefined && !f.group)
      throw usageError('--commit-interval is for --group (without a group nothing is committed)')
    const commitIntervalMs =
      f['commit-interval'] === undefined
        ? DEFAULT_COMMIT_INTERVAL_MS
        : parseDuration(f['commit-interval'], '--commit-interval')
    const idleTimeoutMs =
      f['idle-timeout'] !== undefined ? parseDuration(f['idle-timeout'], '--idle-timeout') : null
    let grep: RegExp | undefined
    if (f.grep !== undefined) {
      try {
        grep = new RegExp(f.grep)
      } catch (error) {
        throw usageError(`--grep: ${(error as Error).message}`)
      }
    }

    const stop = this.interruption()
    this.stop = stop
    try {
      return await this.consume(f, {
        topics,
        partitions,
        start,
        toTime,
        grep,
        idleTimeoutMs,
        commitIntervalMs,
        stop,
      })
    } finally {
      stop.dispose()
    }
  }

  private async consume(
    f: typeof this.flags,
    o: {
      topics: string[]
      partitions: number[] | undefined
      start: StartSpec
      toTime: number | undefined
      grep: RegExp | undefined
      idleTimeoutMs: number | null
      commitIntervalMs: number
      stop: Interruption
    },
  ): Promise<Outcome<ConsumeResult & { error?: unknown }>> {
    const showProgress = this.showsProgress() && (f['max-messages'] !== undefined || f['exit-at-end'])
    const started = Date.now()
    const { result, failure } = await consumeRecords(
      await this.gateway(),
      {
        topics: o.topics,
        partitions: o.partitions,
        group: f.group,
        start: o.start,
        exitAtEnd: f['exit-at-end'],
        toTime: o.toTime,
        isolationLevel: f['isolation-level'] as IsolationLevel,
        maxMessages: f['max-messages'] ?? null,
        idleTimeoutMs: o.idleTimeoutMs,
        output: f.output as 'text' | 'jsonl',
        format: f.format ?? null,
        keyEncoding: f['key-encoding'] as ValueEncoding,
        valueEncoding: f['value-encoding'] as ValueEncoding,
        filter: {
          grep: o.grep,
          headers: (f['header-filter'] ?? []).map((h) => parseHeaderArg(h, '--header-filter')),
          where: f.where !== undefined ? parseWhere(f.where) : undefined,
        },
        collect: this.jsonEnabled(),
        maxBufferedBytes: 8 * 1024 * 1024,
        commitIntervalMs: o.commitIntervalMs,
      },
      this.stdoutSink(),
      {
        signal: o.stop.signal,
        debug: f.debug ? (line) => this.debugLog(line) : undefined,
        onStartMoved: (m) =>
          this.warning(
            `${m.topic}-${m.partition}: offset ${m.asked} is ${m.asked < m.earliest ? `before the start of the log (${m.earliest})` : `past its end (${m.latest})`}; starting at ${m.start}`,
          ),
        onProgress: showProgress
          ? (done, total) =>
              this.streams.stderr.write(
                rewriteLine(
                  renderProgress({
                    done,
                    total,
                    unit: 'records',
                    elapsedMs: Date.now() - started,
                    width: this.errMode.width,
                  }),
                ),
              )
          : undefined,
      },
    )
    if (showProgress) this.streams.stderr.write(clearLine())
    this.note(renderConsumeSummary(result))
    // After a signal the exit code says so (130, 143); a commit that failed then is in the summary.
    const signalled = result.stoppedBy === 'interrupted' || result.stoppedBy === 'terminated'
    if (signalled) return outcome(result, stopExitCode(o.stop.cause))
    if (failure === undefined) return outcome(result)
    const error = redactError(asKtkError(failure, this.id))
    if (!this.jsonEnabled()) throw error
    return outcome(
      {
        ...result,
        error: { code: error.code, message: error.message, exit: error.exit, hints: error.hints },
      },
      error.exit,
    )
  }

  private stdoutSink(): RecordSink {
    let pipe = false
    try {
      pipe = fstatSync(1).isFIFO()
    } catch {}
    return {
      pipe,
      write: (chunk) =>
        new Promise((resolve) => {
          if (this.outputClosed) {
            resolve(false)
            return
          }
          this.streams.stdout.write(chunk, (error) => {
            if (error && isBrokenPipe(error)) this.outputClosed = true
            resolve(!error)
          })
        }),
    }
  }
}
