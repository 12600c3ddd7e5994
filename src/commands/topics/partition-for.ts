import { Flags } from '@oclif/core'
import { ClusterCommand } from '../../base/command.js'
import { intFlag } from '../../base/flags.js'
import { readStdinLines } from '../../base/stdin.js'
import { KtkError } from '../../core/errors.js'
import { INT32_MAX } from '../../core/flag-values.js'
import { partitionForKey } from '../../core/partitioner.js'
import { renderTable } from '../../output/table.js'
import { resolveTopics } from '../../services/topic-selection.js'

export interface PartitionForResult {
  topic: string | null
  partitions: number
  keys: { key: string; partition: number }[]
}

export default class TopicsPartitionFor extends ClusterCommand<typeof TopicsPartitionFor> {
  static override summary = "Show the partition the Java client's default partitioner picks for a key."
  static override description =
    `murmur2 of the key bytes, made positive, modulo the partition count: what Kafka's Java producer (and kafkajs's default partitioner) does for a record with a key. Give keys with --key, or one per line on stdin. With --partitions N no cluster is needed.`
  static override examples = [
    '<%= config.bin %> topics partition-for --key customer-42 --topic prod.retail.order_placed.v1',
    '<%= config.bin %> topics partition-for --key a --key b --partitions 12',
    'cut -d, -f1 orders.csv | <%= config.bin %> topics partition-for --partitions 12 --json',
  ]
  static override flags = {
    key: Flags.string({
      char: 'k',
      summary: 'A key. Repeatable; without it keys are read from stdin, one per line.',
      multiple: true,
    }),
    topic: Flags.string({
      char: 't',
      summary: 'Topic whose partition count to use.',
      exclusive: ['partitions'],
    }),
    partitions: intFlag({
      min: 1,
      max: INT32_MAX,
      code: 'INVALID_PARTITIONS',
      char: 'p',
      summary: 'Partition count to use, without asking a cluster.',
      exclusive: ['topic'],
    }),
    'key-encoding': Flags.string({
      summary: 'How keys are written: utf8 text, or the bytes in hex or base64.',
      options: ['utf8', 'hex', 'base64'],
      default: 'utf8',
    }),
  }

  async run(): Promise<PartitionForResult> {
    if (!this.flags.topic && this.flags.partitions === undefined) {
      throw new KtkError('USAGE', 'give --topic T (to read its partition count) or --partitions N', {
        hints: ['ktk topics partition-for --key K --partitions 12'],
      })
    }
    if (this.flags.partitions !== undefined && this.flags.partitions < 1) {
      throw new KtkError(
        'INVALID_PARTITIONS',
        `--partitions must be at least 1, got ${this.flags.partitions}`,
      )
    }
    let keys = this.flags.key ?? []
    if (keys.length === 0) {
      if (process.stdin.isTTY)
        throw new KtkError('USAGE', 'give --key K, or pipe keys on stdin, one per line')
      keys = await readStdinLines()
    }
    const encoding = this.flags['key-encoding'] as BufferEncoding
    const bytes = keys.map((k) => {
      if (encoding === 'hex' && !/^(?:[0-9a-fA-F]{2})*$/.test(k))
        throw new KtkError('USAGE', `key "${k}" is not hex`)
      return Buffer.from(k, encoding)
    })

    let partitions = this.flags.partitions
    if (partitions === undefined) {
      const [topic] = resolveTopics(await (await this.gateway()).listTopics(), {
        names: [this.flags.topic!],
        patterns: [],
        excludeInternal: false,
        ifExists: false,
      })
      partitions = topic!.partitions.length
    }
    const count = partitions
    const result: PartitionForResult = {
      topic: this.flags.topic ?? null,
      partitions: count,
      keys: keys.map((key, i) => ({ key, partition: partitionForKey(bytes[i]!, count) })),
    }
    this.print(
      renderTable(
        [{ header: 'KEY' }, { header: 'PARTITION', align: 'right' }],
        result.keys.map((k) => [k.key, k.partition]),
        this.mode,
      ),
    )
    return result
  }
}
