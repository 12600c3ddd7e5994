import { join } from 'node:path'
import { cacheDir } from '../../src/config/paths.js'
import { LocalCluster } from '../../src/local/cluster.js'

/** The clusters the end-to-end suite runs on, each a real Apache Kafka started by ktk's own src/local. */
export interface TestCluster {
  name: string
  version: string
  brokers: number
  port: number
  bootstrap: string
  root: string
  /** KTK_STATE_DIR under which this cluster is `ktk local`'s cluster: the CLI's local commands can drive it. */
  stateDir: string
  jarsDir: string
}

export const TEST_ROOT = join(process.cwd(), '.ktk-test')

/**
 * Ports: KTK_E2E_PORT_BASE (default 19092) and up; each cluster also uses its port + 100 for controllers.
 * Below Linux's ephemeral range (32768 and up), so no client connection can be holding one by chance.
 * Two checkouts running their suites at once need bases at least 2000 apart.
 */
export const PORT_BASE = Number(process.env.KTK_E2E_PORT_BASE ?? 19092)

export const CLUSTER_SPECS = {
  kafka41: { version: '4.1.2', brokers: 1, port: PORT_BASE },
  kafka41x3: { version: '4.1.2', brokers: 3, port: PORT_BASE + 200 },
  kafka39: { version: '3.9.2', brokers: 1, port: PORT_BASE + 400 },
} as const

/** Ports from PORT_BASE + 600 on are free for tests that start clusters of their own (step 100). */
export const freePort = (slot: number) => PORT_BASE + 600 + slot * 100

export type ClusterName = keyof typeof CLUSTER_SPECS

export function testClusterHandle(
  name: ClusterName,
  progress: (message: string) => void = () => {},
): LocalCluster {
  return new LocalCluster({
    root: join(TEST_ROOT, 'clusters', name, 'local'),
    cacheDir: cacheDir(),
    env: process.env,
    progress,
  })
}

/** The running cluster of this name (started by test/e2e/global-setup.ts); skips nothing: a missing cluster fails. */
export async function testCluster(name: ClusterName): Promise<TestCluster> {
  const { inject } = await import('vitest')
  const all = inject('clusters' as never) as unknown as Record<string, TestCluster>
  const cluster = all[name]
  if (!cluster)
    throw new Error(
      `cluster ${name} was not started (KTK_E2E_CLUSTERS=${process.env.KTK_E2E_CLUSTERS ?? 'all'})`,
    )
  return cluster
}
