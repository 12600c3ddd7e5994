import { spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
} from 'node:fs'
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cacheDir as userCacheDir } from '../../src/config/paths.js'
import { ensureKafkaJars } from '../../src/local/jars.js'
import { KAFKA_ARTIFACTS } from '../../src/local/kafka-artifacts.js'
import { isolatedState, ktk, uniqueTopic } from '../helpers/cli.js'
import { freePort } from '../helpers/clusters.js'

/**
 * `ktk local start` on a machine with Node and Java but no Maven: ktk downloads Kafka 4.4.0's jars
 * itself, from a Maven repository mirror (KTK_MAVEN_REPOSITORY) this test serves from jars already on
 * disk, so CI does not fetch 56 MB from Maven Central on every run. First the mirror serves one jar
 * corrupted (exit 1 naming it, nothing of it left), then the good one: the second start fetches only
 * that jar, verifies it, and starts a broker ktk's commands work against.
 */
const VERSION = '4.4.0'
const artifacts = KAFKA_ARTIFACTS[VERSION]!
const CORRUPTED = artifacts.find((a) => a.file === `kafka-clients-${VERSION}.jar`)!

let sourceDir: string
let mirror: http.Server
const requests: string[] = []
let corrupt = true

/** A PATH holding only node and java (symlinks), so `mvn` cannot be found. */
function pathWithoutMaven(): string {
  const bin = mkdtempSync(join(tmpdir(), 'ktk-e2e-bin-'))
  for (const tool of ['node', 'java']) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim()
    symlinkSync(realpathSync(found), join(bin, tool))
  }
  return bin
}

const state = isolatedState()
const cacheDir = join(state, 'cache')
const env = {
  KTK_STATE_DIR: state,
  KTK_CONFIG_DIR: join(state, 'config'),
  KTK_CACHE_DIR: cacheDir,
  PATH: pathWithoutMaven(),
  JAVA_HOME: undefined,
  KAFKA_HOME: undefined,
  KTK_MAVEN_REPOSITORY: '',
}
const port = freePort(36)
const versionDir = join(cacheDir, 'kafka', VERSION)

beforeAll(async () => {
  // The jars the mirror serves: the user's ktk cache, filled the first time like any other (from Maven Central).
  sourceDir = (await ensureKafkaJars({ version: VERSION, cacheDir: userCacheDir(process.env) })).dir
  mirror = http.createServer((request, response) => {
    const path = request.url ?? ''
    requests.push(path)
    const file = path.split('/').pop() ?? ''
    const source = join(sourceDir, file)
    if (!path.startsWith('/maven2/') || !existsSync(source)) {
      response.writeHead(404).end()
      return
    }
    const body = readFileSync(source)
    const middle = body.length >> 1
    if (corrupt && file === CORRUPTED.file) body[middle] = body[middle]! ^ 0xff
    response.writeHead(200, { 'Content-Length': body.length }).end(body)
  })
  await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve))
  env.KTK_MAVEN_REPOSITORY = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/maven2`
  mkdirSync(cacheDir, { recursive: true })
}, 600_000)

afterAll(async () => {
  await ktk(['local', 'stop', '--delete-data'], { env })
  mirror.closeAllConnections()
  await new Promise<void>((resolve) => mirror.close(() => resolve()))
})

describe('ktk local start without mvn', () => {
  it('has no mvn on the PATH it runs with', () => {
    const probe = spawnSync('mvn', ['--version'], { env: { PATH: env.PATH } })
    expect((probe.error as NodeJS.ErrnoException | undefined)?.code).toBe('ENOENT')
  })

  it('fails with exit 1 naming a jar whose SHA-256 is wrong, and leaves nothing of it', async () => {
    const result = await ktk(['local', 'start', '--port', String(port)], { env, timeoutMs: 600_000 })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`Downloading Apache Kafka ${VERSION} (${artifacts.length} jars`)
    expect(result.stderr).toContain(`org.apache.kafka:kafka-clients:${VERSION} failed verification`)
    expect(result.stderr).toContain(CORRUPTED.sha256)
    const staging = join(versionDir, 'libs.partial')
    expect(readdirSync(staging).filter((f) => f.startsWith('kafka-clients-'))).toEqual([])
    expect(existsSync(join(versionDir, 'complete'))).toBe(false)
    expect(requests).toContain(`/maven2/org/apache/kafka/kafka-clients/${VERSION}/${CORRUPTED.file}`)
  })

  it('downloads only what is missing the next time, verified, and starts Kafka from it', async () => {
    corrupt = false
    requests.length = 0
    const result = await ktk(['local', 'start', '--port', String(port)], { env, timeoutMs: 600_000 })
    expect(result.stderr).toContain(`downloaded ${artifacts.length}/${artifacts.length} jars`)
    expect(result.code).toBe(0)
    // The other jars were verified and kept by the first run: this one fetched the corrupted one only.
    expect(requests).toEqual([`/maven2/org/apache/kafka/kafka-clients/${VERSION}/${CORRUPTED.file}`])
    expect(readdirSync(join(versionDir, 'libs')).sort()).toEqual(artifacts.map((a) => a.file).sort())
    expect(existsSync(join(versionDir, 'complete'))).toBe(true)
    expect(result.stdout + result.stderr).toContain(`Kafka ${VERSION} is ready at 127.0.0.1:${port}`)
  })

  it('serves ktk commands, and stops', async () => {
    const topic = uniqueTopic('download')
    expect((await ktk(['topics', 'create', topic], { env })).code).toBe(0)
    const list = await ktk(['topics', 'list'], { env })
    expect(list.code).toBe(0)
    expect(list.stdout.split('\n')).toContain(topic)
    const stop = await ktk(['local', 'stop'], { env })
    expect(stop.code).toBe(0)
    expect((await ktk(['local', 'status'], { env })).code).toBe(4)
  })
})
