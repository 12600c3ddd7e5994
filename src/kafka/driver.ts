/**
 * The one place that loads kafkajs. ktk drives kafkajs's cluster and broker objects directly (they are
 * CommonJS internals of the pinned 2.2.4) so that it can send requests kafkajs has no API for.
 */
import m from './kafkajs-modules.cjs'

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
    errorCodes: { type: string; code: number; message: string; retriable?: boolean }[]
  }
  InstrumentationEventEmitter: new () => Untyped
  Broker: new (options: Record<string, unknown>) => Untyped
  connectionPoolBuilder: (options: Record<string, unknown>) => Untyped
  socketFactory: () => Untyped
}

const modules: KafkajsModules = {
  Cluster: m.Cluster,
  createAdmin: m.createAdmin,
  createProducer: m.createProducer,
  createConsumer: m.createConsumer,
  createLogger: m.loggers.createLogger,
  logLevel: m.root.logLevel,
  apiKeys: m.apiKeys,
  errors: m.errors,
  errorCodes: m.protocolError,
  InstrumentationEventEmitter: m.InstrumentationEventEmitter,
  Broker: m.Broker,
  connectionPoolBuilder: m.connectionPoolBuilder,
  socketFactory: m.socketFactory,
}

export function kafkajs(): KafkajsModules {
  return modules
}
