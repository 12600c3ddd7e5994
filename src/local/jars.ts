import { spawn } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { KtkError } from '../core/errors.js'
import { KAFKA_ARTIFACTS, type KafkaArtifact } from './kafka-artifacts.js'
import { downloadArtifacts, MAVEN_CENTRAL } from './maven-download.js'
import { isAlive } from './processes.js'
import { kafkaArtifacts } from './versions.js'

export interface KafkaJars {
  /** Folder of jars; the classpath is `<dir>/*`. */
  dir: string
  source: 'KAFKA_HOME' | 'cache' | 'downloaded'
}

/** A jar downloaded; `total` and the byte counts are known when ktk downloads the jars itself. */
export type JarProgress = (event: {
  downloaded: number
  artifact: string
  total?: number
  bytes?: number
  totalBytes?: number
}) => void

interface JarOptions {
  version: string
  cacheDir: string
  kafkaHome?: string
  /** KTK_MAVEN_REPOSITORY and the proxy variables are read from here (default: process.env). */
  env?: Record<string, string | undefined>
  onProgress?: JarProgress
  onStart?: (message: string) => void
}

/**
 * Finds Apache Kafka's jars: $KAFKA_HOME/libs when KAFKA_HOME is set, otherwise a per-user cache filled
 * once per version (later starts need no network): for the versions ktk names, ktk downloads the jars of
 * its checked list (kafka-artifacts.ts) itself, verifying each SHA-256; for any other version, `mvn`
 * resolves them.
 */
export async function ensureKafkaJars(options: JarOptions): Promise<KafkaJars> {
  if (options.kafkaHome) {
    const dir = join(options.kafkaHome, 'libs')
    if (!existsSync(dir) || !readdirSync(dir).some((f) => /^kafka_2\.1\d-.*\.jar$/.test(f))) {
      throw new KtkError('LOCAL_CLUSTER', `KAFKA_HOME=${options.kafkaHome} has no Kafka jars in libs/`, {
        exit: 2,
        hints: ['point KAFKA_HOME at an unpacked Apache Kafka release, or unset it to download the jars'],
      })
    }
    return { dir, source: 'KAFKA_HOME' }
  }
  const versionDir = join(options.cacheDir, 'kafka', options.version)
  const libs = join(versionDir, 'libs')
  if (existsSync(join(versionDir, 'complete'))) return { dir: libs, source: 'cache' }
  // One download per version: callers in this process share it, other processes wait on a lock file.
  let pending = inFlight.get(versionDir)
  if (!pending) {
    pending = downloadOnce(options, versionDir).finally(() => inFlight.delete(versionDir))
    inFlight.set(versionDir, pending)
  }
  return pending
}

const inFlight = new Map<string, Promise<KafkaJars>>()
const LOCK_STALE_MS = 15 * 60_000

async function downloadOnce(options: JarOptions, versionDir: string): Promise<KafkaJars> {
  const libs = join(versionDir, 'libs')
  const complete = join(versionDir, 'complete')
  mkdirSync(versionDir, { recursive: true })
  const lock = join(versionDir, 'download.lock')
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' })
      break
    } catch {
      if (existsSync(complete)) return { dir: libs, source: 'cache' }
      const lockedAt = statSync(lock, { throwIfNoEntry: false })?.mtimeMs
      const holder = Number(readIfExists(lock))
      // A download interrupted (Ctrl-C, a kill) leaves its lock: the next run takes over and resumes it.
      const holderDied = holder > 0 && !isAlive(holder)
      if (holderDied || (lockedAt !== undefined && Date.now() - lockedAt > LOCK_STALE_MS)) {
        rmSync(lock, { force: true })
        continue
      }
      await sleep(500)
    }
  }
  try {
    if (existsSync(complete)) return { dir: libs, source: 'cache' }
    rmSync(libs, { recursive: true, force: true }) // a download that died half-way
    const artifacts = KAFKA_ARTIFACTS[options.version]
    // ktk's own downloads keep one staging folder, so the next run resumes where this one stopped.
    const staging = join(versionDir, artifacts ? 'libs.partial' : `libs.${process.pid}.tmp`)
    if (artifacts) {
      // A download can outlast LOCK_STALE_MS on a slow link: each jar renews the lock.
      const renewLock = () => utimesSync(lock, new Date(), new Date())
      await downloadDirectly(options, artifacts, staging, versionDir, renewLock)
    } else {
      rmSync(staging, { recursive: true, force: true })
      await downloadWithMaven(options, versionDir, staging)
    }
    renameSync(staging, libs)
    writeFileSync(complete, `${new Date().toISOString()}\n`)
    return { dir: libs, source: 'downloaded' }
  } finally {
    rmSync(lock, { force: true })
  }
}

function readIfExists(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}

async function downloadDirectly(
  options: JarOptions,
  artifacts: readonly KafkaArtifact[],
  staging: string,
  versionDir: string,
  renewLock: () => void,
): Promise<void> {
  const env = options.env ?? process.env
  const repository = env.KTK_MAVEN_REPOSITORY || MAVEN_CENTRAL
  mkdirSync(staging, { recursive: true })
  // Left by a run with another list (an older ktk): not on this version's classpath.
  const wanted = new Set(artifacts.flatMap((a) => [a.file, `${a.file}.part`]))
  for (const file of readdirSync(staging)) if (!wanted.has(file)) rmSync(join(staging, file), { force: true })
  const megabytes = (artifacts.reduce((sum, a) => sum + a.size, 0) / 1e6).toFixed(0)
  options.onStart?.(
    `Downloading Apache Kafka ${options.version} (${artifacts.length} jars, ${megabytes} MB) from ${repository} into ${versionDir} (first run only)`,
  )
  await downloadArtifacts({
    artifacts,
    dir: staging,
    repository,
    env,
    onArtifact: (p) => {
      renewLock()
      options.onProgress?.(p)
    },
  })
}

async function downloadWithMaven(options: JarOptions, versionDir: string, staging: string): Promise<void> {
  const pom = join(versionDir, `pom.${process.pid}.xml`)
  writeFileSync(pom, pomFor(options.version))
  options.onStart?.(
    `Resolving Apache Kafka ${options.version} from Maven Central into ${versionDir} with mvn (first run only)`,
  )
  try {
    await runMaven(pom, staging, options.onProgress)
  } finally {
    rmSync(pom, { force: true })
  }
}

function pomFor(version: string): string {
  const deps = kafkaArtifacts(version)
    .map((coords) => {
      const [g, a, v] = coords.split(':')
      return `    <dependency><groupId>${g}</groupId><artifactId>${a}</artifactId><version>${v}</version></dependency>`
    })
    .join('\n')
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.ktk</groupId><artifactId>kafka-runtime</artifactId><version>${version}</version>
  <dependencies>
${deps}
  </dependencies>
</project>
`
}

function runMaven(pom: string, outputDir: string, onProgress?: JarProgress): Promise<void> {
  const args = [
    '-B',
    '-f',
    pom,
    'org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies',
    '-DincludeScope=runtime',
    `-DoutputDirectory=${outputDir}`,
  ]
  return new Promise((resolve, reject) => {
    const child = spawn('mvn', args, { stdio: ['ignore', 'pipe', 'pipe'] })
    const tail: string[] = []
    let downloaded = 0
    const onLine = (line: string) => {
      tail.push(line)
      if (tail.length > 30) tail.shift()
      const m = /Downloaded from \S+: (\S+)/.exec(line)
      if (m?.[1]?.endsWith('.jar'))
        onProgress?.({ downloaded: ++downloaded, artifact: m[1].split('/').pop()! })
    }
    let buffered = ''
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8')
      const lines = buffered.split('\n')
      buffered = lines.pop()!
      for (const line of lines) onLine(line.replace(/\x1b\[[0-9;]*m/g, ''))
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        new KtkError(
          'LOCAL_CLUSTER',
          `mvn is needed to download Apache Kafka, but it could not be started (${error.code ?? error.message})`,
          {
            hints: [
              `ktk downloads the jars itself only for ${Object.keys(KAFKA_ARTIFACTS).join(', ')}; for another version install Maven (e.g. apt install maven), or set KAFKA_HOME to an unpacked Kafka release`,
            ],
          },
        ),
      )
    })
    child.on('close', (code) => {
      if (code === 0) return resolve()
      const reason =
        tail
          .filter((l) => /ERROR/.test(l))
          .slice(0, 3)
          .join(' ') || tail.slice(-3).join(' ')
      reject(
        new KtkError(
          'LOCAL_CLUSTER',
          `mvn could not download Apache Kafka (exit ${code}): ${reason.replace(/\s+/g, ' ').slice(0, 400)}`,
          {
            hints: ['check the version exists on Maven Central and that Maven can reach it'],
          },
        ),
      )
    })
  })
}
