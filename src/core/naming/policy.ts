/**
 * The naming policy: what a topic name must look like. Pure data; src/config builds it from a
 * ktk.naming.yaml file, and DEFAULT_POLICY is the built-in convention (`env.domain.event.vN`, README "Naming").
 */

export type NamingMode = 'enforce' | 'warn' | 'off'

/** Case rules a free-text segment can demand. */
export type CaseRule = 'snake' | 'kebab' | 'lower' | 'camel' | 'pascal' | 'any'

interface SegmentBase {
  name: string
  /** Shortest and longest the segment may be (characters). */
  minLength?: number
  maxLength?: number
}

/** One of a fixed list of values (e.g. env: dev, test, staging, prod). */
export interface EnumSegment extends SegmentBase {
  kind: 'enum'
  values: string[]
}

/** Free text in a case style, optionally also matching a regular expression. */
export interface TextSegment extends SegmentBase {
  kind: 'text'
  case: CaseRule
  /** A regular expression (whole-segment match) the value must also satisfy. */
  pattern?: string
}

/** A version: prefix then a positive integer without leading zeros (v1, v2, …). */
export interface VersionSegment extends SegmentBase {
  kind: 'version'
  prefix: string
}

export type SegmentRule = EnumSegment | TextSegment | VersionSegment

/** A name that is not checked against the segments; `reason` is shown by lint. */
export type Exemption =
  | { kind: 'name'; name: string; reason: string }
  | { kind: 'glob'; pattern: string; reason: string }
  | { kind: 'regex'; pattern: string; reason: string }

export interface NamingPolicy {
  mode: NamingMode
  separator: string
  segments: SegmentRule[]
  /** At most this many characters (Kafka's own limit, 249, always applies too). */
  maxLength: number
  /** The segment a context's environment restricts (default: the segment named "env", if any). */
  envSegment: string | null
  exemptions: Exemption[]
  /** Where the policy came from: a file path, or "built-in". */
  source: string
}

/**
 * Topics that belong to Kafka and the tools around it, never named by people: exempt unless a policy
 * turns the built-in list off.
 */
export const BUILTIN_EXEMPTIONS: readonly Exemption[] = [
  { kind: 'glob', pattern: '__*', reason: "internal topic (Kafka's own, Debezium heartbeats, …)" },
  { kind: 'name', name: '_schemas', reason: 'Schema Registry storage' },
  { kind: 'glob', pattern: '_confluent*', reason: 'Confluent Platform internal topic' },
  { kind: 'glob', pattern: 'connect-*', reason: 'Kafka Connect internal topic' },
  { kind: 'glob', pattern: '*-changelog', reason: 'Kafka Streams changelog topic' },
  { kind: 'glob', pattern: '*-repartition', reason: 'Kafka Streams repartition topic' },
]

export const DEFAULT_ENVS = ['dev', 'test', 'staging', 'prod']

/** `<env>.<domain>.<event>.v<N>`: prod.retail.order_placed.v1. */
export const DEFAULT_POLICY: NamingPolicy = {
  mode: 'enforce',
  separator: '.',
  segments: [
    { kind: 'enum', name: 'env', values: DEFAULT_ENVS },
    { kind: 'text', name: 'domain', case: 'snake' },
    { kind: 'text', name: 'event', case: 'snake' },
    { kind: 'version', name: 'version', prefix: 'v' },
  ],
  maxLength: 249,
  envSegment: 'env',
  exemptions: [...BUILTIN_EXEMPTIONS],
  source: 'built-in',
}

/** The shape of a conforming name, e.g. `<env>.<domain>.<event>.v<N>`. */
export function policyTemplate(policy: NamingPolicy): string {
  return policy.segments
    .map((s) => (s.kind === 'version' ? `${s.prefix}<N>` : `<${s.name}>`))
    .join(policy.separator)
}
