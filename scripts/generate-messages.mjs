#!/usr/bin/env node
// Generates src/kafka/protocol/messages/*.ts from Apache Kafka's own JSON message definitions
// (common/message/*.json inside a pinned kafka-clients jar): one schema table per request and response,
// shaped as src/kafka/protocol/message-schema.ts declares and interpreted by
// src/kafka/protocol/message-codec.ts, and a TypeScript type per struct.
//
//   node scripts/generate-messages.mjs [--out DIR]
//
// The jar comes from the Maven cache (~/.m2), ktk's Kafka cache (~/.cache/ktk/kafka), or else mvn
// fetches it from Maven Central; its SHA-256 is pinned so that every machine generates the same files.
// scripts/check-generated.sh regenerates into a temporary directory and compares with the committed files.
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { inflateRawSync } from 'node:zlib'

export const KAFKA_VERSION = '4.4.0'
const JAR_SHA256 = '1ab07317eb6633241392449d329dbdc5d9251e6ffc4926860f42dd966e88bdf9'
const root = new URL('..', import.meta.url).pathname

/** The APIs ktk sends or will send (a request and a response each), by Kafka's name. */
export const API_NAMES = [
  'ApiVersions',
  'Produce',
  'Fetch',
  'ListOffsets',
  'Metadata',
  'OffsetCommit',
  'OffsetFetch',
  'FindCoordinator',
  'JoinGroup',
  'Heartbeat',
  'LeaveGroup',
  'SyncGroup',
  'DescribeGroups',
  'ListGroups',
  'SaslHandshake',
  'SaslAuthenticate',
  'CreateTopics',
  'DeleteTopics',
  'DeleteRecords',
  'InitProducerId',
  'AddPartitionsToTxn',
  'EndTxn',
  'DescribeAcls',
  'CreateAcls',
  'DeleteAcls',
  'DescribeConfigs',
  'AlterConfigs',
  'IncrementalAlterConfigs',
  'CreatePartitions',
  'DeleteGroups',
  'OffsetDelete',
  'DescribeCluster',
  'DescribeClientQuotas',
  'AlterClientQuotas',
  'DescribeUserScramCredentials',
  'AlterUserScramCredentials',
  'ConsumerGroupDescribe',
  'ShareGroupDescribe',
  'DescribeShareGroupOffsets',
  'AlterShareGroupOffsets',
  'DeleteShareGroupOffsets',
  'StreamsGroupDescribe',
  'ListTransactions',
  'DescribeProducers',
  'DescribeQuorum',
]

const PRIMITIVES = new Set([
  'bool',
  'int8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'float64',
  'string',
  'uuid',
  'bytes',
  'records',
])

/** A pinned kafka-clients jar: from a local cache, else fetched by mvn (never skipped). */
export function kafkaClientsJar(version = KAFKA_VERSION, sha256 = JAR_SHA256) {
  const name = `kafka-clients-${version}.jar`
  const repository = join(homedir(), '.m2', 'repository')
  const m2 = join(repository, 'org', 'apache', 'kafka', 'kafka-clients', version, name)
  const candidates = [
    version === KAFKA_VERSION ? process.env.KTK_KAFKA_CLIENTS_JAR : undefined,
    m2,
    join(homedir(), '.cache', 'ktk', 'kafka', version, 'libs', name),
  ].filter(Boolean)
  let jar = candidates.find((path) => existsSync(path))
  if (!jar) {
    process.stderr.write(`${name} is in no local cache: fetching it with mvn from Maven Central\n`)
    const result = spawnSync(
      'mvn',
      [
        '-q',
        '-B',
        'dependency:get',
        `-Dartifact=org.apache.kafka:kafka-clients:${version}`,
        '-Dtransitive=false',
        // Where this script looks (mvn's own default follows the passwd entry, not $HOME).
        `-Dmaven.repo.local=${repository}`,
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    )
    if (result.error || result.status !== 0) {
      throw new Error(`mvn could not fetch ${name} (${result.error?.message ?? `exit ${result.status}`})`)
    }
    if (!existsSync(m2)) throw new Error(`mvn reported success but ${m2} does not exist`)
    jar = m2
  }
  const bytes = readFileSync(jar)
  const sha = createHash('sha256').update(bytes).digest('hex')
  if (sha !== sha256) throw new Error(`${jar} has SHA-256 ${sha}, expected ${sha256}`)
  return { path: jar, bytes }
}

/** The entries of a zip file whose names pass `want`, as name -> contents (stored or deflated entries). */
export function readZip(zip, want) {
  let eocd = zip.length - 22
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)')
  const count = zip.readUInt16LE(eocd + 10)
  let at = zip.readUInt32LE(eocd + 16)
  const out = new Map()
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('corrupt zip central directory')
    const method = zip.readUInt16LE(at + 10)
    const compressedSize = zip.readUInt32LE(at + 20)
    const nameLength = zip.readUInt16LE(at + 28)
    const extraLength = zip.readUInt16LE(at + 30)
    const commentLength = zip.readUInt16LE(at + 32)
    const local = zip.readUInt32LE(at + 42)
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength)
    at += 46 + nameLength + extraLength + commentLength
    if (!want(name)) continue
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
    const data = zip.subarray(start, start + compressedSize)
    if (method === 0) out.set(name, Buffer.from(data))
    else if (method === 8) out.set(name, inflateRawSync(data))
    else throw new Error(`${name}: unsupported zip compression method ${method}`)
  }
  return out
}

/** Kafka's message JSON with its // comments removed (outside strings, to the end of the line). */
export function parseMessageJson(text) {
  let out = ''
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      out += c
      if (c === '\\') out += text[++i]
      else if (c === '"') inString = false
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++
      out += '\n'
    } else {
      if (c === '"') inString = true
      out += c
    }
  }
  return JSON.parse(out)
}

/** Every definition under common/message/ in the jar, by name (e.g. MetadataRequest). */
export function loadDefinitions(jarBytes) {
  const files = readZip(jarBytes, (name) => /^common\/message\/[A-Za-z]+\.json$/.test(name))
  const defs = new Map()
  for (const data of files.values()) {
    const def = parseMessageJson(data.toString('utf8'))
    defs.set(def.name, def)
  }
  return defs
}

/** "0+", "3-5", "7" or "none" as [min, max] (max 0x7fff for open ranges), or null for none. */
export function parseVersions(text) {
  if (text === undefined || text === 'none') return null
  const plus = /^(\d+)\+$/.exec(text)
  if (plus) return [Number(plus[1]), 0x7fff]
  const range = /^(\d+)-(\d+)$/.exec(text)
  if (range) return [Number(range[1]), Number(range[2])]
  if (/^\d+$/.test(text)) return [Number(text), Number(text)]
  throw new Error(`bad version range ${JSON.stringify(text)}`)
}

const camel = (name) => name[0].toLowerCase() + name.slice(1)

/**
 * The valid versions ktk may use: a version marked unstable (latestVersionUnstable) is only served by
 * brokers configured for unreleased features, so it is left out.
 */
export function usableVersions(def) {
  const [min, max] = parseVersions(def.validVersions)
  return def.latestVersionUnstable ? [min, max - 1] : [min, max]
}

function intersect(a, b) {
  if (!a || !b) return null
  const min = Math.max(a[0], b[0])
  const max = Math.min(a[1], b[1])
  return min <= max ? [min, max] : null
}

const elementType = (type) => (type.startsWith('[]') ? type.slice(2) : type)

/** The message schema as emitted: Kafka's keys, field names in camelCase, no docs or entity types. */
function schemaOf(def) {
  const field = (f) => {
    const out = { name: camel(f.name), type: f.type, versions: f.versions }
    for (const key of [
      'nullableVersions',
      'taggedVersions',
      'tag',
      'ignorable',
      'default',
      'flexibleVersions',
    ]) {
      if (f[key] !== undefined) out[key] = key === 'default' ? String(f[key]) : f[key]
    }
    if (f.fields) out.fields = f.fields.map(field)
    return out
  }
  const [min, max] = usableVersions(def)
  const out = {
    name: def.name,
    validVersions: min === max ? `${min}` : `${min}-${max}`,
    flexibleVersions: def.flexibleVersions,
    fields: def.fields.map(field),
  }
  if (def.commonStructs?.length) {
    out.commonStructs = def.commonStructs.map((s) => ({
      name: s.name,
      versions: s.versions,
      fields: s.fields.map(field),
    }))
  }
  return out
}

/** TypeScript interfaces for a message and its structs; a field not in every version of its struct is optional. */
function typesOf(def, taken) {
  const range = usableVersions(def)
  const structs = new Map() // name -> { fields, range }
  const common = new Map((def.commonStructs ?? []).map((s) => [s.name, s]))
  const visit = (name, fields, structRange) => {
    const seen = structs.get(name)
    if (seen) {
      seen.range = [Math.min(seen.range[0], structRange[0]), Math.max(seen.range[1], structRange[1])]
      if (seen.fields !== fields) return
    } else structs.set(name, { fields, range: structRange })
    for (const f of fields) {
      const inner = elementType(f.type)
      if (PRIMITIVES.has(inner)) continue
      const childRange = intersect(structRange, parseVersions(f.versions))
      if (!childRange) continue
      const childFields = f.fields ?? common.get(inner)?.fields
      if (!childFields) throw new Error(`${def.name}.${f.name}: unknown struct ${inner}`)
      visit(inner, childFields, childRange)
    }
  }
  visit(def.name, def.fields, range)
  const tsBase = {
    bool: 'boolean',
    int8: 'number',
    int16: 'number',
    uint16: 'number',
    int32: 'number',
    uint32: 'number',
    float64: 'number',
    int64: 'bigint',
    string: 'string',
    uuid: 'string',
    bytes: 'Uint8Array',
    records: 'Uint8Array',
  }
  // A struct name the request already uses (e.g. EntryData in DescribeClientQuotas) gets the message's prefix.
  const tsName = new Map()
  for (const name of structs.keys()) {
    const unique = taken.has(name) ? `${def.name}${name}` : name
    if (taken.has(unique)) throw new Error(`${def.name}: struct name ${unique} is used twice`)
    taken.add(unique)
    tsName.set(name, unique)
  }
  const lines = []
  for (const [name, { fields, range: structRange }] of structs) {
    lines.push(name === def.name ? `/** ${def.name}, versions ${schemaOf(def).validVersions}. */` : '')
    lines.push(`export interface ${tsName.get(name)} {`)
    for (const f of fields) {
      const versions = intersect(structRange, parseVersions(f.versions))
      if (!versions) continue
      const inner = elementType(f.type)
      let ts = tsBase[inner] ?? tsName.get(inner)
      if (f.type.startsWith('[]')) ts = `${ts}[]`
      if (intersect(versions, parseVersions(f.nullableVersions))) ts = `${ts} | null`
      const optional = versions[0] > structRange[0] || versions[1] < structRange[1]
      if (f.about) lines.push(`  /** ${f.about.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ').trim()} */`)
      lines.push(`  ${camel(f.name)}${optional ? '?' : ''}: ${ts}`)
    }
    lines.push('}')
  }
  return lines.join('\n')
}

const kebab = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()

function header(sources) {
  return [
    `// Generated by scripts/generate-messages.mjs from Apache Kafka ${KAFKA_VERSION}'s message definitions`,
    `// (${sources.join(', ')} in kafka-clients-${KAFKA_VERSION}.jar): generated, do not edit.`,
  ].join('\n')
}

function unstableNote(def) {
  if (!def.latestVersionUnstable) return ''
  const [, max] = parseVersions(def.validVersions)
  return `// ${def.name} v${max} is unstable in Kafka ${KAFKA_VERSION} (latestVersionUnstable) and left out.\n`
}

/** The generated files, by file name. */
export function generate(defs) {
  const files = new Map()
  const index = []
  for (const api of API_NAMES) {
    const request = defs.get(`${api}Request`)
    const response = defs.get(`${api}Response`)
    if (!request || !response)
      throw new Error(`no ${api}Request/${api}Response in kafka-clients ${KAFKA_VERSION}`)
    if (request.apiKey !== response.apiKey) throw new Error(`${api}: request and response api keys differ`)
    const taken = new Set()
    const file = kebab(api)
    const text = [
      header([`${api}Request.json`, `${api}Response.json`]),
      "import type { ApiSchema } from '../message-schema.js'",
      '',
      unstableNote(request) + unstableNote(response) + typesOf(request, taken),
      typesOf(response, taken),
      '',
      `export const ${api}: ApiSchema<${api}Request, ${api}Response> = ${JSON.stringify({
        name: api,
        apiKey: request.apiKey,
        request: schemaOf(request),
        response: schemaOf(response),
      })}`,
      '',
    ].join('\n')
    files.set(`${file}.ts`, text)
    index.push({ api, file, apiKey: request.apiKey })
  }
  const headers = ['RequestHeader', 'ResponseHeader'].map((name) => defs.get(name))
  files.set(
    'headers.ts',
    [
      header(['RequestHeader.json', 'ResponseHeader.json']),
      "import type { MessageSchema } from '../message-schema.js'",
      '',
      ...headers.flatMap((def) => [
        typesOf(def, new Set()),
        '',
        `export const ${def.name}Schema: MessageSchema<${def.name}> = ${JSON.stringify(schemaOf(def))}`,
        '',
      ]),
    ].join('\n'),
  )
  index.sort((a, b) => a.apiKey - b.apiKey)
  files.set(
    'index.ts',
    [
      header(['the files beside this one']),
      "import type { ApiSchema } from '../message-schema.js'",
      ...index.map(({ api, file }) => `import { ${api} } from './${file}.js'`),
      '',
      '',
      '// Each API schema; the types of its messages and structs are imported from its own file.',
      `export { ${index.map(({ api }) => api).join(', ')} }`,
      '',
      '/** Every generated API, by API key. */',
      'export const apisByKey: ReadonlyMap<number, ApiSchema> = new Map<number, ApiSchema>([',
      ...index.map(({ api, apiKey }) => `  [${apiKey}, ${api} as ApiSchema],`),
      '])',
      '',
    ].join('\n'),
  )
  return files
}

/** Formats TypeScript (and sorts imports) with the project's Biome settings, so that generated files pass `npm run lint`. */
function format(fileName, text) {
  const biome = join(root, 'node_modules', '.bin', 'biome')
  return execFileSync(
    biome,
    ['check', '--write', `--stdin-file-path=src/kafka/protocol/messages/${fileName}`],
    {
      cwd: root,
      input: text,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  )
}

function main() {
  const args = process.argv.slice(2)
  const outIndex = args.indexOf('--out')
  const out = outIndex >= 0 ? args[outIndex + 1] : join(root, 'src', 'kafka', 'protocol', 'messages')
  if (!out) throw new Error('usage: generate-messages.mjs [--out DIR]')
  const jar = kafkaClientsJar()
  const files = generate(loadDefinitions(jar.bytes))
  if (existsSync(out)) {
    for (const name of readdirSync(out)) if (name.endsWith('.ts')) rmSync(join(out, name))
  }
  mkdirSync(out, { recursive: true })
  for (const [name, text] of files) writeFileSync(join(out, name), format(name, text))
  process.stderr.write(`${files.size} files from kafka-clients ${KAFKA_VERSION} written to ${out}\n`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main()
