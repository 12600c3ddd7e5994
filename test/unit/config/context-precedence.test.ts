import { describe, expect, it, vi } from 'vitest'
import {
  type ConnectionInputs,
  type ContextLookup,
  resolveConnection,
} from '../../../src/config/connection-resolution.js'
import type { Context } from '../../../src/config/context-schema.js'
import { KtkError } from '../../../src/core/errors.js'
import { thrown } from '../../helpers/thrown.js'

const CA = '-----BEGIN CERTIFICATE-----\nMIIBca\n-----END CERTIFICATE-----\n'

const CONTEXTS: Record<string, Context> = {
  prod: {
    'bootstrap-servers': ['prod1:9093', 'prod2:9093'],
    environment: 'prod',
    'client-id': 'ops',
    timeout: '40s',
    'naming-policy': '/policies/prod.yaml',
    'security-protocol': 'SASL_SSL',
    sasl: { mechanism: 'SCRAM-SHA-512', username: 'alice', password: { env: 'PROD_PASSWORD' } },
    tls: { 'ca-file': '/certs/ca.pem' },
  },
  staging: {
    'bootstrap-servers': ['staging:9092'],
    environment: 'staging',
    'security-protocol': 'SASL_PLAINTEXT',
    sasl: { mechanism: 'PLAIN', username: 'bob', password: { file: '/secrets/bob' } },
  },
  dev: { 'bootstrap-servers': ['dev:9092'], environment: 'dev' },
  asking: {
    'bootstrap-servers': ['ask:9092'],
    'security-protocol': 'SASL_PLAINTEXT',
    sasl: { mechanism: 'PLAIN', username: 'carol', password: { prompt: true } },
  },
}

function lookup(current: string | undefined): ContextLookup & { get: ReturnType<typeof vi.fn> } {
  return {
    current,
    get: vi.fn((name: string) => {
      const context = CONTEXTS[name]
      if (!context) throw new KtkError('NOT_FOUND', `there is no context "${name}"`)
      return context
    }),
  }
}

const files: Record<string, string> = {
  '/certs/ca.pem': CA,
  '/secrets/bob': 'bob-secret\n',
  '/cfg/client.properties':
    'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="dave" password="dave-secret";\n',
}

function inputs(
  overrides: Partial<ConnectionInputs> & { current?: string } = {},
): ConnectionInputs & { store: ReturnType<typeof lookup> } {
  const store = lookup(overrides.current)
  return {
    flags: {},
    env: { PROD_PASSWORD: 'prod-secret' },
    readFile: (path: string) => {
      const content = files[path]
      if (content === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' })
      return Buffer.from(content)
    },
    contexts: () => store,
    localContext: () => ({ 'bootstrap-servers': ['127.0.0.1:9092'] }),
    ...overrides,
    store,
  }
}

describe('context precedence (flags > environment > selected context > local cluster)', () => {
  it('the current context applies when nothing else is given', () => {
    const s = resolveConnection(inputs({ current: 'prod' }))
    expect(s).toMatchObject({
      bootstrapServers: ['prod1:9093', 'prod2:9093'],
      source: 'context',
      context: 'prod',
      environment: 'prod',
      namingPolicy: '/policies/prod.yaml',
      clientId: 'ops',
      timeoutMs: 40_000,
      securityProtocol: 'SASL_SSL',
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'alice', password: 'prod-secret' },
      tls: { ca: CA, checkHostname: true },
    })
  })

  it('KTK_CONTEXT beats the current context', () => {
    const s = resolveConnection(inputs({ current: 'prod', env: { KTK_CONTEXT: 'dev' } }))
    expect(s).toMatchObject({ bootstrapServers: ['dev:9092'], context: 'dev', environment: 'dev' })
    expect(s.securityProtocol).toBe('PLAINTEXT')
  })

  it('--context beats KTK_CONTEXT and the current context', () => {
    const s = resolveConnection(
      inputs({
        current: 'prod',
        env: { KTK_CONTEXT: 'prod', PROD_PASSWORD: 'x' },
        flags: { context: 'dev' },
      }),
    )
    expect(s).toMatchObject({ bootstrapServers: ['dev:9092'], context: 'dev' })
  })

  it('--context beats KTK_BOOTSTRAP_SERVER (a flag beats the environment)', () => {
    const s = resolveConnection(
      inputs({ flags: { context: 'dev' }, env: { KTK_BOOTSTRAP_SERVER: 'env:9092' } }),
    )
    expect(s).toMatchObject({ bootstrapServers: ['dev:9092'], source: 'context' })
  })

  it('KTK_BOOTSTRAP_SERVER beats the address of the context KTK_CONTEXT names, whose security still applies', () => {
    const s = resolveConnection(
      inputs({ env: { KTK_CONTEXT: 'staging', KTK_BOOTSTRAP_SERVER: 'other:9092' }, current: 'prod' }),
    )
    expect(s).toMatchObject({
      bootstrapServers: ['other:9092'],
      source: 'environment',
      context: 'staging',
      securityProtocol: 'SASL_PLAINTEXT',
      sasl: { mechanism: 'PLAIN', username: 'bob', password: 'bob-secret' },
    })
  })

  it('--bootstrap-server with --context: the flag gives the address, the context the rest', () => {
    const s = resolveConnection(inputs({ flags: { bootstrapServer: 'prod3:9093', context: 'prod' } }))
    expect(s).toMatchObject({ bootstrapServers: ['prod3:9093'], source: 'flag', context: 'prod' })
    expect(s.sasl).toMatchObject({ username: 'alice' })
  })

  it.each<[string, Partial<ConnectionInputs>]>([
    ['--bootstrap-server', { flags: { bootstrapServer: 'elsewhere:9092' } }],
    ['KTK_BOOTSTRAP_SERVER', { env: { KTK_BOOTSTRAP_SERVER: 'elsewhere:9092' } }],
  ])('%s alone leaves the current context out entirely (no credentials sent elsewhere)', (_, overrides) => {
    const i = inputs({ ...overrides, current: 'prod' })
    const s = resolveConnection(i)
    expect(s.bootstrapServers).toEqual(['elsewhere:9092'])
    expect(s.context).toBeUndefined()
    expect(s.sasl).toBeUndefined()
    expect(s.securityProtocol).toBe('PLAINTEXT')
    expect(i.store.get).not.toHaveBeenCalled()
  })

  it('without any context, the local cluster', () => {
    const s = resolveConnection(inputs())
    expect(s).toMatchObject({ bootstrapServers: ['127.0.0.1:9092'], source: 'local cluster' })
    expect(s.context).toBeUndefined()
  })

  it('the contexts file is not read when -b is given and no context is named', () => {
    const contexts = vi.fn(() => lookup('prod'))
    resolveConnection({ ...inputs(), contexts, flags: { bootstrapServer: 'a:9092' } })
    expect(contexts).not.toHaveBeenCalled()
  })

  it('an unknown context is "not found" (exit 4)', () => {
    const error = thrown(() => resolveConnection(inputs({ flags: { context: 'nope' } })))
    expect(error.exit).toBe(4)
    expect(error.message).toContain('nope')
  })

  it('timeout: --timeout > KTK_TIMEOUT > the context > 15s', () => {
    const at = (flags: object, env: object) =>
      resolveConnection(inputs({ current: 'prod', flags, env: { PROD_PASSWORD: 'p', ...env } })).timeoutMs
    expect(at({ timeout: '5s' }, { KTK_TIMEOUT: '7s' })).toBe(5_000)
    expect(at({}, { KTK_TIMEOUT: '7s' })).toBe(7_000)
    expect(at({}, {})).toBe(40_000)
    expect(resolveConnection(inputs({ current: 'dev' })).timeoutMs).toBe(15_000)
  })

  it("--command-config's security replaces the context's; its client.id beats the context's", () => {
    const s = resolveConnection(
      inputs({
        current: 'prod',
        flags: { commandConfig: '/cfg/client.properties' },
        env: { PROD_PASSWORD: 'p' },
      }),
    )
    expect(s).toMatchObject({
      context: 'prod',
      securityProtocol: 'SASL_PLAINTEXT',
      sasl: { mechanism: 'PLAIN', username: 'dave', password: 'dave-secret' },
    })
    expect(s.tls).toBeUndefined()
  })

  it('--oauth-token-command turns the transport into SASL: TLS stays TLS', () => {
    const overSsl = resolveConnection(
      inputs({ current: 'prod', flags: { oauthTokenCommand: 'print-token' }, env: { PROD_PASSWORD: 'p' } }),
    )
    expect(overSsl).toMatchObject({
      securityProtocol: 'SASL_SSL',
      sasl: { mechanism: 'OAUTHBEARER', token: { kind: 'command', command: 'print-token' } },
      tls: { ca: CA },
    })
    const overPlain = resolveConnection(
      inputs({ flags: { bootstrapServer: 'a:9092', oauthTokenCommand: 'x' } }),
    )
    expect(overPlain.securityProtocol).toBe('SASL_PLAINTEXT')
  })
})

describe('context secrets', () => {
  it('a missing environment variable is a usage error naming it, not the secret', () => {
    const error = thrown(() => resolveConnection(inputs({ current: 'prod', env: {} })))
    expect(error.exit).toBe(2)
    expect(error.message).toContain('PROD_PASSWORD')
  })

  it('a password file loses its trailing newline', () => {
    const s = resolveConnection(inputs({ flags: { context: 'staging' } }))
    expect(s.sasl).toMatchObject({ password: 'bob-secret' })
  })

  it('prompt: asked on a terminal, with a question naming the user and the context', () => {
    const prompt = vi.fn(() => 'typed-secret')
    const s = resolveConnection(inputs({ flags: { context: 'asking' }, prompt }))
    expect(s.sasl).toMatchObject({ password: 'typed-secret' })
    expect(prompt).toHaveBeenCalledWith(expect.stringContaining('carol'))
  })

  it('prompt without a terminal: never asks, exit 2 with a hint', () => {
    const error = thrown(() => resolveConnection(inputs({ flags: { context: 'asking' } })))
    expect(error.exit).toBe(2)
    expect(error.message).toContain('terminal')
    expect(error.hints.join(' ')).toContain('env:')
  })
})
