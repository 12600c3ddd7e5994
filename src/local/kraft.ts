import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { KtkError } from '../core/errors.js'
import type { LocalClusterEnvironment, StartOptions } from './cluster-environment.js'
import { javaBinary } from './java.js'
import { configPath, kafkaMainArgs, logsDir, type NodeLayout } from './layout.js'
import { kafkaClusterId, serverProperties } from './node-config.js'
import { writeLogConfigs, writeServerProperties } from './node-files.js'
import { runToCompletion, tailFile } from './processes.js'
import { type SecureSetup, scramFormatArgs } from './secure.js'
import { type LocalClusterRecord, type LocalNodeRecord, writeRecord } from './state.js'
import { kafkaToolClass } from './versions.js'

/**
 * A KRaft cluster: every node a combined broker and controller, its storage formatted with a new
 * cluster id (and, when secure, the SCRAM users, which KRaft keeps in its metadata log).
 */
export async function createKraftCluster(
  environment: LocalClusterEnvironment,
  options: StartOptions,
  jarsDir: string,
  nodes: LocalNodeRecord[],
  security: SecureSetup | undefined,
): Promise<LocalClusterRecord> {
  const clusterId = kafkaClusterId(randomBytes)
  environment.progress(
    `Formatting ${nodes.length} KRaft node${nodes.length === 1 ? '' : 's'} (cluster id ${clusterId})`,
  )
  for (const node of nodes) {
    writeLogConfigs(node)
    writeServerProperties(node, serverProperties(node, nodes, options.version, security))
  }
  const scram = security ? scramFormatArgs(security.record, security.secrets) : []
  await Promise.all(
    nodes.map((node) => formatStorage(environment, node, clusterId, jarsDir, options.version, scram)),
  )
  const record: LocalClusterRecord = {
    version: options.version,
    clusterId,
    bootstrap: nodes.map((n) => `127.0.0.1:${n.port}`).join(','),
    jarsDir,
    createdAt: new Date().toISOString(),
    nodes,
    ...(security ? { secure: security.record } : {}),
  }
  writeRecord(environment.root, record)
  return record
}

/** Kafka's own `kafka-storage format` for one node, in a JVM of its own. */
async function formatStorage(
  environment: LocalClusterEnvironment,
  node: NodeLayout,
  clusterId: string,
  jarsDir: string,
  version: string,
  extraArgs: readonly string[],
): Promise<void> {
  const args = [
    ...kafkaMainArgs(node, jarsDir, kafkaToolClass('storage', version)),
    'format',
    '-t',
    clusterId,
    '-c',
    configPath(node),
    ...extraArgs,
  ]
  const logFile = join(logsDir(node), 'format.log')
  const code = await runToCompletion(javaBinary(environment.env), args, logFile)
  if (code !== 0) {
    throw new KtkError(
      'LOCAL_CLUSTER',
      `formatting the Kafka storage of node ${node.id} failed (exit ${code})`,
      {
        details: tailFile(logFile, 10),
      },
    )
  }
}
