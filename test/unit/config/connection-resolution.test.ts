import { describe, expect, it, vi } from 'vitest'
import {
  type ConnectionInputs,
  parseBootstrap,
  resolveConnection,
  securityFromProperties,
} from '../../../src/config/connection-resolution.js'
import { thrown } from '../../helpers/thrown.js'

const enoent = (path: string) =>
  Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' })

/** A fake disk: paths to contents; anything else is ENOENT. */
function fakeFiles(files: Record<string, string | Buffer>) {
  return vi.fn((path: string): Buffer => {
    const content = files[path]
    if (content === undefined) throw enoent(path)
    return Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8')
  })
}

function inputs(overrides: Partial<ConnectionInputs> = {}): ConnectionInputs {
  return {
    flags: {},
    env: {},
    readFile: fakeFiles({}),
    localContext: () => undefined,
    ...overrides,
  }
}

const props = (o: Record<string, string>) => new Map(Object.entries(o))

describe('resolveConnection precedence', () => {
  const file = { '/cfg/client.properties': 'bootstrap.servers=file:9092\n' }
  const all = {
    flagValue: 'flag:9092',
    env: { KTK_BOOTSTRAP_SERVER: 'env:9092' },
    local: () => ({ 'bootstrap-servers': ['127.0.0.1:29092'] }),
  }

  it.each<[string, Partial<ConnectionInputs>, string, string]>([
    [
      '--bootstrap-server beats everything',
      {
        flags: { bootstrapServer: all.flagValue, commandConfig: '/cfg/client.properties' },
        env: all.env,
        readFile: fakeFiles(file),
        localContext: all.local,
      },
      'flag:9092',
      'flag',
    ],
    [
      'bootstrap.servers in --command-config beats the environment',
      {
        flags: { commandConfig: '/cfg/client.properties' },
        env: all.env,
        readFile: fakeFiles(file),
        localContext: all.local,
      },
      'file:9092',
      'flag',
    ],
    [
      'KTK_BOOTSTRAP_SERVER beats the local cluster',
      { env: all.env, localContext: all.local },
      'env:9092',
      'environment',
    ],
    [
      'a --command-config without bootstrap.servers falls through to the environment',
      {
        flags: { commandConfig: '/cfg/empty.properties' },
        env: all.env,
        readFile: fakeFiles({ '/cfg/empty.properties': 'client.id=x\n' }),
        localContext: all.local,
      },
      'env:9092',
      'environment',
    ],
    ['the local cluster is the last resort', { localContext: all.local }, '127.0.0.1:29092', 'local cluster'],
    [
      'an empty KTK_BOOTSTRAP_SERVER is ignored',
      { env: { KTK_BOOTSTRAP_SERVER: '' }, localContext: all.local },
      '127.0.0.1:29092',
      'local cluster',
    ],
  ])('%s', (_, overrides, bootstrap, source) => {
    const settings = resolveConnection(inputs(overrides))
    expect(settings.bootstrapServers).toEqual([bootstrap])
    expect(settings.source).toBe(source)
  })

  it('with nothing to connect to, it is a usage error (exit 2) with a hint', () => {
    const error = thrown(() => resolveConnection(inputs()))
    expect(error.code).toBe('USAGE')
    expect(error.exit).toBe(2)
    expect(error.hints.join(' ')).toContain('--bootstrap-server')
  })

  it('splits a bootstrap list', () => {
    const settings = resolveConnection(inputs({ flags: { bootstrapServer: 'a:9092, b:9093' } }))
    expect(settings.bootstrapServers).toEqual(['a:9092', 'b:9093'])
  })

  it('defaults: client id ktk, PLAINTEXT, no sasl or tls', () => {
    const settings = resolveConnection(inputs({ flags: { bootstrapServer: 'a:9092' } }))
    expect(settings).toEqual({
      bootstrapServers: ['a:9092'],
      source: 'flag',
      clientId: 'ktk',
      timeoutMs: 15_000,
      securityProtocol: 'PLAINTEXT',
    })
  })

  it('takes client.id from --command-config', () => {
    const settings = resolveConnection(
      inputs({
        flags: { bootstrapServer: 'a:9092', commandConfig: 'c.properties' },
        readFile: fakeFiles({ 'c.properties': 'client.id=my-app' }),
      }),
    )
    expect(settings.clientId).toBe('my-app')
  })

  it('an unreadable --command-config is a usage error naming the path', () => {
    const error = thrown(() =>
      resolveConnection(
        inputs({ flags: { bootstrapServer: 'a:9092', commandConfig: '/nope/client.properties' } }),
      ),
    )
    expect(error.code).toBe('USAGE')
    expect(error.exit).toBe(2)
    expect(error.message).toContain('/nope/client.properties')
    expect(error.message).toContain('no such file')
  })
})

describe('resolveConnection timeout', () => {
  const base = { flags: { bootstrapServer: 'a:9092' } }
  it.each<[string | undefined, string | undefined, number]>([
    [undefined, undefined, 15_000],
    [undefined, '30s', 30_000],
    ['5s', '30s', 5_000],
    ['2m', undefined, 120_000],
    ['2500', undefined, 2_500],
  ])('flag %j, KTK_TIMEOUT %j -> %i ms', (timeout, envTimeout, expected) => {
    const settings = resolveConnection(
      inputs({
        flags: { ...base.flags, timeout },
        env: envTimeout === undefined ? {} : { KTK_TIMEOUT: envTimeout },
      }),
    )
    expect(settings.timeoutMs).toBe(expected)
  })

  it.each([
    ['abc', undefined],
    ['0', undefined],
    ['0s', undefined],
    [undefined, 'soon'],
  ])('flag %j, KTK_TIMEOUT %j is a usage error', (timeout, envTimeout) => {
    const error = thrown(() =>
      resolveConnection(
        inputs({
          flags: { ...base.flags, timeout },
          env: envTimeout === undefined ? {} : { KTK_TIMEOUT: envTimeout },
        }),
      ),
    )
    expect(error.code).toBe('USAGE')
    expect(error.exit).toBe(2)
  })
})

describe('parseBootstrap', () => {
  it.each<[string, string[]]>([
    ['localhost:9092', ['localhost:9092']],
    ['a:9092,b:9093,c:9094', ['a:9092', 'b:9093', 'c:9094']],
    [' a:9092 , b:9093 ', ['a:9092', 'b:9093']],
    ['a:9092,', ['a:9092']],
    ['PLAINTEXT://a:9092', ['a:9092']],
    ['SASL_SSL://a:9093,PLAINTEXT://b:9092', ['a:9093', 'b:9092']],
    ['10.0.0.1:9092', ['10.0.0.1:9092']],
    ['[::1]:9092', ['[::1]:9092']],
    ['broker-1.example.com:65535', ['broker-1.example.com:65535']],
  ])('%j -> %j', (raw, expected) => {
    expect(parseBootstrap(raw)).toEqual(expected)
  })

  it.each([
    '',
    ',',
    ' , ',
    'localhost',
    'a:',
    ':9092',
    'a:b',
    'a:65536',
    'a:9092:1',
    'a b:9092',
    'a:9092,b',
    '::1:9092',
  ])('%j is a usage error', (raw) => {
    const error = thrown(() => parseBootstrap(raw))
    expect(error.code).toBe('USAGE')
    expect(error.exit).toBe(2)
  })
})

describe('securityFromProperties', () => {
  const CA = '-----BEGIN CERTIFICATE-----\nMIIBca\n-----END CERTIFICATE-----\n'
  const KEY = '-----BEGIN PRIVATE KEY-----\nMIIEkey\n-----END PRIVATE KEY-----'
  const CERT = '-----BEGIN CERTIFICATE-----\nMIIBcert\n-----END CERTIFICATE-----'
  const scramJaas =
    'org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="s3cr3t pass";'

  it('no properties: PLAINTEXT, nothing else', () => {
    expect(securityFromProperties(new Map(), fakeFiles({}), '')).toEqual({ securityProtocol: 'PLAINTEXT' })
  })

  it('SASL_SSL + SCRAM-SHA-512 + jaas + PEM truststore', () => {
    const readFile = fakeFiles({ '/certs/ca.pem': CA })
    const result = securityFromProperties(
      props({
        'security.protocol': 'SASL_SSL',
        'sasl.mechanism': 'SCRAM-SHA-512',
        'sasl.jaas.config': scramJaas,
        'ssl.truststore.type': 'PEM',
        'ssl.truststore.location': '/certs/ca.pem',
      }),
      readFile,
      'client.properties',
    )
    expect(result).toEqual({
      securityProtocol: 'SASL_SSL',
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'alice', password: 's3cr3t pass' },
      tls: { checkHostname: true, ca: CA },
    })
    expect(readFile).toHaveBeenCalledWith('/certs/ca.pem')
  })

  it.each([
    ['PLAIN', 'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";'],
    [
      'SCRAM-SHA-256',
      'org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="p";',
    ],
    [
      'scram-sha-256',
      'org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="p";',
    ],
  ])('SASL_PLAINTEXT with %s: sasl settings, no tls', (mechanism, jaas) => {
    const result = securityFromProperties(
      props({ 'security.protocol': 'sasl_plaintext', 'sasl.mechanism': mechanism, 'sasl.jaas.config': jaas }),
      fakeFiles({}),
      'f',
    )
    expect(result).toEqual({
      securityProtocol: 'SASL_PLAINTEXT',
      sasl: { mechanism: mechanism.toUpperCase(), username: 'u', password: 'p' },
    })
  })

  it('SSL without a truststore uses the system CAs', () => {
    expect(securityFromProperties(props({ 'security.protocol': 'SSL' }), fakeFiles({}), 'f')).toEqual({
      securityProtocol: 'SSL',
      tls: { checkHostname: true },
    })
  })

  it.each(['', ' '])('ssl.endpoint.identification.algorithm=%j turns host name checking off', (value) => {
    const result = securityFromProperties(
      props({ 'security.protocol': 'SSL', 'ssl.endpoint.identification.algorithm': value }),
      fakeFiles({}),
      'f',
    )
    expect(result.tls?.checkHostname).toBe(false)
  })

  it('inline PEM trust certificates', () => {
    const result = securityFromProperties(
      props({ 'security.protocol': 'SSL', 'ssl.truststore.type': 'PEM', 'ssl.truststore.certificates': CA }),
      fakeFiles({}),
      'f',
    )
    expect(result.tls?.ca).toBe(CA)
  })

  it('librdkafka ssl.ca.location', () => {
    const result = securityFromProperties(
      props({ 'security.protocol': 'SSL', 'ssl.ca.location': '/ca.pem' }),
      fakeFiles({ '/ca.pem': CA }),
      'f',
    )
    expect(result.tls?.ca).toBe(CA)
  })

  it.each<Record<string, string>>([
    {},
    { 'ssl.truststore.type': 'JKS' },
    { 'ssl.truststore.type': 'PKCS12' },
  ])('a non-PEM truststore (%j) is rejected with a keytool hint', (type) => {
    const error = thrown(() =>
      securityFromProperties(
        props({ 'security.protocol': 'SSL', 'ssl.truststore.location': '/certs/truststore.jks', ...type }),
        fakeFiles({ '/certs/truststore.jks': Buffer.from([0xfe, 0xed]) }),
        'client.properties',
      ),
    )
    expect(error.code).toBe('USAGE')
    expect(error.exit).toBe(2)
    expect(error.message).toContain('client.properties')
    expect(error.message).toContain('PEM')
    expect(error.hints.join(' ')).toContain('keytool')
  })

  it('PKCS12 keystore becomes pfx with the keystore password', () => {
    const p12 = Buffer.from([0x30, 0x82, 0x01, 0x02, 0xff])
    const result = securityFromProperties(
      props({
        'security.protocol': 'SSL',
        'ssl.keystore.type': 'PKCS12',
        'ssl.keystore.location': '/certs/client.p12',
        'ssl.keystore.password': 'storepass',
        'ssl.key.password': 'keypass',
      }),
      fakeFiles({ '/certs/client.p12': p12 }),
      'f',
    )
    expect(Buffer.isBuffer(result.tls?.pfx)).toBe(true)
    expect(result.tls?.pfx?.equals(p12)).toBe(true)
    expect(result.tls?.passphrase).toBe('storepass')
    expect(result.tls?.key).toBeUndefined()
  })

  it('PEM keystore file is split into key and certificate', () => {
    const result = securityFromProperties(
      props({
        'security.protocol': 'SSL',
        'ssl.keystore.type': 'PEM',
        'ssl.keystore.location': '/certs/client.pem',
        'ssl.key.password': 'keypass',
      }),
      fakeFiles({ '/certs/client.pem': `${KEY}\n${CERT}\n` }),
      'f',
    )
    expect(result.tls?.key).toBe(KEY)
    expect(result.tls?.cert).toBe(CERT)
    expect(result.tls?.passphrase).toBe('keypass')
  })

  it('inline PEM key and chain', () => {
    const result = securityFromProperties(
      props({
        'security.protocol': 'SSL',
        'ssl.keystore.type': 'PEM',
        'ssl.keystore.key': KEY,
        'ssl.keystore.certificate.chain': CERT,
      }),
      fakeFiles({}),
      'f',
    )
    expect(result.tls).toMatchObject({ key: KEY, cert: CERT })
  })

  it('a JKS keystore is rejected with a conversion hint', () => {
    const error = thrown(() =>
      securityFromProperties(
        props({ 'security.protocol': 'SSL', 'ssl.keystore.location': '/k.jks' }),
        fakeFiles({ '/k.jks': Buffer.from([0xfe]) }),
        'f',
      ),
    )
    expect(error.code).toBe('USAGE')
    expect(error.message).toContain('JKS')
    expect(error.hints.join(' ')).toContain('PKCS12')
  })

  it.each([
    ['GSSAPI given', { 'sasl.mechanism': 'GSSAPI' }, 'GSSAPI'],
    ['mechanism missing (Kafka defaults to GSSAPI)', {}, 'GSSAPI'],
    [
      'OAUTHBEARER without an unsecured login or token command',
      { 'sasl.mechanism': 'OAUTHBEARER' },
      'OAUTHBEARER',
    ],
  ])('rejects SASL: %s', (_, extra, text) => {
    const error = thrown(() =>
      securityFromProperties(
        props({ 'security.protocol': 'SASL_SSL', 'sasl.jaas.config': scramJaas, ...extra }),
        fakeFiles({}),
        'client.properties',
      ),
    )
    expect(error.code).toBe('USAGE')
    expect(error.exit).toBe(2)
    expect(error.message).toContain(text)
    expect(error.message).not.toContain('s3cr3t')
  })

  it.each([
    ['missing', {}],
    ['unparseable', { 'sasl.jaas.config': 'username="alice" password="x"' }],
    [
      'without a password',
      {
        'sasl.jaas.config':
          'org.apache.kafka.common.security.plain.PlainLoginModule required username="alice";',
      },
    ],
    [
      'without a username',
      {
        'sasl.jaas.config': 'org.apache.kafka.common.security.plain.PlainLoginModule required password="x";',
      },
    ],
  ])('rejects a sasl.jaas.config that is %s', (_, extra) => {
    const error = thrown(() =>
      securityFromProperties(
        props({ 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanism': 'PLAIN', ...extra }),
        fakeFiles({}),
        'client.properties',
      ),
    )
    expect(error.code).toBe('USAGE')
    expect(error.message).toContain('sasl.jaas.config')
    expect(error.message).toContain('client.properties')
  })

  it('rejects an unknown security.protocol', () => {
    const error = thrown(() =>
      securityFromProperties(props({ 'security.protocol': 'TLS' }), fakeFiles({}), 'f'),
    )
    expect(error.code).toBe('USAGE')
    expect(error.message).toContain('TLS')
  })

  it.each([
    [
      'ssl.truststore.location',
      { 'ssl.truststore.type': 'PEM', 'ssl.truststore.location': '/missing/ca.pem' },
    ],
    ['ssl.keystore.location', { 'ssl.keystore.type': 'PKCS12', 'ssl.keystore.location': '/missing/ca.pem' }],
    ['ssl.ca.location', { 'ssl.ca.location': '/missing/ca.pem' }],
  ])('an unreadable %s is a usage error naming the path', (key, extra) => {
    const error = thrown(() =>
      securityFromProperties(
        props({ 'security.protocol': 'SSL', ...extra }),
        fakeFiles({}),
        'client.properties',
      ),
    )
    expect(error.code).toBe('USAGE')
    expect(error.exit).toBe(2)
    expect(error.message).toContain(key)
    expect(error.message).toContain('/missing/ca.pem')
    expect(error.message).toContain('no such file')
  })

  it('reports permission problems in words', () => {
    const readFile = () => {
      throw Object.assign(new Error('EACCES'), { code: 'EACCES' })
    }
    const error = thrown(() =>
      securityFromProperties(
        props({
          'security.protocol': 'SSL',
          'ssl.truststore.type': 'PEM',
          'ssl.truststore.location': '/ca.pem',
        }),
        readFile,
        'f',
      ),
    )
    expect(error.message).toContain('permission denied')
  })
})
