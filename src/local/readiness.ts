import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { KtkError } from '../core/errors.js'
import { generatedRequest } from '../kafka/protocol/generated-request.js'
import { Metadata } from '../kafka/protocol/messages/metadata.js'
import { KafkaSession } from '../kafka/session.js'
import { localClientSettings } from './client-settings.js'
import type { LocalClusterEnvironment } from './cluster-environment.js'
import { logsDir } from './layout.js'
import { isAlive, tailFile } from './processes.js'
import { type LocalClusterRecord, type LocalNodeRecord, writeRecord } from './state.js'

/**
 * Waits until every node answers on its own port with metadata that lists every node: what a fresh
 * start and a restart after nodes were killed both mean by "ready". Asking the cluster as a whole
 * is not enough: a surviving broker answers at once, and still lists a killed broker until its
 * registration times out, while the restarted node's port stays closed.
 */
export async function waitUntilReady(
  environment: LocalClusterEnvironment,
  record: LocalClusterRecord,
  waitMs: number,
): Promise<void> {
  const deadline = Date.now() + waitMs
  const ready = new Set<number>()
  for (let round = 0; ; round++) {
    assertProcessesAlive(record)
    await collectAnsweringNodes(environment, record, ready)
    if (ready.size === record.nodes.length) return
    if (round === 0) {
      environment.progress(
        `Waiting for ${record.nodes.length === 1 ? 'the broker' : `all ${record.nodes.length} brokers`} to answer`,
      )
    }
    if (Date.now() > deadline) throw notAnswering(record, ready, waitMs)
    await sleep(500)
  }
}

/** A broker or the ZooKeeper that exited during start-up fails the start at once, with its last log lines. */
function assertProcessesAlive(record: LocalClusterRecord): void {
  for (const node of record.nodes) {
    if (node.pid !== null && !isAlive(node.pid)) throw brokerDied(node)
  }
  const zk = record.zookeeper
  if (zk?.pid != null && !isAlive(zk.pid)) {
    throw new KtkError('LOCAL_CLUSTER', 'ZooKeeper exited while the brokers were starting', {
      details: tailFile(join(logsDir(zk), 'server.log'), 10),
    })
  }
}

/** Asks each node not yet in `ready`; adds those that answer, and records the cluster id once one is known. */
async function collectAnsweringNodes(
  environment: LocalClusterEnvironment,
  record: LocalClusterRecord,
  ready: Set<number>,
): Promise<void> {
  const ids = record.nodes.map((n) => n.id)
  for (const node of record.nodes) {
    if (ready.has(node.id)) continue
    const clusterId = await nodeAnswers(record, node, ids)
    if (clusterId === undefined) continue
    ready.add(node.id)
    if (record.clusterId === null && clusterId !== null) {
      record.clusterId = clusterId
      writeRecord(environment.root, record)
    }
  }
}

/**
 * The cluster id when this node, asked on its own port, answers with metadata listing every node;
 * undefined while it does not. Metadata goes in the newest version the broker announced (up to 12),
 * so that a Kafka 2.8 broker is asked in words it knows.
 */
async function nodeAnswers(
  record: LocalClusterRecord,
  node: LocalNodeRecord,
  ids: readonly number[],
): Promise<string | null | undefined> {
  const session = new KafkaSession({
    ...localClientSettings(record, 2000),
    bootstrapServers: [`127.0.0.1:${node.port}`],
  })
  try {
    const version = Math.min((await session.maxVersion(Metadata.apiKey)) ?? 0, 12)
    const metadata = await session.send(generatedRequest(Metadata, version, { topics: [] }))
    const listed = new Set(metadata.brokers.map((b) => b.nodeId))
    return ids.every((id) => listed.has(id)) ? (metadata.clusterId ?? null) : undefined
  } catch {
    return undefined // not up yet
  } finally {
    await session.close()
  }
}

function notAnswering(record: LocalClusterRecord, ready: ReadonlySet<number>, waitMs: number): KtkError {
  const silent = record.nodes.filter((n) => !ready.has(n.id)).map((n) => n.id)
  return new KtkError(
    'LOCAL_CLUSTER',
    `the local cluster did not answer within ${Math.round(waitMs / 1000)} s (node${silent.length === 1 ? '' : 's'} ${silent.join(', ')} not answering)`,
    {
      details: record.nodes.flatMap((n) =>
        tailFile(join(logsDir(n), 'server.log'), 5).map((l) => `node ${n.id}: ${l}`),
      ),
      hints: ['see the logs with: ktk local logs', 'stop it with: ktk local stop'],
    },
  )
}

function brokerDied(node: LocalNodeRecord): KtkError {
  const logs = logsDir(node)
  const lines = [
    ...tailFile(join(logs, 'stdout.log'), 10),
    ...tailFile(join(logs, 'server.log'), 40)
      .filter((l) => /ERROR|FATAL|Exception/.test(l))
      .slice(-10),
  ]
  return new KtkError('LOCAL_CLUSTER', `broker node ${node.id} exited during start-up`, {
    details: lines,
    hints: [`full logs: ${join(logs, 'server.log')} and ${join(logs, 'stdout.log')}`],
  })
}
