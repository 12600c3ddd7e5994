import { execFileSync } from 'node:child_process'
import { createPublicKey, X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ConnectionSettings } from '../../../src/core/connection-settings.js'
import { kafkajsConnectionOptions } from '../../../src/kafka/client-options.js'
import { readPkcs12 } from '../../../src/kafka/pkcs12.js'
import { thrown } from '../../helpers/thrown.js'

/** A root CA, an intermediate it signs, and alice's EC key and certificate the intermediate signs. */
let dir: string
const file = (name: string) => readFileSync(join(dir, name))
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ktk-pkcs12-'))
  const days = ['-days', '2']
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-subj',
    '/CN=root-ca',
    ...days,
  )
  writeFileSync(join(dir, 'ca.ext'), 'basicConstraints=CA:TRUE\n')
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'int.key',
    '-out',
    'int.csr',
    '-subj',
    '/CN=intermediate',
  )
  openssl(
    'x509',
    '-req',
    '-in',
    'int.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'int.pem',
    '-extfile',
    'ca.ext',
    ...days,
  )
  openssl(
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'alice.key',
    '-out',
    'alice.csr',
    '-subj',
    '/CN=alice',
  )
  openssl(
    'x509',
    '-req',
    '-in',
    'alice.csr',
    '-CA',
    'int.pem',
    '-CAkey',
    'int.key',
    '-CAcreateserial',
    '-out',
    'alice.pem',
    ...days,
  )
  writeFileSync(join(dir, 'chain.pem'), Buffer.concat([file('int.pem'), file('ca.pem')]))
  const store = (name: string, password: string, ...options: string[]) =>
    openssl(
      'pkcs12',
      '-export',
      '-inkey',
      'alice.key',
      '-in',
      'alice.pem',
      '-certfile',
      'chain.pem',
      '-passout',
      `pass:${password}`,
      '-out',
      name,
      ...options,
    )
  store('aes.p12', 'store-pw') // OpenSSL 3's default: PBES2, PBKDF2, AES-256-CBC, MAC SHA-256
  store('3des.p12', 'store-pw', '-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1')
  store('plain.p12', '', '-keypbe', 'NONE', '-certpbe', 'NONE')
  openssl('pkcs12', '-export', '-nokeys', '-in', 'ca.pem', '-passout', 'pass:store-pw', '-out', 'trust.p12')
})

const subjects = (pem: string) =>
  pem.split(/(?=-----BEGIN CERTIFICATE-----)/).map((c) => new X509Certificate(c).subject)

describe('readPkcs12: the client identity, never the CA', () => {
  it.each([
    ['aes.p12', 'store-pw'],
    ['3des.p12', 'store-pw'],
    ['plain.p12', ''],
  ])("%s: alice's key and her chain up to, not including, the root CA", (name, password) => {
    const identity = readPkcs12(file(name), password)
    const alice = new X509Certificate(file('alice.pem'))
    expect(createPublicKey(identity.key).export({ format: 'jwk' })).toEqual(
      alice.publicKey.export({ format: 'jwk' }),
    )
    expect(subjects(identity.cert)).toEqual(['CN=alice', 'CN=intermediate'])
    expect(identity.cert).not.toContain(new X509Certificate(file('ca.pem')).toString().trim())
  })

  it('a wrong password: exit 6, saying so', () => {
    const error = thrown(() => readPkcs12(file('aes.p12'), 'not-it'))
    expect(error.code).toBe('TLS_FAILED')
    expect(error.message).toBe(
      'cannot open the PKCS#12 keystore: the password is wrong (or the file is damaged)',
    )
  })

  it('a truststore (no key) or a file that is not PKCS#12: exit 6, saying what it is', () => {
    expect(thrown(() => readPkcs12(file('trust.p12'), 'store-pw')).message).toBe(
      'cannot open the PKCS#12 keystore: it holds no private key',
    )
    expect(thrown(() => readPkcs12(file('ca.pem'), 'store-pw')).message).toMatch(
      /^cannot open the PKCS#12 keystore: it is not a PKCS#12 file ktk can read/,
    )
  })
})

describe('kafkajsConnectionOptions with a PKCS#12 keystore', () => {
  const settings = (ca?: string): ConnectionSettings => ({
    bootstrapServers: ['127.0.0.1:9093'],
    source: 'flag',
    clientId: 'ktk-unit',
    timeoutMs: 5000,
    securityProtocol: 'SSL',
    tls: { checkHostname: true, pfx: file('aes.p12'), passphrase: 'store-pw', ...(ca ? { ca } : {}) },
  })

  it('gives TLS the key and chain, not the store: its CA is not trusted; only the named CA is', () => {
    const other = 'OTHER CA PEM'
    const ssl = kafkajsConnectionOptions(settings(other)).ssl as Record<string, unknown>
    expect(ssl.pfx).toBeUndefined()
    expect(ssl.ca).toEqual([other])
    expect(subjects(ssl.cert as string)).toEqual(['CN=alice', 'CN=intermediate'])
    expect(ssl.key).toMatch(/^-----BEGIN PRIVATE KEY-----/)
  })

  it('without a named CA, no ca at all: Node verifies with the system CAs', () => {
    const ssl = kafkajsConnectionOptions(settings()).ssl as Record<string, unknown>
    expect(ssl.ca).toBeUndefined()
    expect(ssl.pfx).toBeUndefined()
  })
})
