import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { cacheDir } from '../../src/config/paths.js'
import { LocalCluster } from '../../src/local/cluster.js'
import { isAlive } from '../../src/local/processes.js'
import { type ClusterName, freePort, TEST_ROOT, type TestCluster, testCluster } from './clusters.js'

/**
 * The Kafka versions of the compatibility suite (test/e2e/compat.test.ts): the oldest line ktk local
 * runs (2.8, ZooKeeper mode), the last 3.x with ZooKeeper tested (3.4), the newest 3.x (3.9), 4.1 with
 * one and three brokers, and the newest 4.x (4.4). The global setup's clusters are reused; the others
 * are this suite's own, one node each, on freePort slots no other file uses (each also takes slot + 1).
 */
export type CompatSpec =
  | { label: string; version: string; brokers: number; shared: ClusterName }
  | { label: string; version: string; brokers: 1; slot: number }

export const COMPAT_CLUSTERS: readonly CompatSpec[] = [
  { label: 'kafka-2.8.2-zk', version: '2.8.2', brokers: 1, slot: 26 },
  { label: 'kafka-3.4.1-zk', version: '3.4.1', brokers: 1, slot: 28 },
  { label: 'kafka-3.9.2', version: '3.9.2', brokers: 1, shared: 'kafka39' },
  { label: 'kafka-4.1.2', version: '4.1.2', brokers: 1, shared: 'kafka41' },
  { label: 'kafka-4.1.2-x3', version: '4.1.2', brokers: 3, shared: 'kafka41x3' },
  { label: 'kafka-4.4.0', version: '4.4.0', brokers: 1, slot: 30 },
]

/** Whether a Kafka version is at least major.minor. */
export function atLeast(version: string, major: number, minor: number): boolean {
  const [a, b] = version.split('.').map(Number) as [number, number]
  return a * 100 + b >= major * 100 + minor
}

/** A one-node cluster of the suite's own, started through LocalCluster (the code behind `ktk local`). */
export interface OwnCluster {
  cluster: TestCluster
  handle: LocalCluster
}

export async function startOwnCluster(
  spec: Extract<CompatSpec, { slot: number }>,
  progress: (message: string) => void,
): Promise<OwnCluster> {
  const handle = new LocalCluster({
    root: join(TEST_ROOT, 'compat', spec.label, 'local'),
    cacheDir: cacheDir(),
    env: process.env,
    progress,
  })
  // A crashed earlier run may have left this cluster behind: stop it (by recorded pid) first.
  await handle.stop({ deleteData: true })
  const port = freePort(spec.slot)
  const status = await handle.start({
    version: spec.version,
    brokers: 1,
    port,
    fresh: true,
    waitMs: 240_000,
  })
  return {
    handle,
    cluster: {
      name: spec.label,
      version: spec.version,
      brokers: 1,
      port,
      bootstrap: status.bootstrap!,
      root: status.root,
      stateDir: dirname(status.root),
      jarsDir: handle.record!.jarsDir,
    },
  }
}

/** The cluster of a spec: the global setup's shared one, or one this suite started. */
export function compatCluster(spec: CompatSpec, own: ReadonlyMap<string, OwnCluster>): Promise<TestCluster> {
  if ('shared' in spec) return testCluster(spec.shared)
  const started = own.get(spec.label)
  if (!started) throw new Error(`Kafka ${spec.version} (${spec.label}) was not started`)
  return Promise.resolve(started.cluster)
}

const held = new Map<string, { count: number; release: () => void }>()

/**
 * Exclusive use of a shared cluster across test files (vitest runs two files at once, in separate
 * processes): test/e2e/three-brokers.test.ts stops a broker of kafka41x3, which no other file must see.
 * A lock folder under .ktk-test holding the owner's pid; one left by a process that is gone is taken
 * over. Within one process the lock is shared (counted), so concurrent tests of one file can all hold it.
 */
export async function holdCluster(name: ClusterName, timeoutMs = 900_000): Promise<() => void> {
  const mine = held.get(name)
  if (mine) {
    mine.count++
    return () => releaseOne(name)
  }
  const dir = join(TEST_ROOT, 'locks', name)
  mkdirSync(dirname(dir), { recursive: true })
  const deadline = Date.now() + timeoutMs
  for (;;) {
    // Another test of this process may have taken it while this one waited.
    const taken = held.get(name)
    if (taken) {
      taken.count++
      return () => releaseOne(name)
    }
    try {
      mkdirSync(dir)
      writeFileSync(join(dir, 'pid'), String(process.pid))
      held.set(name, { count: 1, release: () => rmSync(dir, { recursive: true, force: true }) })
      return () => releaseOne(name)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    let owner = 0
    try {
      owner = Number(readFileSync(join(dir, 'pid'), 'utf8'))
    } catch {
      // Just created, its pid not written yet: wait.
    }
    if (owner > 0 && owner !== process.pid && !isAlive(owner)) rmSync(dir, { recursive: true, force: true })
    if (Date.now() > deadline) throw new Error(`${name} stayed locked by pid ${owner} for ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

function releaseOne(name: string) {
  const mine = held.get(name)
  if (!mine) return
  if (--mine.count === 0) {
    held.delete(name)
    mine.release()
  }
}
