/** The shape of a topic config in the generated catalogue, apart so the catalogue and its readers import it without a cycle. */
export type ConfigType =
  | 'BOOLEAN'
  | 'STRING'
  | 'INT'
  | 'SHORT'
  | 'LONG'
  | 'DOUBLE'
  | 'LIST'
  | 'CLASS'
  | 'PASSWORD'

/** One topic-level config as Kafka defines it (LogConfig), from the generated catalogue. */
export interface TopicConfigSpec {
  name: string
  type: ConfigType | string
  default: string | null
  min?: string
  max?: string
  /** A single extra legal value outside [min, max] (e.g. -1 for compression.gzip.level). */
  also?: string
  validValues?: string[]
  format?: 'throttled-replicas'
  removedIn?: string
  doc: string
}
