import { describe, expect, it, vi } from 'vitest'
import type { NodeLayout } from '../../../src/local/layout.js'
import {
  kafkaClusterId,
  serverProperties,
  zooCfg,
  zookeeperServerProperties,
} from '../../../src/local/node-config.js'

const node = (id: number): NodeLayout => ({
  id,
  port: 19090 + id,
  controllerPort: 29090 + id,
  dir: `/tmp/ktk/node-${id}`,
})

function parse(text: string): Map<string, string> {
  const map = new Map<string, string>()
  for (const line of text.split('\n').filter((l) => l !== '')) {
    const eq = line.indexOf('=')
    expect(eq).toBeGreaterThan(0)
    const key = line.slice(0, eq)
    expect(map.has(key), `duplicate key ${key}`).toBe(false)
    map.set(key, line.slice(eq + 1))
  }
  return map
}

describe('serverProperties', () => {
  it('single node', () => {
    const one = [node(1)]
    const text = serverProperties(one[0]!, one, '4.1.2')
    expect(text.endsWith('\n')).toBe(true)
    const p = parse(text)
    expect(p.get('process.roles')).toBe('broker,controller')
    expect(p.get('node.id')).toBe('1')
    expect(p.get('controller.quorum.voters')).toBe('1@127.0.0.1:29091')
    expect(p.get('listeners')).toBe('PLAINTEXT://127.0.0.1:19091,CONTROLLER://127.0.0.1:29091')
    expect(p.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:19091')
    expect(p.get('controller.listener.names')).toBe('CONTROLLER')
    expect(p.get('inter.broker.listener.name')).toBe('PLAINTEXT')
    expect(p.get('listener.security.protocol.map')).toBe('CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT')
    expect(p.get('log.dirs')).toBe('/tmp/ktk/node-1/data')
    expect(p.get('default.replication.factor')).toBe('1')
    expect(p.get('offsets.topic.replication.factor')).toBe('1')
    expect(p.get('transaction.state.log.replication.factor')).toBe('1')
    expect(p.get('transaction.state.log.min.isr')).toBe('1')
    expect(p.get('share.coordinator.state.topic.replication.factor')).toBe('1')
    expect(p.get('share.coordinator.state.topic.min.isr')).toBe('1')
    expect(p.get('auto.create.topics.enable')).toBe('false')
  })

  it('three nodes: every node lists all voters and uses its own ports', () => {
    const three = [node(1), node(2), node(3)]
    const voters = '1@127.0.0.1:29091,2@127.0.0.1:29092,3@127.0.0.1:29093'
    for (const n of three) {
      const p = parse(serverProperties(n, three, '4.1.2'))
      expect(p.get('node.id')).toBe(String(n.id))
      expect(p.get('controller.quorum.voters')).toBe(voters)
      expect(p.get('listeners')).toBe(
        `PLAINTEXT://127.0.0.1:${n.port},CONTROLLER://127.0.0.1:${n.controllerPort}`,
      )
      expect(p.get('advertised.listeners')).toBe(`PLAINTEXT://127.0.0.1:${n.port}`)
      expect(p.get('log.dirs')).toBe(`${n.dir}/data`)
      expect(p.get('default.replication.factor')).toBe('3')
      expect(p.get('offsets.topic.replication.factor')).toBe('3')
      expect(p.get('transaction.state.log.replication.factor')).toBe('3')
      expect(p.get('transaction.state.log.min.isr')).toBe('2')
      expect(p.get('share.coordinator.state.topic.replication.factor')).toBe('3')
      expect(p.get('share.coordinator.state.topic.min.isr')).toBe('2')
      expect(p.get('auto.create.topics.enable')).toBe('false')
    }
  })

  it.each([1, 2, 3, 5])('replication factors are min(3, n) for %i nodes, min isr never above them', (n) => {
    const all = Array.from({ length: n }, (_, i) => node(i + 1))
    const p = parse(serverProperties(all[0]!, all, '4.1.2'))
    const rf = Math.min(3, n)
    expect(p.get('default.replication.factor')).toBe(String(rf))
    expect(p.get('offsets.topic.replication.factor')).toBe(String(rf))
    expect(p.get('transaction.state.log.replication.factor')).toBe(String(rf))
    expect(Number(p.get('transaction.state.log.min.isr'))).toBeLessThanOrEqual(rf)
    expect(p.get('controller.quorum.voters')?.split(',')).toHaveLength(n)
  })

  it.each([
    ['4.1.2', true],
    ['4.0.0', true],
    ['3.9.2', false],
    ['3.7.0', false],
  ])('share-coordinator keys for Kafka %s: %s', (version, present) => {
    const all = [node(1), node(2), node(3)]
    const p = parse(serverProperties(all[0]!, all, version))
    expect(p.has('share.coordinator.state.topic.replication.factor')).toBe(present)
    expect(p.has('share.coordinator.state.topic.min.isr')).toBe(present)
    expect(p.get('auto.create.topics.enable')).toBe('false')
    expect(p.get('process.roles')).toBe('broker,controller')
  })
})

describe('zookeeperServerProperties (Kafka 2.8 to 3.6)', () => {
  const zk = { port: 29190, dir: '/tmp/ktk/zookeeper' }
  const zkNode = (id: number): NodeLayout => ({ ...node(id), controllerPort: null })

  it('one broker: broker.id and zookeeper.connect, no KRaft keys, the same storage defaults', () => {
    const one = [zkNode(1)]
    const p = parse(zookeeperServerProperties(one[0]!, one, zk))
    expect(p.get('broker.id')).toBe('1')
    expect(p.get('zookeeper.connect')).toBe('127.0.0.1:29190')
    expect(p.get('zookeeper.session.timeout.ms')).toBe('6000')
    expect(p.get('listeners')).toBe('PLAINTEXT://127.0.0.1:19091')
    expect(p.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:19091')
    expect(p.get('log.dirs')).toBe('/tmp/ktk/node-1/data')
    expect(p.get('offsets.topic.replication.factor')).toBe('1')
    expect(p.get('transaction.state.log.min.isr')).toBe('1')
    expect(p.get('auto.create.topics.enable')).toBe('false')
    for (const kraftOnly of [
      'process.roles',
      'node.id',
      'controller.quorum.voters',
      'controller.listener.names',
      'share.coordinator.state.topic.replication.factor',
    ]) {
      expect(p.has(kraftOnly), kraftOnly).toBe(false)
    }
  })

  it('three brokers share one ZooKeeper, each with its own id, port and data', () => {
    const three = [zkNode(1), zkNode(2), zkNode(3)]
    for (const n of three) {
      const p = parse(zookeeperServerProperties(n, three, zk))
      expect(p.get('broker.id')).toBe(String(n.id))
      expect(p.get('zookeeper.connect')).toBe('127.0.0.1:29190')
      expect(p.get('listeners')).toBe(`PLAINTEXT://127.0.0.1:${n.port}`)
      expect(p.get('log.dirs')).toBe(`${n.dir}/data`)
      expect(p.get('default.replication.factor')).toBe('3')
      expect(p.get('transaction.state.log.min.isr')).toBe('2')
    }
  })

  it('zoo.cfg: loopback only, its own data folder, no admin web server, ruok allowed', () => {
    const p = parse(zooCfg(zk))
    expect(p.get('clientPort')).toBe('29190')
    expect(p.get('clientPortAddress')).toBe('127.0.0.1')
    expect(p.get('dataDir')).toBe('/tmp/ktk/zookeeper/data')
    expect(p.get('admin.enableServer')).toBe('false')
    expect(p.get('4lw.commands.whitelist')?.split(',')).toEqual(expect.arrayContaining(['ruok', 'dump']))
  })
})

describe('kafkaClusterId', () => {
  it('never starts with "-" and is 22 characters of URL-safe base64', () => {
    // 0xf8 = 111110 00...: the first base64url character is index 62, '-'.
    const leadingDash = Buffer.alloc(16, 0)
    leadingDash[0] = 0xf8
    expect(leadingDash.toString('base64url').startsWith('-')).toBe(true)
    const good = Buffer.from('00112233445566778899aabbccddeeff', 'hex')
    const random = vi
      .fn<(size: number) => Buffer>()
      .mockReturnValueOnce(leadingDash)
      .mockReturnValueOnce(good)

    const id = kafkaClusterId(random)

    expect(id).toBe(good.toString('base64url'))
    expect(id).toHaveLength(22)
    expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/)
    expect(random).toHaveBeenCalledTimes(2)
    expect(random).toHaveBeenCalledWith(16)
    expect(Buffer.from(id, 'base64url').equals(good)).toBe(true)
  })

  it('keeps drawing until the id is usable', () => {
    const dash = Buffer.alloc(16, 0xff)
    dash[0] = 0xfb // 111110 11: the first character is '-'
    const random = vi
      .fn<(size: number) => Buffer>()
      .mockReturnValueOnce(dash)
      .mockReturnValueOnce(dash)
      .mockReturnValueOnce(dash)
      .mockReturnValueOnce(Buffer.alloc(16, 0))
    expect(kafkaClusterId(random)).toBe('AAAAAAAAAAAAAAAAAAAAAA')
    expect(random).toHaveBeenCalledTimes(4)
  })

  it('with real randomness, always 22 characters and no leading dash', async () => {
    const { randomBytes } = await import('node:crypto')
    for (let i = 0; i < 200; i++) {
      const id = kafkaClusterId(randomBytes)
      expect(id).toHaveLength(22)
      expect(id.startsWith('-')).toBe(false)
    }
  })
})
