import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { KtkError } from '../../../src/core/errors.js'
import { ensureKafkaJars } from '../../../src/local/jars.js'

let cacheDir: string
let server: http.Server
let repository: string
const requests: string[] = []

beforeEach(async () => {
  cacheDir = mkdtempSync(join(tmpdir(), 'ktk-jars-'))
  requests.length = 0
  // A repository that has nothing: every download fails at once with a 404 (no retries, no waiting).
  server = http.createServer((request, response) => {
    requests.push(request.url ?? '')
    response.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  repository = `http://127.0.0.1:${(server.address() as AddressInfo).port}/maven2`
})

afterEach(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  rmSync(cacheDir, { recursive: true, force: true })
})

describe('ensureKafkaJars', () => {
  it('downloads a named version from KTK_MAVEN_REPOSITORY, without mvn, and reports a 404 naming the jar', async () => {
    const error = await ensureKafkaJars({
      version: '4.4.0',
      cacheDir,
      env: { KTK_MAVEN_REPOSITORY: repository, PATH: '' },
    }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(KtkError)
    expect((error as KtkError).message).toMatch(
      /^\S+:\S+:\S+ is not in http:\/\/127\.0\.0\.1:\d+\/maven2 \(404: /,
    )
    expect(requests.length).toBeGreaterThan(0)
    expect(requests.every((path) => path.startsWith('/maven2/') && path.endsWith('.jar'))).toBe(true)
    expect(existsSync(join(cacheDir, 'kafka', '4.4.0', 'download.lock'))).toBe(false)
    expect(existsSync(join(cacheDir, 'kafka', '4.4.0', 'complete'))).toBe(false)
  })

  it('takes over the lock of a download whose process died, instead of waiting for it', async () => {
    const versionDir = join(cacheDir, 'kafka', '4.4.0')
    mkdirSync(versionDir, { recursive: true })
    const dead = spawnSync(process.execPath, ['-e', '']).pid
    writeFileSync(join(versionDir, 'download.lock'), String(dead))
    const error = await ensureKafkaJars({
      version: '4.4.0',
      cacheDir,
      env: { KTK_MAVEN_REPOSITORY: repository },
    }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect((error as KtkError).message).toContain('(404: ')
    expect(requests.length).toBeGreaterThan(0)
  })
})
