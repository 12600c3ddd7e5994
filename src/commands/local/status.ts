import { KtkCommand } from '../../base/command.js'
import { checked, type Outcome, outcome } from '../../base/outcome.js'
import { ExitCode } from '../../core/errors.js'
import type { LocalStatus } from '../../local/cluster.js'
import { userLocalCluster } from '../../local/environment.js'
import { renderLocalStatus } from '../../output/local.js'

export default class LocalStatusCommand extends KtkCommand<typeof LocalStatusCommand> {
  static override summary = 'Show whether the local cluster runs, its nodes, pids and ports.'
  static override description =
    "Exit 0 when every node runs, 3 when some of a running cluster's nodes are down, 4 when no local cluster is running (there is none, or none of its nodes runs). A ZooKeeper-mode cluster (Kafka 2.8 to 3.6) counts its ZooKeeper as a node."
  static override examples = ['<%= config.bin %> local status', '<%= config.bin %> local status --json']

  async run(): Promise<Outcome<LocalStatus>> {
    const status = userLocalCluster(() => {}).status()
    this.print(renderLocalStatus(status, this.mode))
    const anyRunning = status.nodes.some((n) => n.running) || Boolean(status.zookeeper?.running)
    if (!anyRunning) return outcome(status, ExitCode.notFound)
    return checked(status, !status.running)
  }
}
