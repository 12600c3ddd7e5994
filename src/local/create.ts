import { randomBytes } from 'node:crypto'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  CONTROLLER_PORT_OFFSET,
  type LocalClusterEnvironment,
  type StartOptions,
} from './cluster-environment.js'
import { javaBinary } from './java.js'
import { createKraftCluster } from './kraft.js'
import { assertPortsFree, portTaken } from './ports.js'
import { portIsFree } from './processes.js'
import {
  createTlsMaterial,
  keytoolRunner,
  makeSecrets,
  type SecureRecord,
  type SecureSetup,
  secureRecord,
} from './secure.js'
import type { LocalClusterRecord, LocalNodeRecord } from './state.js'
import { kafkaMode } from './versions.js'
import { createZooKeeperCluster } from './zookeeper.js'

/** Creates a cluster's folders, configuration, security material and record; nothing runs yet. */
export async function createCluster(
  environment: LocalClusterEnvironment,
  options: StartOptions,
  jarsDir: string,
): Promise<LocalClusterRecord> {
  const { root } = environment
  // No record means no cluster: whatever an interrupted earlier create left (a formatted node whose
  // cluster id nobody recorded) would make the format fail, so start from nothing.
  rmSync(root, { recursive: true, force: true })
  const kraft = kafkaMode(options.version) === 'kraft'
  const nodes = nodeLayouts(root, options, kraft)
  const secure = options.secure ? secureRecord(root, nodes) : undefined
  await assertPortsFree(nodes, Boolean(secure))
  const zookeeperPort = options.port + CONTROLLER_PORT_OFFSET
  if (!kraft && !(await portIsFree(zookeeperPort))) throw portTaken(zookeeperPort)
  const security = secure ? await writeSecurityMaterial(environment, secure) : undefined
  return kraft
    ? createKraftCluster(environment, options, jarsDir, nodes, security)
    : createZooKeeperCluster(environment, options, jarsDir, nodes, zookeeperPort, security)
}

/** Node i+1 listens at port+i; a KRaft node's controller at port+100+i. */
function nodeLayouts(root: string, options: StartOptions, kraft: boolean): LocalNodeRecord[] {
  return Array.from({ length: options.brokers }, (_, i) => ({
    id: i + 1,
    port: options.port + i,
    controllerPort: kraft ? options.port + CONTROLLER_PORT_OFFSET + i : null,
    dir: join(root, `node-${i + 1}`),
    pid: null,
  }))
}

/** New passwords in owner-only files, and a CA with broker and client certificates made by keytool. */
async function writeSecurityMaterial(
  environment: LocalClusterEnvironment,
  secure: SecureRecord,
): Promise<SecureSetup> {
  const secrets = makeSecrets(randomBytes)
  environment.progress('Making a CA and certificates with keytool, and passwords for admin, alice and bob')
  mkdirSync(secure.dir, { recursive: true, mode: 0o700 })
  writeFileSync(secure.storePasswordFile, `${secrets.storePassword}\n`, { mode: 0o600 })
  for (const user of secure.users) {
    writeFileSync(user.passwordFile, `${secrets.passwords[user.name]}\n`, { mode: 0o600 })
  }
  const keytool = keytoolRunner(javaBinary(environment.env), join(secure.dir, 'keytool.log'))
  await createTlsMaterial(secure, secrets.storePassword, keytool)
  return { record: secure, secrets }
}
