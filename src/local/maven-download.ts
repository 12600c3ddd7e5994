import { createHash, type Hash } from 'node:crypto'
import { createReadStream, createWriteStream, renameSync, rmSync, statSync } from 'node:fs'
import * as http from 'node:http'
import * as https from 'node:https'
import { isIP, type Socket } from 'node:net'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import * as tls from 'node:tls'
import { KtkError } from '../core/errors.js'
import type { KafkaArtifact } from './kafka-artifacts.js'

export const MAVEN_CENTRAL = 'https://repo.maven.apache.org/maven2'

/** One finished jar, with the running totals of the whole download. */
export interface ArtifactProgress {
  artifact: string
  downloaded: number
  total: number
  bytes: number
  totalBytes: number
}

export interface DownloadOptions {
  artifacts: readonly KafkaArtifact[]
  /** Folder the verified jars end in (a jar already there with the right size is kept). */
  dir: string
  /** The repository's base URL: Maven Central or a mirror (KTK_MAVEN_REPOSITORY). */
  repository: string
  /** HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read from here. */
  env: Record<string, string | undefined>
  parallel?: number
  /** Attempts per jar when the connection fails; each later attempt resumes the .part file. */
  attempts?: number
  retryDelayMs?: number
  /** Extra trusted certificates (tests; users set NODE_EXTRA_CA_CERTS). */
  ca?: string
  onArtifact?: (progress: ArtifactProgress) => void
}

/** The URL of a jar in a Maven repository: group path / artifact / version / file. */
export function artifactUrl(repository: string, artifact: KafkaArtifact): string {
  const [groupId, artifactId, version] = artifact.coordinates.split(':') as [string, string, string]
  return `${repository.replace(/\/+$/, '')}/${groupId.replaceAll('.', '/')}/${artifactId}/${version}/${artifact.file}`
}

/**
 * Downloads every artifact into `dir`, a few at a time, each into `<file>.part` and renamed to `<file>`
 * only when its size and SHA-256 match the list. A `.part` left by an interrupted run is continued with
 * an HTTP Range request (from scratch when the server ignores Range). A checksum mismatch removes the
 * `.part` and fails naming the artifact; so do a 404 and a connection failing on every attempt.
 */
export async function downloadArtifacts(options: DownloadOptions): Promise<void> {
  const queue = [...options.artifacts]
  const total = queue.length
  const totalBytes = queue.reduce((sum, a) => sum + a.size, 0)
  let downloaded = 0
  let bytes = 0
  const worker = async () => {
    for (let artifact = queue.shift(); artifact; artifact = queue.shift()) {
      const target = join(options.dir, artifact.file)
      if (statSync(target, { throwIfNoEntry: false })?.size !== artifact.size) {
        await downloadWithRetries(artifact, target, options)
      }
      bytes += artifact.size
      options.onArtifact?.({ artifact: artifact.file, downloaded: ++downloaded, total, bytes, totalBytes })
    }
  }
  const workers = Array.from({ length: Math.min(options.parallel ?? 4, Math.max(total, 1)) }, worker)
  // Every worker runs to its end before the first failure is reported: no write is left running.
  const results = await Promise.allSettled(workers)
  const failed = results.find((r) => r.status === 'rejected')
  if (failed) throw (failed as PromiseRejectedResult).reason
}

async function downloadWithRetries(artifact: KafkaArtifact, target: string, options: DownloadOptions) {
  const attempts = options.attempts ?? 3
  for (let attempt = 1; ; attempt++) {
    try {
      return await downloadOne(artifact, target, options)
    } catch (error) {
      if (error instanceof KtkError || attempt >= attempts) throw asKtkError(error, artifact, options)
      await sleep((options.retryDelayMs ?? 1000) * attempt)
    }
  }
}

function asKtkError(error: unknown, artifact: KafkaArtifact, options: DownloadOptions): KtkError {
  if (error instanceof KtkError) return error
  const reason =
    error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error)
  return new KtkError(
    'LOCAL_CLUSTER',
    `could not download ${artifact.coordinates} from ${options.repository} (${reason})`,
    { hints: REPOSITORY_HINTS },
  )
}

const REPOSITORY_HINTS = [
  'run it again to resume; behind a proxy set HTTPS_PROXY, for a mirror set KTK_MAVEN_REPOSITORY',
  'or set KAFKA_HOME to an unpacked Apache Kafka release',
]

async function downloadOne(artifact: KafkaArtifact, target: string, options: DownloadOptions): Promise<void> {
  const part = `${target}.part`
  let offset = statSync(part, { throwIfNoEntry: false })?.size ?? 0
  if (offset > artifact.size) {
    rmSync(part, { force: true })
    offset = 0
  }
  const url = artifactUrl(options.repository, artifact)
  const response = await get(url, options, offset > 0 ? { Range: `bytes=${offset}-` } : {})
  const status = response.statusCode ?? 0
  if (status === 404) {
    response.resume()
    throw new KtkError(
      'LOCAL_CLUSTER',
      `${artifact.coordinates} is not in ${options.repository} (404: ${url})`,
      {
        hints: ['check KTK_MAVEN_REPOSITORY, or set KAFKA_HOME to an unpacked Apache Kafka release'],
      },
    )
  }
  if (status === 416) {
    // The .part is no prefix the server knows: start again.
    response.resume()
    rmSync(part, { force: true })
    throw new Error(`HTTP 416 resuming ${artifact.file}`)
  }
  if (status !== 200 && status !== 206) {
    response.resume()
    throw new Error(`HTTP ${status} for ${url}`)
  }
  const resumed = status === 206 && offset > 0
  if (resumed && !String(response.headers['content-range']).startsWith(`bytes ${offset}-`)) {
    response.resume()
    rmSync(part, { force: true })
    throw new Error(`${url} answered a Range request with ${response.headers['content-range']}`)
  }
  const hash = createHash('sha256')
  if (resumed) await hashFile(part, hash)
  await writeBody(response, part, resumed, hash)
  const size = statSync(part).size
  if (size < artifact.size) throw new Error(`connection closed after ${size} of ${artifact.size} bytes`)
  const sha256 = hash.digest('hex')
  if (size !== artifact.size || sha256 !== artifact.sha256) {
    rmSync(part, { force: true })
    throw new KtkError(
      'LOCAL_CLUSTER',
      `${artifact.coordinates} failed verification: SHA-256 ${sha256} (${size} bytes), expected ${artifact.sha256} (${artifact.size} bytes)`,
      {
        exit: 1,
        hints: ['the download was removed; check KTK_MAVEN_REPOSITORY or a proxy rewriting downloads'],
      },
    )
  }
  renameSync(part, target)
}

/**
 * Writes a response body to the .part file, hashing it on the way, and ends when the file is closed, also
 * when the connection dropped: every byte received is on disk, so the next attempt resumes after it.
 */
async function writeBody(response: http.IncomingMessage, part: string, append: boolean, hash: Hash) {
  const file = createWriteStream(part, { flags: append ? 'a' : 'w' })
  let failure: Error | undefined
  await new Promise<void>((resolve) => {
    response.on('data', (chunk: Buffer) => {
      hash.update(chunk)
      if (!file.write(chunk)) {
        response.pause()
        file.once('drain', () => response.resume())
      }
    })
    response.on('error', (error) => {
      failure ??= error
    })
    // 'end' when the body is complete, 'close' alone when the connection dropped.
    const finish = () => {
      if (!file.writableEnded) file.end()
    }
    response.once('end', finish)
    response.once('close', finish)
    file.once('error', (error) => {
      failure ??= error
      response.destroy()
    })
    file.once('close', resolve)
  })
  if (failure) throw failure
}

function hashFile(path: string, hash: Hash): Promise<void> {
  return new Promise((resolve, reject) => {
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', resolve)
  })
}

const IDLE_TIMEOUT_MS = 30_000
const MAX_REDIRECTS = 5

/** A GET that follows redirects and goes through HTTPS_PROXY / HTTP_PROXY (a CONNECT tunnel) unless NO_PROXY. */
async function get(
  url: string,
  options: DownloadOptions,
  headers: Record<string, string>,
  redirects = 0,
): Promise<http.IncomingMessage> {
  const target = new URL(url)
  const proxy = proxyFor(target, options.env)
  const socket = proxy ? await tunnel(proxy, target, options) : undefined
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const secure = target.protocol === 'https:'
    const requestOptions: https.RequestOptions = {
      method: 'GET',
      headers: { 'User-Agent': 'ktk', ...headers },
      ...(options.ca ? { ca: options.ca } : {}),
      ...(socket ? { createConnection: () => socket } : {}),
    }
    const request = (secure ? https : http).request(target, requestOptions, resolve)
    request.setTimeout(IDLE_TIMEOUT_MS, () => request.destroy(new Error('timed out')))
    request.on('error', (error) => {
      socket?.destroy()
      reject(error)
    })
    request.end()
  })
  // One tunnel per request: closed with its response, so no idle tunnel keeps the process alive.
  if (socket) response.once('close', () => socket.destroy())
  const status = response.statusCode ?? 0
  const location = response.headers.location
  if ([301, 302, 303, 307, 308].includes(status) && location && redirects < MAX_REDIRECTS) {
    response.resume()
    return get(new URL(location, target).toString(), options, headers, redirects + 1)
  }
  return response
}

export function proxyFor(target: URL, env: Record<string, string | undefined>): URL | undefined {
  const value =
    target.protocol === 'https:' ? (env.HTTPS_PROXY ?? env.https_proxy) : (env.HTTP_PROXY ?? env.http_proxy)
  if (!value) return undefined
  const noProxy = (env.NO_PROXY ?? env.no_proxy ?? '').split(',').map((s) => s.trim().toLowerCase())
  const host = target.hostname.toLowerCase()
  const bypassed = noProxy.some(
    (entry) =>
      entry === '*' ||
      (entry !== '' && (host === entry.replace(/^\./, '') || host.endsWith(`.${entry.replace(/^\./, '')}`))),
  )
  if (bypassed) return undefined
  return new URL(value.includes('://') ? value : `http://${value}`)
}

/** A CONNECT tunnel through an HTTP proxy to the target's host and port, as TLS when the target is https. */
function tunnel(proxy: URL, target: URL, options: DownloadOptions): Promise<Socket> {
  const secure = target.protocol === 'https:'
  const port = target.port || (secure ? '443' : '80')
  const authority = `${target.hostname}:${port}`
  const headers: Record<string, string> = { Host: authority }
  if (proxy.username) {
    const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`
    headers['Proxy-Authorization'] = `Basic ${Buffer.from(credentials).toString('base64')}`
  }
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: proxy.hostname,
      port: proxy.port || 80,
      method: 'CONNECT',
      path: authority,
      headers,
    })
    request.setTimeout(IDLE_TIMEOUT_MS, () => request.destroy(new Error('proxy timed out')))
    request.on('error', reject)
    request.on('connect', (response, socket) => {
      if (response.statusCode !== 200) {
        socket.destroy()
        reject(new Error(`proxy ${proxy.host} answered CONNECT with ${response.statusCode}`))
        return
      }
      if (!secure) return resolve(socket)
      const secured = tls.connect({
        socket,
        host: target.hostname,
        ...(isIP(target.hostname) ? {} : { servername: target.hostname }),
        ...(options.ca ? { ca: options.ca } : {}),
      })
      secured.once('secureConnect', () => resolve(secured))
      secured.once('error', reject)
    })
    request.end()
  })
}
