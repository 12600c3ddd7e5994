import { Flags } from '@oclif/core'
import { KtkCommand } from '../../base/command.js'
import { intFlag } from '../../base/flags.js'
import { STRATEGIES, type Strategy } from '../../core/rebalance-sim.js'
import { renderSimulation } from '../../output/simulate.js'
import { runSimulation, type SimulateResult } from '../../services/simulate.js'

export default class GroupsSimulate extends KtkCommand<typeof GroupsSimulate> {
  static override summary =
    'Simulate consumer group rebalances offline: who gets which partitions after each join and leave.'
  static override description =
    `Members c1..cM, all subscribed to the same topics, then --events one by one, each followed by the rebalance it causes, shown as a table and as a picture of partitions per member (█ owned, + assigned in that rebalance, - revoked, · another member's). No cluster is needed.

range and roundrobin are Kafka's RangeAssignor and RoundRobinAssignor: the same members and topics give exactly the Java client's assignment (members are ordered as Kafka orders them, by member id as a string: c10 before c2). They are eager: every partition stops for each rebalance.

cooperative-sticky follows CooperativeStickyAssignor's protocol: partitions that stay are never revoked; those that must move are revoked in a first rebalance and assigned in a second. It guarantees balance (every member ends with floor(P/N) or ceil(P/N) partitions) and moves the fewest partitions that balance allows. When several members could keep one partition more, ktk prefers those that owned more (then member id), where Java's choice follows hash order, so the two can differ in which member holds which partition.

Events: join (a new member cN), join:NAME, leave (the newest member), leave:NAME, partitions:N (the only topic) or partitions:TOPIC=N.`
  static override examples = [
    '<%= config.bin %> groups simulate --partitions 12 --consumers 3 --events join,leave:c1',
    '<%= config.bin %> groups simulate --partitions 12 --consumers 3 --strategy cooperative-sticky --events join,join,leave:c2',
    '<%= config.bin %> groups simulate --topic orders:6 --topic payments:4 --consumers 3 --strategy roundrobin',
    '<%= config.bin %> groups simulate --partitions 8 --consumers 10 --json',
  ]
  static override flags = {
    partitions: intFlag({
      char: 'p',
      summary: 'Partitions of the topic (or of each --topic given without a count).',
      min: 1,
      max: 100_000,
    }),
    consumers: intFlag({
      char: 'c',
      summary: 'Members at the start: c1..cM.',
      default: 3,
      min: 0,
      max: 100_000,
    }),
    topic: Flags.string({
      summary: 'A topic, as name:partitions (default: one topic "t"). Repeatable.',
      multiple: true,
    }),
    strategy: Flags.string({
      char: 's',
      summary: 'The partition assignor.',
      options: [...STRATEGIES],
      default: 'range',
    }),
    events: Flags.string({
      char: 'e',
      summary: 'Comma-separated events: join, join:NAME, leave, leave:NAME, partitions:N.',
    }),
  }

  async run(): Promise<SimulateResult> {
    const result = runSimulation({
      strategy: this.flags.strategy as Strategy,
      topics: this.flags.topic ?? [],
      partitions: this.flags.partitions,
      consumers: this.flags.consumers,
      events: this.flags.events,
    })
    this.print(renderSimulation(result, this.mode))
    return result
  }
}
