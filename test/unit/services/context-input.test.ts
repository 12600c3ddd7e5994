import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { checkContextFile } from '../../../src/config/context-settings.js'
import { parseSecretSource } from '../../../src/config/secrets.js'
import { KtkError } from '../../../src/core/errors.js'
import { buildContext, type ContextInput, type SecretSource } from '../../../src/services/context-input.js'
import { contextView } from '../../../src/services/contexts.js'
import { thrown } from '../../helpers/thrown.js'

const abs = (p: string) => (p.startsWith('/') ? p : `/home/me/${p}`)
const never = () => {
  throw new Error('nothing should be read now')
}
const anyFile = () => {}
const build = (input: Partial<ContextInput>, readNow: (s: SecretSource, w: string) => string = never) =>
  buildContext({ storeSecret: false, ...input }, readNow, abs, anyFile)

describe('buildContext (ktk context add flags)', () => {
  it('a plain cluster with its environment and defaults', () => {
    expect(
      build({ bootstrapServer: 'a:9092,b:9092', environment: 'dev', clientId: 'me', timeout: '30s' }),
    ).toEqual({
      'bootstrap-servers': ['a:9092', 'b:9092'],
      environment: 'dev',
      'client-id': 'me',
      timeout: '30s',
    })
  })

  it('SASL: the password stays a reference; TLS is implied (credentials never go in clear by default)', () => {
    const context = build({
      bootstrapServer: 'k:9093',
      saslMechanism: 'scram-sha-512',
      username: 'alice',
      password: 'env:KAFKA_PW',
      caFile: 'certs/ca.pem',
    })
    expect(context).toEqual({
      'bootstrap-servers': ['k:9093'],
      'security-protocol': 'SASL_SSL',
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'alice', password: { env: 'KAFKA_PW' } },
      tls: { 'ca-file': '/home/me/certs/ca.pem' },
    })
  })

  it('file: and prompt references; relative paths are made absolute', () => {
    expect(
      build({ bootstrapServer: 'k:1', saslMechanism: 'PLAIN', username: 'u', password: 'file:pw.txt' }).sasl,
    ).toMatchObject({ password: { file: '/home/me/pw.txt' } })
    expect(
      build({ bootstrapServer: 'k:1', saslMechanism: 'PLAIN', username: 'u', password: 'prompt' }).sasl,
    ).toMatchObject({ password: { prompt: true } })
  })

  it('--store-secret reads the secret now and keeps its value; show reports only that it is stored', () => {
    const readNow = vi.fn(() => 's3cret')
    const context = buildContext(
      { bootstrapServer: 'k:1', saslMechanism: 'PLAIN', username: 'u', password: 'stdin', storeSecret: true },
      readNow,
      abs,
      anyFile,
    )
    expect(context.sasl).toMatchObject({ password: { value: 's3cret' } })
    expect(readNow).toHaveBeenCalledWith({ stdin: true }, 'password of u')
    const view = contextView('ci', context, false)
    expect(JSON.stringify(view)).not.toContain('s3cret')
    expect(view.sasl?.password).toBe('<stored in the contexts file>')
    expect(view.storesSecret).toBe(true)
  })

  it('stdin without --store-secret is refused: it could only be read once', () => {
    const e = thrown(() =>
      build({ bootstrapServer: 'k:1', saslMechanism: 'PLAIN', username: 'u', password: 'stdin' }),
    )
    expect(e.message).toContain('--store-secret')
  })

  it('a secret itself on the command line is refused without echoing it', () => {
    const e = thrown(() =>
      build({ bootstrapServer: 'k:1', saslMechanism: 'PLAIN', username: 'u', password: 'hunter22' }),
    )
    expect(e.exit).toBe(2)
    expect(e.message).not.toContain('hunter22')
  })

  it('OAUTHBEARER from --oauth-token-command', () => {
    expect(build({ bootstrapServer: 'k:1', oauthTokenCommand: 'get-token' })).toEqual({
      'bootstrap-servers': ['k:1'],
      'security-protocol': 'SASL_SSL',
      sasl: { mechanism: 'OAUTHBEARER', 'token-command': 'get-token' },
    })
  })

  it('mutual TLS with PEM files, an encrypted key, a server name and no host name check', () => {
    const context = build({
      bootstrapServer: '10.0.0.1:9094',
      caFile: '/ca.pem',
      certFile: '/c.pem',
      keyFile: '/k.pem',
      keyPassword: 'env:KEY_PW',
      tlsServerName: 'kafka.internal',
      hostnameCheck: false,
    })
    expect(context).toEqual({
      'bootstrap-servers': ['10.0.0.1:9094'],
      'security-protocol': 'SSL',
      tls: {
        'ca-file': '/ca.pem',
        'cert-file': '/c.pem',
        'key-file': '/k.pem',
        'key-password': { env: 'KEY_PW' },
        'server-name': 'kafka.internal',
        'check-hostname': false,
      },
    })
  })

  it.each<[string, Partial<ContextInput>, string]>([
    ['no address', { environment: 'dev' }, '--bootstrap-server'],
    [
      'a user without a mechanism',
      { bootstrapServer: 'k:1', username: 'u', password: 'env:X' },
      '--sasl-mechanism',
    ],
    ['a mechanism without a user', { bootstrapServer: 'k:1', saslMechanism: 'PLAIN' }, '--username'],
    [
      'a user without a password',
      { bootstrapServer: 'k:1', saslMechanism: 'PLAIN', username: 'u' },
      '--password',
    ],
    [
      'GSSAPI',
      { bootstrapServer: 'k:1', saslMechanism: 'GSSAPI', username: 'u', password: 'env:X' },
      'GSSAPI',
    ],
    [
      'SASL over SSL only',
      {
        bootstrapServer: 'k:1',
        securityProtocol: 'SSL',
        saslMechanism: 'PLAIN',
        username: 'u',
        password: 'env:X',
      },
      'SASL',
    ],
    ['a cert without a key', { bootstrapServer: 'k:1', certFile: '/c.pem' }, 'key-file'],
  ])('refuses %s (exit 2)', (_, input, text) => {
    const e = thrown(() => build(input))
    expect(e.exit).toBe(2)
    expect(e.message).toContain(text)
  })
})

describe('buildContext: the files the flags name are checked now', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ktk-ctx-files-'))
  const ca = join(dir, 'ca.pem')
  writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n')
  const props = join(dir, 'client.properties')
  writeFileSync(props, 'security.protocol=SSL\n')
  const missing = join(dir, 'nonexistent')
  const real = (input: Partial<ContextInput>) =>
    buildContext({ storeSecret: false, bootstrapServer: 'k:1', ...input }, never, abs, checkContextFile)

  it('existing files are accepted', () => {
    expect(real({ caFile: ca, certFile: ca, keyFile: ca, commandConfig: props }).tls).toEqual({
      'ca-file': ca,
      'cert-file': ca,
      'key-file': ca,
    })
  })

  it.each<[string, Partial<ContextInput>]>([
    ['--ca-file', { caFile: missing }],
    ['--cert-file', { certFile: missing, keyFile: ca }],
    ['--key-file', { certFile: ca, keyFile: missing }],
    ['--keystore-file', { keystoreFile: missing }],
    ['--command-config', { commandConfig: missing }],
    ['--naming-policy', { namingPolicy: missing }],
    ['--password', { saslMechanism: 'PLAIN', username: 'u', password: `file:${missing}` }],
    ['--key-password', { caFile: ca, keyPassword: `file:${missing}` }],
    ['--keystore-password', { keystoreFile: ca, keystorePassword: `file:${missing}` }],
  ])('a missing %s file is exit 2 naming the flag and the file', (flag, input) => {
    const e = thrown(() => real(input))
    expect(e.exit).toBe(2)
    expect(e.message).toBe(`${flag} ${missing}: no such file`)
  })

  it('a folder is not a file', () => {
    expect(thrown(() => real({ caFile: dir })).message).toBe(`--ca-file ${dir}: it is a folder`)
  })

  it('a --command-config that is not a client properties file is exit 2 naming the file and line', () => {
    const binary = join(dir, 'garbage.properties')
    writeFileSync(binary, Buffer.from([0x23, 0x20, 0x6f, 0x6b, 0x0a, 0x9f, 0x00, 0xff, 0x13, 0x37]))
    const e = thrown(() => real({ commandConfig: binary }))
    expect(e.exit).toBe(2)
    expect(e.message).toBe(`--command-config ${binary}:2: not a text file (binary data)`)
  })

  it.each(['ca', 'caFile', 'environment', 'password', 'bootstrapServer'] as const)(
    'an empty value (%s) is exit 2, never "not given"',
    (key) => {
      const input: Partial<ContextInput> = key === 'ca' ? { caFile: ' ' } : { [key]: '' }
      const e = thrown(() => real(input))
      expect(e.exit).toBe(2)
      expect(e.message).toMatch(/^--[a-z-]+ needs a value; it was given an empty one$/)
    },
  )
})

describe('parseSecretSource', () => {
  it.each([
    ['env:KAFKA_PW', { env: 'KAFKA_PW' }],
    ['file:/run/secrets/pw', { file: '/run/secrets/pw' }],
    ['prompt', { prompt: true }],
    ['stdin', { stdin: true }],
  ])('%s', (text, expected) => {
    expect(parseSecretSource(text, '--password')).toEqual(expected)
  })

  it.each(['env:', 'env:1BAD', 'file:', 'secret', 'Prompt'])('refuses %j', (text) => {
    expect(() => parseSecretSource(text, '--password')).toThrow(KtkError)
  })
})
