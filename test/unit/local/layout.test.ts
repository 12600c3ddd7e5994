import { describe, expect, it } from 'vitest'
import { configPath, kafkaMainArgs, logsDir, zooCfgPath } from '../../../src/local/layout.js'

describe('a local node layout', () => {
  const node = { id: 1, port: 19092, controllerPort: 19192, dir: '/state/local/node-1' }

  it('names the files each process keeps in its own folder', () => {
    expect(configPath(node)).toBe('/state/local/node-1/server.properties')
    expect(zooCfgPath({ port: 19192, dir: '/state/local/zookeeper' })).toBe('/state/local/zookeeper/zoo.cfg')
    expect(logsDir(node)).toBe('/state/local/node-1/logs')
  })

  it("runs a Kafka main class from the jars, logging into the process's folder for both log4j lines", () => {
    expect(kafkaMainArgs(node, '/cache/kafka/4.1.2', 'kafka.Kafka')).toEqual([
      '-Dlog4j2.configurationFile=/state/local/node-1/log4j2.properties',
      '-Dlog4j.configuration=file:/state/local/node-1/log4j.properties',
      '-Dkafka.logs.dir=/state/local/node-1/logs',
      '-cp',
      '/cache/kafka/4.1.2/*',
      'kafka.Kafka',
    ])
  })
})
