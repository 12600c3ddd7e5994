import { homedir } from 'node:os'
import { join } from 'node:path'

type Env = Readonly<Record<string, string | undefined>>

/**
 * Per-user folders, following the XDG base-directory convention. KTK_*_DIR overrides each one (the test
 * suite uses them to keep its clusters apart from the user's).
 */
export function configDir(env: Env = process.env): string {
  return env.KTK_CONFIG_DIR || join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'ktk')
}

/** Downloaded Apache Kafka jars live here: large, re-creatable. */
export function cacheDir(env: Env = process.env): string {
  return env.KTK_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ktk')
}

/** The local cluster's data, logs and process ids. */
export function stateDir(env: Env = process.env): string {
  return env.KTK_STATE_DIR || join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'ktk')
}
