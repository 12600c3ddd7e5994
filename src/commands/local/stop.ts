import { Flags } from '@oclif/core'
import { KtkCommand } from '../../base/command.js'
import { intFlag } from '../../base/flags.js'
import { ContextStore, contextsPath } from '../../config/context-store.js'
import { userLocalCluster } from '../../local/environment.js'
import { localContexts } from '../../local/local-contexts.js'
import { unregisterContexts } from '../../services/contexts.js'

export default class LocalStop extends KtkCommand<typeof LocalStop> {
  static override summary = 'Stop the local cluster (or one node of it); safe to run when nothing runs.'
  static override description =
    'Stops exactly the processes `ktk local start` started, by the pids it recorded (checking each is still the broker it started; for a ZooKeeper-mode cluster, the brokers first and then its ZooKeeper), with SIGTERM and, after 30 s, SIGKILL. Data is kept for the next start unless --delete-data, which also removes the contexts start registered.'
  static override examples = [
    '<%= config.bin %> local stop',
    '<%= config.bin %> local stop --node 2',
    '<%= config.bin %> local stop --delete-data',
  ]
  static override flags = {
    node: intFlag({
      summary: 'Stop only this node (to test failover); start brings it back.',
      min: 1,
      max: 3,
    }),
    'delete-data': Flags.boolean({ summary: 'Also delete the cluster and its data.', exclusive: ['node'] }),
  }

  async run(): Promise<{
    stopped: number[]
    killed: number[]
    zookeeper: 'stopped' | 'killed' | null
    dataDeleted: boolean
    contextsRemoved: string[]
  }> {
    const cluster = userLocalCluster((message) => this.note(message))
    const record = cluster.record
    const { stopped, killed, zookeeper } = await cluster.stop({
      node: this.flags.node,
      deleteData: this.flags['delete-data'],
    })
    const all = [...stopped, ...killed].sort()
    const parts = all.length > 0 ? [`node${all.length === 1 ? '' : 's'} ${all.join(', ')}`] : []
    if (zookeeper) parts.push('ZooKeeper')
    const killedToo = [...killed.map(String), ...(zookeeper === 'killed' ? ['ZooKeeper'] : [])]
    if (parts.length === 0) this.print('No local cluster is running.')
    else
      this.print(
        `Stopped ${parts.join(' and ')}${killedToo.length > 0 ? ` (killed after 30 s: ${killedToo.join(', ')})` : ''}.`,
      )
    let contextsRemoved: string[] = []
    if (this.flags['delete-data']) {
      if (record)
        contextsRemoved = unregisterContexts(new ContextStore(contextsPath()), localContexts(record))
      this.print(
        `Deleted the local cluster and its data${contextsRemoved.length > 0 ? `, and its ${contextsRemoved.length === 1 ? 'context' : 'contexts'} ${contextsRemoved.join(', ')}` : ''}.`,
      )
    }
    return { stopped, killed, zookeeper, dataDeleted: this.flags['delete-data'], contextsRemoved }
  }
}
