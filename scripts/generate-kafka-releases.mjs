#!/usr/bin/env node
// Generates src/kafka/protocol/kafka-releases.ts: for each Apache Kafka release since 2.2, the client APIs
// whose newest stable version it raised, read from the message definitions in that release's kafka-clients
// jar (pinned by SHA-256). ktk names a broker's release from its ApiVersions answer with this table.
//
//   node scripts/generate-kafka-releases.mjs [--out FILE]
//
// Kafka 2.1 and older have no JSON definitions; they fall in the first row ("2.2 or older").
// scripts/check-generated.sh regenerates into a temporary file and compares with the committed one.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { kafkaClientsJar, parseVersions, readZip } from './generate-messages.mjs'

const root = new URL('..', import.meta.url).pathname

/** One patch release of each minor line, with its jar's SHA-256. */
const RELEASES = [
  ['2.2.2', '96f981b3d4050acdfd952014f78e76d9fc735ab592143d5dc352dc31bfb2df63'],
  ['2.3.1', '1426faeb8385f3b2174428fae092260862bfd9b78504d3839e1f84891cad7396'],
  ['2.4.1', 'a2be15ae6d354b769713ae0cbb3184f225aa16fc98205b1eb24afd9fc2a360d9'],
  ['2.5.1', '5b9aeaf82f38d4e2e5ec079f2f5d28174a2659d446af0f3853b770a17e396594'],
  ['2.6.3', 'd943c6cd0f90cce2fae02e6e33e73d7014238862ec71ab7acac3c64df6dd5254'],
  ['2.7.2', 'ef8c79b26e5ea3d65a496f4ff74aec5d1fc9ac5aceb9ec86fd2bd3c796eafe82'],
  ['2.8.2', '0351de6b808f551e4c6cf230a83984d653e14776cc0f4621e7a3eab377e2f621'],
  ['3.0.2', '18661864d84e6c2c06e56c4a927a17bd95e29d99ad90ea71cbd3f3092bb864a7'],
  ['3.1.2', '37d7a64cd2f15e1af07a39c707f76dd729474952e7b8e09c6ddaf52d87f72dc8'],
  ['3.2.3', '8d924a5105962e0df89752dd6d1732639f009c9cdefb8148908a8607158ceb67'],
  ['3.3.2', '29b9b4f35ebeb810b151c4f7b9b6f24329a9be8e6c4764a6eebac3738bee7288'],
  ['3.4.1', '9d0a9058c8ede79db6e54ae378ed16fe8d1bead2894635a4aa6aa0b7981668c6'],
  ['3.5.2', 'c18079128aecd6d29453fbe2aa4523a91802ac846648082ed4daca3951a53c17'],
  ['3.6.2', '91f7cc26498fc11f4adfe4ada8229fc7cfbe991aef25ed583a92c78d6310de90'],
  ['3.7.2', 'caac34d6f3e441621533e27ddd7e5fe9c316b048e21b7673a94235dec8a55bed'],
  ['3.8.1', 'd6d8c4ad7ab00c6adb03ad9ad7188af32fa7c5de62ca1d8625e086512987a584'],
  ['3.9.2', '014b4ef36884478a932641818b080c36a8f8e2e92dc771e800c9d2694f4f83d8'],
  ['4.0.1', 'ef3e6bc207822302c36c4c5870007fdfc76659c033eb7e4e079db3b34f30443c'],
  ['4.1.2', 'afe861c05067f4018a3148d73c1ed1e5fc90808757c15b043527d7e535a5d431'],
  ['4.2.0', 'bcf39f152c5553c2501a491fc4a73c5b0330741e8eed96a481323b8ee89738af'],
  ['4.3.0', '97a5b492d4ad658fd2dfba969fa0e403c2e38c971fb1e083da4e391471925fc1'],
  ['4.4.0', '1ab07317eb6633241392449d329dbdc5d9251e6ffc4926860f42dd966e88bdf9'],
]

/**
 * Client APIs every broker of a release announces, in ZooKeeper and KRaft mode alike, whatever its
 * features: broker-to-broker and controller APIs differ by mode, and feature-gated ones (new group
 * protocols, share groups) by configuration, so they would make a release look older or newer than it is.
 */
const CLIENT_APIS = new Set([
  0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 29, 30, 31, 32,
  33, 35, 36, 37, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 60, 61, 65, 66,
])

/**
 * The top-level attributes of a request definition. Read with patterns rather than JSON.parse: some
 * releases ship definitions with stray brackets after the fields (Kafka's own parser tolerates them).
 */
function requestHeader(text) {
  const head = text.slice(0, text.indexOf('"fields"'))
  const attribute = (pattern) => pattern.exec(head)?.[1]
  return {
    apiKey: Number(attribute(/"apiKey":\s*(\d+)/)),
    type: attribute(/"type":\s*"(\w+)"/),
    validVersions: attribute(/"validVersions":\s*"([^"]+)"/),
    unstable: /"latestVersionUnstable":\s*true/.test(head),
  }
}

/** API key → newest stable version, for the client APIs a kafka-clients jar defines. */
function newestVersions(jarBytes) {
  const files = readZip(jarBytes, (name) => /^common\/message\/\w+Request\.json$/.test(name))
  const newest = new Map()
  for (const data of files.values()) {
    const request = requestHeader(data.toString('utf8'))
    const range = parseVersions(request.validVersions)
    if (request.type !== 'request' || !CLIENT_APIS.has(request.apiKey) || !range) continue
    const max = range[1] - (request.unstable ? 1 : 0)
    if (max >= 0) newest.set(request.apiKey, max)
  }
  return newest
}

/** Rows of releases (oldest first), each with the versions it raised; releases that raised none share the row before. */
function releaseRows() {
  const rows = []
  let before = new Map()
  for (const [version, sha256] of RELEASES) {
    const newest = newestVersions(kafkaClientsJar(version, sha256).bytes)
    const raised = [...newest].filter(([key, max]) => rows.length === 0 || (before.get(key) ?? -1) < max)
    const line = version.split('.').slice(0, 2).join('.')
    if (rows.length > 0 && raised.length === 0) rows.at(-1).releases.push(line)
    else rows.push({ releases: [line], raised: Object.fromEntries(raised.sort(([a], [b]) => a - b)) })
    before = newest
  }
  return rows
}

function render(rows) {
  const body = rows
    .map(
      (row) =>
        `  { releases: ${JSON.stringify(row.releases)}, raised: ${JSON.stringify(row.raised).replace(/"(\d+)":/g, '$1:')} },`,
    )
    .join('\n')
  return `// Generated by scripts/generate-kafka-releases.mjs from the message definitions in the kafka-clients jar
// of each Kafka release (${RELEASES[0][0]} to ${RELEASES.at(-1)[0]}): generated, do not edit.

/**
 * Apache Kafka releases, oldest first, each with the client APIs whose newest stable version it raised
 * (API key → that version; the first row lists every API it has). Releases that raised none share a row.
 */
export const KAFKA_RELEASES: readonly {
  releases: readonly string[]
  raised: Readonly<Record<number, number>>
}[] = [
${body}
]
`
}

function main() {
  const args = process.argv.slice(2)
  const outIndex = args.indexOf('--out')
  const out = outIndex >= 0 ? args[outIndex + 1] : join(root, 'src', 'kafka', 'protocol', 'kafka-releases.ts')
  if (!out) throw new Error('usage: generate-kafka-releases.mjs [--out FILE]')
  const biome = join(root, 'node_modules', '.bin', 'biome')
  const text = execFileSync(biome, ['format', '--stdin-file-path=src/kafka/protocol/kafka-releases.ts'], {
    cwd: root,
    input: render(releaseRows()),
    encoding: 'utf8',
  })
  writeFileSync(out, text)
  process.stderr.write(`${RELEASES.length} Kafka releases written to ${out}\n`)
}

main()
