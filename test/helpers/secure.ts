import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Acl } from '../../src/core/acl.js'
import type { SecureRecord } from '../../src/local/secure.js'
import { readRecord } from '../../src/local/state.js'
import { isolatedState, ktk, type RunOptions, type RunResult } from './cli.js'
import type { TestCluster } from './clusters.js'
import { kafkaTool } from './kafka-tools.js'

/**
 * A secure cluster of the test's own (`ktk local start --secure`): SASL_PLAINTEXT on port, SASL_SSL on
 * port+10, mutual TLS on port+20; users admin (super user), alice and bob. Started through the CLI, so
 * the command itself (users printed, contexts registered) is under test too.
 */
export interface SecureCluster {
  /** KTK_STATE_DIR and KTK_CONFIG_DIR of this cluster: ktk() runs with them reach its contexts. */
  env: { KTK_STATE_DIR: string; KTK_CONFIG_DIR: string }
  /** For kafkaTool(): the jars and version. */
  tool: TestCluster
  secure: SecureRecord
  passwords: Record<string, string>
  storePassword: string
  saslPlaintext: string
  saslSsl: string
  ssl: string
  /** The output of `ktk local start --secure`. */
  started: RunResult
  /** A folder for the test's own files (properties files, PEM copies). */
  dir: string
  stop(): Promise<void>
}

export async function startSecureCluster(version: string, port: number): Promise<SecureCluster> {
  const state = isolatedState()
  const env = { KTK_STATE_DIR: state, KTK_CONFIG_DIR: join(state, 'config') }
  const started = await ktk(
    [
      'local',
      'start',
      '--secure',
      '--fresh',
      '--port',
      String(port),
      '--kafka-version',
      version,
      '--wait',
      '300s',
    ],
    { env, timeoutMs: 480_000 },
  )
  if (started.code !== 0)
    throw new Error(`secure cluster did not start (exit ${started.code}):\n${started.stderr}`)
  const record = readRecord(join(state, 'local'))!
  const secure = record.secure!
  const read = (path: string) => readFileSync(path, 'utf8').trim()
  const dir = join(state, 'test-files')
  mkdirSync(dir, { recursive: true })
  return {
    env,
    tool: {
      name: `secure-${version}`,
      version,
      brokers: 1,
      port,
      bootstrap: secure.listeners.saslPlaintext,
      root: join(state, 'local'),
      stateDir: state,
      jarsDir: record.jarsDir,
    },
    secure,
    passwords: Object.fromEntries(secure.users.map((u) => [u.name, read(u.passwordFile)])),
    storePassword: read(secure.storePasswordFile),
    saslPlaintext: secure.listeners.saslPlaintext,
    saslSsl: secure.listeners.saslSsl,
    ssl: secure.listeners.ssl,
    started,
    dir,
    stop: async () => {
      await ktk(['local', 'stop', '--delete-data'], { env })
    },
  }
}

/** The flags that pick each user's context, as `ktk local start --secure` registers them. */
export const USERS = {
  admin: ['--context', 'local'],
  alice: ['--context', 'local-alice'],
  bob: ['--context', 'local-bob'],
} as const

/** Runs ktk with a secure cluster's state and config folders (its contexts); the cluster is read per call. */
export const secureRunner =
  (cluster: () => SecureCluster) =>
  (args: readonly string[], options: RunOptions = {}) =>
    ktk(args, { ...options, env: { ...cluster().env, ...options.env } })

/** Every SASL listener with every password mechanism the secure cluster enables. */
export const SASL_LISTENERS_AND_MECHANISMS = [
  ['SASL_PLAINTEXT', 'PLAIN'],
  ['SASL_PLAINTEXT', 'SCRAM-SHA-256'],
  ['SASL_PLAINTEXT', 'SCRAM-SHA-512'],
  ['SASL_SSL', 'PLAIN'],
  ['SASL_SSL', 'SCRAM-SHA-256'],
  ['SASL_SSL', 'SCRAM-SHA-512'],
] as const

const MODULES: Record<string, string> = {
  PLAIN: 'org.apache.kafka.common.security.plain.PlainLoginModule',
  'SCRAM-SHA-256': 'org.apache.kafka.common.security.scram.ScramLoginModule',
  'SCRAM-SHA-512': 'org.apache.kafka.common.security.scram.ScramLoginModule',
}

/** A Java client properties file, as Kafka's own tools and ktk's --command-config read it. */
export function clientProperties(
  cluster: SecureCluster,
  options: { protocol: 'SASL_PLAINTEXT' | 'SASL_SSL'; mechanism: string; user: string; password?: string },
): string {
  const password = options.password ?? cluster.passwords[options.user]
  const lines = [
    `security.protocol=${options.protocol}`,
    `sasl.mechanism=${options.mechanism}`,
    `sasl.jaas.config=${MODULES[options.mechanism]} required username="${options.user}" password="${password}";`,
  ]
  if (options.protocol === 'SASL_SSL') {
    // Java reads the PKCS#12 truststore; ktk reads PEM: one file each, both the same CA.
    lines.push('ssl.truststore.type=PEM', `ssl.truststore.location=${cluster.secure.caFile}`)
  }
  const file = join(
    cluster.dir,
    `${options.user}-${options.protocol}-${options.mechanism}-${Date.now()}${Math.random().toString(36).slice(2, 6)}.properties`,
  )
  writeFileSync(file, `${lines.join('\n')}\n`)
  return file
}

/** Parses kafka-acls --list: "Current ACLs for resource `ResourcePattern(…)`:" then one entry per line. */
export function parseKafkaAcls(stdout: string): Acl[] {
  const acls: Acl[] = []
  let resource: Pick<Acl, 'resourceType' | 'resourceName' | 'patternType'> | undefined
  for (const line of stdout.split('\n')) {
    const r = /ResourcePattern\(resourceType=(\w+), name=(.*), patternType=(\w+)\)/.exec(line)
    if (r) {
      resource = {
        resourceType: r[1] as Acl['resourceType'],
        resourceName: r[2]!,
        patternType: r[3] as Acl['patternType'],
      }
      continue
    }
    const e = /\(principal=(.*), host=(.*), operation=(\w+), permissionType=(\w+)\)/.exec(line)
    if (e && resource) {
      acls.push({
        ...resource,
        principal: e[1]!,
        host: e[2]!,
        operation: e[3] as Acl['operation'],
        permission: e[4] as Acl['permission'],
      })
    }
  }
  return acls
}

/** ACLs as comparable strings, order-free. */
export const aclKeys = (acls: readonly Acl[]) =>
  acls
    .map((a) =>
      [a.resourceType, a.resourceName, a.patternType, a.principal, a.host, a.operation, a.permission].join(
        ' ',
      ),
    )
    .sort()

/** kafka-acls (AclCommand of the cluster's version) as admin over SASL_PLAINTEXT; its ACLs parsed. */
export async function kafkaAcls(
  cluster: SecureCluster,
  args: readonly string[],
): Promise<{ result: RunResult; acls: Acl[] }> {
  const props = clientProperties(cluster, {
    protocol: 'SASL_PLAINTEXT',
    mechanism: 'SCRAM-SHA-512',
    user: 'admin',
  })
  const result = await kafkaTool(cluster.tool, 'acls', [
    '--bootstrap-server',
    cluster.saslPlaintext,
    '--command-config',
    props,
    ...args,
  ])
  return { result, acls: parseKafkaAcls(result.stdout) }
}
