import { ClusterCommand } from '../../base/command.js'
import { renderClusterDescription } from '../../output/cluster.js'
import { type ClusterDescription, describeCluster } from '../../services/cluster.js'

export default class ClusterDescribe extends ClusterCommand<typeof ClusterDescribe> {
  static override summary = 'Show the cluster id, brokers, active controller and topic and partition counts.'
  static override description =
    'The controller is the active KRaft controller (the metadata quorum leader), asked of the cluster with DescribeQuorum; it shows as unknown when the principal may not describe the cluster.'
  static override examples = [
    '<%= config.bin %> cluster describe',
    '<%= config.bin %> cluster describe -b broker1:9092 --json',
  ]

  async run(): Promise<ClusterDescription> {
    const description = await describeCluster(await this.gateway())
    this.print(renderClusterDescription(description, this.mode))
    return description
  }
}
