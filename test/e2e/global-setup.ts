import { spawnSync } from 'node:child_process'
import { dirname } from 'node:path'
import type { TestProject } from 'vitest/node'
import { CLUSTER_SPECS, type ClusterName, type TestCluster, testClusterHandle } from '../helpers/clusters.js'

/**
 * Starts every cluster the suite needs through ktk's own LocalCluster (the code behind `ktk local`),
 * fresh each run, and stops them by pid afterwards. KTK_E2E_CLUSTERS=kafka41,kafka39 limits the set.
 */
export default async function setup(project: TestProject) {
  // kcat (librdkafka) is the second reference client of the records tests: fail here, once, in one line.
  if (spawnSync('kcat', ['-V']).error) {
    throw new Error('the end-to-end tests need kcat: install the Debian package (apt-get install kcat)')
  }
  const wanted = (process.env.KTK_E2E_CLUSTERS ?? Object.keys(CLUSTER_SPECS).join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean) as ClusterName[]
  const log = (message: string) => process.stderr.write(`[e2e] ${message}\n`)
  const handles = wanted.map((name) => ({
    name,
    handle: testClusterHandle(name, (m) => log(`${name}: ${m}`)),
  }))
  // A crashed earlier run may have left its brokers behind: stop them (by recorded pid) first.
  await Promise.all(handles.map(({ handle }) => handle.stop()))
  const started = Date.now()
  const clusters: Record<string, TestCluster> = {}
  const starting = await Promise.allSettled(
    handles.map(async ({ name, handle }) => {
      const spec = CLUSTER_SPECS[name]
      const status = await handle.start({ ...spec, fresh: true, waitMs: 240_000 })
      clusters[name] = {
        name,
        ...spec,
        bootstrap: status.bootstrap!,
        root: status.root,
        stateDir: dirname(status.root),
        jarsDir: handle.record!.jarsDir,
      }
    }),
  )
  const failed = starting.find((r) => r.status === 'rejected')
  if (failed) {
    // One cluster could not start (a port taken, say): stop the others, by pid, before failing.
    await Promise.all(handles.map(({ handle }) => handle.stop({ deleteData: true }).catch(() => {})))
    throw (failed as PromiseRejectedResult).reason
  }
  log(
    `clusters ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${Object.keys(clusters).join(', ')}`,
  )
  // ProvidedContext augmentation does not resolve under Node16 module resolution; the key is typed in helpers.
  project.provide('clusters' as never, clusters as never)
  return async () => {
    await Promise.all(handles.map(({ handle }) => handle.stop({ deleteData: true })))
  }
}
