import { createReadStream, statSync, watch } from 'node:fs'
import { Flags } from '@oclif/core'
import { KtkCommand } from '../../base/command.js'
import { intFlag } from '../../base/flags.js'
import { KtkError } from '../../core/errors.js'
import { userLocalCluster } from '../../local/environment.js'
import { tailFile } from '../../local/processes.js'

export default class LocalLogs extends KtkCommand<typeof LocalLogs> {
  static override summary = "Print the local brokers' logs."
  static override examples = [
    '<%= config.bin %> local logs',
    '<%= config.bin %> local logs --node 2 -n 200',
    '<%= config.bin %> local logs -f',
    '<%= config.bin %> local logs --zookeeper',
  ]
  static override flags = {
    node: intFlag({ summary: 'Only this node (default: every node, each line prefixed).', min: 1, max: 3 }),
    lines: intFlag({
      char: 'n',
      summary: 'How many lines from the end.',
      default: 50,
      min: 1,
      max: 1_000_000,
    }),
    follow: Flags.boolean({ char: 'f', summary: 'Keep printing new lines (one node; default node 1).' }),
    zookeeper: Flags.boolean({
      summary: "The ZooKeeper's log instead (a ZooKeeper-mode cluster: Kafka 2.8 to 3.6).",
      exclusive: ['node'],
    }),
  }

  async run(): Promise<
    | {
        nodes: { node: number; file: string; lines: string[] }[]
        zookeeper?: { file: string; lines: string[] }
      }
    | undefined
  > {
    const cluster = userLocalCluster(() => {})
    const record = cluster.record
    if (!record) throw new KtkError('NOT_FOUND', 'there is no local cluster', { hints: ['ktk local start'] })
    const nodes = this.flags.node !== undefined ? [this.flags.node] : record.nodes.map((n) => n.id)
    if (this.flags.follow) {
      if (this.jsonEnabled())
        throw new KtkError('USAGE', '--follow prints lines as they come; it cannot be one JSON document')
      return this.follow(this.flags.zookeeper ? cluster.zookeeperLogFile() : cluster.logFile(nodes[0]!))
    }
    if (this.flags.zookeeper) {
      const file = cluster.zookeeperLogFile()
      const lines = tailFile(file, this.flags.lines)
      this.print(lines.join('\n'))
      return { nodes: [], zookeeper: { file, lines } }
    }
    const result = nodes.map((id) => ({
      node: id,
      file: cluster.logFile(id),
      lines: tailFile(cluster.logFile(id), this.flags.lines),
    }))
    for (const { node, lines } of result) {
      this.print(lines.map((l) => (nodes.length > 1 ? `node ${node}: ${l}` : l)).join('\n'))
    }
    return { nodes: result }
  }

  private async follow(file: string): Promise<undefined> {
    this.print(tailFile(file, this.flags.lines).join('\n'))
    let position = statSync(file).size
    await new Promise<void>(() => {
      watch(file, () => {
        const size = statSync(file).size
        if (size < position) position = 0 // rotated
        if (size === position) return
        createReadStream(file, { start: position, end: size - 1 }).pipe(this.streams.stdout, { end: false })
        position = size
      })
    })
  }
}
