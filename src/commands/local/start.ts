import { Flags } from '@oclif/core'
import { KtkCommand } from '../../base/command.js'
import { parseDuration } from '../../core/duration.js'
import { ExitCode } from '../../core/errors.js'
import type { LocalStatus } from '../../local/cluster.js'
import { userLocalCluster } from '../../local/environment.js'
import { DEFAULT_KAFKA_VERSION, resolveKafkaVersion } from '../../local/versions.js'
import { renderLocalStatus } from '../../output/local.js'

export default class LocalStart extends KtkCommand<typeof LocalStart> {
  static override summary = 'Start a real Apache Kafka (KRaft) on this machine, without Docker.'
  static override description =
    `Runs Apache Kafka's own broker from its jars: $KAFKA_HOME/libs when KAFKA_HOME is set, otherwise jars that mvn downloads from Maven Central once into ~/.cache/ktk (later starts need no network). Needs Java 17+ (and mvn for the first download).

Waits until every broker answers, then records the bootstrap address so other ktk commands reach the cluster with no flags. Data survives stop/start; --fresh discards it. --brokers 3 runs a real three-node quorum on loopback (ports port..port+2, controllers port+100..port+102).`
  static override examples = [
    '<%= config.bin %> local start',
    '<%= config.bin %> local start --brokers 3',
    '<%= config.bin %> local start --kafka-version 3.9 --port 19092 --fresh',
  ]
  static override flags = {
    'kafka-version': Flags.string({
      summary: `Apache Kafka version (default ${DEFAULT_KAFKA_VERSION}; 4.1 and 3.9 are aliases).`,
    }),
    brokers: Flags.integer({
      summary: 'Number of broker+controller nodes.',
      options: ['1', '3'],
      default: 1,
    }),
    port: Flags.integer({ summary: 'Port of the first broker.', default: 9092 }),
    fresh: Flags.boolean({ summary: 'Discard the existing local cluster and its data first.' }),
    wait: Flags.string({ summary: 'How long to wait for the brokers to answer.', default: '120s' }),
  }

  async run(): Promise<LocalStatus> {
    const cluster = userLocalCluster((message) => this.note(message))
    process.once('SIGINT', () => {
      this.note(
        '\nInterrupted. Brokers already started keep running: see ktk local status, or stop them with ktk local stop.',
      )
      process.exit(ExitCode.interrupted)
    })
    const existing = cluster.record
    const version = resolveKafkaVersion(
      this.flags['kafka-version'] ?? (this.flags.fresh ? undefined : existing?.version),
    )
    const status = await cluster.start({
      version,
      brokers: this.flags.brokers,
      port: this.flags.port,
      fresh: this.flags.fresh,
      waitMs: parseDuration(this.flags.wait, '--wait'),
    })
    this.print(renderLocalStatus(status, this.mode))
    this.note(
      `\nKafka ${status.version} is ready at ${status.bootstrap}; ktk commands use it by default. Stop it with: ktk local stop`,
    )
    return status
  }
}
