/** What a LocalCluster is given: where it lives and reports to, and what a start asks for. */

export interface LocalClusterEnvironment {
  /** <state>/local: cluster.json and one folder per node. */
  root: string
  cacheDir: string
  env: Readonly<Record<string, string | undefined>>
  /** Progress for people: one line per step. */
  progress: (message: string) => void
}

export interface StartOptions {
  version: string
  brokers: number
  port: number
  /** Discard existing data and create the cluster anew. */
  fresh: boolean
  waitMs: number
  /** SASL and TLS listeners, users, a CA and ACLs (`ktk local start --secure`). */
  secure?: boolean
}

/** Controllers listen at port+100.. (KRaft); a ZooKeeper-mode cluster's ZooKeeper takes port+100. */
export const CONTROLLER_PORT_OFFSET = 100
