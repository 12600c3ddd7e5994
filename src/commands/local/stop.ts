import { Flags } from '@oclif/core'
import { KtkCommand } from '../../base/command.js'
import { userLocalCluster } from '../../local/environment.js'

export default class LocalStop extends KtkCommand<typeof LocalStop> {
  static override summary = 'Stop the local cluster (or one node of it); safe to run when nothing runs.'
  static override description =
    'Stops exactly the processes `ktk local start` started, by the pids it recorded (checking each is still the broker it started), with SIGTERM and, after 30 s, SIGKILL. Data is kept for the next start unless --delete-data.'
  static override examples = [
    '<%= config.bin %> local stop',
    '<%= config.bin %> local stop --node 2',
    '<%= config.bin %> local stop --delete-data',
  ]
  static override flags = {
    node: Flags.integer({ summary: 'Stop only this node (to test failover); start brings it back.' }),
    'delete-data': Flags.boolean({ summary: 'Also delete the cluster and its data.', exclusive: ['node'] }),
  }

  async run(): Promise<{ stopped: number[]; killed: number[]; dataDeleted: boolean }> {
    const cluster = userLocalCluster((message) => this.note(message))
    const { stopped, killed } = await cluster.stop({
      node: this.flags.node,
      deleteData: this.flags['delete-data'],
    })
    const all = [...stopped, ...killed].sort()
    if (all.length === 0) this.print('No local cluster is running.')
    else
      this.print(
        `Stopped node${all.length === 1 ? '' : 's'} ${all.join(', ')}${killed.length > 0 ? ` (killed after 30 s: ${killed.join(', ')})` : ''}.`,
      )
    if (this.flags['delete-data']) this.print('Deleted the local cluster and its data.')
    return { stopped, killed, dataDeleted: this.flags['delete-data'] }
  }
}
