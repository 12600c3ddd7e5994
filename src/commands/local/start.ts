import { Flags } from '@oclif/core'
import { KtkCommand } from '../../base/command.js'
import { durationFlag, intFlag } from '../../base/flags.js'
import { ContextStore, contextsPath } from '../../config/context-store.js'
import { parseDuration } from '../../core/duration.js'
import type { LocalStatus } from '../../local/cluster.js'
import { userLocalCluster } from '../../local/environment.js'
import { localContexts } from '../../local/local-contexts.js'
import { DEFAULT_KAFKA_VERSION, resolveKafkaVersion } from '../../local/versions.js'
import { renderLocalStatus } from '../../output/local.js'
import { type Repointed, registerContexts } from '../../services/contexts.js'

export default class LocalStart extends KtkCommand<typeof LocalStart> {
  static override summary = 'Start a real Apache Kafka (2.8 to 4.4) on this machine, without Docker.'
  static override description =
    `Runs Apache Kafka's own broker from its jars: $KAFKA_HOME/libs when KAFKA_HOME is set, otherwise jars that mvn downloads from Maven Central once into ~/.cache/ktk (later starts need no network). Needs Java 17+ for Kafka 4.x (11+ for 3.x, 8+ for 2.8), and mvn for the first download.

--kafka-version runs any Apache Kafka from 2.8 on (default ${DEFAULT_KAFKA_VERSION}, with share groups on): 3.7 and newer in KRaft mode, 2.8 to 3.6 in ZooKeeper mode, with a ZooKeeper from the same jars on port+100, started before the brokers and stopped after them.

Waits until every broker answers, then records the bootstrap address so other ktk commands reach the cluster with no flags, and registers it as the context \`local\` (without changing the current context). Data survives stop/start; --fresh discards it. --brokers 3 runs a real three-node quorum on loopback (ports port..port+2, controllers port+100..port+102).

--secure makes a cluster like a production one: SASL_PLAINTEXT on port, SASL_SSL on port+10 and SSL with required client certificates (mutual TLS) on port+20, and no unauthenticated listener; users admin (super user), alice and bob with random passwords (in files beside the data, mode 0600) for PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512, created at format time (in ZooKeeper mode: in ZooKeeper, with Kafka's ConfigCommand, before the first broker starts); OAUTHBEARER with Kafka's unsecured development tokens; a CA and certificates made with the JDK's keytool; and Kafka's StandardAuthorizer (AclAuthorizer in ZooKeeper mode), so ACLs are enforced. It registers the contexts local (admin), local-alice, local-bob (SASL_SSL, SCRAM-SHA-512) and local-mtls (alice by client certificate).`
  static override examples = [
    '<%= config.bin %> local start',
    '<%= config.bin %> local start --brokers 3',
    '<%= config.bin %> local start --kafka-version 3.9 --port 19092 --fresh',
    '<%= config.bin %> local start --kafka-version 2.8 --port 29092',
    '<%= config.bin %> local start --secure --fresh',
  ]
  static override flags = {
    'kafka-version': Flags.string({
      summary: `Apache Kafka version, 2.8.0 or newer (default ${DEFAULT_KAFKA_VERSION}); 4.4, 4.1, 3.9, 3.4 and 2.8 name the newest patch of each.`,
    }),
    brokers: Flags.integer({
      summary:
        'Number of nodes: broker+controller (KRaft), or brokers sharing one ZooKeeper (ZooKeeper mode).',
      options: ['1', '3'],
      default: 1,
    }),
    port: intFlag({ summary: 'Port of the first broker.', default: 9092, min: 1, max: 65_000 }),
    fresh: Flags.boolean({ summary: 'Discard the existing local cluster and its data first.' }),
    wait: durationFlag({ summary: 'How long to wait for the brokers to answer.', default: '120s' }),
    secure: Flags.boolean({
      summary:
        'SASL and TLS listeners, users admin/alice/bob, a keytool CA, ACLs enforced (see the description).',
    }),
  }

  async run(): Promise<
    LocalStatus & { contexts: string[]; currentContext: string | null; repointedContexts: Repointed[] }
  > {
    const cluster = userLocalCluster((message) => this.note(message))
    // Starting brokers cannot stop halfway: Ctrl-C exits at once, leaving what started running.
    this.interruption({
      signals: ['SIGINT'],
      exitAtOnce: true,
      onStop: () =>
        this.note(
          '\nInterrupted. Brokers already started keep running: see ktk local status, or stop them with ktk local stop.',
        ),
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
      secure: this.flags.secure || (!this.flags.fresh && Boolean(existing?.secure)),
    })
    const store = new ContextStore(contextsPath())
    const { registered, current, repointed } = registerContexts(store, localContexts(cluster.record!))
    this.print(renderLocalStatus(status, this.mode, registered))
    for (const r of repointed) {
      this.warning(
        `context ${r.name} now points to this cluster, ${r.to.join(',')}, instead of ${r.from.join(',')}`,
      )
    }
    const how =
      current === null
        ? 'ktk commands use it by default'
        : `use it with --context local (the current context is ${current})`
    this.note(
      `\nKafka ${status.version} is ready at ${status.bootstrap}; ${how}. Stop it with: ktk local stop`,
    )
    return { ...status, contexts: registered, currentContext: current, repointedContexts: repointed }
  }
}
