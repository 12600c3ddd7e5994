import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Acl } from '../../src/core/acl.js'
import { json, ktk, type RunOptions, uniqueTopic } from '../helpers/cli.js'
import { freePort } from '../helpers/clusters.js'
import { kafkaTool, parseKafkaTopicsDescribe } from '../helpers/kafka-tools.js'
import {
  aclKeys,
  clientProperties,
  kafkaAcls,
  type SecureCluster,
  startSecureCluster,
} from '../helpers/secure.js'

/**
 * The secured paths on Apache Kafka 3.9 (compatibility): its own secure cluster, SASL over both
 * listeners, mutual TLS, and ACLs compared with 3.9's kafka.admin.AclCommand.
 */
describe('secure cluster on Kafka 3.9.2', () => {
  let c: SecureCluster
  const run = (args: readonly string[], options: RunOptions = {}) =>
    ktk(args, { ...options, env: { ...c.env, ...options.env } })

  beforeAll(async () => {
    c = await startSecureCluster('3.9.2', freePort(14))
  })
  afterAll(async () => {
    await c?.stop()
  })

  it('topics through SASL_SSL (SCRAM-SHA-512) and SASL_PLAINTEXT (PLAIN), as kafka-topics sees them', async () => {
    const topic = uniqueTopic('sec39')
    const ssl = clientProperties(c, { protocol: 'SASL_SSL', mechanism: 'SCRAM-SHA-512', user: 'admin' })
    const created = await run([
      'topics',
      'create',
      topic,
      '-b',
      c.saslSsl,
      '--command-config',
      ssl,
      '--partitions',
      '2',
    ])
    expect(created.code, created.stderr).toBe(0)
    const reference = await kafkaTool(c.tool, 'topics', [
      '--bootstrap-server',
      c.saslSsl,
      '--command-config',
      ssl,
      '--describe',
      '--topic',
      topic,
    ])
    expect(parseKafkaTopicsDescribe(reference.stdout)[0]?.partitionCount).toBe(2)
    const plain = clientProperties(c, { protocol: 'SASL_PLAINTEXT', mechanism: 'PLAIN', user: 'admin' })
    expect(
      (await run(['topics', 'list', '-b', c.saslPlaintext, '--command-config', plain])).stdout.split('\n'),
    ).toContain(topic)
  })

  it('a wrong password exits 6 naming user, mechanism and broker', async () => {
    const props = clientProperties(c, {
      protocol: 'SASL_PLAINTEXT',
      mechanism: 'SCRAM-SHA-256',
      user: 'bob',
      password: 'nope-nope',
    })
    const r = await run(['topics', 'list', '-b', c.saslPlaintext, '--command-config', props])
    expect(r.code).toBe(6)
    expect(r.stderr).toContain(
      `error: authentication failed for user bob (SCRAM-SHA-256) at ${c.saslPlaintext}`,
    )
  })

  it('ACLs created by ktk are what kafka.admin.AclCommand lists; mutual TLS is User:alice', async () => {
    const topic = uniqueTopic('sec39.acl')
    expect((await run(['topics', 'create', topic, '--context', 'local'])).code).toBe(0)
    const created = await run([
      'acls',
      'create',
      '--context',
      'local',
      '--allow-principal',
      'User:alice',
      '--consumer',
      '--topic',
      topic,
      '--group',
      `${topic}-g`,
      '--json',
    ])
    expect(created.code, created.stderr).toBe(0)
    const theirs = await kafkaAcls(c, ['--list'])
    expect(theirs.result.code, theirs.result.stdout).toBe(0)
    const ours = json<{ acls: Acl[] }>(await run(['acls', 'list', '--context', 'local', '--json'])).acls
    const mine = (acls: readonly Acl[]) => aclKeys(acls.filter((a) => a.resourceName.startsWith(topic)))
    expect(mine(ours)).toEqual(mine(theirs.acls))
    expect(mine(ours)).toEqual([
      `GROUP ${topic}-g LITERAL User:alice * READ ALLOW`,
      `TOPIC ${topic} LITERAL User:alice * DESCRIBE ALLOW`,
      `TOPIC ${topic} LITERAL User:alice * READ ALLOW`,
    ])
    const listed = await run(['topics', 'list', '--context', 'local-mtls'])
    expect(listed.code, listed.stderr).toBe(0)
    expect(listed.stdout.split('\n')).toContain(topic)
  })
})
