import { createReadStream, statSync } from 'node:fs'
import { Args, Flags } from '@oclif/core'
import { ClusterCommand } from '../base/command.js'
import { durationFlag, intFlag, kafkaIdFlag, topicNameFlag } from '../base/flags.js'
import type { Interruption } from '../base/interrupt.js'
import { type Outcome, outcome } from '../base/outcome.js'
import { parseDuration } from '../core/duration.js'
import { parseHeaderArg } from '../core/envelope.js'
import { quoted, usageError } from '../core/errors.js'
import { checkTopicName, INT32_MAX } from '../core/flag-values.js'
import {
  type Acks,
  COMPRESSIONS,
  type Compression,
  VALUE_ENCODINGS,
  type ValueEncoding,
} from '../core/records.js'
import { renderProgress } from '../output/progress.js'
import { renderProduceSummary } from '../output/records.js'
import { clearLine, rewriteLine } from '../output/terminal.js'
import { type ProduceResult, produceFailure, produceRecords } from '../services/produce.js'

export default class Produce extends ClusterCommand<typeof Produce> {
  static override summary = 'Produce records from stdin or a file: one per line, or JSON envelopes.'
  static override description =
    `Every input line is a record (or, with --input jsonl, a JSON envelope {key, value, headers, partition, timestamp}). Keys go to the partition Kafka's Java producer picks (murmur2); records without a key fill one partition's batch, then the next.

Exact by default: acks=all and an idempotent producer, so a record resent after a leader change or a lost answer is written once. The summary on stderr (or --json) accounts for every input line: acknowledged, per partition and offset, or listed by line number with the reason. Any record not acknowledged makes the exit code non-zero (130 after Ctrl-C and 143 after SIGTERM, which stop reading, wait for the records already sent, and report the rest; 2 for input lines that are not records, such as an envelope with an unknown field).

Input is streamed: memory stays bounded whatever its size. With --transactional-id the whole input is one transaction, committed only if every record was acknowledged, aborted otherwise.`
  static override examples = [
    'echo hello | <%= config.bin %> produce orders',
    "<%= config.bin %> produce orders --file orders.txt --key-separator ':'",
    '<%= config.bin %> consume orders --from-beginning -e --output jsonl | <%= config.bin %> produce orders-copy --input jsonl',
    'cut -f1 deleted-users.tsv | <%= config.bin %> produce users --null-value  # tombstones for these keys',
    '<%= config.bin %> produce events --file events.jsonl --input jsonl --compression zstd --json',
    '<%= config.bin %> produce payments --file batch.txt --transactional-id payments-import',
  ]
  static override args = {
    topic: Args.string({
      description: 'Topic to write to (or --topic).',
      parse: async (input) => checkTopicName(input, 'topic'),
    }),
  }
  static override flags = {
    topic: topicNameFlag({ char: 't', summary: 'Topic to write to (instead of the argument).' }),
    file: Flags.string({
      summary: 'Read records from this file instead of stdin (shows progress on a terminal).',
    }),
    input: Flags.string({
      summary: 'Input format: lines (one value per line) or jsonl (one JSON envelope per line).',
      options: ['lines', 'jsonl'],
      default: 'lines',
    }),
    'key-separator': Flags.string({
      char: 'K',
      summary:
        "Split each line at the first SEP into key and value, like kafka-console-producer's parse.key.",
    }),
    key: Flags.string({ char: 'k', summary: 'The key of every record.' }),
    'null-value': Flags.boolean({
      summary: 'Tombstones: every value is null; each line (or its part before --key-separator) is the key.',
    }),
    header: Flags.string({
      char: 'H',
      summary: 'A header key=value on every record. Repeatable.',
      multiple: true,
    }),
    partition: intFlag({
      char: 'p',
      summary: 'Write every record to this partition.',
      min: 0,
      max: INT32_MAX,
    }),
    acks: Flags.string({
      summary: 'Acknowledgements to wait for: all (every in-sync replica), 1 (the leader), 0 (none).',
      options: ['all', '-1', '1', '0'],
      default: 'all',
    }),
    idempotence: Flags.boolean({
      summary:
        'Idempotent producer (acks=all only): resent batches are written once. --no-idempotence to turn off.',
      default: true,
      allowNo: true,
    }),
    compression: Flags.string({
      char: 'z',
      aliases: ['compression-codec'],
      summary: 'Compression of record batches.',
      options: [...COMPRESSIONS],
      default: 'none',
    }),
    'transactional-id': kafkaIdFlag({ summary: 'Write the whole input as one transaction with this id.' }),
    'transaction-timeout': durationFlag({
      summary: "How long the transaction may stay open (the broker's transaction.max.timeout.ms caps it).",
      default: '1m',
    }),
    'key-encoding': Flags.string({
      summary: 'How keys are written in the input: utf8 (the bytes as they are), base64 or hex.',
      options: [...VALUE_ENCODINGS],
      default: 'utf8',
    }),
    'value-encoding': Flags.string({
      summary: 'How values (and jsonl header values) are written in the input: utf8, base64 or hex.',
      options: [...VALUE_ENCODINGS],
      default: 'utf8',
    }),
    'batch-size': intFlag({
      summary: "Largest record batch in bytes (a batch the topic's max.message.bytes refuses is split).",
      default: 1_000_000,
      min: 1024,
      max: INT32_MAX,
    }),
    linger: durationFlag({
      summary: 'How long a partial batch waits for more records, e.g. 5ms.',
      default: '5ms',
      min: 0,
    }),
    'delivery-timeout': durationFlag({
      summary: 'How long a record may wait for its acknowledgement, retries included.',
      default: '2m',
    }),
  }

  async run(): Promise<ProduceResult | Outcome<ProduceResult & { error?: unknown }>> {
    const topic = this.args.topic ?? this.flags.topic
    if (!topic)
      throw usageError('give the topic as an argument or with --topic', ['ktk produce orders < orders.txt'])
    if (this.args.topic && this.flags.topic && this.args.topic !== this.flags.topic)
      throw usageError('give the topic once: as an argument or with --topic')
    const f = this.flags
    if (f.key !== undefined && f['key-separator'] !== undefined)
      throw usageError('--key and --key-separator cannot be used together')
    if (f['key-separator'] === '') throw usageError('--key-separator cannot be empty')
    if (f.input === 'jsonl' && (f.key !== undefined || f['key-separator'] !== undefined || f['null-value']))
      throw usageError(
        '--key, --key-separator and --null-value are for line input; jsonl envelopes carry keys and values',
      )
    if (f['batch-size'] < 1024) throw usageError('--batch-size must be at least 1024 bytes')
    const acks = (f.acks === '-1' ? 'all' : f.acks) as Acks
    if (f['transactional-id'] !== undefined && acks !== 'all')
      throw usageError('--transactional-id needs --acks all')
    // --idempotence is on by default and then quietly off below acks=all; asked for by name, it is an error.
    if (acks !== 'all' && this.argv.includes('--idempotence'))
      throw usageError(`--idempotence needs --acks all (got --acks ${f.acks})`, [
        'leave out --idempotence, or use --acks all',
      ])
    const transactionTimeoutMs = parseDuration(f['transaction-timeout'], '--transaction-timeout')
    const lingerMs = parseDuration(f.linger, '--linger')
    const deliveryTimeoutMs = parseDuration(f['delivery-timeout'], '--delivery-timeout')
    const input = this.openInput(f.file)

    const stop = this.interruption()
    try {
      return await this.produce(topic, acks, input, stop, {
        transactionTimeoutMs,
        lingerMs,
        deliveryTimeoutMs,
      })
    } finally {
      stop.dispose()
    }
  }

  private async produce(
    topic: string,
    acks: Acks,
    input: { chunks: AsyncIterable<Buffer>; totalBytes: number | null },
    stop: Interruption,
    durations: { transactionTimeoutMs: number; lingerMs: number; deliveryTimeoutMs: number },
  ): Promise<ProduceResult | Outcome<ProduceResult & { error?: unknown }>> {
    const f = this.flags
    const gateway = await this.gateway()
    const started = Date.now()
    const showProgress = this.showsProgress() && input.totalBytes !== null
    const result = await produceRecords(
      gateway,
      {
        topic,
        input: f.input as 'lines' | 'jsonl',
        lineMode: {
          keySeparator: f['key-separator'] !== undefined ? Buffer.from(f['key-separator'], 'utf8') : null,
          fixedKey: f.key !== undefined ? Buffer.from(f.key, 'utf8') : null,
          nullValue: f['null-value'],
          headers: (f.header ?? []).map((h) => {
            const { key, value } = parseHeaderArg(h, '--header')
            return { key, value: Buffer.from(value, 'utf8') }
          }),
          partition: f.partition,
          keyEncoding: f['key-encoding'] as ValueEncoding,
          valueEncoding: f['value-encoding'] as ValueEncoding,
        },
        keyEncoding: f['key-encoding'] as ValueEncoding,
        valueEncoding: f['value-encoding'] as ValueEncoding,
        acks,
        idempotent: f.idempotence,
        transactionalId: f['transactional-id'] ?? null,
        transactionTimeoutMs: durations.transactionTimeoutMs,
        compression: f.compression as Compression,
        batchBytes: f['batch-size'],
        lingerMs: durations.lingerMs,
        maxBufferedBytes: Math.max(32 * 1024 * 1024, f['batch-size'] * 8),
        requestTimeoutMs: (await this.connection()).timeoutMs,
        deliveryTimeoutMs: durations.deliveryTimeoutMs,
      },
      input,
      {
        signal: stop.signal,
        onProgress: showProgress
          ? (p) =>
              this.streams.stderr.write(
                rewriteLine(
                  renderProgress({
                    done: p.bytesRead,
                    total: p.totalBytes,
                    unit: 'bytes',
                    elapsedMs: Date.now() - started,
                    width: this.errMode.width,
                  }),
                ),
              )
          : undefined,
      },
    )
    if (showProgress) this.streams.stderr.write(clearLine())
    // After Ctrl-C stdin may still be open (a terminal, a writer that goes on): stop reading it.
    if (f.file === undefined) process.stdin.destroy()
    const failure = produceFailure(result)
    if (this.jsonEnabled()) {
      if (!failure) return result
      return outcome(
        {
          ...result,
          error: { code: failure.code, message: failure.message, exit: failure.exit, hints: failure.hints },
        },
        failure.exit,
      )
    }
    this.summary(renderProduceSummary(result, this.errMode))
    if (failure) throw failure
    return result
  }

  private openInput(file: string | undefined): { chunks: AsyncIterable<Buffer>; totalBytes: number | null } {
    if (file === undefined) return { chunks: process.stdin as AsyncIterable<Buffer>, totalBytes: null }
    let size: number
    let directory = false
    try {
      const stat = statSync(file)
      directory = stat.isDirectory()
      size = stat.isFile() ? stat.size : -1
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      throw usageError(
        code === 'ENOENT'
          ? `--file ${quoted(file)}: no such file`
          : `--file ${quoted(file)}: cannot read it (${code ?? (error as Error).message})`,
      )
    }
    if (directory) throw usageError(`--file ${quoted(file)} is a directory, not a file`)
    return {
      chunks: createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>,
      totalBytes: size >= 0 ? size : null,
    }
  }
}
