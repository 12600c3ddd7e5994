// Representative values for every version of every message that scripts/generate-messages.mjs generates,
// straight from Kafka's JSON definitions in the pinned kafka-clients jar, as the JSON that Kafka's own
// *DataJsonConverter.read accepts. Capture.java turns each into Kafka's bytes and canonical JSON.
//
// Three variants per version: "values" (every field set to a non-default value, tagged fields included,
// arrays of two elements near the top), "nulls" (every field the version lets be null is null) and
// "defaults" (every field at its default, so tagged fields are left off the wire).
import { writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import {
  API_NAMES,
  kafkaClientsJar,
  loadDefinitions,
  parseVersions,
  usableVersions,
} from '../generate-messages.mjs'

const inRange = (range, v) => range !== null && v >= range[0] && v <= range[1]
const camel = (name) => name[0].toLowerCase() + name.slice(1)
const PRIMITIVES = new Set(['bool', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float64'])
const STRINGS = ['tópic-é', 'ключ-😀', 'x', '', 'a.b_c-d']

function uuid(seed) {
  const bytes = Buffer.alloc(16)
  for (let i = 0; i < 16; i++) bytes[i] = (seed * 31 + i * 17 + 1) & 0xff
  return bytes.toString('base64url')
}

/** A value for one primitive, never the field's default. */
function primitive(type, seed, def) {
  const pick = (candidates) => candidates.find((c) => String(c) !== String(def)) ?? candidates[0]
  switch (type) {
    case 'bool':
      return def !== 'true'
    case 'int8':
      return pick([(seed % 100) + 2, -((seed % 100) + 2)])
    case 'int16':
      return pick([seed % 3 === 0 ? -(1000 + seed) : 1000 + seed, 7])
    case 'uint16':
      return pick([40000 + seed, 7])
    case 'int32':
      return pick([seed % 3 === 0 ? -(100000 + seed * 7) : 100000 + seed * 7, 9])
    case 'uint32':
      return pick([3000000000 + seed, 9])
    case 'int64':
      return pick([seed % 2 ? -(2n ** 40n + BigInt(seed)) : 2n ** 53n + 1n + BigInt(seed), 11n])
    case 'float64':
      return seed % 2 ? -(seed + 0.25) : seed + 1.5
    case 'string':
      return pick([`${STRINGS[seed % STRINGS.length]}${seed}`, 'other'])
    case 'uuid':
      return uuid(seed)
    case 'bytes':
    case 'records':
      return Buffer.from(Array.from({ length: (seed % 7) + 1 }, (_, i) => (seed + i * 13) & 0xff)).toString(
        'base64',
      )
    default:
      throw new Error(`unknown type ${type}`)
  }
}

function defaultValue(type, def) {
  if (def === 'null') return null
  switch (type) {
    case 'bool':
      return def === 'true'
    case 'int64':
      return def ? BigInt(def) : 0n
    case 'string':
      return def ?? ''
    case 'uuid':
      return 'AAAAAAAAAAAAAAAAAAAAAA'
    case 'bytes':
      return ''
    case 'records':
      return null
    default:
      return def ? Number(def) : 0
  }
}

function structValue(fields, version, variant, common, state, depth) {
  const out = {}
  for (const f of fields) {
    const present =
      inRange(parseVersions(f.versions), version) ||
      (f.tag !== undefined && inRange(parseVersions(f.taggedVersions), version))
    if (!present) continue
    const seed = ++state.seed
    const nullable = inRange(parseVersions(f.nullableVersions), version)
    const array = f.type.startsWith('[]')
    const inner = array ? f.type.slice(2) : f.type
    const isStruct = !PRIMITIVES.has(inner) && !['string', 'uuid', 'bytes', 'records'].includes(inner)
    const structFields = isStruct ? (f.fields ?? common.get(inner)) : null
    const element = () =>
      isStruct
        ? structValue(structFields, version, variant, common, state, depth + 1)
        : primitive(inner, ++state.seed, undefined)
    let value
    if (variant === 'nulls' && nullable) value = null
    else if (variant === 'defaults') {
      if (array) value = f.default === 'null' ? null : []
      else if (isStruct)
        value =
          f.default === 'null' ? null : structValue(structFields, version, variant, common, state, depth + 1)
      else value = defaultValue(inner, f.default)
    } else if (array) value = Array.from({ length: depth < 2 ? 2 : 1 }, element)
    else if (isStruct) value = element()
    else value = primitive(inner, seed, f.default)
    out[camel(f.name)] = value
  }
  return out
}

/** [{ api, message, version, variant, value }] for every usable version of every generated message. */
export function inputs(defs) {
  const out = []
  const messages = API_NAMES.flatMap((api) =>
    [`${api}Request`, `${api}Response`].map((message) => ({ api, message })),
  )
  messages.push({ api: 'Headers', message: 'RequestHeader' }, { api: 'Headers', message: 'ResponseHeader' })
  for (const { api, message } of messages) {
    const def = defs.get(message)
    const common = new Map((def.commonStructs ?? []).map((s) => [s.name, s.fields]))
    const [min, max] = usableVersions(def)
    for (let version = min; version <= max; version++) {
      for (const variant of ['values', 'nulls', 'defaults']) {
        const state = { seed: version * 1000 }
        out.push({
          api,
          message,
          version,
          variant,
          value: structValue(def.fields, version, variant, common, state, 0),
        })
      }
    }
  }
  return out
}

/** JSON with int64 values as exact JSON numbers (Kafka's JSON converters read them as longs). */
export function stringify(value) {
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `__int64:${v}` : v)).replace(
    /"__int64:(-?\d+)"/g,
    '$1',
  )
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = process.argv[2]
  if (!out) throw new Error('usage: inputs.mjs OUT.json')
  writeFileSync(out, stringify(inputs(loadDefinitions(kafkaClientsJar().bytes))))
}
