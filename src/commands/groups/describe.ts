import { Flags } from '@oclif/core'
import { ClusterCommand } from '../../base/command.js'
import { groupSelectionFlags } from '../../base/group-flags.js'
import { type Outcome, outcome } from '../../base/outcome.js'
import { groupNotFound } from '../../core/errors.js'
import { renderGroupDescribe } from '../../output/groups.js'
import { type DescribeGroupsResult, type DescribeView, describeGroups } from '../../services/groups.js'

export default class GroupsDescribe extends ClusterCommand<typeof GroupsDescribe> {
  static override summary =
    'Describe consumer groups: offsets and lag, members, or state (kafka-consumer-groups --describe).'
  static override description =
    `Kafka's own views and columns, '-' where a value is missing: the offsets view (default: GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID), --members, or --state; --verbose adds Kafka's verbose columns. Works for classic groups and for KIP-848 \`consumer\` groups (Kafka 4.x).

Groups without members still show their committed offsets and lag. A partition whose topic was deleted shows '-' for its log end offset and lag, with a warning, and the other groups are still described. All groups are described with one request per coordinator and one ListOffsets per partition leader, however many there are.

A named group that does not exist exits 4, and one that cannot be read exits with its reason's code (6 when not authorized), after the others are shown.`
  static override examples = [
    '<%= config.bin %> groups describe --group orders-service',
    '<%= config.bin %> groups describe --all-groups',
    '<%= config.bin %> groups describe -g orders-service --members --verbose',
    '<%= config.bin %> groups describe --all-groups --state --json',
  ]
  static override flags = {
    ...groupSelectionFlags,
    offsets: Flags.boolean({
      summary: 'Partitions with committed offset, log end offset and lag (the default view).',
      exclusive: ['members', 'state'],
    }),
    members: Flags.boolean({ summary: 'Members, with their partitions.', exclusive: ['offsets', 'state'] }),
    state: Flags.boolean({
      summary: 'Coordinator, assignment strategy, state and member count.',
      exclusive: ['offsets', 'members'],
    }),
    verbose: Flags.boolean({
      summary: 'More columns: leader epochs (offsets), epochs and assignments (members, state).',
    }),
  }

  async run(): Promise<Outcome<DescribeGroupsResult>> {
    const view: DescribeView = this.flags.members ? 'members' : this.flags.state ? 'state' : 'offsets'
    const result = await describeGroups(
      await this.gateway(),
      { groups: this.flags.group ?? [], allGroups: this.flags['all-groups'] },
      view,
    )
    for (const g of result.groups) if (g.notice) this.note(g.notice)
    for (const u of result.unknownPartitions) {
      this.warning(
        `${u.group}: no log end offset for ${u.topic}-${u.partition} (${u.reason === 'UNKNOWN_TOPIC_OR_PARTITION' ? 'the topic or partition no longer exists' : u.reason}); its lag is unknown`,
      )
    }
    if (result.groups.length > 0) this.print(renderGroupDescribe(result, this.mode, this.flags.verbose))
    else if (this.mode.tty && result.missing.length === 0 && result.failed.length === 0)
      this.note('(no consumer groups)')
    if (result.missing.length > 0) {
      throw groupNotFound(result.missing)
    }
    return outcome(result, this.reportFailures(result.failed, result.groups.length === 0))
  }
}
