import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { NodeLayout, ZooKeeperLayout } from './layout.js'
import type { SecureRecord } from './secure.js'

export interface LocalNodeRecord extends NodeLayout {
  /** The JVM's process id while the node runs; null when stopped. */
  pid: number | null
}

/** The ZooKeeper of a ZooKeeper-mode cluster (Kafka 2.8 to 3.6): started before the brokers, stopped after. */
export interface ZooKeeperRecord extends ZooKeeperLayout {
  pid: number | null
  /** A secure cluster's SCRAM users are written to ZooKeeper once, at its first start: false until then. */
  scramUsersCreated?: boolean
}

/** What `ktk local` remembers about its cluster, in <state>/local/cluster.json. */
export interface LocalClusterRecord {
  version: string
  /** A ZooKeeper-mode cluster learns its id at the first start (the brokers make it): null until then. */
  clusterId: string | null
  bootstrap: string
  jarsDir: string
  createdAt: string
  nodes: LocalNodeRecord[]
  /** Present for a ZooKeeper-mode cluster. */
  zookeeper?: ZooKeeperRecord
  /** Present for `ktk local start --secure`: listeners, users, the CA (passwords stay in their files). */
  secure?: SecureRecord
}

export function recordPath(root: string): string {
  return join(root, 'cluster.json')
}

export function readRecord(root: string): LocalClusterRecord | undefined {
  const path = recordPath(root)
  if (!existsSync(path)) return undefined
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LocalClusterRecord
  } catch {
    return undefined
  }
}

/** Atomic replace, so a crash never leaves half a record. */
export function writeRecord(root: string, record: LocalClusterRecord): void {
  const path = recordPath(root)
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.${process.pid}.tmp`
  writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`)
  renameSync(tmp, path)
}
