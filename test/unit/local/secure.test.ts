import { describe, expect, it } from 'vitest'
import { contextsFileSchema } from '../../../src/config/context-schema.js'
import type { NodeLayout } from '../../../src/local/layout.js'
import { localContexts } from '../../../src/local/local-contexts.js'
import { serverProperties, zookeeperServerProperties } from '../../../src/local/node-config.js'
import { makeSecrets, scramFormatArgs, secureRecord } from '../../../src/local/secure.js'
import type { LocalClusterRecord } from '../../../src/local/state.js'

const node = (id: number): NodeLayout => ({
  id,
  port: 19090 + id,
  controllerPort: 19190 + id,
  dir: `/k/node-${id}`,
})
const parse = (text: string) =>
  new Map(
    text
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const),
  )

let counter = 0
const random = (size: number) => Buffer.alloc(size, ++counter)

describe('secure local cluster configuration', () => {
  const nodes = [node(1), node(2), node(3)]
  const record = secureRecord('/k', nodes)
  const secrets = makeSecrets(random)

  it('random, distinct passwords that need no quoting', () => {
    const all = [secrets.storePassword, ...Object.values(secrets.passwords)]
    expect(new Set(all).size).toBe(all.length)
    for (const p of all) expect(p).toMatch(/^[A-Za-z0-9_-]{24}$/)
  })

  it('SASL_PLAINTEXT, SASL_SSL and mutual-TLS SSL listeners; no PLAINTEXT anywhere; admin is the only super user', () => {
    const p = parse(serverProperties(nodes[1]!, nodes, '4.1.2', { record, secrets }))
    expect(p.get('listeners')).toBe(
      'SASL_PLAINTEXT://127.0.0.1:19092,SASL_SSL://127.0.0.1:19102,SSL://127.0.0.1:19112,CONTROLLER://127.0.0.1:19192',
    )
    expect(p.get('listener.security.protocol.map')).not.toMatch(/:PLAINTEXT(,|$)/)
    expect(p.get('inter.broker.listener.name')).toBe('SASL_PLAINTEXT')
    expect(p.get('sasl.enabled.mechanisms')).toBe('PLAIN,SCRAM-SHA-256,SCRAM-SHA-512,OAUTHBEARER')
    expect(p.get('sasl.mechanism.controller.protocol')).toBe('PLAIN')
    expect(p.get('listener.name.ssl.ssl.client.auth')).toBe('required')
    expect(p.get('authorizer.class.name')).toBe('org.apache.kafka.metadata.authorizer.StandardAuthorizer')
    expect(p.get('super.users')).toBe('User:admin')
    const plain = p.get('listener.name.sasl_ssl.plain.sasl.jaas.config')!
    for (const user of ['admin', 'alice', 'bob'])
      expect(plain).toContain(`user_${user}="${secrets.passwords[user]}"`)
    expect(p.get('ssl.keystore.location')).toBe('/k/security/broker.p12')
  })

  it('ZooKeeper mode (Kafka 2.8 to 3.6): the same listeners without a controller, and the AclAuthorizer', () => {
    const zkNodes = nodes.map((n) => ({ ...n, controllerPort: null }))
    const zk = { port: 19190, dir: '/k/zookeeper' }
    const p = parse(zookeeperServerProperties(zkNodes[1]!, zkNodes, zk, { record, secrets }))
    expect(p.get('broker.id')).toBe('2')
    expect(p.get('zookeeper.connect')).toBe('127.0.0.1:19190')
    expect(p.get('listeners')).toBe(
      'SASL_PLAINTEXT://127.0.0.1:19092,SASL_SSL://127.0.0.1:19102,SSL://127.0.0.1:19112',
    )
    expect(p.get('advertised.listeners')).toBe(p.get('listeners'))
    expect(p.get('listener.security.protocol.map')).toBe(
      'SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,SSL:SSL',
    )
    expect(p.get('inter.broker.listener.name')).toBe('SASL_PLAINTEXT')
    expect(p.get('sasl.mechanism.inter.broker.protocol')).toBe('PLAIN')
    expect(p.get('authorizer.class.name')).toBe('kafka.security.authorizer.AclAuthorizer')
    expect(p.get('super.users')).toBe('User:admin')
    expect(p.get('listener.name.ssl.ssl.client.auth')).toBe('required')
    expect([...p.keys()].filter((k) => /controller/i.test(k))).toEqual([])
    expect([...p.values()].join('\n')).not.toMatch(/CONTROLLER|null/)
  })

  it('SCRAM-SHA-256 and -512 credentials for every user at format time', () => {
    const args = scramFormatArgs(record, secrets)
    expect(args.filter((a) => a === '--add-scram')).toHaveLength(6)
    expect(args).toContain(`SCRAM-SHA-512=[name="alice",password="${secrets.passwords.alice}"]`)
  })

  it('contexts: admin as local, one per user, and mutual TLS; passwords by file only; all valid', () => {
    const cluster: LocalClusterRecord = {
      version: '4.1.2',
      clusterId: 'x',
      bootstrap: record.listeners.saslPlaintext,
      jarsDir: '/jars',
      createdAt: '',
      nodes: nodes.map((n) => ({ ...n, pid: null })),
      secure: record,
    }
    const contexts = localContexts(cluster)
    expect(Object.keys(contexts)).toEqual(['local', 'local-alice', 'local-bob', 'local-mtls'])
    expect(contexts.local).toEqual({
      'bootstrap-servers': ['127.0.0.1:19101', '127.0.0.1:19102', '127.0.0.1:19103'],
      'security-protocol': 'SASL_SSL',
      sasl: {
        mechanism: 'SCRAM-SHA-512',
        username: 'admin',
        password: { file: '/k/security/admin.password' },
      },
      tls: { 'ca-file': '/k/security/ca.pem' },
    })
    expect(contexts['local-mtls']?.tls?.['keystore-file']).toBe('/k/security/alice.p12')
    expect(contextsFileSchema.safeParse({ contexts }).success).toBe(true)
    expect(JSON.stringify(contexts)).not.toContain(secrets.passwords.admin!)
  })

  it('an open cluster offers only local', () => {
    const open: LocalClusterRecord = {
      version: '4.1.2',
      clusterId: 'x',
      bootstrap: '127.0.0.1:9092',
      jarsDir: '/jars',
      createdAt: '',
      nodes: [],
    }
    expect(localContexts(open)).toEqual({ local: { 'bootstrap-servers': ['127.0.0.1:9092'] } })
  })
})
