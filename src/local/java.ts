import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { KtkError } from '../core/errors.js'
import { javaNeeded } from './versions.js'

type Env = Readonly<Record<string, string | undefined>>

/** The java binary: $JAVA_HOME/bin/java when set, otherwise java on PATH. */
export function javaBinary(env: Env = process.env): string {
  return env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : 'java'
}

/** Checks that Java runs and is new enough for this Kafka; returns its major version. */
export function checkJava(kafkaVersion: string, env: Env = process.env): number {
  const java = javaBinary(env)
  const run = spawnSync(java, ['-version'], { encoding: 'utf8' })
  if (run.error) {
    throw new KtkError(
      'LOCAL_CLUSTER',
      `Java is required to run Kafka, but ${java} could not be started (${(run.error as NodeJS.ErrnoException).code ?? run.error.message})`,
      {
        hints: ['install a JDK 17 or newer (e.g. apt install openjdk-17-jre-headless) or set JAVA_HOME'],
      },
    )
  }
  const m = /version "(\d+)(?:\.(\d+))?/.exec(run.stderr)
  const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : 0
  const needed = javaNeeded(kafkaVersion)
  if (major < needed) {
    throw new KtkError(
      'LOCAL_CLUSTER',
      `Kafka ${kafkaVersion} needs Java ${needed} or newer, but ${java} is Java ${major || 'of unknown version'}`,
      {
        hints: ['install a newer JDK or point JAVA_HOME at one'],
      },
    )
  }
  return major
}
