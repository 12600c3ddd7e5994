/**
 * The shapes of the message schemas generated from Kafka's JSON message definitions
 * (src/kafka/protocol/messages, by scripts/generate-messages.mjs) and interpreted by message-codec.ts.
 * Apart from both, so that the generated files and the codec that reads them do not import each other.
 */

/** A field as in Kafka's message JSON (names in camelCase; docs, entity types and map keys left out). */
export interface FieldSchema {
  readonly name: string
  readonly type: string
  readonly versions: string
  readonly nullableVersions?: string
  readonly taggedVersions?: string
  readonly tag?: number
  readonly ignorable?: boolean
  readonly default?: string
  readonly flexibleVersions?: string
  readonly fields?: readonly FieldSchema[]
}

export interface StructSchema {
  readonly name: string
  readonly versions: string
  readonly fields: readonly FieldSchema[]
}

/** One request, response or header; T is the TypeScript type its values have (phantom). */
export interface MessageSchema<T = unknown> {
  readonly name: string
  readonly validVersions: string
  readonly flexibleVersions: string
  readonly fields: readonly FieldSchema[]
  readonly commonStructs?: readonly StructSchema[]
  readonly __type?: T
}

export interface ApiSchema<Req = unknown, Res = unknown> {
  readonly name: string
  readonly apiKey: number
  readonly request: MessageSchema<Req>
  readonly response: MessageSchema<Res>
}
