import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import * as http from 'node:http'
import * as https from 'node:https'
import type { AddressInfo } from 'node:net'
import * as net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { KtkError } from '../../../src/core/errors.js'
import type { KafkaArtifact } from '../../../src/local/kafka-artifacts.js'
import {
  type ArtifactProgress,
  artifactUrl,
  type DownloadOptions,
  downloadArtifacts,
  proxyFor,
} from '../../../src/local/maven-download.js'

function artifact(coordinates: string, file: string, content: Buffer): KafkaArtifact {
  return {
    coordinates,
    file,
    size: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
  }
}

const CLIENTS = Buffer.from('kafka-clients '.repeat(5000))
const ZSTD = Buffer.from('zstd-jni '.repeat(3000))
const clients = artifact('org.apache.kafka:kafka-clients:4.4.0', 'kafka-clients-4.4.0.jar', CLIENTS)
const zstd = artifact('com.github.luben:zstd-jni:1.5.7-17', 'zstd-jni-1.5.7-17.jar', ZSTD)
const CLIENTS_PATH = '/maven2/org/apache/kafka/kafka-clients/4.4.0/kafka-clients-4.4.0.jar'
const ZSTD_PATH = '/maven2/com/github/luben/zstd-jni/1.5.7-17/zstd-jni-1.5.7-17.jar'

/** A Maven repository in memory: what it serves, what it was asked, and how it misbehaves. */
interface Repository {
  files: Map<string, Buffer>
  requests: { path: string; range: string | undefined }[]
  ignoreRange: boolean
  /** Paths whose first request is cut off after this many bytes. */
  cutOnce: Map<string, number>
}

function newRepository(): Repository {
  return {
    files: new Map([
      [CLIENTS_PATH, CLIENTS],
      [ZSTD_PATH, ZSTD],
    ]),
    requests: [],
    ignoreRange: false,
    cutOnce: new Map(),
  }
}

function handler(repo: Repository): http.RequestListener {
  return (request, response) => {
    const path = request.url ?? ''
    repo.requests.push({ path, range: request.headers.range })
    const body = repo.files.get(path)
    if (!body) {
      response.writeHead(404).end('not found')
      return
    }
    const cut = repo.cutOnce.get(path)
    if (cut !== undefined) {
      repo.cutOnce.delete(path)
      response.writeHead(200, { 'Content-Length': body.length })
      response.write(body.subarray(0, cut), () => response.destroy())
      return
    }
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '')
    if (range && !repo.ignoreRange) {
      const start = Number(range[1])
      response.writeHead(206, {
        'Content-Length': body.length - start,
        'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}`,
      })
      response.end(body.subarray(start))
      return
    }
    response.writeHead(200, { 'Content-Length': body.length })
    response.end(body)
  }
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

const close = (server: net.Server) => new Promise<void>((resolve) => server.close(() => resolve()))

let repo: Repository
let server: http.Server
let repository: string
let dir: string

beforeEach(async () => {
  repo = newRepository()
  server = http.createServer(handler(repo))
  repository = `http://127.0.0.1:${await listen(server)}/maven2`
  dir = mkdtempSync(join(tmpdir(), 'ktk-download-'))
})

afterEach(async () => {
  server.closeAllConnections()
  await close(server)
  rmSync(dir, { recursive: true, force: true })
})

const options = (overrides: Partial<DownloadOptions> = {}): DownloadOptions => ({
  artifacts: [clients, zstd],
  dir,
  repository,
  env: {},
  retryDelayMs: 1,
  ...overrides,
})

async function rejection(promise: Promise<unknown>): Promise<KtkError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(KtkError)
  return error as KtkError
}

describe('artifactUrl', () => {
  it('puts the group as a path, then artifact, version and file, under the repository', () => {
    expect(artifactUrl('https://repo.maven.apache.org/maven2/', clients)).toBe(
      'https://repo.maven.apache.org/maven2/org/apache/kafka/kafka-clients/4.4.0/kafka-clients-4.4.0.jar',
    )
  })
})

describe('downloadArtifacts', () => {
  it('downloads every jar, verified, with no .part left, reporting each', async () => {
    const events: ArtifactProgress[] = []
    await downloadArtifacts(options({ onArtifact: (e) => events.push(e) }))
    expect(readFileSync(join(dir, clients.file))).toEqual(CLIENTS)
    expect(readFileSync(join(dir, zstd.file))).toEqual(ZSTD)
    expect(readdirSync(dir).sort()).toEqual([clients.file, zstd.file].sort())
    expect(repo.requests.map((r) => r.path).sort()).toEqual([CLIENTS_PATH, ZSTD_PATH].sort())
    expect(events.map((e) => e.downloaded)).toEqual([1, 2])
    expect(events.at(-1)).toMatchObject({ total: 2, bytes: CLIENTS.length + ZSTD.length })
    expect(events.at(-1)?.totalBytes).toBe(CLIENTS.length + ZSTD.length)
  })

  it('keeps a jar already downloaded and asks only for the others', async () => {
    writeFileSync(join(dir, clients.file), CLIENTS)
    await downloadArtifacts(options())
    expect(repo.requests.map((r) => r.path)).toEqual([ZSTD_PATH])
  })

  it('fails with exit 1 naming the artifact when the SHA-256 differs, and removes the download', async () => {
    repo.files.set(CLIENTS_PATH, Buffer.from('x'.repeat(CLIENTS.length)))
    const error = await rejection(downloadArtifacts(options()))
    expect(error.exit).toBe(1)
    expect(error.message).toContain('org.apache.kafka:kafka-clients:4.4.0')
    expect(error.message).toContain(clients.sha256)
    expect(existsSync(join(dir, clients.file))).toBe(false)
    expect(existsSync(join(dir, `${clients.file}.part`))).toBe(false)
    expect(readFileSync(join(dir, zstd.file))).toEqual(ZSTD) // the good one is kept for the next run
  })

  it('resumes a .part with a Range request and verifies the whole file', async () => {
    const half = 30_000
    writeFileSync(join(dir, `${clients.file}.part`), CLIENTS.subarray(0, half))
    await downloadArtifacts(options({ artifacts: [clients] }))
    expect(repo.requests).toEqual([{ path: CLIENTS_PATH, range: `bytes=${half}-` }])
    const written = readFileSync(join(dir, clients.file))
    expect(createHash('sha256').update(written).digest('hex')).toBe(clients.sha256)
    expect(existsSync(join(dir, `${clients.file}.part`))).toBe(false)
  })

  it('starts again when the server ignores Range', async () => {
    repo.ignoreRange = true
    // Not even a prefix of the jar: only a restart from byte 0 gives the right checksum.
    writeFileSync(join(dir, `${clients.file}.part`), Buffer.from('garbage'))
    await downloadArtifacts(options({ artifacts: [clients] }))
    expect(repo.requests).toEqual([{ path: CLIENTS_PATH, range: 'bytes=7-' }])
    expect(readFileSync(join(dir, clients.file))).toEqual(CLIENTS)
  })

  it('resumes within the run when the connection drops half-way', async () => {
    repo.cutOnce.set(CLIENTS_PATH, 20_000)
    await downloadArtifacts(options({ artifacts: [clients] }))
    expect(repo.requests.map((r) => r.range)).toEqual([undefined, 'bytes=20000-'])
    expect(readFileSync(join(dir, clients.file))).toEqual(CLIENTS)
  })

  it('fails naming the artifact and the URL on a 404', async () => {
    repo.files.delete(ZSTD_PATH)
    const error = await rejection(downloadArtifacts(options()))
    expect(error.exit).toBe(1)
    expect(error.message).toContain('com.github.luben:zstd-jni:1.5.7-17')
    expect(error.message).toContain(
      `404: ${repository}/com/github/luben/zstd-jni/1.5.7-17/zstd-jni-1.5.7-17.jar`,
    )
    expect(existsSync(join(dir, `${zstd.file}.part`))).toBe(false)
    expect(repo.requests.filter((r) => r.path === ZSTD_PATH)).toHaveLength(1) // a 404 is not retried
  })

  it('fails naming the artifact when the repository cannot be reached on any attempt', async () => {
    const error = await rejection(
      downloadArtifacts(
        options({ artifacts: [clients], repository: 'http://127.0.0.1:1/maven2', attempts: 2 }),
      ),
    )
    expect(error.exit).toBe(1)
    expect(error.message).toMatch(
      /could not download org\.apache\.kafka:kafka-clients:4\.4\.0 .*ECONNREFUSED/,
    )
  })
})

describe('downloadArtifacts through HTTPS_PROXY', () => {
  let certificate: string
  let key: string
  let certs: string

  beforeAll(() => {
    certs = mkdtempSync(join(tmpdir(), 'ktk-download-tls-'))
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(certs, 'key.pem'),
        '-out',
        join(certs, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    )
    certificate = readFileSync(join(certs, 'cert.pem'), 'utf8')
    key = readFileSync(join(certs, 'key.pem'), 'utf8')
  })
  afterAll(() => rmSync(certs, { recursive: true, force: true }))

  /** An HTTPS repository and a CONNECT proxy in front of it that counts its tunnels. */
  async function httpsThroughProxy() {
    const secure = https.createServer({ cert: certificate, key }, handler(repo))
    const securePort = await listen(secure)
    const tunnels: string[] = []
    const credentials: (string | undefined)[] = []
    const sockets: net.Socket[] = []
    const proxy = http.createServer((_request, response) => response.writeHead(405).end())
    proxy.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      tunnels.push(request.url ?? '')
      credentials.push(request.headers['proxy-authorization'])
      const upstream = net.connect(securePort, '127.0.0.1', () => {
        sockets.push(client, upstream)
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
        upstream.write(head)
        upstream.pipe(client)
        client.pipe(upstream)
      })
      upstream.on('error', () => client.destroy())
      client.on('error', () => upstream.destroy())
    })
    const proxyPort = await listen(proxy)
    const stop = async () => {
      for (const socket of sockets) socket.destroy()
      secure.closeAllConnections()
      proxy.closeAllConnections()
      await Promise.all([close(secure), close(proxy)])
    }
    return { securePort, proxyPort, tunnels, credentials, stop }
  }

  it('tunnels every download through the proxy with CONNECT, with the credentials in its URL', async () => {
    const setup = await httpsThroughProxy()
    try {
      await downloadArtifacts(
        options({
          repository: `https://127.0.0.1:${setup.securePort}/maven2`,
          env: { HTTPS_PROXY: `http://ktk:s%40cret@127.0.0.1:${setup.proxyPort}` },
          ca: certificate,
        }),
      )
      expect(setup.tunnels).toEqual([`127.0.0.1:${setup.securePort}`, `127.0.0.1:${setup.securePort}`])
      const basic = `Basic ${Buffer.from('ktk:s@cret').toString('base64')}`
      expect(setup.credentials).toEqual([basic, basic])
      expect(readFileSync(join(dir, clients.file))).toEqual(CLIENTS)
      expect(readFileSync(join(dir, zstd.file))).toEqual(ZSTD)
    } finally {
      await setup.stop()
    }
  })

  it('goes direct when NO_PROXY names the host', async () => {
    const setup = await httpsThroughProxy()
    try {
      await downloadArtifacts(
        options({
          artifacts: [clients],
          repository: `https://127.0.0.1:${setup.securePort}/maven2`,
          env: { https_proxy: `http://127.0.0.1:${setup.proxyPort}`, NO_PROXY: 'localhost,127.0.0.1' },
          ca: certificate,
        }),
      )
      expect(setup.tunnels).toEqual([])
      expect(readFileSync(join(dir, clients.file))).toEqual(CLIENTS)
    } finally {
      await setup.stop()
    }
  })
})

describe('proxyFor', () => {
  const central = new URL('https://repo.maven.apache.org/maven2/x.jar')
  it('takes HTTPS_PROXY (or https_proxy) for https, with or without a scheme', () => {
    expect(proxyFor(central, { HTTPS_PROXY: 'http://proxy:3128' })?.host).toBe('proxy:3128')
    expect(proxyFor(central, { https_proxy: 'proxy:8080' })?.host).toBe('proxy:8080')
    expect(proxyFor(central, {})).toBeUndefined()
  })
  it('skips hosts NO_PROXY names, by domain suffix', () => {
    expect(proxyFor(central, { HTTPS_PROXY: 'http://p:1', NO_PROXY: '.apache.org' })).toBeUndefined()
    expect(proxyFor(central, { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'maven.org' })?.host).toBe('p:1')
  })
})
