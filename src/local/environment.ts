import { join } from 'node:path'
import { cacheDir, stateDir } from '../config/paths.js'
import { LocalCluster } from './cluster.js'
import type { LocalClusterEnvironment } from './cluster-environment.js'

/** The user's `ktk local` cluster: <state>/local, jars in <cache>/kafka. */
export function userLocalCluster(progress: (message: string) => void, env = process.env): LocalCluster {
  const environment: LocalClusterEnvironment = {
    root: join(stateDir(env), 'local'),
    cacheDir: cacheDir(env),
    env,
    progress,
  }
  return new LocalCluster(environment)
}
