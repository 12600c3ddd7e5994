import { describe, expect, it } from 'vitest'
import { parseClientProperties, parseJaasConfig, parseProperties } from '../../../src/config/properties.js'

const asObject = (m: Map<string, string>) => Object.fromEntries(m)

describe('parseProperties (java.util.Properties.load)', () => {
  // Every row was checked against java.util.Properties.load on Java 17.
  it.each<[string, string, Record<string, string>]>([
    ['= separator', 'key=value', { key: 'value' }],
    [': separator', 'key:value', { key: 'value' }],
    ['space separator', 'key value', { key: 'value' }],
    ['tab separator', 'key\tvalue', { key: 'value' }],
    ['whitespace around =, trailing space kept', '  key = value ', { key: 'value ' }],
    ['second = belongs to the value', 'key  ==x', { key: '=x' }],
    ['key alone', 'key', { key: '' }],
    ['empty value', 'key=', { key: '' }],
    ['empty value after spaces', 'key = ', { key: '' }],
    ['# and ! comments', '# c\n! c\n  # indented\nk=v', { k: 'v' }],
    ['blank lines', '\n  \t  \n\nk=v\n\n', { k: 'v' }],
    ['continuation drops leading whitespace', 'k=a\\\n    b', { k: 'ab' }],
    ['several continuations', 'k=a\\\n b\\\n\tc', { k: 'abc' }],
    ['escaped backslash at end is no continuation', 'k=a\\\\\nx=y', { k: 'a\\', x: 'y' }],
    ['escaped backslash then continuation', 'k=a\\\\\\\n  b', { k: 'a\\b' }],
    ['a comment line never continues', '# comment \\\nk=v', { k: 'v' }],
    ['a continued line starting with # is not a comment', 'k=a\\\n#b', { k: 'a#b' }],
    ['\\n and \\t escapes', 'k=line1\\nline2\\tx', { k: 'line1\nline2\tx' }],
    ['\\r and \\f escapes', 'k=a\\rb\\fc', { k: 'a\rb\fc' }],
    ['\\uXXXX escapes', 'k=\\u0041\\u00e9\\u043a', { k: 'Aéк' }],
    ['escaped = in key', 'my\\=key=v', { 'my=key': 'v' }],
    ['escaped : in key', 'my\\:key=v', { 'my:key': 'v' }],
    ['escaped space in key', 'my\\ key=v', { 'my key': 'v' }],
    ['unknown escape drops the backslash', 'k=\\q', { k: 'q' }],
    ['last duplicate wins', 'k=1\nk=2', { k: '2' }],
    ['CRLF, LF and CR line ends', 'a=1\r\nb=2\rc=3', { a: '1', b: '2', c: '3' }],
    ['# inside a value is kept', 'k=v # not a comment', { k: 'v # not a comment' }],
    ['= and : inside a value are kept', 'k=a=b:c', { k: 'a=b:c' }],
    ['UTF-8 text as is', 'clé=ключ', { clé: 'ключ' }],
    [
      'a typical client config',
      [
        '# client.properties',
        'bootstrap.servers=broker1:9092,broker2:9092',
        'security.protocol=SASL_SSL',
        'sasl.mechanism=SCRAM-SHA-512',
        'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\',
        '    username="alice" \\',
        '    password="secret";',
        'ssl.truststore.type = PEM',
      ].join('\n'),
      {
        'bootstrap.servers': 'broker1:9092,broker2:9092',
        'security.protocol': 'SASL_SSL',
        'sasl.mechanism': 'SCRAM-SHA-512',
        'sasl.jaas.config':
          'org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="secret";',
        'ssl.truststore.type': 'PEM',
      },
    ],
  ])('%s', (_, text, expected) => {
    expect(asObject(parseProperties(text))).toEqual(expected)
  })

  it('an empty file has no properties', () => {
    expect(parseProperties('').size).toBe(0)
  })
})

describe('parseClientProperties (--command-config)', () => {
  it('a client config parses as parseProperties does', () => {
    const text = '# c\nsecurity.protocol=SASL_SSL\nsasl.jaas.config=a \\\n  b;\n'
    expect(parseClientProperties(Buffer.from(text))).toEqual({ ok: true, properties: parseProperties(text) })
  })

  it.each<[string, Buffer | string, number | undefined, RegExp]>([
    ['binary data', Buffer.from([0x6b, 0x3d, 0x76, 0x0a, 0x00, 0x01, 0xfe]), 2, /not a text file/],
    ['random bytes with a DEL', Buffer.from('k=v\nx=\x7f'), 2, /not a text file/],
    ['bytes that are not UTF-8', Buffer.from([0x6b, 0x3d, 0xe9, 0x0a]), 1, /not UTF-8 text/],
    [
      'a key that is no setting name',
      'security.protocol=SSL\n{"json": true}\n',
      2,
      /is not a client setting's name/,
    ],
    ['a key with an escaped space', 'my\\ key=v', 1, /"my key" is not a client setting's name/],
    ['no settings at all', '# only a comment\n\n', undefined, /no settings in it/],
    ['an empty file', '', undefined, /no settings in it/],
  ])('%s is refused, naming the line', (_, content, line, problem) => {
    const parsed = parseClientProperties(Buffer.isBuffer(content) ? content : Buffer.from(content))
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(parsed.line).toBe(line)
    expect(parsed.problem).toMatch(problem)
  })

  it('a very long bad key is cut in the message', () => {
    const parsed = parseClientProperties(Buffer.from(`${'x'.repeat(5000)}{=1`))
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.problem.length).toBeLessThan(120)
  })
})

describe('parseJaasConfig', () => {
  // Option values were checked against Kafka 4.1.2's JaasContext.loadClientContext.
  it.each<[string, string, string, Record<string, string>]>([
    [
      'PlainLoginModule',
      'org.apache.kafka.common.security.plain.PlainLoginModule required username="alice" password="alice-secret";',
      'org.apache.kafka.common.security.plain.PlainLoginModule',
      { username: 'alice', password: 'alice-secret' },
    ],
    [
      'ScramLoginModule with spaces and escaped quotes',
      'org.apache.kafka.common.security.scram.ScramLoginModule required username="bob smith" password="p@ss word \\"quoted\\" x";',
      'org.apache.kafka.common.security.scram.ScramLoginModule',
      { username: 'bob smith', password: 'p@ss word "quoted" x' },
    ],
    [
      '; and = inside a quoted value, newlines between options',
      'org.apache.kafka.common.security.scram.ScramLoginModule required\n  username="u"\n  password="se;cr=et";',
      'org.apache.kafka.common.security.scram.ScramLoginModule',
      { username: 'u', password: 'se;cr=et' },
    ],
    [
      'unquoted values',
      'org.apache.kafka.common.security.plain.PlainLoginModule required username=alice password=secret;',
      'org.apache.kafka.common.security.plain.PlainLoginModule',
      { username: 'alice', password: 'secret' },
    ],
    [
      'escaped backslash',
      'org.apache.kafka.common.security.plain.PlainLoginModule required username="a\\\\b" password="x";',
      'org.apache.kafka.common.security.plain.PlainLoginModule',
      { username: 'a\\b', password: 'x' },
    ],
    [
      'no trailing semicolon, surrounding whitespace',
      '  org.apache.kafka.common.security.plain.PlainLoginModule required username="a" password="b"  ',
      'org.apache.kafka.common.security.plain.PlainLoginModule',
      { username: 'a', password: 'b' },
    ],
    [
      'empty password',
      'org.apache.kafka.common.security.plain.PlainLoginModule required username="a" password="";',
      'org.apache.kafka.common.security.plain.PlainLoginModule',
      { username: 'a', password: '' },
    ],
    [
      'other control flag, no options',
      'org.apache.kafka.common.security.plain.PlainLoginModule optional;',
      'org.apache.kafka.common.security.plain.PlainLoginModule',
      {},
    ],
  ])('%s', (_, text, loginModule, options) => {
    expect(parseJaasConfig(text)).toEqual({ loginModule, options })
  })

  it.each(['', 'username="a" password="b"', 'org.example.Module username="a";'])(
    '%j is not a JAAS entry',
    (text) => {
      expect(parseJaasConfig(text)).toBeUndefined()
    },
  )
})
