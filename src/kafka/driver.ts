/**
 * The one place that loads kafkajs. ktk drives kafkajs's cluster and broker objects directly (they are
 * CommonJS internals of the pinned 2.2.4) so that it can send requests kafkajs has no API for.
 */
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

// biome-ignore lint/suspicious/noExplicitAny: kafkajs internals are untyped JavaScript
export type Untyped = any

export interface KafkajsModules {
  Cluster: new (options: Record<string, unknown>) => Untyped
  createAdmin: (options: Record<string, unknown>) => Untyped
  createProducer: (options: Record<string, unknown>) => Untyped
  createConsumer: (options: Record<string, unknown>) => Untyped
  createLogger: (options: Record<string, unknown>) => Untyped
  logLevel: { NOTHING: number; ERROR: number; WARN: number; INFO: number; DEBUG: number }
  apiKeys: Record<string, number>
  errors: Record<string, Untyped>
  errorCodes: {
    createErrorFromCode: (code: number) => Error
    errorCodes: { type: string; code: number; message: string }[]
  }
  InstrumentationEventEmitter: new () => Untyped
  Broker: new (options: Record<string, unknown>) => Untyped
  connectionPoolBuilder: (options: Record<string, unknown>) => Untyped
  socketFactory: () => Untyped
}

let loaded: KafkajsModules | undefined

export function kafkajs(): KafkajsModules {
  if (!loaded) {
    const root = require('kafkajs')
    const protocolError = require('kafkajs/src/protocol/error')
    loaded = {
      Cluster: require('kafkajs/src/cluster'),
      createAdmin: require('kafkajs/src/admin'),
      createProducer: require('kafkajs/src/producer'),
      createConsumer: require('kafkajs/src/consumer'),
      createLogger: require('kafkajs/src/loggers').createLogger,
      logLevel: root.logLevel,
      apiKeys: require('kafkajs/src/protocol/requests/apiKeys'),
      errors: require('kafkajs/src/errors'),
      errorCodes: protocolError,
      InstrumentationEventEmitter: require('kafkajs/src/instrumentation/emitter'),
      Broker: require('kafkajs/src/broker'),
      connectionPoolBuilder: require('kafkajs/src/cluster/connectionPoolBuilder'),
      socketFactory: require('kafkajs/src/network/socketFactory'),
    }
  }
  return loaded
}
