import { Flags } from '@oclif/core'
import { ClusterCommand } from '../../base/command.js'
import { parseGroupStates, parseGroupTypes } from '../../core/group-filters.js'
import type { GroupListing } from '../../core/group-types.js'
import { renderGroupList } from '../../output/groups.js'
import { listGroups } from '../../services/groups.js'

export default class GroupsList extends ClusterCommand<typeof GroupsList> {
  static override summary = 'List consumer groups (kafka-consumer-groups --list).'
  static override description =
    `Classic groups (Java, kafkajs and other clients of the classic protocol, and groups that only hold committed offsets) and KIP-848 \`consumer\` groups, from every broker. Connect, share and streams groups are left out, as Kafka's tool leaves them out.

Piped, it prints one group id per line exactly as kafka-consumer-groups --list does; with --state or --type, or on a terminal, a table with the TYPE and STATE columns. --state and --type filter (comma-separated, any case); the brokers apply the filters themselves.`
  static override examples = [
    '<%= config.bin %> groups list',
    '<%= config.bin %> groups list --state stable,empty',
    '<%= config.bin %> groups list --type consumer --json',
  ]
  static override flags = {
    state: Flags.string({
      summary:
        'Only groups in these states (comma-separated): Stable, Empty, PreparingRebalance, CompletingRebalance, Assigning, Reconciling, Dead.',
    }),
    type: Flags.string({ summary: 'Only groups of these types (comma-separated): classic, consumer.' }),
  }

  async run(): Promise<{ groups: GroupListing[] }> {
    const states = this.flags.state ? parseGroupStates(this.flags.state) : []
    const types = this.flags.type ? parseGroupTypes(this.flags.type) : []
    const groups = await listGroups(await this.gateway(), { states, types })
    const text = renderGroupList(groups, this.mode, {
      state: this.flags.state !== undefined,
      type: this.flags.type !== undefined,
    })
    if (text !== '') this.print(text)
    return { groups }
  }
}
