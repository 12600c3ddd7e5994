import { KtkCommand } from '../../base/command.js'
import { ExitCode } from '../../core/errors.js'
import type { LocalStatus } from '../../local/cluster.js'
import { userLocalCluster } from '../../local/environment.js'
import { renderLocalStatus } from '../../output/local.js'

export default class LocalStatusCommand extends KtkCommand<typeof LocalStatusCommand> {
  static override summary = 'Show whether the local cluster runs, its nodes, pids and ports.'
  static override description =
    'Exit 0 when every node runs, 3 when some do not, 4 when there is no local cluster.'
  static override examples = ['<%= config.bin %> local status', '<%= config.bin %> local status --json']

  async run(): Promise<LocalStatus> {
    const status = userLocalCluster(() => {}).status()
    this.print(renderLocalStatus(status, this.mode))
    if (!status.exists) process.exitCode = ExitCode.notFound
    else if (!status.running) process.exitCode = ExitCode.checkFailed
    return status
  }
}
